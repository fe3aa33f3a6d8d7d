"""The budget projection, pure part (docs/steering.md, « Projection budgétaire »): scenarios, expiries,
renewals, pipeline, ceilings of the 2019 and avenant n° 2 tables, stochastic band."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpts.accord.contract import ContractDescription, MissionDates
from cpts.accord.schedule import compute_schedule
from cpts.steering.projection import Known, Prospect, Running, Scenario, crisis_dates, project

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


# Scenario switches on the signed contracts: missions not started, SAS arrival, crises -----------------------------

SIGNED_2023 = dt.date(2023, 3, 15)
ON = dt.date(2024, 1, 10)  # the observation date: the switches change nothing before it


def in_force(description):
    """A signed contract in force on ON as the forecast reads it: its stored cells, and a renewable Running with its
    description and start deadlines (the engine's)."""
    schedule = compute_schedule(description)
    cells = [Known(9, p.due_on.year, p.mission, p.part, p.amount) for p in schedule.payments]
    cells += [Known(9, p.settles_on.year, p.mission, p.part, p.maximum, pending=True) for p in schedule.pending]
    deadlines = tuple((d.mission, d.due_on) for d in schedule.deadlines if d.kind == "start" and d.due_on)
    started = tuple(sorted(m for m, dates in description.missions.items() if dates.started_on))
    running = Running(9, description.size, description.signed_on, schedule.years[-1].end, True, started,
                      description=description, deadlines=deadlines)  # fmt: skip
    return cells, running


def by_year(schedule, year):
    """The engine's payments and pending maxima of a calendar year (the projection at 100 %)."""
    paid = sum((p.amount for p in schedule.payments if p.due_on.year == year), D(0))
    return paid + sum((p.maximum for p in schedule.pending if p.settles_on.year == year), D(0))


def signed_only(**options):
    return Scenario(2023, 5, "100", renewals=False, pipeline=False, **options)


ACCESS_PATHWAYS = {"access": MissionDates(started_on=SIGNED_2023), "pathways": MissionDates(started_on=SIGNED_2023)}


def test_missions_not_started_start_on_the_calendar_or_late():
    """Projection hypothesis: a signed contract's core missions not started start at their deadline of the calendar
    (002 annexe 1, art. 3), or `delay_months` later, never before the observation date; switched off, they never
    start (the contract as recorded). Each case is the engine's schedule of the adjusted description."""
    description = ContractDescription(signed_on=SIGNED_2023, size=2, sas_from=SIGNED_2023, missions=ACCESS_PATHWAYS)
    cells, running = in_force(description)
    recorded = project(cells, [running], [], {}, signed_only(start_missions=False), on=ON)
    on_time = project(cells, [running], [], {}, signed_only(), on=ON)
    late = project(cells, [running], [], {}, signed_only(delay_months=12), on=ON)
    calendar = {"prevention": MissionDates(started_on=dt.date(2024, 3, 15)),
                "crisis": MissionDates(started_on=ON)}  # crisis deadline 15/09/2023: passed, so from ON  # fmt: skip
    expected = compute_schedule(dataclasses.replace(description, missions=ACCESS_PATHWAYS | calendar))
    later = {"prevention": MissionDates(started_on=dt.date(2025, 3, 15)),
             "crisis": MissionDates(started_on=dt.date(2024, 9, 15))}  # fmt: skip
    expected_late = compute_schedule(dataclasses.replace(description, missions=ACCESS_PATHWAYS | later))
    for rows in zip(recorded["years"], on_time["years"], late["years"], strict=True):
        year = rows[0]["year"]
        assert rows[0]["total"] == by_year(compute_schedule(description), year)
        assert rows[1]["total"] == by_year(expected, year)
        assert rows[2]["total"] == by_year(expected_late, year)
    assert total(recorded, 2023) == total(on_time, 2023) == total(late, 2023)  # nothing changes before ON
    assert total(recorded, 2025) < total(late, 2025) < total(on_time, 2025)
    assert on_time["scenario"]["start_missions"] and not recorded["scenario"]["start_missions"]


def test_sas_arrival_for_signed_contracts_without_one():
    """A contract in force without a SAS gets one on the scenario's date (002 §2.1 and §2.3: the access amounts with
    a SAS from then); the engine's schedule with that `sas_from`; before the date, nothing changes."""
    description = ContractDescription(signed_on=SIGNED_2023, size=2, missions=ACCESS_PATHWAYS)
    cells, running = in_force(description)
    arrival = dt.date(2025, 1, 1)
    without = project(cells, [running], [], {}, signed_only(start_missions=False), on=ON)
    with_sas = project(cells, [running], [], {}, signed_only(start_missions=False, sas_on=arrival), on=ON)
    expected = compute_schedule(dataclasses.replace(description, sas_from=arrival))
    for row in with_sas["years"]:
        assert row["total"] == by_year(expected, row["year"])
    assert total(with_sas, 2024) == total(without, 2024) and total(with_sas, 2026) > total(without, 2026)
    assert with_sas["scenario"]["sas_on"] == "2025-01-01"


def test_sas_arrival_for_new_contracts_without_a_sas():
    prospect = Prospect(3, 2, "project_validated", dt.date(2024, 6, 1))
    scenario = {"attainment": "100", "renewals": False, "sas": False}
    without = project([], [], [prospect], {}, Scenario(2024, 4, **scenario))
    later = project([], [], [prospect], {}, Scenario(2024, 4, sas_on=dt.date(2025, 6, 1), **scenario))
    assert total(later, 2024) == total(without, 2024) and total(later, 2026) > total(without, 2026)


def test_crises_a_year_pay_the_occurrence_once_per_contract_year():
    """Crises declared each year (a hypothesis): the « survenue d'une crise » part, due once per contract year at
    most, plan drafted (002 §1.3; 002 annexe 1, art. 6.2; rule CRISIS_PAYMENTS), as the engine schedules it."""
    missions = ACCESS_PATHWAYS | {"crisis": MissionDates(started_on=SIGNED_2023)}
    description = ContractDescription(signed_on=SIGNED_2023, size=2, sas_from=SIGNED_2023, missions=missions,
                                      crisis_plan_drafted_on=dt.date(2023, 6, 1))  # fmt: skip
    cells, running = in_force(description)
    quiet = project(cells, [running], [], {}, signed_only(start_missions=False), on=ON)
    one, three = (project(cells, [running], [], {}, signed_only(start_missions=False, crises=n), on=ON) for n in (1, 3))
    declared = (dt.date(2024, 7, 2), dt.date(2025, 7, 2), dt.date(2026, 7, 2), dt.date(2027, 7, 2))
    assert declared == crisis_dates(signed_only(crises=1), ON)  # the middle of each year
    expected = compute_schedule(dataclasses.replace(description, crises=declared))
    occurrences = [p for p in expected.payments if p.part == "crisis_occurrence"]
    assert len(occurrences) == 4 and len({p.contract_year for p in occurrences}) == 4
    for row, quiet_row, three_row in zip(one["years"], quiet["years"], three["years"], strict=True):
        assert row["total"] == by_year(expected, row["year"])
        assert quiet_row["total"] <= row["total"] <= three_row["total"]
    assert total(one, 2023) == total(quiet, 2023) and total(one, 2025) > total(quiet, 2025)
    with pytest.raises(ValueError, match="crises par an"):
        Scenario(2025, 5, crises=13)
