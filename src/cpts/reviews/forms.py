"""Forms of the objectives and annual review pages (DSFR, errors tied to their fields).

Forms only read the input; what is allowed is decided by `cpts.reviews.services`
and `cpts.reviews.objectives`, whose French refusals the views show above the form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from cpts.accord.envelopes import MISSION_LABELS
from cpts.accord.indicators import national_indicators
from cpts.core.forms import Form, NumberField, date_field
from cpts.core.words import number, parse_number
from cpts.reviews import files
from cpts.reviews.models import (
    INDICATOR_MISSION_CHOICES,
    ContractIndicator,
    EvidenceFile,
    IndicatorObjective,
)
from cpts.reviews.services import RATED_MISSIONS

HUNDRED = Decimal(100)


def decimal_field(label: str, required: bool = False, help_text: str = "", **bounds: Any) -> forms.DecimalField:
    return NumberField(label=label, required=required, help_text=help_text, max_digits=14, decimal_places=4, **bounds)


def percent_field(label: str, help_text: str = "") -> forms.DecimalField:
    """A rate typed as a percentage (80 or 80,5) and returned as a fraction (0.8, 0.805)."""
    return NumberField(label=label, min_value=0, max_value=100, max_digits=7, decimal_places=2, help_text=help_text)


class NationalIndicatorForm(Form):
    code = forms.ChoiceField(label="Indicateur national (accès aux soins)", choices=())

    def __init__(self, *args: Any, followed: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(c, i.label) for c, i in national_indicators().items() if c not in followed]


class LocalIndicatorForm(Form):
    code = forms.SlugField(label="Code", max_length=60, help_text="lettres, chiffres, tirets ; unique dans le contrat")
    mission = forms.ChoiceField(label="Mission", choices=INDICATOR_MISSION_CHOICES)
    label = forms.CharField(label="Libellé", max_length=300)
    kind = forms.ChoiceField(label="Type", choices=ContractIndicator.Kind.choices)
    direction = forms.ChoiceField(label="Sens", choices=ContractIndicator.Direction.choices)
    unit = forms.CharField(label="Unité", max_length=40, help_text="« % », « nombre », « jours »…")
    definition = forms.CharField(label="Définition", widget=forms.Textarea(attrs={"rows": 2}))
    computation = forms.CharField(label="Mode de calcul", widget=forms.Textarea(attrs={"rows": 2}))
    data_source = forms.CharField(label="Source des données", max_length=300)


def parse_steps(text: str) -> list[tuple[Decimal, Decimal]]:
    """« 70 : 50 ; 80 : 100 » -> [(70, 0.5), (80, 1)]: thresholds and their rates in percent."""
    steps = []
    for chunk in filter(None, (part.strip() for part in text.split(";"))):
        threshold, _, rate = chunk.partition(":")
        try:
            steps.append((parse_number(threshold), parse_number(rate) / HUNDRED))
        except ValueError as error:
            message = f"palier illisible « {chunk} » : écrivez seuil : taux, p. ex. 70 : 50"
            raise forms.ValidationError(message) from error
    return steps


class ObjectiveFields(Form):
    """What an objective states: weight, rule, target, steps and baseline (002 annexe 1, art. 4.2.2)."""

    weight = NumberField(
        label="Poids", min_value=0, max_digits=7, decimal_places=2, initial=1,
        help_text="relatif aux autres indicateurs de la mission ; 0 = suivi seulement",
    )
    rule = forms.ChoiceField(label="Règle d'atteinte", choices=IndicatorObjective.Rule.choices, required=False)
    target = decimal_field("Cible")
    steps = forms.CharField(
        label="Paliers", required=False, help_text="seuil : taux en %, séparés par « ; » — p. ex. 70 : 50 ; 80 : 100"
    )
    baseline_value = decimal_field("Valeur de référence")
    baseline_on = date_field("Date de la référence", required=False)

    def clean_steps(self) -> list[tuple[Decimal, Decimal]]:
        return parse_steps(self.cleaned_data.get("steps") or "")

    def check_objective(self, data: dict[str, Any]) -> None:
        """A weighted indicator needs its target and rule (002 annexe 1, art. 4.2.2), a rule its inputs."""
        weight, rule = data.get("weight"), data.get("rule")
        if weight:
            if not rule:
                self.add_error("rule", "Choisissez la règle d'atteinte d'un indicateur pondéré.")
            if data.get("target") is None:
                self.add_error("target", "Indiquez la cible d'un indicateur pondéré.")
            if rule == IndicatorObjective.Rule.STEPS and not data.get("steps"):
                self.add_error("steps", "La règle par paliers exige au moins un palier.")
            if rule == IndicatorObjective.Rule.LINEAR and data.get("baseline_value") is None:
                self.add_error("baseline_value", "La règle linéaire part de la valeur de référence.")
        if (data.get("baseline_value") is None) != (data.get("baseline_on") is None):
            self.add_error("baseline_on", "La valeur de référence et sa date vont ensemble.")


class ObjectiveForm(ObjectiveFields):
    indicator = forms.TypedChoiceField(label="Indicateur", coerce=int, choices=())
    contract_year = forms.TypedChoiceField(label="Année du contrat", coerce=int, choices=())
    baseline_source = forms.CharField(label="Source de la référence", max_length=300, required=False)
    baseline_version = forms.CharField(label="Version de la source", max_length=100, required=False)
    field_order = ("indicator", "contract_year")

    def __init__(self, *args: Any, indicators: list[ContractIndicator], years: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, f"{i.get_mission_display()} — {i.label}") for i in indicators]
        self.fields["contract_year"].choices = [(n, f"Année {n}") for n in range(1, years + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_objective(data)
        return data


class TargetForm(ObjectiveFields):
    """One indicator's objective for the year at the yearly meeting (002 annexe 1, art. 4.2.2.1); an empty target
    leaves it « à fixer »."""

    weight = NumberField(
        label="Poids", min_value=0, max_digits=7, decimal_places=2, required=False,
        help_text="1 si vide ; 0 = suivi seulement",
    )
    target = decimal_field("Cible", help_text="vide = à fixer")
    field_order = ("target", "weight", "rule", "baseline_value", "baseline_on", "steps")

    def __init__(self, *args: Any, indicator: ContractIndicator, objective: IndicatorObjective | None, **kwargs: Any):
        if objective is not None:
            kwargs["initial"] = {
                "target": None if objective.target is None else plain(objective.target),
                "weight": plain(objective.weight),
                "rule": objective.rule,
                "baseline_value": None if objective.baseline_value is None else plain(objective.baseline_value),
                "baseline_on": objective.baseline_on,
                "steps": " ; ".join(
                    f"{number(plain(Decimal(value)))} : {number(plain(Decimal(rate) * HUNDRED))}"
                    for value, rate in objective.steps
                ),
            }
        else:
            kwargs["initial"] = {"rule": IndicatorObjective.Rule.ALL_OR_NOTHING}
        super().__init__(*args, **kwargs)
        self.indicator, self.existing = indicator, objective
        indicator.objective = objective  # type: ignore[attr-defined]  (read by target_text)
        self.status = target_text(indicator)
        self.fields["target"].label = f"Cible ({indicator.unit})"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") is not None:
            if data.get("weight") is None:
                data["weight"] = Decimal(1)
            self.check_objective(data)
        return data

    def fields_to_save(self) -> dict[str, Any] | None:
        """The fields of the objective (cpts.reviews.objectives.objective_fields), or None: « à fixer »."""
        data = self.cleaned_data
        if data.get("target") is None:
            return None
        fields = ("weight", "rule", "target", "steps", "baseline_value", "baseline_on")
        kept = {"baseline_source": "", "baseline_version": ""}
        if self.existing is not None:  # what the detailed form recorded about the baseline stays
            kept = {name: getattr(self.existing, name) for name in kept}
        return {name: data[name] for name in fields} | kept


class BaseTargetFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """One `TargetForm` per indicator of the contract, in the order given."""

    def __init__(self, *args: Any, rows: list[tuple[ContractIndicator, IndicatorObjective | None]], **kwargs: Any):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def total_form_count(self) -> int:
        return len(self.rows)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        assert index is not None
        indicator, objective = self.rows[index]
        return {"indicator": indicator, "objective": objective}


TargetFormSet = forms.formset_factory(TargetForm, formset=BaseTargetFormSet, extra=0)


class RemoveFileForm(Form):
    """Removing a document from a draft review: the POST names nothing else than the file of the URL."""


def plain(value: Decimal) -> Decimal:
    """70.0000 -> 70, 100.0000 -> 100 (never 1E+2): a stored value as typed back in a form."""
    return Decimal(f"{value.normalize():f}")


def target_text(indicator: ContractIndicator) -> str:
    """« cible : 70 », « suivi seulement » or « cible à fixer », from the year's objective set on `indicator`."""
    objective = getattr(indicator, "objective", None)
    if objective is not None and objective.target is not None:
        return f"cible : {number(plain(objective.target))} ({indicator.unit})"
    if objective is not None and not objective.weight:
        return "suivi seulement"
    return "cible à fixer"


class ValuesForm(Form):
    """One measured value (and a comment) per indicator retained for the year."""

    def __init__(self, *args: Any, indicators: list[ContractIndicator], initial_values: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            value, comment = initial_values.get(indicator.pk, (None, ""))
            self.fields[f"value_{indicator.pk}"] = decimal_field(
                f"{indicator.label} ({indicator.unit})", initial=None if value is None else value.normalize(),
                help_text=f"{indicator.get_mission_display()} ; {target_text(indicator)} ; vide = non renseignée",
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label="Commentaire (facultatif)", required=False, initial=comment,
                help_text=f"source, mode de mesure ; indicateur {indicator.code}",
            )

    def values(self) -> dict[str, tuple[Decimal | None, str]]:
        return {
            i.code: (self.cleaned_data[f"value_{i.pk}"], self.cleaned_data[f"comment_{i.pk}"]) for i in self.indicators
        }


class SpendingForm(Form):
    """The year's actual spending per mission and for operating costs, in euros."""

    def __init__(self, *args: Any, missions: list[str], initial_amounts: dict[str, Decimal], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for mission in missions:
            self.fields[mission] = NumberField(
                label=f"{MISSION_LABELS[mission]} (€)", min_value=0, max_digits=12, decimal_places=2,
                required=False, initial=initial_amounts.get(mission),
            )

    def amounts(self) -> dict[str, Decimal]:
        return {mission: amount for mission, amount in self.cleaned_data.items() if amount is not None}


class EvidenceForm(Form):
    kind = forms.ChoiceField(label="Type de document", choices=EvidenceFile.Kind.choices)
    document = forms.FileField(label="Fichier", help_text="PDF, image, tableur ou texte ; 10 Mo au plus")
    content = b""

    def clean_document(self) -> Any:
        """Type and size limits of `cpts.reviews.files`, as an error on this field."""
        upload = self.cleaned_data["document"]
        if upload.size > files.MAX_BYTES:  # refused before reading it into memory
            raise forms.ValidationError(f"« {upload.name} » : fichier trop volumineux (maximum 10 Mo)")
        self.content = upload.read()
        try:
            files.check(upload.name, self.content)
        except files.FileRefused as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class ValuesImportForm(Form):
    values_file = forms.FileField(
        label="Fichier des valeurs", help_text="CSV (séparateur ; ou ,) ou XLSX ; colonnes : indicateur, valeur, "
        "commentaire"
    )


class CommentForm(Form):
    comment = forms.CharField(label="Message (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(Form):
    reason = forms.CharField(label="Correction demandée", widget=forms.Textarea(attrs={"rows": 3}))


class ValidationForm(Form):
    on = date_field("Validée le")


class OverrideForm(Form):
    mission = forms.ChoiceField(label="Mission", choices=[(m, MISSION_LABELS[m]) for m in RATED_MISSIONS])
    rate = percent_field("Taux retenu (%)", "entre 0 et 100")
    reason = forms.CharField(label="Motif de la décision conjointe", widget=forms.Textarea(attrs={"rows": 3}))
    on = date_field("Décidée le")

    def clean_rate(self) -> Decimal:
        return Decimal(self.cleaned_data["rate"]) / HUNDRED
