"""Fixtures of the steering tests: the demonstration data (every stage, money, reviews) loaded once per test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cpts.communities.models import Community
from cpts.contracts.demo import load_demo
from cpts.contracts.scenarios import found_cpts
from cpts.core.actors import Actor
from cpts.core.identifiers import with_luhn_key

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    return load_demo(TODAY)


def signed_cpts(name: str, department: str, seed: str, **territory: Any) -> Community:
    """A CPTS through letter, health project and signature on 15 March 2023 (avenant 2 in force)."""
    return found_cpts(
        Actor.command("tests"), name=name, department=department, siren=with_luhn_key(seed),
        letter_on=dt.date(2022, 10, 3), letter_validated_on=dt.date(2022, 11, 2), project_on=dt.date(2023, 1, 9),
        project_validated_on=dt.date(2023, 2, 1), signed_on=dt.date(2023, 3, 15), sas_from=dt.date(2023, 3, 15),
        **territory,
    )  # fmt: skip
