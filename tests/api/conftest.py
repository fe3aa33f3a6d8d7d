from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cpts.api.testing import World, build_world
from cpts.payments.schedules import clear_cache


@pytest.fixture
def world(db: None) -> World:
    clear_cache()
    return build_world()


@pytest.fixture
def token(world: World) -> str:
    """A bearer token of the CPAM agent of Paris, acting for the CPAM."""
    from cpts.api.models import ApiToken

    return ApiToken.issue(world.user("cpam"), world.organisation("cpam"), "tests")[1]


@pytest.fixture(autouse=True)
def private_folder(settings: Any, tmp_path: Path) -> Path:
    """Signed originals deposited through the API are written to a temporary folder, not the work tree's var/."""
    settings.CPTS_PRIVATE_DIR = tmp_path / "private"
    return tmp_path / "private"
