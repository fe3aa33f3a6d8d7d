"""The budget projection, pure part (docs/steering.md, « Projection budgétaire »): scenarios, expiries,
renewals, pipeline, ceilings of the 2019 and avenant n° 2 tables, stochastic band."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpts.accord.contract import ContractDescription, MissionDates
from cpts.accord.schedule import compute_schedule
from cpts.steering.projection import Known, Prospect, Running, Scenario, project

D = Decimal
KNOWN = [Known(1, 2025, "operating", "operating", D("1000.00")), Known(1, 2025, "access", "variable", D("300.00"))]
PENDING = [Known(1, 2025, "access", "variable", D("1000.00"), pending=True)]


def total(result, year):
    return next(row["total"] for row in result["years"] if row["year"] == year)


def only(attainment, observed=None, **options):
    scenario = Scenario(2025, 1, attainment, renewals=False, pipeline=False, **options)
    return project(KNOWN + PENDING, [], [], observed or {}, scenario)


@pytest.mark.parametrize(("attainment", "expected"), [("0", "1300.00"), ("50", "1800.00"), ("100", "2300.00")])
def test_pending_variable_parts_weigh_by_the_scenario_rate(attainment, expected):
    """002 annexe 1, art. 4.2.2 and 6.2: a variable part is its maximum times the attainment rate; a validated
    one (already a line of the engine) counts as it is, whatever the scenario."""
    result = only(attainment)
    assert total(result, 2025) == D(expected)
    assert result["years"][0]["variable_maximum"] == D("1000.00")
    assert result["years"][0]["known"] == D("1300.00")


def test_observed_rate_is_the_mean_of_the_validated_rates_of_the_mission():
    """002 annexe 1, art. 4.2.2: the rates validated in the annual reviews; a mission without any takes the mean of
    all missions, and no rate at all counts the parts in full (said in the warnings)."""
    assert total(only("observed", {"access": [D("0.2"), D("0.6")]}), 2025) == D("1700.00")
    assert total(only("observed", {"pathways": [D("0.5")]}), 2025) == D("1800.00")
    result = only("observed")
    assert total(result, 2025) == D("2300.00") and result["explanation"]["warnings"]


def test_scenario_refuses_out_of_range_values_in_french():
    with pytest.raises(ValueError, match="horizon invalide"):
        Scenario(2025, 11)
    with pytest.raises(ValueError, match="taux d'atteinte inconnu"):
        Scenario(2025, 5, "75")
    with pytest.raises(ValueError, match="tirages"):
        Scenario(2025, 5, draws=10_001)


SIGNED = dt.date(2020, 3, 1)
DESCRIPTION = ContractDescription(
    signed_on=SIGNED, size=2, missions={"access": MissionDates(started_on=SIGNED), "pathways": MissionDates(SIGNED)}
)


def stored(description):
    """A signed contract as the steering tables hold it: the engine's lines and pending parts by calendar year."""
    schedule = compute_schedule(description)
    cells = [Known(7, p.due_on.year, p.mission, p.part, p.amount) for p in schedule.payments]
    cells += [Known(7, p.settles_on.year, p.mission, p.part, p.maximum, pending=True) for p in schedule.pending]
    running = Running(7, description.size, description.signed_on, schedule.years[-1].end, True, ("access", "pathways"))
    return cells, running


def test_expiry_leaves_nothing_after_the_contract_without_renewal():
    """002 annexe 1, art. 7 « La durée du contrat est de cinq ans »: without renewal, a ten-year horizon falls to
    nothing once the last settlement is paid."""
    cells, running = stored(DESCRIPTION)
    result = project(cells, [running], [], {}, Scenario(2021, 10, "100", renewals=False, pipeline=False))
    assert total(result, 2024) > 0 and total(result, 2025) > 0  # the fifth year's settlement, two months after
    assert all(row["total"] == 0 for row in result["years"] if row["year"] >= 2026)


def test_renewal_is_the_engines_schedule_of_a_new_contract_at_the_fifth_anniversary():
    """Projection hypothesis outside the agreement (002 annexe 1, art. 7 says nothing of the next contract): a new
    five-year contract, same size and missions, signed on the fifth anniversary, scheduled by the engine."""
    cells, running = stored(DESCRIPTION)
    result = project(cells, [running], [], {}, Scenario(2026, 3, "100", pipeline=False, renewals=True))
    on = running.ends_on
    missions = {"access": MissionDates(started_on=on), "pathways": MissionDates(started_on=on)}
    first = compute_schedule(ContractDescription(signed_on=on, size=2, sas_from=on, missions=missions))
    later = {d.mission: MissionDates(started_on=d.due_on) for d in first.deadlines
             if d.kind == "start" and d.mission in ("prevention", "crisis")}  # fmt: skip
    assert set(later) == {"prevention", "crisis"}  # the other core missions start at their deadline (art. 3)
    renewed = compute_schedule(ContractDescription(signed_on=on, size=2, sas_from=on, missions=missions | later))
    for row in result["years"]:
        expected = sum((p.amount for p in renewed.payments if p.due_on.year == row["year"]), D(0))
        expected += sum((p.maximum for p in renewed.pending if p.settles_on.year == row["year"]), D(0))
        assert row["renewal"] == expected
        assert row["total"] == row["in_force"] + row["renewal"] > 0


def test_pipeline_signs_on_the_expected_day_at_its_size():
    """A CPTS in project signs on its expected day (the observed delay): nothing before, the engine's schedule of
    its size after, core missions started at their deadlines (002 annexe 1, art. 3)."""
    prospect = Prospect(3, 1, "project_validated", dt.date(2027, 4, 1))
    result = project([], [], [prospect], {}, Scenario(2026, 4, "100", renewals=False))
    assert total(result, 2026) == 0
    assert total(result, 2027) > 0 and total(result, 2027) == result["years"][1]["pipeline"]
    late = project([], [], [prospect], {}, Scenario(2026, 4, "100", renewals=False, delay_months=12))
    assert total(late, 2028) < total(result, 2028)  # missions started a year late are paid less


def test_ceilings_of_2019_and_avenant_2_for_the_same_contract():
    """001: « une aide ... pouvant aller jusqu'à désormais 580 000 euros - au lieu des 450 000 euros précédemment »
    for a size-4 CPTS with every mission deployed: the ceiling effect of avenant n° 2 for the same contract."""
    running = Running(1, 4, dt.date(2024, 1, 1), dt.date(2029, 1, 1), False)
    rows = project([], [running], [], {}, Scenario(2025, 1, renewals=False, pipeline=False))["ceilings"]
    assert rows == [{"year": 2025, "contracts": 1, "aci_2019": D("450000.00"), "avenant_2": D("580000.00"),
                     "difference": D("130000.00")}]  # fmt: skip


def test_stochastic_band_is_seeded_and_ordered():
    """The draws weigh only the pending variable parts, each rate drawn from the validated rates of its mission."""
    cells, running = stored(DESCRIPTION)
    observed = {"access": [D("0"), D("0.5"), D("1")], "pathways": [D("0.25"), D("0.75")]}
    scenario = Scenario(2021, 4, "observed", renewals=False, pipeline=False, draws=500, seed=7)
    first = project(cells, [running], [], observed, scenario)
    assert first == project(cells, [running], [], observed, scenario)
    for row in first["years"]:
        low = row["known"] + row["owed"]
        assert low <= row["p10"] <= row["median"] <= row["p90"] <= low + row["variable_maximum"]
    assert any(row["p10"] < row["p90"] for row in first["years"])  # the rates spread, so does the money


def test_draws_from_full_rates_equal_the_full_projection():
    cells, running = stored(DESCRIPTION)
    scenario = Scenario(2021, 4, "100", renewals=False, pipeline=False, draws=50, seed=1)
    for row in project(cells, [running], [], {"access": [D("1")]}, scenario)["years"]:
        assert row["p10"] == row["median"] == row["p90"] == row["total"]


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(2025, 2027), amounts, st.booleans()), max_size=30))
def test_projection_money_invariants(rows):
    """Money stays exact: at 100 % the total is every known line plus every pending maximum; at 0 % the known lines
    alone; and any scenario lies between."""
    cells = [Known(1, year, "access", "variable", amount, pending) for year, amount, pending in rows]
    results = {a: project(cells, [], [], {}, Scenario(2025, 3, a, renewals=False, pipeline=False)) for a in
               ("0", "50", "100")}  # fmt: skip
    for offset, year in enumerate((2025, 2026, 2027)):
        known = sum((c.amount for c in cells if c.year == year and not c.pending), D("0.00"))
        maximum = sum((c.amount for c in cells if c.year == year and c.pending), D("0.00"))
        assert results["0"]["years"][offset]["total"] == known
        assert results["100"]["years"][offset]["total"] == known + maximum
        assert known <= results["50"]["years"][offset]["total"] <= known + maximum
