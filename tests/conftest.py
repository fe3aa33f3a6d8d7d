"""What every test shares: fast password hashing and a process cache emptied between tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cpts.payments.schedules import clear_cache


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """PBKDF2's deliberate slowness is for production (about 0.5 s per user created or logged in); tests use MD5."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_schedule_cache() -> Iterator[None]:
    """The schedule cache lives as long as the process: no test may read a schedule another test computed."""
    clear_cache()
    yield
    clear_cache()
