"""Forms of the lifecycle events (docs/web.md); DSFR markup through django-dsfr's DsfrBaseForm.

The forms only read the input; what is allowed is decided by the services of
the core, whose French refusals the views attach to the form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from cpts.communities.models import CORE_MISSION_CHOICES, EarlyMissionContract, Member
from cpts.contracts.models import MISSION_CHOICES, Dossier
from cpts.core import dates
from cpts.core.forms import Form, NumberField, date_field

SIZE_CHOICES = [("", "— selon le territoire —"), *((str(n), f"Taille {n}") for n in (1, 2, 3, 4))]
OPTIONAL_CHOICES = [("", "inchangé"), ("yes", "oui"), ("no", "non")]


def optional_size(value: str) -> int | None:
    return int(value) if value else None


def tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class DateForm(Form):
    on = date_field("Date")


class LetterForm(Form):
    on = date_field("Déposée le")
    declared_size = forms.TypedChoiceField(
        label="Taille prévue", choices=SIZE_CHOICES, required=False, coerce=int, empty_value=None
    )


class ObjectionForm(Form):
    on = date_field("Date de l'opposition")
    reason = forms.CharField(label="Motif de l'opposition", widget=forms.Textarea(attrs={"rows": 3}))


class RefusalForm(Form):
    on = date_field("Date du refus")
    reason = forms.CharField(
        label="Motif du refus", widget=forms.Textarea(attrs={"rows": 3}), help_text="La CPTS lira ce motif."
    )


class EarlyContractForm(Form):
    on = date_field("Signé le")
    registered_on = date_field(
        "Adhésion enregistrée par la caisse le", required=False, help_text="les neuf mois en courent (annexe 2, art. 3)"
    )
    started_missions = forms.MultipleChoiceField(
        label="Missions socles démarrées",
        choices=CORE_MISSION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="002 annexe 2, art. 1 : une ou des missions socles",
    )
    size = forms.TypedChoiceField(label="Taille", choices=SIZE_CHOICES, required=False, coerce=int, empty_value=None)


class EarlyTerminationForm(Form):
    on = date_field("Résiliation notifiée le")
    ground = forms.ChoiceField(
        label="Motif (résiliation par la CPAM)",
        choices=[("", "— aucun (résiliation par la CPTS) —"), *EarlyMissionContract.Ground.choices],
        required=False,
        help_text="002 annexe 2, art. 4.2 ; la CPAM résilie pour l'un de ces motifs et l'aide est alors remboursée",
    )


class DraftContractForm(Form):
    size = forms.TypedChoiceField(
        label="Taille à la signature", choices=SIZE_CHOICES, required=False, coerce=int, empty_value=None
    )
    sas_from = date_field("SAS opérationnel depuis le", required=False, kind=dates.EVENT)
    orientation_service = forms.BooleanField(label="Service d'orientation organisé par la CPTS", required=False)
    covid_2021_actions = forms.BooleanField(label="Actions de crise COVID en 2021 (002 §1.3)", required=False)


class MissionForm(Form):
    mission = forms.ChoiceField(label="Mission", choices=MISSION_CHOICES)
    on = date_field("Date")


class AmendmentForm(Form):
    signed_on = date_field("Avenant signé le")
    size = forms.TypedChoiceField(
        label="Nouvelle taille",
        choices=[("", "inchangée"), *SIZE_CHOICES[1:]],
        required=False,
        coerce=int,
        empty_value=None,
    )
    changes_sas = forms.BooleanField(label="Modifie le SAS", required=False)
    sas_from = date_field("SAS opérationnel depuis le", required=False, kind=dates.EVENT)
    orientation_service = forms.TypedChoiceField(
        label="Service d'orientation", choices=OPTIONAL_CHOICES, required=False, coerce=tristate, empty_value=None
    )
    avenant_2 = forms.BooleanField(label="Intègre l'avenant n° 2", required=False)
    records_sas = forms.BooleanField(
        label="Acte le passage au dispositif avec SAS (avenant complémentaire, 002 §2.3)", required=False
    )
    update_members = forms.BooleanField(
        label="Met à jour le nombre de membres (calculé à la date de l'avenant, 002 §5.1)", required=False
    )
    note = forms.CharField(label="Objet", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SasDateForm(Form):
    sas_from = date_field("SAS opérationnel depuis le (vide : pas de SAS)", required=False)


class AttainmentForm(Form):
    contract_year = forms.IntegerField(label="Année du contrat", min_value=1, max_value=5)
    mission = forms.ChoiceField(label="Mission", choices=MISSION_CHOICES)
    percent = NumberField(label="Taux d'atteinte (%)", min_value=Decimal(0), max_value=Decimal(100), decimal_places=2)
    on = date_field("Validé le")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("percent") is not None:
            data["rate"] = (data["percent"] / Decimal(100)).quantize(Decimal("0.0001"))
        return data


class TerminationForm(Form):
    notified_on = date_field("Notifiée le")
    effective_on = date_field(
        "Effective le",
        required=False,
        help_text="Vide : deux mois après la notification (002 annexe 1, art. 8)",
        kind=dates.EVENT,
    )
    reason = forms.CharField(
        label="Motif de la résiliation", widget=forms.Textarea(attrs={"rows": 3}), help_text="Lu par les parties."
    )
    confirm = forms.BooleanField(
        label="J'ai lu les conséquences financières ci-dessus et je confirme la résiliation", required=False
    )


class SignatureForm(Form):
    """One party's signature of the contract (002 annexe 1, closing block), by its legal representative, pre-filled
    with the representative the organisation named (page « Représentant »)."""

    on = date_field("Signé le")
    signer_name = forms.CharField(
        label="Signataire (représentant légal)", max_length=200, help_text="Nom et prénom, p. ex. « Mme Claire Martin »"
    )
    signer_capacity = forms.CharField(
        label="Qualité du signataire", max_length=200, help_text="p. ex. directrice, président de l'association"
    )
    confirm = forms.BooleanField(
        label="J'ai relu le contrat et je confirme sa signature au nom de mon organisation", required=False
    )

    def __init__(self, *args: Any, representative: tuple[str, str] = ("", ""), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("signer_name", representative[0])
            self.initial.setdefault("signer_capacity", representative[1])


class PaymentForm(Form):
    order = forms.TypedChoiceField(label="Ordre de paiement", coerce=int, choices=[])
    on = date_field("Payé le")
    reference = forms.CharField(label="Référence du virement", required=False, max_length=100)
    amount = NumberField(
        label="Montant payé (€)", required=False, decimal_places=2, help_text="Vide : le reste à payer de l'ordre"
    )

    def __init__(self, *args: Any, orders: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = orders or []  # type: ignore[attr-defined]


class DossierPieceForm(Form):
    """A piece of the dossier received by the CPAM (002 annexe 1, art. 1)."""

    piece = forms.ChoiceField(label="Pièce", choices=Dossier.PIECES)
    on = date_field("Reçue le")


class DossierUpdateForm(Form):
    """The yearly update of the dossier (002 annexe 1, art. 1: « une fois par an »)."""

    on = date_field("Reçue le")
    note = forms.CharField(label="Modifications signalées", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MembersListForm(Form):
    """The yearly list of members received by the CPAM (002 §5.1: « l'association CPTS transmettra tous les ans, la
    liste exhaustive de ses adhérents »); its counts come from the members register, never typed in."""

    contract_year = forms.TypedChoiceField(label="Année du contrat", coerce=int, choices=[])
    on = date_field("Reçue par la CPAM le")
    note = forms.CharField(label="Observations", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, years: list[tuple[int, str]] | None = None, year: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract_year"].choices = years or [(n, f"Année {n}") for n in range(1, 6)]  # type: ignore[attr-defined]
        if year is not None and not self.is_bound:
            self.initial["contract_year"] = year


class RunForm(Form):
    on = date_field("Échéances jusqu'au")


class DeskForm(Form):
    """The CPAM payments desk: what is payable up to a date, previewed, then ordered once confirmed."""

    on = date_field("Échéances jusqu'au", help_text="Au plus aujourd'hui pour ordonnancer ; plus tard, une prévision")
    confirm = forms.BooleanField(label="J'ai vérifié l'aperçu : créer ces ordres de paiement", required=False)


class TransferForm(Form):
    """One bank transfer paying several orders of one CPTS in full (cpts.payments.entries.record_transfer)."""

    orders = forms.TypedMultipleChoiceField(
        label="Ordres payés par ce virement", coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )
    on = date_field("Payé le")
    reference = forms.CharField(label="Référence du virement", max_length=100)
    total = NumberField(
        label="Montant total du virement (€)",
        decimal_places=2,
        help_text="Vérifié contre le reste à payer des ordres cochés",
    )

    def __init__(self, *args: Any, orders: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orders"].choices = orders or []  # type: ignore[attr-defined]
        if not self.is_bound:  # a transfer usually pays everything that is open: all ticked, untick the others
            self.initial.setdefault("orders", [pk for pk, _ in orders or []])


class MemberForm(Form):
    kind = forms.ChoiceField(label="Type", choices=Member.Kind.choices)
    name = forms.CharField(label="Nom et prénom, ou raison sociale", max_length=200)
    profession = forms.CharField(label="Profession", required=False, max_length=100)
    rpps = forms.CharField(label="Numéro RPPS", required=False, max_length=11, help_text="11 chiffres")
    professionals = forms.IntegerField(
        label="Nombre de professionnels", required=False, min_value=1, help_text="MSP seulement (002 §5.1)"
    )
    joined_on = date_field("Adhésion le")


class RepresentativeForm(Form):
    """Who represents the organisation on the documents (« représenté(e) par … »); empty: a blank line."""

    representative = forms.CharField(
        label="Représentant(s)", max_length=200, required=False, help_text="Nom et prénom, p. ex. « Mme Claire Martin »"
    )
    representative_title = forms.CharField(
        label="Qualité", max_length=200, required=False, help_text="p. ex. directrice, président"
    )


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier des membres",
        help_text="CSV (séparateur ; ou ,) ou XLSX ; colonnes : type, nom, profession, rpps, professionnels, "
        "adhesion, depart",
    )
