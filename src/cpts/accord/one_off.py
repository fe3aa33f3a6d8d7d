"""Money paid once, outside the yearly settlement: crisis occurrences, the COVID-2021 derogation, the bonus.

Implements 002 §1.3 and annexe 1 art. 5 and 6.2 (crisis occurrence, COVID-2021
derogation; rule CRISIS_PAYMENTS) and 002 §3.1, annexe 1 art. 6.1 (additional
operating funding; rule OPERATING_BONUS_DATE). None of these is clawed back on
termination (rule TERMINATION_PRORATA): they are never part of a year's due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from cpts.accord.calendar import add_months, french_date
from cpts.accord.contract import ContractDescription
from cpts.accord.contract_terms import TermsTimeline, line_of
from cpts.accord.envelopes import (
    MISSION_LABELS,
    PART_LABELS,
    Line,
    avenant_2_start,
    operating_bonus,
    operating_bonus_amount,
)
from cpts.accord.errors import AccordError
from cpts.accord.explain import Explanation, make_explanation
from cpts.accord.money import from_cents
from cpts.accord.parameters import rule
from cpts.accord.readings import Readings
from cpts.accord.schedule_model import Payment, make_payment
from cpts.accord.years import YearPlan, year_of

OCCURRENCE_SOURCE = "002 §1.3 ; 002 annexe 1, art. 5 et 6.2"
COVID_SOURCE = "002 §1.3 « Dérogation exceptionnelle … au plus tard le 31/12/21 » ; 002 annexe 1, art. 5"
BONUS_SOURCE = "002 §3.1 ; 002 annexe 1, art. 5 et 6.1"
COVID_PART_LABEL = "survenue d'une crise sanitaire grave — dérogation COVID 2021"


Inputs = tuple[tuple[str, str | dt.date], ...]  # dates are formatted when the explanation is built
# How to get the annual line (amount and explanation) a one-off payment pays: a function and its arguments.
LineRecipe = tuple[Callable[..., Line | None], tuple[Any, ...]]


def _payment(
    plan: YearPlan,
    due_on: dt.date,
    mission: str,
    part: str,
    amount: Decimal,
    line: LineRecipe,
    rule_name: str,
    source: str,
    label: str,
    inputs: Inputs,
    payable_from: dt.date | None = None,
) -> Payment:
    """A one-off payment, payable from `payable_from` (default: its due date) until `due_on`."""
    recipe = (_explanation, (label, rule_name, source, inputs, line))
    return make_payment(due_on, plan.year.number, mission, part, "payment", amount, recipe, payable_from or due_on)


def _explanation(label: str, rule_name: str, source: str, inputs: Inputs, line_recipe: LineRecipe) -> Explanation:
    build, arguments = line_recipe
    line = build(*arguments)
    if line is None:
        raise AccordError(f"montant absent des barèmes : {label}")
    shown = tuple((name, french_date(value) if isinstance(value, dt.date) else value) for name, value in inputs)
    return make_explanation(
        label, line.amount, rule_name, source, shown, line.explanation.cell, (), (line.explanation,)
    )


def _occurrence(timeline: TermsTimeline, on: dt.date, bonus: bool = True) -> tuple[Decimal, LineRecipe] | None:
    """The crisis-occurrence amount in force for this contract on a date, if its terms have one; without the
    size-4 bonus if `bonus` is false."""
    terms = timeline.in_force(on)
    if not bonus and terms.bonus:
        terms = terms.without_bonus()
    annual = terms.table.amounts("crisis").get("crisis_occurrence")
    if annual is None:
        return None
    return from_cents(annual), (line_of, (terms.state, "crisis", "crisis_occurrence"))


def crisis_occurrences(
    contract: ContractDescription, timeline: TermsTimeline, plans: tuple[YearPlan, ...], readings: Readings
) -> list[Payment]:
    """Rule CRISIS_PAYMENTS: the occurrence amount, in full, within one month of the ARS declaring a crisis.

    At most once per contract year "quel que soit le nombre de crises identifiées
    par l'ARS" (002 annexe 1, art. 6.2), and only once the plan is drafted
    (002 §1.3 "le deuxième volet ne peut pas être financé sans la rédaction du
    plan"): by default the plan must be drafted on or before the declaration;
    with `crisis_needs_plan_first` off, a crisis counts if the plan is drafted
    within the same contract year, and is paid a month after the later date.
    """
    drafted = contract.crisis_plan_drafted_on
    if drafted is None:
        return []
    delay: int = rule("crisis_occurrence_delay_months", drafted)
    paid_years: set[int] = set()
    payments: list[Payment] = []
    for declared in sorted(set(contract.crises)):
        plan = year_of(plans, declared)
        if plan is None or plan.year.number in paid_years:
            continue
        if drafted > declared and (readings.crisis_needs_plan_first or drafted >= plan.closes_on):
            continue
        trigger = max(declared, drafted)
        occurrence = _occurrence(timeline, trigger)
        if occurrence is None:
            continue
        paid_years.add(plan.year.number)
        inputs: Inputs = (
            ("année du contrat", str(plan.year.number)),
            ("crise déclarée par l'ARS le", declared),
            ("plan rédigé le", drafted),
            ("délai de versement", f"{delay} mois"),
        )
        label = f"{MISSION_LABELS['crisis']} — {PART_LABELS['crisis_occurrence']}, année {plan.year.number}"
        payments.append(
            _payment(
                plan,
                add_months(trigger, delay),
                "crisis",
                "crisis_occurrence",
                *occurrence,
                "CRISIS_PAYMENTS",
                OCCURRENCE_SOURCE,
                label,
                inputs,
                payable_from=trigger,  # "dans le mois suivant l'identification de la crise" (002 annexe 1, art. 6.2)
            )
        )
    return payments


def covid_2021(contract: ContractDescription, timeline: TermsTimeline, plans: tuple[YearPlan, ...]) -> list[Payment]:
    """Rule CRISIS_PAYMENTS (COVID-2021 derogation): one occurrence amount for 2021, never raised by the size-4
    bonus, paid at the signature of the amendment bringing in avenant n° 2, to a contract signed by 31/12/2021
    with crisis actions in 2021 not otherwise paid (002 §1.3: "Ce financement sera formalisé dans l'avenant au
    contrat intégrant les mesures de l'avenant n° 2")."""
    limit: dt.date = rule("covid_derogation_signed_by", contract.signed_on)
    moved_on = timeline.avenant_2_from
    if not contract.covid_2021_actions or contract.signed_on > limit or moved_on is None:
        return []
    plan = year_of(plans, moved_on)
    # Rule SIZE4_BONUS_FROM_AMENDMENT: a payment for 2021, a period before 3 September 2022, is never raised
    # (002 annexe 3 « Non rétroactif »).
    occurrence = _occurrence(timeline, moved_on, bonus=False)
    if plan is None or occurrence is None:
        return []
    inputs: Inputs = (
        ("signé le", contract.signed_on),
        ("limite (incluse)", limit),
        ("avenant n° 2 signé le", moved_on),
    )
    label = f"{MISSION_LABELS['crisis']} — {COVID_PART_LABEL}"
    part = "crisis_occurrence_2021"
    return [_payment(plan, moved_on, "crisis", part, *occurrence, "CRISIS_PAYMENTS", COVID_SOURCE, label, inputs)]


def bonus_date(signed_on: dt.date) -> dt.date | None:
    """Rule OPERATING_BONUS_DATE: when the additional operating funding is paid, if at all.

    On 3 September 2022 to a contract signed before ("le versement aura lieu dès
    l'entrée en vigueur de l'avenant"), at signature to one signed from 3 to 29
    September 2022 ("le contrat devra mentionner ce bonus"; art. 6.1 "versé dans
    sa totalité dès la signature du contrat"), never to a later one (002 §3.1).
    """
    start = avenant_2_start()
    limit: dt.date = rule("operating_bonus_signed_before", signed_on)
    if signed_on < start:
        return start
    return signed_on if signed_on < limit else None


def additional_operating(
    contract: ContractDescription, timeline: TermsTimeline, plans: tuple[YearPlan, ...]
) -> list[Payment]:
    on = bonus_date(contract.signed_on) if not contract.follows_contract else None  # once per CPTS
    plan = year_of(plans, on) if on is not None else None
    if on is None or plan is None:
        return []
    size = timeline.in_force(on).state.size
    amount = operating_bonus_amount(size, contract.signed_on, on)
    if amount is None:
        return []
    line: LineRecipe = (operating_bonus, (size, contract.signed_on, on))
    inputs: Inputs = (("signé le", contract.signed_on), ("versé le", on))
    label = f"{MISSION_LABELS['operating']} — {PART_LABELS['operating_bonus']} (une fois)"
    bonus = "operating_bonus"
    return [_payment(plan, on, "operating", bonus, amount, line, "OPERATING_BONUS_DATE", BONUS_SOURCE, label, inputs)]
