"""Attainment of the objectives of a mission (002 annexe 1, art. 4.2.2, 4.2.2.1, 4.2.2.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpts.accord.errors import AccordError
from cpts.accord.indicators import Indicator, local_indicator, national_indicators
from cpts.accord.variable import (
    AllOrNothing,
    Baseline,
    Linear,
    Objective,
    Override,
    Steps,
    mission_attainment,
)

D = Decimal
NATIONAL = national_indicators()
EMERGENCY = NATIONAL["access_emergency_without_admission"]
SAS_DOCTORS = NATIONAL["access_sas_doctors"]
WITH_GP = NATIONAL["access_patients_with_gp"]
BASE_DATE = dt.date(2023, 12, 31)


def baseline(value: str) -> Baseline:
    return Baseline(D(value), BASE_DATE, "Assurance maladie, données CPTS", "2023-T4")


def linear(indicator: Indicator, base: str, target: str, weight: str = "1", year: int = 1) -> Objective:
    return Objective(indicator, year, D(target), D(weight), Linear(), baseline(base))


def rate_of(objectives: list[Objective], measured: dict[str, D | None], **kwargs: object) -> D | None:
    return mission_attainment("access", 1, objectives, measured, **kwargs).rate  # type: ignore[arg-type]


# --- the catalogue ---------------------------------------------------------------------------------------------


def test_catalogue_holds_the_six_national_access_indicators() -> None:
    """002 annexe 1, art. 4.2.2.2 lists six indicators "de suivi de la mission ... accès aux soins"."""
    assert len(NATIONAL) == 6
    assert {indicator.mission for indicator in NATIONAL.values()} == {"access"}
    assert all("4.2.2.2" in indicator.source for indicator in NATIONAL.values())


def test_printed_directions_are_kept() -> None:
    """002 annexe 1, art. 4.2.2.2: urgences "(indicateur décroissant)", admissions directes "(indicateur croissant)"."""
    assert EMERGENCY.direction == "decreasing"
    assert NATIONAL["access_direct_admissions_from_city"].direction == "increasing"
    assert NATIONAL["access_vulnerable_without_gp"].direction == "decreasing"  # "réduction du pourcentage"


def test_local_indicator_needs_definition_computation_and_source() -> None:
    """002 annexe 1, art. 4.2.2.2: "définitions et modalités de calcul explicitées des indicateurs choisis"."""
    with pytest.raises(AccordError, match="mode de calcul"):
        local_indicator("x", "Actions", "prevention", definition="", unit="nombre", computation="", data_source="",
                        kind="means")
    made = local_indicator("prev_actions", "Actions de prévention", "prevention", definition="Actions menées",
                           unit="nombre", computation="Somme annuelle", data_source="Bilan CPTS", kind="means")
    assert made.scope == "local" and made.kind == "means"


def test_local_indicator_cannot_take_a_national_code() -> None:
    """002 annexe 1, art. 4.2.2.2: national and local indicators are distinct rows of the table."""
    with pytest.raises(AccordError, match="national"):
        local_indicator("access_sas_doctors", "x", "access", definition="d", unit="u", computation="c",
                        data_source="s", kind="means")


# --- the three rules ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("29", "0"), ("30", "1"), ("45", "1")])
def test_all_or_nothing(value: str, expected: str) -> None:
    """Rule "all-or-nothing": 100 % once the target (30 doctors in the SAS) is reached, else 0 %."""
    objective = Objective(SAS_DOCTORS, 1, D(30), D(1), AllOrNothing())
    assert rate_of([objective], {SAS_DOCTORS.code: D(value)}) == D(expected)


@pytest.mark.parametrize(("value", "expected"), [("60", "0"), ("55", "0"), ("65", "0.5"), ("70", "1"), ("80", "1")])
def test_linear_increasing_is_capped(value: str, expected: str) -> None:
    """Rule "linear between baseline and target capped at 100 %" (LINEAR_CAPPED): 60 % -> 70 %."""
    assert rate_of([linear(WITH_GP, "60", "70")], {WITH_GP.code: D(value)}) == D(expected)


@pytest.mark.parametrize(("value", "expected"), [("80", "0"), ("85", "0"), ("77", "0.3"), ("70", "1"), ("50", "1")])
def test_linear_decreasing_indicator(value: str, expected: str) -> None:
    """002 annexe 1, art. 4.2.2.2: emergency visits without admission is "(indicateur décroissant)": 80 % -> 70 %."""
    assert rate_of([linear(EMERGENCY, "80", "70")], {EMERGENCY.code: D(value)}) == D(expected)


def test_linear_target_must_point_the_indicator_way() -> None:
    """002 annexe 1, art. 4.2.2.2: a decreasing indicator's objective is a reduction."""
    with pytest.raises(AccordError, match="inférieure"):
        linear(EMERGENCY, "80", "85")
    with pytest.raises(AccordError, match="valeur de référence"):
        Objective(WITH_GP, 1, D(70), D(1), Linear())


def test_steps_increasing_and_decreasing() -> None:
    """Rule "steps" (STEPS_ON_VALUE): the best threshold reached gives its rate, 0 % below the first."""
    steps = Steps(((D(20), D("0.5")), (D(30), D(1))))
    objective = Objective(SAS_DOCTORS, 1, D(30), D(1), steps)
    assert [rate_of([objective], {SAS_DOCTORS.code: D(v)}) for v in (10, 20, 25, 30, 99)] == [
        D(0), D("0.5"), D("0.5"), D(1), D(1)
    ]
    down = Objective(EMERGENCY, 1, D(70), D(1), Steps(((D(75), D("0.4")), (D(70), D(1)))))
    assert [rate_of([down], {EMERGENCY.code: D(v)}) for v in (80, 75, 72, 70, 60)] == [
        D(0), D("0.4"), D("0.4"), D(1), D(1)
    ]


def test_steps_may_not_lower_the_rate_when_results_improve() -> None:
    """A step rule must reward a better result at least as much as a worse one."""
    with pytest.raises(AccordError, match="baisser"):
        Objective(SAS_DOCTORS, 1, D(30), D(1), Steps(((D(20), D(1)), (D(30), D("0.5")))))
    with pytest.raises(AccordError, match="entre 0 et 1"):
        Objective(SAS_DOCTORS, 1, D(30), D(1), Steps(((D(20), D("1.5")),)))


# --- the mission rate ---------------------------------------------------------------------------------------------


def test_weighted_mean_with_explanation() -> None:
    """002 annexe 1, art. 4.2.2 (WEIGHTED_MEAN_OF_INDICATORS): weights 3 and 1, rates 50 % and 100 % -> 62,5 %."""
    objectives = [linear(EMERGENCY, "80", "70", weight="3"), Objective(SAS_DOCTORS, 1, D(30), D(1), AllOrNothing())]
    result = mission_attainment("access", 1, objectives, {EMERGENCY.code: D(75), SAS_DOCTORS.code: D(31)})
    assert result.rate == D("0.625") and result.status == "computed"
    assert [r.contribution for r in result.indicators] == [D("0.375"), D("0.25")]
    text = result.explanation.to_text()
    assert "62,5 %" in text and "poids 3 / 4 × 50 %" in text and "décroissant" in text
    assert result.explanation.to_dict()["amount"] == "0.6250"


def test_follow_up_indicator_has_no_effect() -> None:
    """002 annexe 1, art. 4.2.2.2: "indicateurs retenus pour le suivi" next to those of the variable part."""
    objectives = [linear(EMERGENCY, "80", "70"), Objective(WITH_GP, 1)]
    low = mission_attainment("access", 1, objectives, {EMERGENCY.code: D(75), WITH_GP.code: D(1)})
    high = mission_attainment("access", 1, objectives, {EMERGENCY.code: D(75), WITH_GP.code: D(99)})
    assert low.rate == high.rate == D("0.5")
    assert "suivi seulement" in low.explanation.to_text()


def test_missing_value_scores_zero_and_says_so() -> None:
    """Rule MISSING_VALUE_SCORES_ZERO: a weighted indicator without a measured value counts 0 %."""
    objectives = [linear(EMERGENCY, "80", "70"), Objective(SAS_DOCTORS, 1, D(30), D(1), AllOrNothing())]
    result = mission_attainment("access", 1, objectives, {EMERGENCY.code: D(70)})
    assert result.rate == D("0.5")
    assert "non renseignée" in result.explanation.to_text()
    assert "MISSING_VALUE_SCORES_ZERO" in result.explanation.to_text()
    assert rate_of(objectives, {EMERGENCY.code: D(70), SAS_DOCTORS.code: None}) == D("0.5")


def test_zero_total_weight_is_no_variable_indicator() -> None:
    """Rule NO_VARIABLE_INDICATOR: without a weighted objective the rate is not computed; the schedule keeps waiting."""
    result = mission_attainment("access", 1, [Objective(WITH_GP, 1)], {WITH_GP.code: D(80)})
    assert result.rate is None and result.computed is None and result.status == "no_variable_indicator"
    assert "non calculable" in result.explanation.to_text()
    assert result.explanation.to_dict()["amount"] is None
    assert mission_attainment("pathways", 1, [], {}).status == "no_variable_indicator"


def test_override_replaces_the_computed_rate_and_shows_both() -> None:
    """002 annexe 1, art. 4.2.2 (JOINT_DECISION_OVERRIDE): the three signatories may adjust; the reason is kept."""
    override = Override(D("0.8"), "Départ de deux médecins du territoire", dt.date(2025, 3, 10))
    result = mission_attainment("access", 1, [linear(EMERGENCY, "80", "70")], {EMERGENCY.code: D(75)}, override)
    assert (result.rate, result.computed, result.status) == (D("0.8"), D("0.5"), "overridden")
    text = result.explanation.to_text()
    assert "taux calculé = 50 %" in text and "80 %" in text and "Départ de deux médecins" in text
    no_weight = mission_attainment("access", 1, [Objective(WITH_GP, 1)], {}, override)
    assert no_weight.rate == D("0.8") and no_weight.computed is None


def test_override_needs_a_reason_and_a_rate_within_bounds() -> None:
    """Rule JOINT_DECISION_OVERRIDE: the reason is recorded; a rate lies between 0 and 100 %."""
    with pytest.raises(AccordError, match="motif"):
        Override(D("0.5"), "  ", dt.date(2025, 1, 1))
    with pytest.raises(AccordError, match="entre 0 et 1"):
        Override(D("1.2"), "motif", dt.date(2025, 1, 1))


def test_objectives_differ_per_year() -> None:
    """002 annexe 1, art. 4.2.2: "Le contrat peut définir des objectifs différenciés pour chaque année"."""
    first, second = linear(WITH_GP, "60", "65", year=1), linear(WITH_GP, "60", "70", year=2)
    assert mission_attainment("access", 1, [first], {WITH_GP.code: D(65)}).rate == 1
    assert mission_attainment("access", 2, [second], {WITH_GP.code: D(65)}).rate == D("0.5")
    with pytest.raises(AccordError, match="année 1"):
        mission_attainment("access", 1, [second], {})


def test_crisis_mission_has_follow_up_indicators_only() -> None:
    """002 annexe 1, art. 4.2.2: for the crisis mission "aucun objectif de résultats n'est défini"."""
    actions = local_indicator("crisis_actions", "Actions de crise", "crisis", definition="d", unit="nombre",
                              computation="c", data_source="s", kind="means")
    assert Objective(actions, 1).follow_up_only
    with pytest.raises(AccordError, match="CRISIS_FOLLOW_UP_ONLY"):
        Objective(actions, 1, D(3), D(1), AllOrNothing())


def test_rejects_unknown_values_duplicates_and_missions_without_variable_part() -> None:
    """Values are measured for the indicators the contract retained, once each."""
    objective = linear(WITH_GP, "60", "70")
    with pytest.raises(AccordError, match="non retenus"):
        mission_attainment("access", 1, [objective], {"typo": D(1)})
    with pytest.raises(AccordError, match="deux fois"):
        mission_attainment("access", 1, [objective, objective], {})
    with pytest.raises(AccordError, match="sans volet variable"):
        mission_attainment("operating", 1, [], {})
    with pytest.raises(AccordError, match="négatif"):
        Objective(WITH_GP, 1, D(70), D(-1), Linear(), baseline("60"))


# --- invariants ---------------------------------------------------------------------------------------------------

values = st.decimals(min_value=-1000, max_value=1000, places=2)
weights = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def objectives_and_values(draw: st.DrawFn) -> tuple[list[Objective], dict[str, D | None]]:
    objectives, measured = [], {}
    for code, indicator in list(NATIONAL.items())[: draw(st.integers(1, 6))]:
        base, target = sorted(draw(st.lists(values, min_size=2, max_size=2, unique=True)))
        if indicator.direction == "decreasing":
            base, target = target, base
        rule = draw(st.sampled_from([Linear(), AllOrNothing(), Steps(((target, D(1)),))]))
        objectives.append(Objective(indicator, 1, target, draw(weights), rule, baseline(str(base))))
        measured[code] = draw(st.none() | values)
    return objectives, measured


@given(objectives_and_values())
def test_rate_always_between_zero_and_one(case: tuple[list[Objective], dict[str, D | None]]) -> None:
    """The amounts of art. 5 are for 100 % attainment, so a rate never leaves [0, 1]."""
    result = mission_attainment("access", 1, *case)
    assert result.rate is None or D(0) <= result.rate <= D(1)
    assert all(r.rate is None or D(0) <= r.rate <= D(1) for r in result.indicators)


@given(objectives_and_values(), values, values)
def test_rate_is_monotone_in_an_increasing_indicator(
    case: tuple[list[Objective], dict[str, D | None]], a: D, b: D
) -> None:
    """A better measured value of an increasing indicator never lowers the mission rate."""
    objectives, measured = case
    code = WITH_GP.code  # the first national indicator, increasing, always drawn
    low = mission_attainment("access", 1, objectives, {**measured, code: min(a, b)}).rate
    high = mission_attainment("access", 1, objectives, {**measured, code: max(a, b)}).rate
    assert (low is None and high is None) or (low is not None and high is not None and low <= high)
