"""The dated payment schedule of one contract over its five years (docs/interpretations.md, « Échéancier »).

Implements 002 annexe 1, art. 3 to 8, annexe 2 and 002 §1 to §5 through the
modules it calls: `years` (contract years, settlement dates), `recurring`
(operating funding, fixed and variable parts), `one_off` (crisis occurrences,
COVID-2021 derogation, additional operating funding), `early_mission`
(annexe 2) and `deadlines` (art. 3). The readings of the texts are named rules
(docs/interpretations.md, « Échéancier »), switchable through `Readings`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.contract import ContractDescription, EarlyMissionContract
from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.deadlines import deadlines
from cpts.accord.early_mission import early_mission_payments, warnings
from cpts.accord.members_lists import MembersListYear, list_years
from cpts.accord.money import ZERO, as_text
from cpts.accord.one_off import additional_operating, covid_2021, crisis_occurrences
from cpts.accord.readings import DEFAULT_READINGS, Readings
from cpts.accord.recurring import recurring_payments
from cpts.accord.schedule_model import MISSION_ORDER, ContractYear, Deadline, Payment, Pending
from cpts.accord.years import year_plans

__all__ = [
    "DEFAULT_READINGS",
    "ContractYear",
    "Deadline",
    "MembersListYear",
    "Payment",
    "Pending",
    "Readings",
    "Schedule",
    "compute_schedule",
    "early_mission_schedule",
]


@dataclass(frozen=True, slots=True)
class Schedule:
    size: int
    years: tuple[ContractYear, ...]
    payments: tuple[Payment, ...]  # sorted by due_on, then contract_year, mission order, part
    pending: tuple[Pending, ...]
    deadlines: tuple[Deadline, ...]
    warnings: tuple[str, ...] = ()  # French: what the texts advise against, shown, not refused
    # Rule MEMBERS_LIST_YEARLY: the list of members expected in each year, and its state on `today` (empty when the
    # lists are not followed, or without `today`).
    members_lists: tuple[MembersListYear, ...] = ()

    def totals(self) -> dict[str, Any]:
        """Sums per contract year (0 = early-mission contract), per mission, and overall."""
        by_year: dict[int, Decimal] = {}
        by_mission: dict[str, Decimal] = {}
        for payment in self.payments:
            by_year[payment.contract_year] = by_year.get(payment.contract_year, ZERO) + payment.amount
            by_mission[payment.mission] = by_mission.get(payment.mission, ZERO) + payment.amount
        ordered_missions = sorted(by_mission, key=MISSION_ORDER.__getitem__)
        return {
            "by_year": {year: by_year[year] for year in sorted(by_year)},
            "by_mission": {mission: by_mission[mission] for mission in ordered_missions},
            "total": sum(by_year.values(), ZERO),
            "pending_maximum": sum((item.maximum for item in self.pending), ZERO),
        }

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        """The JSON form of `cpts schedule --json`; amounts are strings with two decimals."""
        totals = self.totals()
        return {
            "size": self.size,
            "years": [
                {"number": year.number, "start": year.start.isoformat(), "end": year.end.isoformat()}
                for year in self.years
            ],
            "payments": [payment.to_dict(explain) for payment in self.payments],
            "pending": [item.to_dict() for item in self.pending],
            "totals": {
                "by_year": {str(year): as_text(amount) for year, amount in totals["by_year"].items()},
                "by_mission": {mission: as_text(amount) for mission, amount in totals["by_mission"].items()},
                "total": as_text(totals["total"]),
                "pending_maximum": as_text(totals["pending_maximum"]),
            },
            "deadlines": [deadline.to_dict() for deadline in self.deadlines],
            **({"warnings": list(self.warnings)} if self.warnings else {}),
            **({"members_lists": [item.to_dict() for item in self.members_lists]} if self.members_lists else {}),
        }


def compute_schedule(
    contract: ContractDescription, today: dt.date | None = None, readings: Readings = DEFAULT_READINGS
) -> Schedule:
    """Every advance, balance, one-off payment and reimbursement of one contract, with its explanation.

    `today` only affects deadline statuses (due soon / missed) and those of the lists of members; amounts never
    depend on it.
    """
    timeline = TermsTimeline(contract)
    plans = year_plans(contract, readings)
    payments, pending = recurring_payments(contract, timeline, plans, readings)
    payments += crisis_occurrences(contract, timeline, plans, readings)
    payments += covid_2021(contract, timeline, plans)
    payments += additional_operating(contract, timeline, plans)
    payments += early_mission_payments(contract.early_mission_contract)
    payments.sort(key=Payment.sort_key)
    return Schedule(
        contract.size,
        tuple(plan.year for plan in plans),
        tuple(payments),
        tuple(pending),
        deadlines(contract, timeline, today, readings),
        warnings(contract.early_mission_contract),
        list_years(contract, timeline, plans, today) if today is not None else (),
    )


def early_mission_schedule(contract: EarlyMissionContract) -> Schedule:
    """The schedule of a CPTS in project that has only an early-mission contract, no ACI (002 §3.2: the aid is
    paid « dès la signature du contrat », annexe 2, art. 2.2): year 0 alone, no contract year, no deadline."""
    payments = sorted(early_mission_payments(contract), key=Payment.sort_key)
    return Schedule(contract.size, (), tuple(payments), (), (), warnings(contract))
