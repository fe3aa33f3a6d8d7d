"""Declared crises in the application: who declares, which CPTS are paid, logbook, lessons learnt, derogation."""

from __future__ import annotations

import datetime as dt

import pytest

from cpts.contracts.bridge import describe
from cpts.contracts.models import Amendment, Contract, Termination
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.crisis import services
from cpts.crisis.models import DeclaredCrisis
from cpts.payments.schedules import clear_cache, contract_schedule

from .crisis_sites import Site
from .test_plan_workflow import validated_first_drafting

pytestmark = pytest.mark.django_db


def declare(site: Site, on: dt.date, reference: str, **area: list[str]) -> DeclaredCrisis:
    area = area or {"departments": ["19"]}
    return services.declare_crisis(site.ars, on, "sick", "prefect", reference, **area)


def occurrences(contract: Contract) -> list[tuple[int, dt.date, str]]:
    clear_cache()
    schedule = contract_schedule(contract)
    return [(p.contract_year, p.due_on, str(p.amount)) for p in schedule.payments if p.part == "crisis_occurrence"]


def test_only_an_ars_declares_with_a_known_authority_and_area(plateau: Site) -> None:
    """002 annexe 4: « Seule une décision du directeur général de l'ARS, du préfet du département ou du ministre »."""
    with pytest.raises(NotAllowed, match="Seule une ARS"):
        services.declare_crisis(plateau.cpts, dt.date(2024, 11, 10), "sick", "prefect", "P-1", departments=["19"])
    with pytest.raises(TransitionRefused, match="autorité non habilitée"):
        services.declare_crisis(plateau.ars, dt.date(2024, 11, 10), "sick", "mayor", "P-1", departments=["19"])
    with pytest.raises(TransitionRefused, match=r"Code\(s\) inconnu\(s\).*19999"):
        services.declare_crisis(plateau.ars, dt.date(2024, 11, 10), "sick", "prefect", "P-1", communes=["19999"])
    with pytest.raises(TransitionRefused, match="zone de la crise est vide"):
        services.declare_crisis(plateau.ars, dt.date(2024, 11, 10), "sick", "prefect", "P-1")
    declare(plateau, dt.date(2024, 11, 10), "P-1")
    with pytest.raises(TransitionRefused, match="déjà enregistrée"):
        declare(plateau, dt.date(2024, 11, 12), "P-1")


def test_a_crisis_over_a_department_pays_the_cpts_with_a_plan_and_lists_the_others(
    plateau: Site, vallee: Site, lyon: Site
) -> None:
    """WORKED-EXAMPLE.md: crisis of 2024-11-10 in year 2, plan drafted: 52 500.00 due by 2024-12-10."""
    validated_first_drafting(plateau)
    crisis = declare(plateau, dt.date(2024, 11, 10), "ARS-NA-2024-17")
    found = {decision.cpts: decision for decision in services.crisis_decisions(crisis)}
    assert set(found) == {"CPTS du plateau", "CPTS de la vallée"}  # Lyon is outside the area
    assert found["CPTS du plateau"].paid and found["CPTS du plateau"].due_by == dt.date(2024, 12, 10)
    assert not found["CPTS de la vallée"].paid and "aucun plan de crise rédigé" in found["CPTS de la vallée"].reason
    assert describe(plateau.contract).crises == (dt.date(2024, 11, 10),)
    assert describe(vallee.contract).crises == () and describe(lyon.contract).crises == ()
    assert occurrences(plateau.contract) == [(2, dt.date(2024, 12, 10), "52500.00")]
    assert occurrences(vallee.contract) == []


def test_two_crises_in_a_year_pay_once_and_a_later_year_again(plateau: Site) -> None:
    """002 annexe 1, art. 6.2: once per contract year « quel que soit le nombre de crises »."""
    validated_first_drafting(plateau)
    declare(plateau, dt.date(2024, 11, 10), "A")
    second = declare(plateau, dt.date(2025, 1, 15), "B", communes=["19275"])
    (decision,) = services.crisis_decisions(second)
    assert not decision.paid and "déjà dû pour l'année de contrat 2" in decision.reason
    declare(plateau, dt.date(2025, 3, 3), "C", regions=["75"])
    assert describe(plateau.contract).crises == (dt.date(2024, 11, 10), dt.date(2025, 3, 3))
    assert [row[:2] for row in occurrences(plateau.contract)] == [(2, dt.date(2024, 12, 10)), (3, dt.date(2025, 4, 3))]


def test_a_terminated_contract_is_listed_with_its_reason(plateau: Site) -> None:
    validated_first_drafting(plateau)
    Termination.objects.create(contract=plateau.contract, notified_on=dt.date(2024, 6, 1), initiator="cpts")
    (decision,) = services.crisis_decisions(declare(plateau, dt.date(2024, 11, 10), "A"))
    assert not decision.paid and "contrat résilié (effet le 01/08/2024)" in decision.reason


def test_logbook_and_lessons_learnt_feed_the_next_update(plateau: Site, lyon: Site) -> None:
    """002 annexe 4, parties 3 and 4: the logbook during the crisis, then the retex in the next plan update."""
    validated_first_drafting(plateau)
    crisis = declare(plateau, dt.date(2024, 11, 10), "A")
    community = plateau.contract.community
    at = dt.datetime(2024, 11, 10, 18, 30, tzinfo=dt.UTC)
    entry = services.log_action(plateau.cpts, crisis, community, at, "Cellule de crise réunie", "Dr Anne Martin")
    assert (entry.who, entry.action) == ("Dr Anne Martin", "Cellule de crise réunie")
    with pytest.raises(TransitionRefused, match="pas dans la zone"):
        services.log_action(lyon.cpts, crisis, lyon.contract.community, at, "x", "y")
    with pytest.raises(NotAllowed):
        services.log_action(plateau.ars, crisis, community, at, "x", "y")
    services.write_review(
        plateau.cpts,
        crisis,
        community,
        dt.date(2025, 1, 20),
        description="Épidémie de grippe : 3 semaines",
        strengths="Réactivité",
        improvements="Stock de masques",
    )
    update = services.open_version(plateau.cpts, plateau.contract, dt.date(2025, 3, 10))
    assert "Réactivité" in update.items.get(key="strengths").content
    assert "Stock de masques" in update.items.get(key="improvements").content
    assert update.lessons.count() == 1
    with pytest.raises(TransitionRefused, match="déjà repris"):
        services.write_review(plateau.cpts, crisis, community, dt.date(2025, 3, 20), description="autre")


def test_covid_2021_derogation_on_the_avenant_2_amendment(plateau: Site) -> None:
    """002 §1.3: only for a contract signed by 31/12/2021, recorded on the amendment bringing in avenant n° 2."""
    Contract.objects.filter(pk=plateau.contract.pk).update(signed_on=dt.date(2021, 10, 1))
    plateau.contract.refresh_from_db()
    amendment = Amendment.objects.create(contract=plateau.contract, signed_on=dt.date(2022, 11, 1), avenant_2=True)
    assert services.record_covid_derogation(plateau.cpts, amendment, actions_2021=True, paid_elsewhere=False)
    amendment.refresh_from_db()
    assert amendment.covid_2021_actions
    plateau.contract.refresh_from_db()
    assert describe(plateau.contract).covid_2021_actions, "the schedule must see the derogation"
    with pytest.raises(TransitionRefused, match="déjà valorisées"):
        services.record_covid_derogation(plateau.cpts, amendment, actions_2021=True, paid_elsewhere=True)
    late = Amendment.objects.create(contract=plateau.contract, signed_on=dt.date(2022, 12, 1))
    with pytest.raises(TransitionRefused, match="intègre l'avenant n° 2"):
        services.record_covid_derogation(plateau.cpts, late, actions_2021=True, paid_elsewhere=False)


def test_covid_2021_derogation_refused_after_2021(plateau: Site) -> None:
    amendment = Amendment.objects.create(contract=plateau.contract, signed_on=dt.date(2023, 6, 1), avenant_2=True)
    with pytest.raises(TransitionRefused, match="après le 31/12/2021"):
        services.record_covid_derogation(plateau.cpts, amendment, actions_2021=True, paid_elsewhere=False)
