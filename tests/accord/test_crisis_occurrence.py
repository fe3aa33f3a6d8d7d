"""Declared crises: who may declare, which CPTS get the occurrence amount, the COVID-2021 derogation."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpts.accord.contract import Amendment, ContractDescription, Termination
from cpts.accord.crises import (
    OUTSIDE,
    Area,
    Candidate,
    Crisis,
    covid_2021_derogation,
    decisions,
    excluded,
    occurrence_dates,
)
from cpts.accord.errors import AccordError

# The contract of WORKED-EXAMPLE.md: signed 2023-03-01, plan drafted 2023-12-01, size 2.
CONTRACT = ContractDescription(signed_on=dt.date(2023, 3, 1), size=2, crisis_plan_drafted_on=dt.date(2023, 12, 1))
RURAL = Area(communes=frozenset({"19031", "19275"}), departments=frozenset({"19"}), regions=frozenset({"75"}))
CITY = Area(communes=frozenset({"69123"}), departments=frozenset({"69"}), regions=frozenset({"84"}))


def crisis(on: dt.date, area: Area | None = None, reference: str = "ARS-2024-001") -> Crisis:
    return Crisis(on, "sick", area or Area(departments=frozenset({"19"})), "ars_director_general", reference)


def rural(contract: ContractDescription = CONTRACT) -> Candidate:
    return Candidate("CPTS du plateau", RURAL, contract)


def test_one_crisis_pays_within_the_month() -> None:
    """WORKED-EXAMPLE.md: crisis declared 2024-11-10 in year 2, plan drafted: paid, due by 2024-12-10 (art. 6.2)."""
    (decision,) = decisions([crisis(dt.date(2024, 11, 10))], [rural()])
    assert decision.paid
    assert (decision.contract_year, decision.due_by) == (2, dt.date(2024, 12, 10))
    assert "au plus tard le 10/12/2024" in decision.reason


def test_two_crises_in_one_contract_year_pay_once() -> None:
    """002 annexe 1, art. 6.2: « quel que soit le nombre de crises identifiées par l'ARS »."""
    crises = [crisis(dt.date(2025, 1, 20), reference="B"), crisis(dt.date(2024, 11, 10), reference="A")]
    first, second = decisions(crises, [rural()])
    assert first.paid and first.crisis.reference == "A"
    assert not second.paid and second.contract_year == 2
    assert "déjà dû pour l'année de contrat 2 (crise du 10/11/2024)" in second.reason
    assert occurrence_dates(crises, rural()) == (dt.date(2024, 11, 10),)


def test_crises_in_two_contract_years_pay_twice() -> None:
    """Art. 6.2: « en totalité pour l'année considérée »: one amount per contract year."""
    crises = [crisis(dt.date(2024, 2, 29), reference="A"), crisis(dt.date(2024, 3, 1), reference="B")]
    found = decisions(crises, [rural()])
    assert [(d.paid, d.contract_year) for d in found] == [(True, 1), (True, 2)]
    assert occurrence_dates(crises, rural()) == (dt.date(2024, 2, 29), dt.date(2024, 3, 1))


def test_a_cpts_without_a_plan_is_listed_with_its_reason() -> None:
    """002 §1.3: « le deuxième volet ne peut pas être financé sans la rédaction du plan »."""
    without = Candidate("CPTS sans plan", RURAL, replace(CONTRACT, crisis_plan_drafted_on=None))
    found = decisions([crisis(dt.date(2024, 11, 10))], [rural(), without])
    assert [d.cpts for d in found if d.paid] == ["CPTS du plateau"]
    (refused,) = excluded(found)
    assert refused.cpts == "CPTS sans plan" and "aucun plan de crise rédigé" in refused.reason


def test_a_plan_drafted_after_the_declaration_does_not_count() -> None:
    """Rule CRISIS_PAYMENTS_ELIGIBILITY: the plan must exist on the day of the declaration (002 §1.3)."""
    late = rural(replace(CONTRACT, crisis_plan_drafted_on=dt.date(2024, 11, 11)))
    (decision,) = decisions([crisis(dt.date(2024, 11, 10))], [late])
    assert not decision.paid and "après la déclaration" in decision.reason
    same_day = rural(replace(CONTRACT, crisis_plan_drafted_on=dt.date(2024, 11, 10)))
    assert decisions([crisis(dt.date(2024, 11, 10))], [same_day])[0].paid


def test_a_cpts_outside_the_area_gets_nothing_and_is_not_listed_as_excluded() -> None:
    city = Candidate("CPTS de la ville", CITY, CONTRACT)
    found = decisions([crisis(dt.date(2024, 11, 10))], [rural(), city])
    outside = next(d for d in found if d.cpts == "CPTS de la ville")
    assert not outside.paid and not outside.in_area and outside.reason == OUTSIDE
    assert excluded(found) == ()


@pytest.mark.parametrize(
    "area",
    [
        Area(communes=frozenset({"19275"})),
        Area(departments=frozenset({"19"})),
        Area(regions=frozenset({"75"})),
    ],
)
def test_the_area_touches_by_commune_department_or_region(area: Area) -> None:
    """Rule CRISIS_AREA_TOUCHES: one shared commune, department or region is enough."""
    assert decisions([crisis(dt.date(2024, 11, 10), area)], [rural()])[0].paid


def test_a_terminated_contract_gets_nothing_from_its_effective_date() -> None:
    """002 annexe 1, art. 8.1: notice 2024-08-01 by the CPTS takes effect 2024-10-01 (two months)."""
    terminated = rural(replace(CONTRACT, termination=Termination(dt.date(2024, 8, 1), "cpts")))
    before, after = decisions([crisis(dt.date(2024, 9, 30), reference="A"), crisis(dt.date(2024, 10, 1))], [terminated])
    assert before.paid
    assert not after.paid and "contrat résilié (effet le 01/10/2024)" in after.reason


def test_contract_not_yet_signed_or_expired() -> None:
    """002 annexe 1, art. 7: five years from signature."""
    found = decisions([crisis(dt.date(2023, 2, 28), reference="A"), crisis(dt.date(2028, 3, 1))], [rural()])
    assert [d.paid for d in found] == [False, False]
    assert "après la déclaration" in found[0].reason and "échéance le 01/03/2028" in found[1].reason


def test_an_old_contract_needs_its_avenant_2_amendment() -> None:
    """Rule AVENANT_2_BY_AMENDMENT: the crisis mission applies from the amendment bringing in avenant n° 2."""
    old = replace(CONTRACT, signed_on=dt.date(2021, 6, 1), crisis_plan_drafted_on=dt.date(2022, 12, 1))
    assert not decisions([crisis(dt.date(2023, 1, 10))], [rural(old)])[0].paid
    amended = replace(old, amendments=(Amendment(dt.date(2022, 11, 1), avenant_2=True),))
    assert decisions([crisis(dt.date(2023, 1, 10))], [rural(amended)])[0].paid


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"authority": "mayor"}, "autorité non habilitée"),
        ({"kind": "flood"}, "typologie de crise inconnue"),
        ({"area": Area()}, "zone de la crise est vide"),
        ({"reference": " "}, "référence de la décision"),
    ],
)
def test_a_declaration_needs_a_known_kind_an_authority_an_area_and_a_reference(
    changes: dict[str, object], message: str
) -> None:
    """002 annexe 4: « Seule une décision du directeur général de l'ARS, du préfet du département ou du ministre »."""
    with pytest.raises(AccordError, match=message):
        replace(crisis(dt.date(2024, 11, 10)), **changes)


@pytest.mark.parametrize("authority", ["ars_director_general", "prefect", "minister"])
def test_the_three_authorities_may_declare(authority: str) -> None:
    assert replace(crisis(dt.date(2024, 11, 10)), authority=authority).authority == authority


@given(st.lists(st.dates(dt.date(2023, 1, 1), dt.date(2028, 6, 1)), max_size=12))
def test_at_most_one_payment_per_contract_year(dates: list[dt.date]) -> None:
    crises = [crisis(on, reference=f"R{index}") for index, on in enumerate(dates)]
    paid = [d for d in decisions(crises, [rural()]) if d.paid]
    years = [d.contract_year for d in paid]
    assert len(years) == len(set(years))
    assert all(CONTRACT.crisis_plan_drafted_on <= d.crisis.declared_on for d in paid)  # type: ignore[operator]
    assert all(d.due_by is not None and d.due_by > d.crisis.declared_on for d in paid)


# --- COVID-2021 derogation (002 §1.3; annexe 1, art. 5) ---------------------------------------


def test_covid_derogation_for_a_contract_signed_by_31_december_2021() -> None:
    """002 §1.3: « Dérogation exceptionnelle pour les CPTS adhérentes à l'ACI CPTS au plus tard le 31/12/21 »."""
    assert covid_2021_derogation(dt.date(2021, 12, 31), actions_2021=True).eligible
    late = covid_2021_derogation(dt.date(2022, 1, 1), actions_2021=True)
    assert not late.eligible and "après le 31/12/2021" in late.reason


def test_covid_derogation_needs_2021_actions_not_already_paid() -> None:
    """002 §1.3: « ne valorise que les actions mises en œuvre au cours de l'année 2021 et non valorisées par
    voie d'avenant au contrat »."""
    without = covid_2021_derogation(dt.date(2021, 3, 1), actions_2021=False)
    assert not without.eligible and "aucune action" in without.reason
    paid = covid_2021_derogation(dt.date(2021, 3, 1), actions_2021=True, paid_by_other_amendment=True)
    assert not paid.eligible and "déjà valorisées" in paid.reason
