"""The yearly list of members, « justificatif » of the hundred members of a size-4 CPTS (rule MEMBERS_LIST_YEARLY).

002 §5.1: « Les CPTS de taille 4 comprenant au moins cent membres ... bénéficient d'une majoration de 10 % »
and « En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses adhérents en
mentionnant s'il s'agit d'une personne physique ou morale ». One list is expected for each contract year some
payment of which carries the size-4 bonus (rule SIZE4_BONUS_FROM_AMENDMENT), the year in which a termination
takes effect excepted; it justifies the bonus once it shows at least the hundred members. What a missing list
suspends (the bonus carried by the year's settlement, until the list is received) is computed by
`cpts.accord.recurring`; here, the list expected in each year and its state on a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.contract import ContractDescription, MembersList
from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.errors import AccordError
from cpts.accord.parameters import rule
from cpts.accord.schedule_model import Pending
from cpts.accord.years import YearPlan

RULE = "MEMBERS_LIST_YEARLY"
SOURCE = (
    "002 §5.1 (« En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses "
    "adhérents en mentionnant s'il s'agit d'une personne physique ou morale »)"
)
STATUSES = ("received", "late", "due", "missing", "upcoming", "not_required")


def minimum(on: dt.date) -> int:
    """The members the list must show to justify the bonus (002 §5.1 « au moins cent membres »)."""
    value: int = rule("size4_bonus_min_members", on)
    return value


def justified_on(lists: tuple[MembersList, ...], number: int, on: dt.date) -> dt.date | None:
    """The day the first list of contract year `number` showing the hundred members was received, or None."""
    least = minimum(on)
    days = [item.received_on for item in lists if item.contract_year == number and item.members >= least]
    return min(days, default=None)


def waiting_reason(number: int) -> str:
    """Why the bonus of a year's settlement is not payable yet (a pending line's reason, French)."""
    return (
        f"liste des adhérents de l'année {number} non transmise : la majoration de 10 % de taille 4 attend ce "
        f"justificatif des cent membres (002 §5.1 ; règle {RULE})"
    )


def held_by_year(pending: Iterable[Pending]) -> dict[int, Decimal]:
    """The size-4 bonus waiting for each year's list of members: the pending lines of `waiting_reason`."""
    held: dict[int, Decimal] = {}
    for item in pending:
        if item.reason == waiting_reason(item.contract_year):
            held[item.contract_year] = held.get(item.contract_year, Decimal(0)) + item.maximum
    return held


@dataclass(frozen=True, slots=True)
class MembersListYear:
    """The list expected (or received) for one contract year and its state on a date.

    `received_on`: the first list showing the hundred members; `members`: its count, or that of the latest list
    received if none shows them (`short`). Statuses: received (by the closing anniversary), late (after it: the
    bonus of the settlement was suspended until then), due (the year runs), missing (the year closed without it),
    upcoming, not_required (a list received for a year no payment of which carries the bonus).
    """

    contract_year: int
    start: dt.date
    closes_on: dt.date  # the closing anniversary: the list is missing once it has passed without it
    expected: bool
    received_on: dt.date | None
    members: int | None
    short: bool  # a list was received but shows fewer than the hundred members
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract_year": self.contract_year,
            "start": self.start.isoformat(),
            "closes_on": self.closes_on.isoformat(),
            "expected": self.expected,
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "members": self.members,
            "short": self.short,
            "status": self.status,
        }


def bonus_in_year(timeline: TermsTimeline, contract: ContractDescription, plan: YearPlan) -> bool:
    """Some payment of the year may carry the size-4 bonus: it is in force on the year's first day, on a day an
    amendment changes the terms during the year, or on its closing anniversary (the terms only change then)."""
    days = {plan.year.start, plan.closes_on}
    days.update(a.signed_on for a in contract.amendments if plan.year.start < a.signed_on < plan.closes_on)
    return any(timeline.in_force(day).bonus > 0 for day in days)


def list_years(
    contract: ContractDescription, timeline: TermsTimeline, plans: tuple[YearPlan, ...], today: dt.date
) -> tuple[MembersListYear, ...]:
    """Rule MEMBERS_LIST_YEARLY: the years that expect a list, or have one, and the state of each on `today`;
    nothing when the lists are not followed (None)."""
    lists = contract.members_lists
    if lists is None:
        return ()
    found = []
    for plan in plans:
        number = plan.year.number
        expected = not plan.terminated and bonus_in_year(timeline, contract, plan)
        mine = sorted((item for item in lists if item.contract_year == number), key=lambda item: item.received_on)
        if not expected and not mine:
            continue
        received = justified_on(lists, number, plan.closes_on)
        shown = next((item for item in mine if item.received_on == received), mine[-1] if mine else None)
        if not expected:
            status = "not_required"
        elif received is not None:
            status = "received" if received <= plan.closes_on else "late"
        elif today >= plan.closes_on:
            status = "missing"
        else:
            status = "due" if today >= plan.year.start else "upcoming"
        members = shown.members if shown is not None else None
        short = received is None and shown is not None
        found.append(
            MembersListYear(number, plan.year.start, plan.closes_on, expected, received, members, short, status)
        )
    return tuple(found)


def check_list(plans: tuple[YearPlan, ...], contract_year: int, received_on: dt.date) -> YearPlan:
    """A list recorded for `contract_year`, received on `received_on`: the year must be one the contract runs and
    the list received from its first day (the list of a year is that of its members); the year's plan."""
    plan = next((plan for plan in plans if plan.year.number == contract_year), None)
    if plan is None:
        raise AccordError(
            f"année du contrat {contract_year} : le contrat court sur les années 1 à {len(plans)}"
            if plans
            else f"année du contrat {contract_year} : le contrat ne court sur aucune année"
        )
    if received_on < plan.year.start:
        raise AccordError(
            f"la liste de l'année {contract_year} ne peut être reçue avant le début de cette année "
            f"({plan.year.start:%d/%m/%Y})"
        )
    return plan
