from __future__ import annotations

import pytest

from cpts.api.testing import World, build_world
from cpts.payments.schedules import clear_cache


@pytest.fixture
def world(db: None) -> World:
    clear_cache()
    return build_world()
