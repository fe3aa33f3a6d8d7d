"""The contract years of one contract and when each is settled (rules CONTRACT_YEARS, TERMINATION_PRORATA).

002 annexe 1, art. 7: the contract lasts five years; art. 6.2: the settlement
of a year is paid "au plus tard, dans les deux mois suivant la date
anniversaire du contrat"; art. 8.3: the year in which a termination takes
effect is settled prorata temporis up to that date.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from cpts.accord.calendar import add_months, anniversary
from cpts.accord.contract import ContractDescription
from cpts.accord.parameters import rule
from cpts.accord.readings import Readings
from cpts.accord.schedule_model import ContractYear, make_contract_year
from cpts.accord.termination import effective_on, reimbursement_due_on


class YearPlan(NamedTuple):
    """One contract year with the dates its money moves on (a named tuple: cheap to build, hashable)."""

    year: ContractYear
    closes_on: dt.date  # the closing anniversary, or the termination's effective date
    settlement_due: dt.date  # the balance of the year is due by this date
    advance_due: dt.date  # advances of this year for what was already running at its start
    terminated: bool  # the year ends early on a termination
    days: int  # days of the whole contract year, 365 or 366 (rule PRORATA_BY_DAYS)


def contract_years(signed_on: dt.date, readings: Readings) -> tuple[ContractYear, ...]:
    """Rule CONTRACT_YEARS: year N runs from anniversary N-1 (inclusive) to anniversary N (exclusive)."""
    count: int = rule("contract_years", signed_on)
    bounds = [anniversary(signed_on, n, readings.leap_anniversary) for n in range(count + 1)]
    return tuple(make_contract_year(n, bounds[n - 1], bounds[n]) for n in range(1, count + 1))


def year_plans(contract: ContractDescription, readings: Readings) -> tuple[YearPlan, ...]:
    """The years the contract actually runs, the last one cut short by a termination."""
    effective = effective_on(contract.termination)
    plans: list[YearPlan] = []
    previous_settlement = contract.signed_on
    for year in contract_years(contract.signed_on, readings):
        if effective is not None and effective <= year.start:
            break
        if effective is not None and effective < year.end:
            closes_on, settlement_due, terminated = effective, reimbursement_due_on(effective), True
        else:
            closes_on, terminated = year.end, False
            settlement_due = add_months(year.end, rule("settlement_delay_months", year.end))
        advance_due = year.start if readings.next_advance_due == "on_anniversary" else previous_settlement
        plans.append(YearPlan(year, closes_on, settlement_due, max(advance_due, year.start), terminated, year.days))
        previous_settlement = settlement_due
    return tuple(plans)


def year_of(plans: tuple[YearPlan, ...], on: dt.date) -> YearPlan | None:
    """The contract year a date falls in, if the contract runs on that date."""
    for plan in plans:
        if plan.year.start <= on < plan.closes_on:
            return plan
    return None
