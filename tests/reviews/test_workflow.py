"""The annual review workflow (002 annexe 1, art. 4.2.2, 4.2.2.1, 6.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cpts.contracts.models import Attainment
from cpts.core.errors import NotAllowed
from cpts.reviews import samples, services
from cpts.reviews.models import AnnualReview
from cpts.reviews.services import ReviewError

Parties = Any  # the `parties` fixture of conftest.py

PDF = samples.pdf()
ACCOUNTS = samples.xlsx()
ON = dt.date(2024, 2, 20)


def filled(parties: Parties) -> AnnualReview:
    review = services.open_review(parties.contract, 1)
    values = {"access_emergency_without_admission": Decimal(75), "access_sas_doctors": Decimal(31)}
    services.set_values(parties.as_cpts, review, values)
    return review


def test_full_cycle_writes_the_attainment_rates(access_objectives: Parties) -> None:
    """002 annexe 1, art. 4.2.2: the results are assessed by the signatories; only a validated review sets rates.

    Rates: emergency 50 % (weight 3), SAS 100 % (weight 1) -> 62,5 %.
    """
    p = access_objectives
    review = filled(p)
    services.submit(p.as_cpts, review)
    services.request_correction(p.as_cpam, review, "Joindre l'extraction SAS")
    assert review.status == "correction_requested"
    services.set_values(p.as_cpts, review, {"access_sas_doctors": Decimal(32)})
    services.submit(p.as_cpts, review)
    assert review.status == "resubmitted"
    assert services.validate(p.as_cpam, review, ON) is False
    assert not Attainment.objects.exists()
    assert services.validate(p.as_ars, review, ON) is True
    rate = Attainment.objects.get(contract=p.contract, contract_year=1, mission="access").rate
    assert rate == Decimal("0.625")
    assert [e.action for e in review.events.all()] == [
        "submitted",
        "correction_requested",
        "resubmitted",
        "validated_cpam",
        "validated_ars",
    ]


def test_correction_request_resets_validations(access_objectives: Parties) -> None:
    """A validation counts for the version reviewed; a correction restarts both."""
    p = access_objectives
    review = filled(p)
    services.submit(p.as_cpts, review)
    services.validate(p.as_cpam, review, ON)
    services.request_correction(p.as_ars, review, "Erreur de saisie")
    assert review.cpam_validated_on is None and review.status == "correction_requested"


def test_who_does_what(access_objectives: Parties) -> None:
    """002 annexe 1, art. 4.2.2.1: the CPTS reports; the CPAM and the ARS review; others have no say."""
    p = access_objectives
    review = filled(p)
    with pytest.raises(NotAllowed, match="Seule la CPTS"):
        services.set_values(p.as_cpam, review, {"access_sas_doctors": Decimal(1)})
    with pytest.raises(ReviewError, match="pas en cours d'examen"):
        services.validate(p.as_cpam, review, ON)
    services.submit(p.as_cpts, review)
    with pytest.raises(NotAllowed, match="ne peut pas la valider"):
        services.validate(p.as_cpts, review, ON)
    with pytest.raises(NotAllowed, match="signataires"):
        services.validate(p.as_other, review, ON)
    with pytest.raises(ReviewError, match="ne peut plus être modifiée"):
        services.set_values(p.as_cpts, review, {"access_sas_doctors": Decimal(1)})


def test_override_by_joint_decision(access_objectives: Parties) -> None:
    """Rule JOINT_DECISION_OVERRIDE: the recorded rate replaces the computed one, with its reason."""
    p = access_objectives
    review = filled(p)
    services.submit(p.as_cpts, review)
    with pytest.raises(ReviewError, match="motif"):
        services.set_override(p.as_cpam, review, "access", Decimal("0.9"), " ", ON)
    services.set_override(p.as_cpam, review, "access", Decimal("0.9"), "Départ de médecins", ON)
    access = services.attainments(review)["access"]
    assert (access.rate, access.computed) == (Decimal("0.9000"), Decimal("0.6250"))
    services.validate(p.as_cpam, review, ON)
    services.validate(p.as_ars, review, ON)
    assert Attainment.objects.get(mission="access").rate == Decimal("0.9")


def test_no_weighted_indicator_blocks_validation(parties: Parties, national: Any) -> None:
    """Rule NO_VARIABLE_INDICATOR: without a weighted objective the rate must be set by joint decision."""
    national(parties.contract, "access_patients_with_gp", weight=Decimal(0))
    review = services.open_review(parties.contract, 1)
    services.submit(parties.as_cpts, review)
    with pytest.raises(ReviewError, match="NO_VARIABLE_INDICATOR"):
        services.validate(parties.as_cpam, review, ON)


def test_missing_value_is_reported_and_counts_zero(access_objectives: Parties) -> None:
    """Rule MISSING_VALUE_SCORES_ZERO: the SAS value is missing, so 3/4 × 50 % = 37,5 %."""
    review = services.open_review(access_objectives.contract, 1)
    services.set_values(access_objectives.as_cpts, review, {"access_emergency_without_admission": Decimal(75)})
    assert services.missing_values(review) == ["Nombre de médecins participant au SAS"]
    assert services.attainments(review)["access"].rate == Decimal("0.375")


def test_balance_withheld_until_a_validated_review_with_report_and_accounts(
    access_objectives: Parties, settings: Any
) -> None:
    """Policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS, switched on here (it is off by default, outside the agreement):
    only the validated review releases the balance, with both documents in it."""
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    p = access_objectives
    assert "rapport d'activité" in (services.withheld_reason(p.contract, 1) or "")
    review = filled(p)
    services.attach_file(p.as_cpts, review, "activity_report", "rapport.pdf", PDF)
    services.attach_file(p.as_cpts, review, "accounts", "comptes.xlsx", ACCOUNTS)
    assert "revue annuelle non validée" in (services.withheld_reason(p.contract, 1) or "")  # a draft is not enough
    services.submit(p.as_cpts, review)
    services.validate(p.as_cpam, review, ON)
    assert "revue annuelle non validée" in (services.withheld_reason(p.contract, 1) or "")  # nor one validation
    services.validate(p.as_ars, review, ON)
    assert services.withheld_reason(p.contract, 1) is None
    assert set(review.files.values_list("validated_with_review", flat=True)) == {True}


def test_no_balance_is_withheld_with_the_policy_off(access_objectives: Parties) -> None:
    """Off by default: nothing in the texts withholds a balance for want of documents."""
    assert services.withheld_balances(access_objectives.contract) == {}
    assert services.withheld_reason(access_objectives.contract, 1) is None


def test_spending_is_recorded_and_never_negative(access_objectives: Parties) -> None:
    """Actual spending per mission and for operating costs."""
    p = access_objectives
    review = services.open_review(p.contract, 1)
    services.set_spending(p.as_cpts, review, {"operating": Decimal("40000.00"), "access": Decimal("12000.50")})
    assert review.spending.get(mission="access").amount == Decimal("12000.50")
    with pytest.raises(ReviewError, match="négative"):
        services.set_spending(p.as_cpts, review, {"access": Decimal(-1)})


def test_validated_review_moves_the_variable_part_from_pending_to_paid(access_objectives: Any) -> None:
    """002 annexe 1, art. 6.2: the variable balance of year N follows the results; until validated, it waits."""
    from cpts.accord.schedule import compute_schedule
    from cpts.contracts.bridge import describe
    from cpts.contracts.models import Mission

    p = access_objectives
    Mission.objects.create(contract=p.contract, key="access", started_on=p.contract.signed_on)
    before = compute_schedule(describe(p.contract))
    pending = [x for x in before.pending if (x.contract_year, x.mission, x.part) == (1, "access", "variable")]
    assert len(pending) == 1
    review = filled(p)
    services.submit(p.as_cpts, review)
    services.validate(p.as_cpam, review, ON)
    services.validate(p.as_ars, review, ON)
    after = compute_schedule(describe(p.contract))
    assert not [x for x in after.pending if (x.contract_year, x.mission, x.part) == (1, "access", "variable")]
    paid = sum(x.amount for x in after.payments if (x.contract_year, x.mission, x.part) == (1, "access", "variable"))
    assert paid == (pending[0].maximum * Decimal("0.625")).quantize(Decimal("0.01"))


def test_withheld_balances_of_every_year(access_objectives: Parties, settings: Any) -> None:
    """Policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS (switched on), for the payment service: a reason per year."""
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    p = access_objectives
    review = services.open_review(p.contract, 2)
    services.attach_file(p.as_cpts, review, "activity_report", "rapport.pdf", PDF)
    services.attach_file(p.as_cpts, review, "accounts", "comptes.xlsx", ACCOUNTS)
    services.submit(p.as_cpts, review)
    services.validate(p.as_cpam, review, ON)
    services.validate(p.as_ars, review, ON)
    held = services.withheld_balances(p.contract)
    assert sorted(held) == [1, 3, 4, 5]
    assert held[1] == services.withheld_reason(p.contract, 1)
    assert services.withheld_reason(p.contract, 2) is None
