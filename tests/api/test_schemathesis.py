"""Generated requests against /api/openapi.json never get a 5xx (docs/architecture.md).

Schemathesis builds requests from the OpenAPI document (valid and invalid bodies, odd ids and
dates) for each operation and sends them to the WSGI application, authenticated with the bearer
token of the CPAM agent of Paris, inside the test's database transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from cpts.api.testing import World

SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def same_connection() -> Iterator[None]:
    """As Django's test client does: keep the test's connection (and transaction) across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_no_server_error(operation: Any, world: World, token: str, same_connection: None) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: Any) -> None:
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
        assert response.status_code != 401, "the token must be accepted"

    check()
