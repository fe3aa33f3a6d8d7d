"""Yearly money of a contract: operating funding and each mission's fixed and variable parts.

Implements 002 annexe 1, art. 6.1 (operating funding), 6.2 (missions), 4.2.2
(variable part from the annual review), 8.3 (termination year prorata), with
rules OPERATING_PAYMENTS, FIXED_ADVANCE_AND_BALANCE, VARIABLE_AT_SETTLEMENT,
TERMS_AT_SETTLEMENT, ROUNDING_BALANCE, PRORATA_BY_DAYS, CRISIS_PAYMENTS (fixed
part), TERMINATION_PRORATA and MEMBERS_LIST_YEARLY (002 §5.1: the size-4 bonus of a
year's settlement waits for the year's list of members) of docs/interpretations.md.

Amounts are computed in integer cents (`prorated_cents`, exactly the Decimal
rule) and become Decimal once per payment; each payment's explanation is a
recipe for `cpts.accord.recurring_explain`, built only when read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from cpts.accord import recurring_explain as explain
from cpts.accord.contract import ContractDescription
from cpts.accord.contract_terms import InForce, TermsTimeline, terms_of
from cpts.accord.envelopes import MISSIONS, CrisisYear, avenant_2_start
from cpts.accord.members_lists import justified_on, waiting_reason
from cpts.accord.money import ZERO, cents, from_cents, to_cents
from cpts.accord.readings import Readings
from cpts.accord.schedule_model import Payment, Pending, Recipe, make_payment
from cpts.accord.years import YearPlan

# Parts advanced like the fixed part (rule FIXED_ADVANCE_AND_BALANCE): the 2019 access volets too.
ADVANCED_PARTS = ("fixed", "snp_compensation", "snp_orientation")
# Paid once, outside the yearly settlement (rule CRISIS_PAYMENTS).
ONE_OFF_PARTS = ("crisis_occurrence",)
MISSION_KEYS = MISSIONS[1:]
ONE = Decimal(1)
# The rule a year settled on the avenant n° 2 SAS amounts under 002 §2.3 cites in its explanation.
TRANSITION_RULE = "SAS_TRANSITION_BEFORE_AVENANT_2"
# Factors with more decimal places than this take the Decimal path (see `prorated_cents`).
EXACT_PLACES = 12


def prorated(amount: Decimal, days: int, total: int, factor: Decimal = ONE) -> Decimal:
    """Rule ROUNDING_BALANCE: amount × factor × days/total, rounded once to the cent, half up."""
    if days == total:
        return cents(amount * factor)
    return cents(amount * factor * days / total)


def prorated_cents(amount: int, days: int, total: int, factor: Decimal = ONE) -> int:
    """`prorated` on integer cents, with the same result, in exact integer arithmetic.

    `prorated` is exact up to its division: a cents amount below 10^10 times a
    factor of at most 12 decimal places times at most 366 days fits the 28
    digits of the Decimal context. Its division rounds to 28 digits, an error
    below 10^-19 € for any amount under 10^8 €, while the exact quotient is at
    least 1/(200 × 366 × 10^14) € away from any half cent it is not equal to:
    both round to the same cent. Other factors take the Decimal path itself.
    """
    ratio = _ratio(factor)
    if ratio is None:
        return to_cents(prorated(from_cents(amount), days, total, factor))
    numerator, denominator = ratio
    return half_up(amount * numerator * days, denominator * total)


@lru_cache(maxsize=1024)
def _ratio(factor: Decimal) -> tuple[int, int] | None:
    exponent = factor.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -EXACT_PLACES:
        return None
    return factor.as_integer_ratio()


def share(amount: int, days: int, total: int) -> int:
    """`prorated_cents` with a factor of 1: amount × days/total in cents, half up (amount >= 0)."""
    return (2 * amount * days + total) // (2 * total)


def half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator (denominator > 0) rounded to the nearest integer, halves away from zero."""
    quotient, remainder = divmod(abs(numerator), denominator)
    rounded = quotient + (2 * remainder >= denominator)
    return -rounded if numerator < 0 else rounded


DOSSIER_WAITING = (
    "dossier du contrat pas encore déclaré complet par la CPAM : le versement du fonctionnement de l'année 1 "
    "attend la vérification de sa complétude (002 annexe 1, art. 6.1 et art. 1 ; règle OPERATING_PAYMENTS)"
)


class Recurring:
    """Builds the advances, payments, balances and pending variable parts of one contract."""

    def __init__(self, contract: ContractDescription, timeline: TermsTimeline, readings: Readings) -> None:
        self.contract = contract
        self.timeline = timeline
        self.terms_at_settlement = readings.terms_at == "settlement"
        # Rule MEMBERS_LIST_YEARLY: the lists received, when followed and the reading suspends the bonus.
        self.lists = contract.members_lists if readings.members_list_suspends_bonus else None
        self.end = contract.signed_on  # the day the contract stops running, set by `run`
        self.payments: list[Payment] = []
        self.pending: list[Pending] = []
        # Rule TERMINATION_NET_SETTLEMENT: the termination year's differences, part by part, before netting.
        self.net: list[tuple[int, int, Recipe]] = []  # (difference, already paid, recipe of the part's detail)

    def run(self, plans: tuple[YearPlan, ...]) -> None:
        self.end = plans[-1].closes_on if plans else self.contract.signed_on
        missions = self.contract.missions
        started = [
            (mission, dates.started_on)
            for mission in MISSION_KEYS
            if (dates := missions.get(mission)) is not None and dates.started_on is not None
        ]
        for plan in plans:
            # Rule TERMS_AT_SETTLEMENT: the amounts of the year are those in force when it is settled.
            terms_on = plan.closes_on if self.terms_at_settlement else plan.year.start
            settling = self.timeline.in_force(terms_on)
            self._operating(plan, settling)
            for mission, started_on in started:
                if started_on < plan.closes_on:
                    self._mission(plan, settling, mission, started_on)
            if plan.terminated:
                self._net_settlement(plan)

    def _pay(
        self,
        due_on: dt.date,
        plan: YearPlan,
        mission: str,
        part: str,
        kind: str,
        amount: int,
        recipe: Recipe,
        payable_from: dt.date,
    ) -> None:
        number = plan.year.number
        self.payments.append(
            make_payment(due_on, number, mission, part, kind, from_cents(amount), recipe, payable_from)
        )

    def _settled(
        self,
        plan: YearPlan,
        mission: str,
        part: str,
        kind: str,
        amount: int,
        already: int,
        recipe: Recipe,
        payable_from: dt.date | None = None,
    ) -> None:
        """A year's settlement of one part: paid at the settlement, or, in the year a termination takes effect,
        kept for its one net difference (rule TERMINATION_NET_SETTLEMENT). It is payable from the closing
        anniversary (or the termination's effective date), or later if `payable_from` says so, until the
        settlement deadline."""
        if plan.terminated:
            self.net.append((amount, already, recipe))
        else:
            start = payable_from or plan.closes_on
            self._pay(plan.settlement_due, plan, mission, part, kind, amount, recipe, start)

    def _net_settlement(self, plan: YearPlan) -> None:
        """Rule TERMINATION_NET_SETTLEMENT (002 annexe 1, art. 8.3): the remuneration of the termination year,
        prorata temporis, against what was paid for it, as one amount due within two months of the effective
        date: negative, the CPTS refunds the difference; positive, it is paid. The parts stay in the explanation."""
        parts, self.net = tuple(self.net), []
        amount = sum(difference for difference, _, _ in parts)
        if not amount:
            return
        kind = "reimbursement" if amount < 0 else "balance"
        recipe = (explain.net_settlement, (plan, kind, amount, parts))
        # From the termination's effective date to the settlement deadline (two months later).
        self._pay(plan.settlement_due, plan, "termination", "net_settlement", kind, amount, recipe, plan.closes_on)

    # Rule OPERATING_PAYMENTS (002 annexe 1, art. 6.1).
    def _operating(self, plan: YearPlan, settling: InForce) -> None:
        year = plan.year
        terms = self.timeline.in_force(year.start)
        waiting = ""
        if year.number == 1:
            due_on, rate, kind = year.start, ONE, "payment"
            dossier = self.contract.dossier
            if dossier is not None and dossier.complete_on is None:
                waiting = DOSSIER_WAITING
            elif dossier is not None and dossier.complete_on is not None:
                due_on = max(due_on, dossier.complete_on)  # « sous réserve de la vérification de la complétude »
        else:
            due_on, rate, kind = plan.advance_due, terms.table.advance_rate, "advance"
        paid = 0
        annual = terms.table.amounts("operating").get("operating")
        if annual is not None:
            # Payable from the signature, or the complete dossier (year 1), else from the anniversary,
            # "au début de chaque année (en référence à la date anniversaire)" (002 annexe 1, art. 6.1).
            payable_from = due_on if year.number == 1 else year.start
            paid = self._opening(
                plan, "operating", "operating", kind, terms, annual, year.start, due_on, rate, payable_from, waiting
            )
        self._settle(plan, settling, "operating", year.start, {"operating": paid})

    # Rules FIXED_ADVANCE_AND_BALANCE and VARIABLE_AT_SETTLEMENT (002 annexe 1, art. 6.2).
    def _mission(self, plan: YearPlan, settling: InForce, mission: str, started_on: dt.date) -> None:
        year = plan.year
        running_from = max(started_on, year.start)
        # Rule CRISIS_PAYMENTS: the first-drafting amount in the contract year the crisis mission starts, then the
        # update amount (002 §1.1 "pour la première année ... et à son actualisation pour toutes les années
        # suivantes").
        crisis: CrisisYear = "later" if mission == "crisis" and started_on < year.start else "first"
        starts_here = year.number == 1 or started_on >= year.start
        # Payable "dès la date de démarrage" or from the anniversary; due by then or with the settlement (art. 6.2).
        on, due_on = (running_from, running_from) if starts_here else (year.start, plan.advance_due)
        terms = self.timeline.in_force(on, crisis)
        paid: dict[str, int] = {}
        for part, annual in terms.table.amounts(mission).items():
            if part in ADVANCED_PARTS:
                rate = terms.table.advance_rate
                paid[part] = self._opening(
                    plan, mission, part, "advance", terms, annual, running_from, due_on, rate, payable_from=on
                )
        if crisis != "first":
            settling = self.timeline.in_force(settling.on, crisis)
        moved_on = self._transition(plan, mission, settling)
        if moved_on is not None and plan.settlement_due >= moved_on:
            transition = self.timeline.transition(settling)
            self._settle(plan, transition, mission, running_from, paid, terms, TRANSITION_RULE)
            return
        self._settle(plan, settling, mission, running_from, paid, terms)
        if moved_on is not None:
            self._top_up(plan, settling, mission, running_from, moved_on)

    def _transition(self, plan: YearPlan, mission: str, settling: InForce) -> dt.date | None:
        """Rule SAS_TRANSITION_BEFORE_AVENANT_2: the avenant n° 2 amendment from which this year's access mission
        is settled on the SAS amounts, if the year is one §2.3 reaches (settled before the amendment, its balance
        falling due after 3/9/2022, the amendment signed while the contract runs); None otherwise."""
        moved_on = self.timeline.transition_from
        if (
            moved_on is None
            or mission != "access"
            or plan.terminated
            or moved_on >= self.end
            or settling.on >= moved_on
            or plan.settlement_due <= avenant_2_start()
            or terms_of(settling.state).access_with_sas
        ):
            return None
        return moved_on

    def _top_up(self, plan: YearPlan, settling: InForce, mission: str, running_from: dt.date, on: dt.date) -> None:
        """Rule SAS_TRANSITION_BEFORE_AVENANT_2: a year already settled at the 2019 amounts when the amendment is
        signed gets, part by part, the difference to the SAS amounts, due from the amendment."""
        transition = self.timeline.transition(settling)
        before, after = settling.table.amounts(mission), transition.table.amounts(mission)
        days = (plan.closes_on - running_from).days
        attainment = self.contract.attainment.get((plan.year.number, mission))
        for part in dict.fromkeys((*after, *before)):
            if part == "variable" and attainment is None:
                continue  # still pending: settled when the review is validated
            rate = attainment if part == "variable" and attainment is not None else ONE
            old = prorated_cents(before.get(part, 0), days, plan.days, rate)
            new = prorated_cents(after.get(part, 0), days, plan.days, rate)
            if new != old:
                figures = (old, new, rate, running_from, days, on)
                recipe = (explain.top_up, (mission, part, plan, settling.state, transition.state, figures))
                self._pay(on, plan, mission, part, "top_up", new - old, recipe, on)

    def _opening(
        self,
        plan: YearPlan,
        mission: str,
        part: str,
        kind: str,
        terms: InForce,
        annual: int,
        running_from: dt.date,
        due_on: dt.date,
        rate: Decimal,
        payable_from: dt.date,
        waiting: str = "",
    ) -> int:
        """The first money of a year: the 75 % advance (or the year-1 operating payment), prorated to the
        closing anniversary from the day it starts running; in cents. With a `waiting` reason the amount is
        owed but not payable yet: a pending line, never a payment (and no balance pays it instead)."""
        days = (plan.year.end - running_from).days  # running_from lies within the year (rule PRORATA_BY_DAYS)
        amount = prorated_cents(annual, days, plan.days, rate)
        if amount and waiting:
            self.pending.append(Pending(plan.year.number, mission, part, due_on, from_cents(amount), waiting))
        elif amount:
            on = terms.on
            complete_on = due_on if kind == "payment" and due_on != running_from else None  # dossier declared later
            arguments = (mission, part, kind, plan, running_from, on, days, rate, terms.state, amount, complete_on)
            recipe = (explain.opening, arguments)
            self._pay(due_on, plan, mission, part, kind, amount, recipe, payable_from)
        return amount

    def _settle(
        self,
        plan: YearPlan,
        terms: InForce,
        mission: str,
        running_from: dt.date,
        paid: dict[str, int],
        advanced: InForce | None = None,
        rule: str | None = None,
    ) -> None:
        """The settlement of one mission for the year; rule MEMBERS_LIST_YEARLY when its size-4 bonus waits for
        the year's list of members (002 §5.1 « En justificatif, l'association CPTS transmettra tous les ans, la
        liste exhaustive de ses adhérents »): not received by the closing anniversary, the settlement is paid
        without the bonus, the bonus pending until the list arrives, then payable from that day."""
        if self.lists is None or plan.terminated or mission == "operating" or not terms.bonus:
            self._settle_parts(plan, terms, mission, running_from, paid, advanced, rule)
            return
        received = justified_on(self.lists, plan.year.number, plan.closes_on)
        if received is not None and received <= plan.closes_on:
            self._settle_parts(plan, terms, mission, running_from, paid, advanced, rule)
            return
        full = self._captured(lambda: self._settle_parts(plan, terms, mission, running_from, paid, advanced, rule))
        bare = terms.without_bonus()
        base = self._captured(lambda: self._settle_parts(plan, bare, mission, running_from, paid, advanced, rule))
        self._hold_bonus(plan, full, base[0], received)

    def _captured(self, settle: Callable[[], None]) -> tuple[list[Payment], list[Pending]]:
        """The payments and pending lines `settle` makes, kept apart from the schedule's."""
        payments, pending = self.payments, self.pending
        self.payments, self.pending = [], []
        try:
            settle()
            return self.payments, self.pending
        finally:
            self.payments, self.pending = payments, pending

    def _hold_bonus(
        self,
        plan: YearPlan,
        full: tuple[list[Payment], list[Pending]],
        base: list[Payment],
        received: dt.date | None,
    ) -> None:
        """Rule MEMBERS_LIST_YEARLY: each settlement payment is made without the size-4 bonus (the settlement
        computed as if the bonus in force at it were none: rule SIZE4_BONUS_FROM_AMENDMENT keeps the advance's);
        the difference is pending while the list is missing, or a "size4_bonus" line payable from the day it was
        received. A payment payable only from that day or later (a variable part validated after it) is whole, and
        so is one the bonus does not raise."""
        number = plan.year.number
        payments, pending = full
        self.pending += pending  # a variable part still waiting for its review: its maximum keeps the bonus
        bare = {payment.key: payment for payment in base}
        for payment in payments:
            without = bare.pop(payment.key, None)
            base_amount = without.amount if without is not None else ZERO
            held = payment.amount - base_amount
            if held <= 0 or (received is not None and received <= payment.payable_on):
                self.payments.append(payment)
                continue
            amounts = (payment.amount, base_amount)
            base_recipe = without.recipe if without is not None else None
            if without is not None:
                recipe: Recipe = (explain.bonus_held, (without.recipe, payment.recipe, number, received, amounts))
                self.payments.append(
                    make_payment(
                        without.due_on, number, without.mission, without.part, without.kind, base_amount, recipe,
                        without.payable_from,
                    )
                )  # fmt: skip
            if received is None:
                reason = waiting_reason(number)
                self.pending.append(Pending(number, payment.mission, payment.part, payment.due_on, held, reason))
            else:
                recipe = (explain.bonus_released, (base_recipe, payment.recipe, number, received, amounts))
                due_on = max(payment.due_on, received)
                self.payments.append(
                    make_payment(due_on, number, payment.mission, payment.part, "size4_bonus", held, recipe, received)
                )
        # A line only the settlement without the bonus would have (none in the tables): nothing is paid for it,
        # as with the bonus (a bonus is never negative, so nothing is held either).

    def _settle_parts(
        self,
        plan: YearPlan,
        terms: InForce,
        mission: str,
        running_from: dt.date,
        paid: dict[str, int],
        advanced: InForce | None = None,
        rule: str | None = None,
    ) -> None:
        """Rules TERMS_AT_SETTLEMENT and ROUNDING_BALANCE: due for the year with the terms in force when it is
        settled, minus what was already paid for that year and part (a part that vanished is due at zero); rule
        SIZE4_BONUS_FROM_AMENDMENT when the size-4 bonus differs between the advances (`advanced`) and now."""
        amounts = terms.table.amounts(mission)
        days = (plan.closes_on - running_from).days  # running_from is before the year closes (see `run`)
        bonus_changed = advanced is not None and advanced.bonus != terms.bonus
        for part, annual in amounts.items():
            if part == "variable":
                self._variable(plan, mission, terms, annual, running_from, days, rule)
            elif part in ONE_OFF_PARTS:
                continue
            elif bonus_changed and paid.get(part) and advanced is not None:
                self._bonus_balance(plan, terms, advanced, mission, part, paid[part], running_from, days)
            else:
                due = share(annual, days, plan.days)
                self._balance(plan, terms, mission, part, due, paid.get(part, 0), running_from, days, rule)
        for part, already in paid.items():
            if part not in amounts:
                self._balance(plan, terms, mission, part, 0, already, running_from, days, rule)

    def _balance(
        self,
        plan: YearPlan,
        terms: InForce,
        mission: str,
        part: str,
        due: int,
        already: int,
        running_from: dt.date,
        days: int,
        rule: str | None = None,
    ) -> None:
        if due == already:
            return
        amount = due - already
        kind = "reimbursement" if amount < 0 and plan.terminated else "balance"
        arguments = (mission, part, kind, plan, terms.state, due, already, running_from, days, terms.on)
        recipe = (explain.balance, (*arguments, rule) if rule else arguments)
        self._settled(plan, mission, part, kind, amount, already, recipe)

    def _bonus_balance(
        self,
        plan: YearPlan,
        terms: InForce,
        advanced: InForce,
        mission: str,
        part: str,
        already: int,
        running_from: dt.date,
        days: int,
    ) -> None:
        """Rule SIZE4_BONUS_FROM_AMENDMENT (002 §5.1, annexe 3 « Non rétroactif »): each payment carries the size-4
        bonus in force on its own date. The advance was paid at the bonus of its date; the rest of the year, due
        without the bonus minus the advance without the bonus, is paid at the bonus in force at the settlement."""
        base_due = share(terms.without_bonus().table.amounts(mission)[part], days, plan.days)
        base_annual = advanced.without_bonus().table.amounts(mission)[part]
        base_advance = prorated_cents(
            base_annual, (plan.year.end - running_from).days, plan.days, advanced.table.advance_rate
        )
        rest = base_due - base_advance
        amount = prorated_cents(rest, 1, 1, ONE + terms.bonus)
        if amount == 0:
            return
        kind = "reimbursement" if amount < 0 and plan.terminated else "balance"
        figures = (base_due, base_advance, already, amount, advanced.bonus, terms.bonus)
        arguments = (mission, part, kind, plan, terms.state, figures, running_from, days, terms.on)
        self._settled(plan, mission, part, kind, amount, already, (explain.bonus_balance, arguments))

    def _variable(
        self,
        plan: YearPlan,
        mission: str,
        terms: InForce,
        annual: int,
        running_from: dt.date,
        days: int,
        rule: str | None = None,
    ) -> None:
        """Rule VARIABLE_AT_SETTLEMENT: annual variable × attainment × prorata, or pending without a review."""
        number = plan.year.number
        attainment = self.contract.attainment.get((number, mission))
        if attainment is None:
            self.pending.append(
                Pending(
                    number,
                    mission,
                    "variable",
                    plan.settlement_due,
                    from_cents(share(annual, days, plan.days)),
                    f"revue annuelle de l'année {number} non validée : le volet variable reste à calculer",
                )
            )
            return
        due = prorated_cents(annual, days, plan.days, attainment)
        if due:
            arguments = (mission, plan, terms.state, attainment, due, running_from, days, terms.on)
            recipe = (explain.variable, (*arguments, rule) if rule else arguments)
            validated_on = self.contract.attainment_validated_on.get((number, mission), plan.closes_on)
            payable_from = max(plan.closes_on, validated_on)  # once the year is over and its rate validated
            self._settled(plan, mission, "variable", "balance", due, 0, recipe, payable_from)


def recurring_payments(
    contract: ContractDescription, timeline: TermsTimeline, plans: tuple[YearPlan, ...], readings: Readings
) -> tuple[list[Payment], list[Pending]]:
    builder = Recurring(contract, timeline, readings)
    builder.run(plans)
    return builder.payments, builder.pending
