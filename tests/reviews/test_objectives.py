"""Indicators and objectives (002 annexe 1, art. 4.2.2, 4.2.2.2): checked by the engine, frozen under review."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cpts.core.errors import NotAllowed
from cpts.reviews import objectives, services
from cpts.reviews.forms import parse_steps
from cpts.reviews.services import ReviewError


def test_steps_objective_checked_by_the_engine(parties: Any) -> None:
    """Rule STEPS_ON_VALUE: a rate may not drop as the result improves; the engine's French message is kept."""
    indicator = objectives.add_national_indicator(parties.as_ars, parties.contract, "access_sas_doctors")
    with pytest.raises(ReviewError, match="ne peut pas baisser"):
        objectives.set_objective(
            parties.as_ars, indicator, 1, weight=Decimal(1), rule="steps", target=Decimal(30),
            steps=parse_steps("20 : 80 ; 30 : 50"),
        )
    saved = objectives.set_objective(
        parties.as_ars, indicator, 1, weight=Decimal(1), rule="steps", target=Decimal(30),
        steps=parse_steps("20 : 50 ; 30 : 100"),
    )
    assert saved.steps == [["20", "0.5"], ["30", "1"]]


def test_national_indicator_comes_from_the_catalogue(parties: Any) -> None:
    code = "access_emergency_without_admission"
    indicator = objectives.add_national_indicator(parties.as_cpts, parties.contract, code)
    assert (indicator.direction, indicator.mission, indicator.scope) == ("decreasing", "access", "national")
    with pytest.raises(ReviewError, match="déjà"):
        objectives.add_national_indicator(parties.as_cpts, parties.contract, code)
    with pytest.raises(NotAllowed):
        objectives.add_national_indicator(parties.as_other, parties.contract, "access_sas_doctors")


def test_crisis_objective_is_follow_up_only(parties: Any) -> None:
    """Rule CRISIS_FOLLOW_UP_ONLY: no weighted objective on the crisis mission."""
    indicator = objectives.add_local_indicator(
        parties.as_cpam, parties.contract, "crise-exercices", "crisis", label="Exercices de crise", unit="nombre",
        kind="means", direction="increasing", definition="Exercices tenus", computation="Somme", data_source="CPTS",
    )
    with pytest.raises(ReviewError, match="CRISIS_FOLLOW_UP_ONLY"):
        objectives.set_objective(parties.as_cpam, indicator, 1, weight=Decimal(1), rule="all_or_nothing",
                                 target=Decimal(2))
    assert objectives.set_objective(parties.as_cpam, indicator, 1, weight=Decimal(0)).weight == 0


def test_objectives_frozen_once_the_review_is_submitted(access_objectives: Any) -> None:
    p = access_objectives
    indicator = p.contract.indicators.get(code="access_sas_doctors")
    review = services.open_review(p.contract, 1)
    services.submit(p.as_cpts, review)
    with pytest.raises(ReviewError, match="soumise"):
        objectives.set_objective(p.as_cpam, indicator, 1, weight=Decimal(0))
    services.request_correction(p.as_cpam, review, "à revoir")
    assert objectives.set_objective(p.as_cpam, indicator, 1, weight=Decimal(0)).weight == 0
