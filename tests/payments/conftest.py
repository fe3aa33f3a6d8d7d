from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cpts.api.testing import World, build_world
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.payments.schedules import clear_cache
from cpts.reviews import services as reviews

PDF = b"%PDF-1.4 pieces de la revue"


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


FileDocuments = Callable[..., None]


def upload_documents(
    world: World, contract: Contract, year: int, kinds: tuple[str, ...] = ("activity_report", "accounts")
) -> None:
    """The CPTS of `contract` uploads the documents of a contract year with its annual review."""
    role = "cpts" if contract.pk == world.signed.pk else "other_cpts"
    actor = Actor(world.user(role), world.organisation(role))
    review = reviews.open_review(contract, year)
    for kind in kinds:
        reviews.attach_file(actor, review, kind, f"{kind}-{year}.pdf", PDF)


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
