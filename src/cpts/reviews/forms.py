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
from cpts.core.words import parse_number
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(code, i.label) for code, i in national_indicators().items()]


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


class ObjectiveForm(Form):
    indicator = forms.TypedChoiceField(label="Indicateur", coerce=int, choices=())
    contract_year = forms.TypedChoiceField(label="Année du contrat", coerce=int, choices=())
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
    baseline_source = forms.CharField(label="Source de la référence", max_length=300, required=False)
    baseline_version = forms.CharField(label="Version de la source", max_length=100, required=False)

    def __init__(self, *args: Any, indicators: list[ContractIndicator], years: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, f"{i.get_mission_display()} — {i.label}") for i in indicators]
        self.fields["contract_year"].choices = [(n, f"Année {n}") for n in range(1, years + 1)]

    def clean_steps(self) -> list[tuple[Decimal, Decimal]]:
        return parse_steps(self.cleaned_data.get("steps") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weight, rule = data.get("weight"), data.get("rule")
        if weight:  # a weighted indicator needs its target and rule (002 annexe 1, art. 4.2.2)
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
        return data


class ValuesForm(Form):
    """One measured value (and a comment) per indicator retained for the year."""

    def __init__(self, *args: Any, indicators: list[ContractIndicator], initial_values: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            value, comment = initial_values.get(indicator.pk, (None, ""))
            self.fields[f"value_{indicator.pk}"] = decimal_field(
                f"{indicator.label} ({indicator.unit})", initial=None if value is None else value.normalize(),
                help_text=f"{indicator.get_mission_display()} ; vide = non renseignée",
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
