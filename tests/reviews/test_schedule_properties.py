"""The schedule's invariants still hold with annual reviews in place (docs/reviews.md).

Generated: the access mission's start, and for each contract year a review that is
validated, left under review or sent back for correction, with drawn measured
values for two indicators (emergency visits 80 % -> 70 %, linear, weight 3;
SAS doctors >= 30, all or nothing, weight 1), all through the services. Checked,
per year and part:
- a validated review writes the rate an independent computation of the rules gives
  (002 annexe 1, art. 4.2.2; rules LINEAR_CAPPED, WEIGHTED_MEAN_OF_INDICATORS,
  MISSING_VALUE_SCORES_ZERO, ATTAINMENT_ROUNDED_TO_BASIS_POINT);
- its variable part is then paid, at that rate of the pending maximum, and no longer
  pending; a review not validated leaves the part pending (never zero);
- every other line of the schedule (fixed parts, operating, advances, other years)
  is unchanged by the reviews; keys stay unique; yearly totals add up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpts.accord.money import ZERO, cents
from cpts.contracts.models import Attainment, Mission
from cpts.payments.schedules import contract_schedule
from cpts.reviews import objectives, services
from cpts.reviews.models import ContractIndicator

from .conftest import Parties, add_national

EMERGENCY, SAS = "access_emergency_without_admission", "access_sas_doctors"
ON = dt.date(2028, 3, 1)  # after the fifth year (contract signed 15/01/2023), within the six months that settle it
VALUES = st.none() | st.integers(0, 100).map(Decimal)
REVIEWS = st.dictionaries(
    st.integers(1, 5),
    st.tuples(st.sampled_from(("validated", "submitted", "correction")), VALUES, VALUES),
    max_size=5,
)


def expected_rate(emergency: Decimal | None, sas: Decimal | None) -> Decimal:
    """The rules computed here by hand: linear 80 -> 70 capped (weight 3), >= 30 all or nothing (weight 1)."""
    linear = Decimal(0) if emergency is None else min(max((80 - emergency) / Decimal(10), Decimal(0)), Decimal(1))
    all_or_nothing = Decimal(1) if sas is not None and sas >= 30 else Decimal(0)
    return ((3 * linear + all_or_nothing) / 4).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def define(p: Parties) -> None:
    emergency = add_national(p.contract, EMERGENCY)
    sas = add_national(p.contract, SAS)
    for year in range(1, 6):
        objectives.set_objective(
            p.as_cpam, emergency, year, weight=Decimal(3), rule="linear", target=Decimal(70),
            baseline_value=Decimal(80), baseline_on=dt.date(2022, 12, 31), baseline_source="ATIH",
        )
        objectives.set_objective(p.as_cpam, sas, year, weight=Decimal(1), rule="all_or_nothing", target=Decimal(30))


def run_review(p: Parties, year: int, outcome: str, emergency: Decimal | None, sas: Decimal | None) -> None:
    review = services.open_review(p.contract, year)
    services.set_values(p.as_cpts, review, {EMERGENCY: emergency, SAS: sas})
    services.submit(p.as_cpts, review)
    if outcome == "correction":
        services.request_correction(p.as_ars, review, "Valeurs à justifier")
    elif outcome == "validated":
        services.validate(p.as_cpam, review, ON)
        services.validate(p.as_ars, review, ON)


def lines(schedule: Any) -> dict[tuple[int, str, str, str], tuple[dt.date, Decimal]]:
    return {payment.key: (payment.due_on, payment.amount) for payment in schedule.payments}


def without_variable(found: dict[tuple[int, str, str, str], Any]) -> dict[tuple[int, str, str, str], Any]:
    return {key: line for key, line in found.items() if key[2] != "variable"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(started=st.dates(dt.date(2023, 1, 15), dt.date(2024, 6, 30)), reviews=REVIEWS)
def test_schedule_invariants_hold_with_reviews(
    parties: Parties, started: dt.date, reviews: dict[int, tuple[str, Decimal | None, Decimal | None]]
) -> None:
    p = parties
    with transaction.atomic():
        Mission.objects.create(contract=p.contract, key="access", started_on=started)
        define(p)
        before = contract_schedule(p.contract)
        maxima = {(q.contract_year, q.mission): q.maximum for q in before.pending}
        for year, (outcome, emergency, sas) in sorted(reviews.items()):
            run_review(p, year, outcome, emergency, sas)
        after = contract_schedule(p.contract)
        validated = {year: expected_rate(e, s) for year, (outcome, e, s) in reviews.items() if outcome == "validated"}
        rates = dict(Attainment.objects.filter(contract=p.contract).values_list("contract_year", "rate"))
        assert rates == validated

        old, new = lines(before), lines(after)
        assert len(new) == len(after.payments)  # keys unique
        assert without_variable(new) == without_variable(old)
        assert not any(key[2] == "variable" for key in old)  # before any review: every variable part pending
        paid: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        for key, (_, amount) in new.items():
            if key[2] == "variable":
                paid[(key[0], key[1])] += amount
        pending = {(q.contract_year, q.mission) for q in after.pending}
        for (year, mission), maximum in maxima.items():
            if year in validated:
                assert (year, mission) not in pending
                # cents(x * r) and cents(cents(x) * r) differ by at most one cent: both round once more.
                assert abs(paid[(year, mission)] - cents(maximum * validated[year])) <= Decimal("0.01")
                assert paid[(year, mission)] <= maximum
            else:
                assert (year, mission) in pending and (year, mission) not in paid
        by_year = after.totals()["by_year"]
        for year in by_year:
            assert by_year[year] == sum((a for k, (_, a) in new.items() if k[0] == year), ZERO)
        assert ContractIndicator.objects.filter(contract=p.contract).count() == 2
        transaction.set_rollback(True)
