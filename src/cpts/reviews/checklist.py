"""« Saisir vos valeurs »: what the CPTS provides for the annual review of a year, and what each item changes.

Each item says what money depends on it under the texts: the variable part of the year waits for the annual
review validated by the CPAM and the ARS and is paid with the year's settlement (002 annexe 1, art. 4.2.2 and
6.2; rule VARIABLE_AT_SETTLEMENT); the size-4 bonus of the year waits for the year's list of members (002 §5.1;
rule MEMBERS_LIST_YEARLY); the activity report and the accounts hold no money under the texts, only under the
management policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS when it is switched on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from cpts.accord.members_lists import held_by_year, waiting_reason
from cpts.accord.money import french
from cpts.accord.schedule import Schedule
from cpts.contracts.models import Contract
from cpts.core.models import Organisation
from cpts.core.words import MEMBERS_LIST_STATUS_LABELS
from cpts.payments.schedules import contract_schedule
from cpts.reviews import services
from cpts.reviews.models import AnnualReview, EvidenceFile


@dataclass(frozen=True, slots=True)
class Item:
    title: str
    done: bool
    state: str  # French: where it stands
    effect: str  # French: what it changes, with its source
    url: str = ""
    link: str = ""


def checklist(
    contract: Contract, year: int, review: AnnualReview | None, organisation: Organisation | None
) -> list[Item]:
    """The items of the year's review, each with its state and what it changes."""
    schedule = contract_schedule(contract)
    variable = sum(
        (
            item.maximum
            for item in schedule.pending
            if item.contract_year == year and item.part == "variable" and item.reason != waiting_reason(year)
        ),
        Decimal(0),
    )
    return [
        _values(contract, year, review, variable),
        _members_list(contract, year, schedule, organisation),
        _documents(review),
    ]


def _values(contract: Contract, year: int, review: AnnualReview | None, variable: Decimal) -> Item:
    total = contract.indicators.count()  # type: ignore[attr-defined]
    entered = review.values.filter(value__isnull=False).count() if review is not None else 0
    money = f"jusqu'à {french(variable)} de volet variable de l'année {year}" if variable else "le volet variable"
    effect = (
        f"{money[0].upper()}{money[1:]} attend la revue annuelle validée par la CPAM et l'ARS, puis est versé avec "
        "le solde de l'année (002 annexe 1, art. 4.2.2 et 6.2). Un indicateur dont la cible est fixée compte selon "
        "sa valeur (0 % sans valeur) ; un indicateur dont la cible est à fixer ne compte pas encore."
    )
    return Item("Valeurs des indicateurs", total > 0 and entered == total, f"{entered} sur {total} renseignée(s)",
                effect, "#valeurs", "Saisir les valeurs")  # fmt: skip


def _members_list(contract: Contract, year: int, schedule: Schedule, organisation: Organisation | None) -> Item:
    lists = {item.contract_year: item for item in schedule.members_lists}
    found = lists.get(year)
    held = held_by_year(schedule.pending).get(year)
    if found is not None and found.received_on is not None:
        state, done = f"reçue le {found.received_on:%d/%m/%Y}", True
    elif found is not None:
        state, done = MEMBERS_LIST_STATUS_LABELS.get(found.status, "à transmettre"), False
    else:
        state, done = "à transmettre chaque année", False
    if held:
        effect = f"{french(held)} de majoration de taille 4 attendent cette liste (002 §5.1)."
    elif found is not None and found.expected:
        effect = "Sans elle, la majoration de 10 % de taille 4 du solde de l'année attend sa réception (002 §5.1)."
    else:
        effect = "Transmise chaque année (002 §5.1) ; aucun montant de votre contrat n'en dépend cette année."
    url = link = ""
    if not done and contract.can_record_members_list(organisation):
        url = reverse("contract-event", args=[contract.pk, "liste-adherents"]) + f"?annee={year}"
        link = "Transmettre la liste"
    return Item("Liste des adhérents de l'année", done, state, effect, url, link)


def _documents(review: AnnualReview | None) -> Item:
    missing = services.missing_documents(review)
    kinds = {EvidenceFile.Kind.ACTIVITY_REPORT.label, EvidenceFile.Kind.ACCOUNTS.label}
    state = f"manquant(s) : {', '.join(missing)}" if missing else f"déposés : {', '.join(sorted(kinds))}"
    if services.withholding_on():
        effect = (
            "Le solde de l'année est retenu tant que la revue validée ne les contient pas (politique de gestion hors "
            "accord, non prévue par les textes)."
        )
    else:
        effect = "La CPAM et l'ARS les examinent avec la revue ; selon les textes, aucun versement n'en dépend."
    return Item("Rapport d'activité et comptes de l'année", not missing, state, effect, "#pieces", "Déposer une pièce")

