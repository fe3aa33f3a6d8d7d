"""Spending against envelopes, per CPTS and contract year (docs/reviews.md: "the figure the national level lacks").

For each mission of the contract and for operating costs: the annual envelope
(`cpts.accord.envelopes`, under the contract's terms at the start of the year),
what was paid (the payments ledger), what the CPTS says it spent (its annual
review), and the unspent part of what it received.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.envelopes import MISSION_LABELS, MISSIONS, annual_envelopes
from cpts.accord.money import ZERO, as_text, cents
from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.years import contract_years
from cpts.contracts.bridge import describe
from cpts.contracts.models import Contract
from cpts.payments.models import LedgerEntry
from cpts.reviews.models import Spending
from cpts.reviews.services import ReviewError


@dataclass(frozen=True, slots=True)
class SpendingLine:
    mission: str
    envelope: Decimal
    paid: Decimal
    spent: Decimal | None  # None until the review reports it
    unspent: Decimal | None  # paid - spent

    @property
    def label(self) -> str:
        return MISSION_LABELS[self.mission]

    @property
    def unspent_share(self) -> Decimal | None:
        """The unspent part of what was paid, as a fraction (None when nothing was paid or spending is unknown)."""
        if self.unspent is None or not self.paid:
            return None
        return (self.unspent / self.paid).quantize(Decimal("0.0001"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "mission": self.mission,
            "label": self.label,
            "envelope": as_text(self.envelope),
            "paid": as_text(self.paid),
            "spent": as_text(self.spent) if self.spent is not None else None,
            "unspent": as_text(self.unspent) if self.unspent is not None else None,
            "unspent_share": str(self.unspent_share) if self.unspent_share is not None else None,
        }


def envelopes_of_year(contract: Contract, year: int) -> dict[str, Decimal]:
    """The annual envelope per mission (all parts summed) under the terms in force at the start of the year.

    The crisis mission counts its first drafting in year 1 and the yearly update afterwards (an
    approximation: the plan may be drafted later; the schedule has the exact dates).
    """
    description = describe(contract)
    years = contract_years(description.signed_on, DEFAULT_READINGS)
    if not 1 <= year <= len(years):
        raise ReviewError(f"Année du contrat inconnue : {year} (de 1 à {len(years)}).")
    terms = TermsTimeline(description).on(years[year - 1].start, "first" if year == 1 else "later")
    by_mission = annual_envelopes(terms).by_mission()
    return {mission: cents(sum(parts.values(), ZERO)) for mission, parts in by_mission.items()}


def spending_report(contract: Contract, year: int) -> list[SpendingLine]:
    """Envelope, paid, spent and unspent for operating costs and each mission of the contract."""
    envelopes = envelopes_of_year(contract, year)
    chosen = {"operating", *contract.missions.values_list("key", flat=True)}  # type: ignore[attr-defined]
    paid_rows = (
        LedgerEntry.objects.filter(contract=contract, contract_year=year, entry=LedgerEntry.Entry.PAYMENT)
        .values("mission")
        .annotate(total=Sum("amount"))
    )
    paid = {row["mission"]: row["total"] for row in paid_rows}
    spent = dict(
        Spending.objects.filter(review__contract=contract, review__contract_year=year).values_list("mission", "amount")
    )
    lines = []
    for mission in MISSIONS:
        if mission not in chosen:
            continue
        received = paid.get(mission, ZERO)
        used = spent.get(mission)
        unspent = received - used if used is not None else None
        lines.append(SpendingLine(mission, envelopes.get(mission, ZERO), received, used, unspent))
    return lines
