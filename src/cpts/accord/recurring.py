"""Yearly money of a contract: operating funding and each mission's fixed and variable parts.

Implements 002 annexe 1, art. 6.1 (operating funding), 6.2 (missions), 4.2.2
(variable part from the annual review), 8.3 (termination year prorata), with
rules OPERATING_PAYMENTS, FIXED_ADVANCE_AND_BALANCE, VARIABLE_AT_SETTLEMENT,
TERMS_AT_SETTLEMENT, ROUNDING_BALANCE, PRORATA_BY_DAYS, CRISIS_PAYMENTS (fixed
part) and TERMINATION_PRORATA of docs/interpretations.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from cpts.accord.calendar import french_date, prorata
from cpts.accord.contract import ContractDescription
from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.envelopes import MISSION_LABELS, MISSIONS, PART_LABELS, CrisisYear, Line
from cpts.accord.explain import Explanation, Step
from cpts.accord.money import ZERO, cents, french, percent
from cpts.accord.parameters import rule
from cpts.accord.readings import Readings
from cpts.accord.schedule_model import Payment, Pending
from cpts.accord.years import YearPlan

OPERATING_SOURCE = "002 annexe 1, art. 4.1 et 6.1"
FIXED_SOURCE = "002 annexe 1, art. 6.2 ; 002 §1.3 et §2.3"
VARIABLE_SOURCE = "002 annexe 1, art. 4.2.2 et 6.2"
BALANCE_SOURCE = "002 annexe 1, art. 6.2 ; 002 §2.3 et §5.1 (montants en vigueur au solde)"
TERMINATION_SOURCE = "002 annexe 1, art. 8.3"
# Parts advanced like the fixed part (rule FIXED_ADVANCE_AND_BALANCE): the 2019 access volets too.
ADVANCED_PARTS = ("fixed", "snp_compensation", "snp_orientation")
# Paid once, outside the yearly settlement (rule CRISIS_PAYMENTS).
ONE_OFF_PARTS = ("crisis_occurrence",)
MISSION_KEYS = MISSIONS[1:]
# Formatting is pure and the same few amounts recur in every schedule: format each once.
_money = lru_cache(maxsize=8192)(french)
_percent = lru_cache(maxsize=256)(percent)


def advance_rate(on: dt.date) -> Decimal:
    rate: Decimal = rule("advance_rate", on)
    return rate


def crisis_year(contract: ContractDescription, plan: YearPlan) -> CrisisYear:
    """Rule CRISIS_PAYMENTS: the first-drafting amount in the contract year the crisis mission starts, then the
    update amount (002 §1.1 "pour la première année ... et à son actualisation pour toutes les années suivantes")."""
    dates = contract.missions.get("crisis")
    started = dates.started_on if dates else None
    return "later" if started is not None and started < plan.year.start else "first"


def prorated(amount: Decimal, days: int, total: int, factor: Decimal = Decimal(1)) -> Decimal:
    """Rule ROUNDING_BALANCE: amount × factor × days/total, rounded once to the cent, half up."""
    if days == total:
        return cents(amount * factor)
    return cents(amount * factor * days / total)


def _formula(rate: Decimal | None, amount: Decimal, days: int, total: int, factor: Decimal | None = None) -> str:
    terms = [_percent(rate)] if rate is not None else []
    terms.append(_money(amount))
    if factor is not None:
        terms.append(_percent(factor))
    if days != total:
        terms.append(f"{days}/{total}")
    return " × ".join(terms)


def _year_inputs(plan: YearPlan, running_from: dt.date, days: int, total: int) -> tuple[tuple[str, str], ...]:
    year = plan.year
    return _inputs(year.number, year.start, year.end, running_from, days, total)


@lru_cache(maxsize=4096)
def _inputs(
    number: int, start: dt.date, end: dt.date, running_from: dt.date, days: int, total: int
) -> tuple[tuple[str, str], ...]:
    return (
        ("année du contrat", str(number)),
        ("année du", f"{french_date(start)} au {french_date(end)} (exclu)"),
        ("en cours depuis le", french_date(running_from)),
        ("jours", f"{days}/{total}"),
    )


class Recurring:
    """Builds the advances, payments, balances and pending variable parts of one contract."""

    def __init__(self, contract: ContractDescription, timeline: TermsTimeline, readings: Readings) -> None:
        self.contract = contract
        self.timeline = timeline
        self.readings = readings
        self.payments: list[Payment] = []
        self.pending: list[Pending] = []

    def run(self, plans: tuple[YearPlan, ...]) -> None:
        for plan in plans:
            self._operating(plan)
            for mission in MISSION_KEYS:
                dates = self.contract.missions.get(mission)
                if dates is None or dates.started_on is None or dates.started_on >= plan.closes_on:
                    continue
                self._mission(plan, mission, max(dates.started_on, plan.year.start))

    # Rule OPERATING_PAYMENTS (002 annexe 1, art. 6.1).
    def _operating(self, plan: YearPlan) -> None:
        year = plan.year
        if year.number == 1:
            on, due_on, rate, kind = year.start, year.start, Decimal(1), "payment"
        else:
            on, due_on, rate, kind = year.start, plan.advance_due, advance_rate(year.start), "advance"
        paid = self._opening(plan, "operating", "operating", year.start, on, due_on, rate, kind, "first")
        self._settle(plan, "operating", "operating", year.start, {"operating": paid}, "first")

    # Rules FIXED_ADVANCE_AND_BALANCE and VARIABLE_AT_SETTLEMENT (002 annexe 1, art. 6.2).
    def _mission(self, plan: YearPlan, mission: str, running_from: dt.date) -> None:
        year = plan.year
        crisis = crisis_year(self.contract, plan) if mission == "crisis" else "first"
        started_on = self.contract.missions[mission].started_on
        starts_here = year.number == 1 or (started_on is not None and started_on >= year.start)
        on, due_on = (running_from, running_from) if starts_here else (year.start, plan.advance_due)
        rate = advance_rate(on)
        paid: dict[str, Decimal] = {}
        for part in self.timeline.parts(on, crisis, mission):
            if part in ADVANCED_PARTS:
                paid[part] = self._opening(plan, mission, part, running_from, on, due_on, rate, "advance", crisis)
        self._settle(plan, mission, None, running_from, paid, crisis)

    def _opening(
        self,
        plan: YearPlan,
        mission: str,
        part: str,
        running_from: dt.date,
        on: dt.date,
        due_on: dt.date,
        rate: Decimal,
        kind: str,
        crisis: CrisisYear,
    ) -> Decimal:
        """The first money of a year: the 75 % advance (or the year-1 operating payment), prorated to the
        closing anniversary from the day it starts running."""
        line = self.timeline.line(on, crisis, mission, part)
        if line is None:
            return ZERO
        year = plan.year
        days, total = prorata(running_from, year.end, year.start, year.end)
        amount = prorated(line.amount, days, total, rate)
        if amount == ZERO:
            return ZERO
        shown_rate = None if kind == "payment" else rate
        what = "versement intégral à la signature" if kind == "payment" else "avance"
        rule_name = "OPERATING_PAYMENTS" if mission == "operating" else "FIXED_ADVANCE_AND_BALANCE"
        explanation = Explanation(
            f"{MISSION_LABELS[mission]} — {PART_LABELS[part]} : {what}, année {year.number}",
            amount,
            rule_name,
            OPERATING_SOURCE if mission == "operating" else FIXED_SOURCE,
            (*_year_inputs(plan, running_from, days, total), ("montants en vigueur le", french_date(on))),
            line.explanation.cell,
            (Step(what.capitalize(), _formula(shown_rate, line.amount, days, total), amount),),
            (line.explanation,),
        )
        self.payments.append(Payment(due_on, year.number, mission, part, kind, amount, explanation))
        return amount

    def _settle(
        self,
        plan: YearPlan,
        mission: str,
        only_part: str | None,
        running_from: dt.date,
        paid: dict[str, Decimal],
        crisis: CrisisYear,
    ) -> None:
        """Rules TERMS_AT_SETTLEMENT and ROUNDING_BALANCE: due for the year with the terms in force when it is
        settled, minus what was already paid for that year and part."""
        year = plan.year
        terms_on = plan.closes_on if self.readings.terms_at == "settlement" else year.start
        parts = (
            [only_part]
            if only_part
            else [p for p in self.timeline.parts(terms_on, crisis, mission) if p not in ONE_OFF_PARTS]
        )
        parts.extend(part for part in paid if part not in parts)
        days, total = prorata(running_from, plan.closes_on, year.start, year.end)
        for part in parts:
            line = self.timeline.line(terms_on, crisis, mission, part)
            annual = line.amount if line is not None else ZERO
            if part == "variable":
                self._variable(plan, mission, line, running_from, days, total, terms_on)
                continue
            due = prorated(annual, days, total)
            already = paid.get(part, ZERO)
            self._balance(plan, mission, part, line, due, already, running_from, days, total, terms_on)

    def _balance(
        self,
        plan: YearPlan,
        mission: str,
        part: str,
        line: Line | None,
        due: Decimal,
        already: Decimal,
        running_from: dt.date,
        days: int,
        total: int,
        terms_on: dt.date,
    ) -> None:
        amount = due - already
        if amount == ZERO:
            return
        kind = "reimbursement" if amount < 0 and plan.terminated else "balance"
        annual = line.amount if line is not None else ZERO
        formula = _formula(None, annual, days, total) if line else "volet absent des montants en vigueur"
        steps = [Step("Dû pour l'année", formula, due)]
        if already:
            steps.append(Step("Moins déjà versé pour l'année", f"{_money(due)} − {_money(already)}", amount))
        label = "remboursement" if kind == "reimbursement" else "solde"
        explanation = Explanation(
            f"{MISSION_LABELS[mission]} — {PART_LABELS[part]} : {label}, année {plan.year.number}",
            amount,
            "TERMINATION_PRORATA" if plan.terminated else "ROUNDING_BALANCE",
            TERMINATION_SOURCE if plan.terminated else BALANCE_SOURCE,
            (*_year_inputs(plan, running_from, days, total), ("montants en vigueur le", french_date(terms_on))),
            line.explanation.cell if line else None,
            tuple(steps),
            (line.explanation,) if line else (),
        )
        self.payments.append(Payment(plan.settlement_due, plan.year.number, mission, part, kind, amount, explanation))

    def _variable(
        self,
        plan: YearPlan,
        mission: str,
        line: Line | None,
        running_from: dt.date,
        days: int,
        total: int,
        terms_on: dt.date,
    ) -> None:
        """Rule VARIABLE_AT_SETTLEMENT: annual variable × attainment × prorata, or pending without a review."""
        if line is None or days == 0:
            return
        number = plan.year.number
        attainment = self.contract.attainment.get((number, mission))
        if attainment is None:
            self.pending.append(
                Pending(
                    number,
                    mission,
                    "variable",
                    plan.settlement_due,
                    prorated(line.amount, days, total),
                    f"revue annuelle de l'année {number} non validée : le volet variable reste à calculer",
                )
            )
            return
        due = prorated(line.amount, days, total, attainment)
        if due == ZERO:
            return
        kind = "balance"
        explanation = Explanation(
            f"{MISSION_LABELS[mission]} — {PART_LABELS['variable']} : solde, année {number}",
            due,
            "TERMINATION_PRORATA" if plan.terminated else "VARIABLE_AT_SETTLEMENT",
            TERMINATION_SOURCE if plan.terminated else VARIABLE_SOURCE,
            (
                *_year_inputs(plan, running_from, days, total),
                ("taux d'atteinte", _percent(attainment)),
                ("montants en vigueur le", french_date(terms_on)),
            ),
            line.explanation.cell,
            (Step("Volet variable", _formula(None, line.amount, days, total, attainment), due),),
            (line.explanation,),
        )
        self.payments.append(Payment(plan.settlement_due, number, mission, "variable", kind, due, explanation))


def recurring_payments(
    contract: ContractDescription, timeline: TermsTimeline, plans: tuple[YearPlan, ...], readings: Readings
) -> tuple[list[Payment], list[Pending]]:
    builder = Recurring(contract, timeline, readings)
    builder.run(plans)
    return builder.payments, builder.pending
