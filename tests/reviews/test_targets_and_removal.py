"""The annual review unblocked (002 annexe 1, art. 4.2.2.1, 4.2.2.2): a signed contract follows the national
indicators with their targets « à fixer »; the three parties set a year's targets at once; values count only
once their target is set (rule TARGET_NOT_SET_NOT_COUNTED); documents leave a review only while it is a draft."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any

import pytest

from app.conftest import World
from cpts.accord.indicators import national_indicators
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.models import AuditEvent
from cpts.reviews import files, objectives, samples, services
from cpts.reviews.models import ContractIndicator, EvidenceFile, IndicatorObjective
from cpts.reviews.prefill import prefill_missing
from cpts.reviews.services import ReviewError

Parties = Any  # the `parties` fixture of conftest.py
SAS, EMERGENCY, GP = "access_sas_doctors", "access_emergency_without_admission", "access_patients_with_gp"
LINEAR = {"weight": Decimal(3), "rule": "linear", "target": Decimal(70), "baseline_value": Decimal(80),
          "baseline_on": dt.date(2022, 12, 31)}  # fmt: skip
ALL_OR_NOTHING = {"weight": Decimal(1), "rule": "all_or_nothing", "target": Decimal(30)}


def test_a_signed_contract_follows_the_national_indicators_with_targets_to_set(world: World) -> None:
    """Signed through the services: the six national indicators of the access mission, no objective, each
    creation in the contract's history."""
    contract = world.contract
    codes = list(contract.indicators.values_list("code", flat=True))
    assert sorted(codes) == sorted(national_indicators())
    assert set(contract.indicators.values_list("scope", "mission")) == {("national", "access")}
    assert not IndicatorObjective.objects.filter(indicator__contract=contract).exists()
    history = AuditEvent.objects.filter(scope=f"contracts.contract:{contract.pk}")
    assert history.filter(action="suivre un indicateur national").count() == 6


def test_rows_written_without_the_services_get_them_in_bulk_once(parties: Parties) -> None:
    """`cpts generate` writes contracts with bulk_create: `prefill_missing` gives them the same indicators."""
    assert not parties.contract.indicators.exists()
    assert prefill_missing() == 6
    assert prefill_missing() == 0
    assert parties.contract.indicators.filter(scope="national").count() == 6


def test_the_data_migration_gives_them_to_contracts_signed_before(parties: Parties) -> None:
    """Migration reviews 0003: every signed contract follows the six, the indicators it already had are kept."""
    from django.apps import apps

    migration = importlib.import_module("cpts.reviews.migrations.0003_national_indicators_of_signed_contracts")
    objectives.add_national_indicator(parties.as_cpam, parties.contract, SAS)
    migration.follow_national_indicators(apps, None)
    migration.follow_national_indicators(apps, None)
    assert sorted(parties.contract.indicators.values_list("code", flat=True)) == sorted(national_indicators())


@pytest.fixture
def followed(parties: Parties) -> Parties:
    prefill_missing()
    return parties


def indicator(parties: Parties, code: str) -> ContractIndicator:
    return ContractIndicator.objects.get(contract=parties.contract, code=code)


def test_the_parties_set_the_targets_of_a_year_at_once(followed: Parties) -> None:
    p = followed
    rows = [(indicator(p, EMERGENCY), LINEAR), (indicator(p, SAS), ALL_OR_NOTHING), (indicator(p, GP), None)]
    assert objectives.set_year_targets(p.as_ars, p.contract, 1, rows) == 2
    saved = {o.indicator.code: o for o in IndicatorObjective.objects.filter(contract_year=1)}
    assert set(saved) == {EMERGENCY, SAS}  # the third stays « à fixer »
    assert saved[EMERGENCY].target == 70 and saved[EMERGENCY].rule == "linear"
    assert AuditEvent.objects.filter(action="fixer un objectif").count() == 2
    assert objectives.set_year_targets(p.as_cpam, p.contract, 1, rows) == 0  # unchanged: nothing written
    assert AuditEvent.objects.filter(action="fixer un objectif").count() == 2
    # Emptying a target puts it back « à fixer ».
    assert objectives.set_year_targets(p.as_cpts, p.contract, 1, [(indicator(p, SAS), None)]) == 1
    assert not IndicatorObjective.objects.filter(indicator__code=SAS).exists()
    assert AuditEvent.objects.filter(action="remettre un objectif à fixer").count() == 1


def test_targets_all_or_nothing_and_only_by_the_parties(followed: Parties) -> None:
    p = followed
    broken = {"weight": Decimal(1), "rule": "linear", "target": Decimal(70)}  # linear without its baseline
    rows = [(indicator(p, SAS), ALL_OR_NOTHING), (indicator(p, EMERGENCY), broken)]
    with pytest.raises(ReviewError, match="valeur de référence"):
        objectives.set_year_targets(p.as_cpam, p.contract, 1, rows)
    with pytest.raises(NotAllowed):
        objectives.set_year_targets(p.as_other, p.contract, 1, rows[:1])
    with pytest.raises(NotAllowed):
        objectives.set_year_targets(p.as_other, p.contract, 1, [])
    assert not IndicatorObjective.objects.exists()
    review = services.open_review(p.contract, 1)
    services.submit(p.as_cpts, review)
    with pytest.raises(ReviewError, match="soumise"):
        objectives.set_year_targets(p.as_cpam, p.contract, 1, rows[:1])
    assert objectives.set_year_targets(p.as_cpam, p.contract, 2, rows[:1]) == 1  # next year is open


def test_values_from_the_first_day_count_once_their_target_is_set(followed: Parties) -> None:
    """Rule TARGET_NOT_SET_NOT_COUNTED: a value whose target is « à fixer » is kept, not counted."""
    p = followed
    review = services.open_review(p.contract, 1)
    values = {SAS: Decimal(31), EMERGENCY: Decimal(75), GP: Decimal(88)}
    services.set_values(p.as_cpts, review, values)  # no target set yet: every value is accepted
    assert review.values.count() == 3
    assert services.attainments(review) == {}  # nothing counts: no objective yet
    objectives.set_year_targets(p.as_cpam, p.contract, 1, [(indicator(p, SAS), ALL_OR_NOTHING)])
    access = services.attainments(review)["access"]
    assert [result.objective.indicator.code for result in access.indicators] == [SAS]
    assert access.rate == 1  # 31 >= 30; the emergency and GP values, without target, are left out


def test_documents_leave_a_draft_review_only(followed: Parties, django_capture_on_commit_callbacks: Any) -> None:
    p = followed
    review = services.open_review(p.contract, 1)
    first = services.attach_file(p.as_cpts, review, "activity_report", "rapport.pdf", samples.pdf())
    stored = files.path_of(first.stored_name)
    assert stored.is_file()
    with pytest.raises(NotAllowed):
        services.remove_file(p.as_cpam, first)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(p.as_cpts, first)
    assert not EvidenceFile.objects.filter(pk=first.pk).exists() and not stored.exists()
    event = AuditEvent.objects.get(action="retirer une pièce de la revue annuelle")
    assert event.before["original_name"] == "rapport.pdf" and event.scope == f"contracts.contract:{p.contract.pk}"
    second = services.attach_file(p.as_cpts, review, "accounts", "comptes.pdf", samples.pdf())
    services.submit(p.as_cpts, review)
    with pytest.raises(TransitionRefused, match="ne peut plus être retirée"):
        services.remove_file(p.as_cpts, second)
    services.request_correction(p.as_cpam, review, "Comptes signés à joindre")
    with pytest.raises(TransitionRefused, match="ne peut plus être retirée"):  # it was submitted once
        services.remove_file(p.as_cpts, second)
    assert EvidenceFile.objects.filter(pk=second.pk).exists() and files.path_of(second.stored_name).is_file()
