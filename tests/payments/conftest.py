from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from cpts.api.testing import World, build_world
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.payments.schedules import clear_cache
from cpts.reviews import samples
from cpts.reviews import services as reviews

ON_VALIDATION = dt.date(2024, 3, 1)


@pytest.fixture
def world(db: None) -> World:
    clear_cache()
    return build_world()


@pytest.fixture(autouse=True)
def private_dir(settings: object, tmp_path: Path) -> Path:
    """Uploaded review documents go to a folder of the test (cpts.reviews.files)."""
    folder = tmp_path / "private"
    settings.CPTS_PRIVATE_DIR = folder  # type: ignore[attr-defined]
    return folder


@pytest.fixture
def withholding(settings: object) -> None:
    """Switch on the management policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS (off by default, outside the agreement)."""
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True  # type: ignore[attr-defined]


FileDocuments = Callable[..., None]
GENUINE = {"activity_report": ("rapport.pdf", samples.pdf()), "accounts": ("comptes.xlsx", samples.xlsx())}


def upload_documents(
    world: World,
    contract: Contract,
    year: int,
    kinds: tuple[str, ...] = ("activity_report", "accounts"),
    validate: bool = True,
) -> None:
    """The CPTS of `contract` uploads genuine documents of a contract year with its annual review,
    submits it, and (unless `validate` is false) the CPAM and the ARS validate it."""
    prefix = "" if contract.pk == world.signed.pk else "other_"
    actor = Actor(world.user(f"{prefix}cpts"), world.organisation(f"{prefix}cpts"))
    review = reviews.open_review(contract, year)
    for kind in kinds:
        name, content = GENUINE[kind]
        reviews.attach_file(actor, review, kind, name, content)
    if validate:
        reviews.submit(actor, review)
        for party in ("cpam", "ars"):
            reviews.validate(
                Actor(world.user(prefix + party), world.organisation(prefix + party)), review, ON_VALIDATION
            )


@pytest.fixture
def file_documents() -> FileDocuments:
    """file_documents(world, contract, year, kinds=(report, accounts)), for tests on any database fixture."""
    return upload_documents


def year_one_documents(world: World) -> World:
    """The year-1 documents of both contracts in: no balance due by 2024 is withheld."""
    for contract in (world.signed, world.other_contract):
        assert contract is not None
        upload_documents(world, contract, 1)
    return world


@pytest.fixture
def documented(world: World) -> World:
    return year_one_documents(world)


@pytest.fixture
def documented_committed(transactional_db: None) -> World:
    """`documented`, committed (for the concurrent runs, each on its own connection)."""
    clear_cache()
    return year_one_documents(build_world())
