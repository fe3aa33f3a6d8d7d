"""What every test shares: fast password hashing, a process cache emptied between tests, and the
database roles: with DATABASE_OWNER_URL (cpts.core.dbroles), the owner role creates and migrates
the test database and empties it after each transactional test; the tests run as the application role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import TransactionTestCase

from cpts.core.dbroles import connected_as, separate_roles
from cpts.payments.schedules import clear_cache


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> Iterator[None]:
    """The test database is created, migrated and finally dropped by the owner role."""
    if not separate_roles():
        yield
        return
    with connected_as(django_settings.DATABASE_OWNER):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> Iterator[None]:
    """Once the database is ready the tests run as the application role, which may not TRUNCATE the ledger
    nor the audit trail: the flush that empties the database after a transactional test runs as the owner."""
    if not separate_roles():
        yield
        return
    flush = TransactionTestCase._fixture_teardown

    def flush_as_owner(test_case: TransactionTestCase) -> None:
        with connected_as(django_settings.DATABASE_OWNER):
            flush(test_case)

    with connected_as(django_settings.DATABASE_APPLICATION), pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", flush_as_owner)
        yield


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
