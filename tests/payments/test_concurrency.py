"""Two payment runs at the same time never duplicate an order (docs/architecture.md: "Running it twice, or twice
at the same time, never creates a duplicate (database constraints, not just checks)").

Runs only on PostgreSQL (CI sets DATABASE_URL=postgres://...): SQLite serialises writers, so it
cannot show the race. Both runs are made to read the empty ledger before either writes, so only
the unique constraint can keep the second set of orders out.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Sum

from cpts.api.testing import World
from cpts.core.actors import Actor
from cpts.payments import runs
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import RunSummary, run_payments
from cpts.payments.schedules import contract_schedule

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="concurrency is proven on PostgreSQL"
)
ON = dt.date(2024, 3, 31)


@pytest.fixture
def committed_world(documented_committed: World) -> World:
    """Both contracts with their year-1 documents in: every line due is ordered (none withheld)."""
    return documented_committed


def in_parallel(count: int, target: Callable[[int], Any]) -> list[Any]:
    """Run `target(i)` in `count` threads, each with its own database connection."""
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            results[index] = target(index)
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_concurrent_runs_create_each_order_once(committed_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    assert connection.vendor == "postgresql"
    runners = 3
    barrier = threading.Barrier(runners, timeout=60)
    original = runs.booked_for

    def read_then_wait(contract_ids: Any) -> Any:
        found = original(contract_ids)
        barrier.wait()  # every run has read the (empty) ledger before any run writes
        return found

    monkeypatch.setattr(runs, "booked_for", read_then_wait)
    summaries: list[RunSummary] = in_parallel(runners, lambda i: run_payments(Actor.command(f"run {i}"), ON))

    expected = {
        (contract.pk, *payment.key): payment.amount
        for contract in (committed_world.signed, committed_world.other_contract)
        if contract is not None
        for payment in contract_schedule(contract).payments
        if payment.due_on <= ON
    }
    rows = (
        LedgerEntry.objects.filter(entry="order")
        .values("contract_id", "contract_year", "mission", "part", "kind")
        .annotate(total=Sum("amount"), count=Count("id"))
    )
    found = {(r["contract_id"], r["contract_year"], r["mission"], r["part"], r["kind"]): r for r in rows}
    assert set(found) == set(expected)
    assert all(found[key]["count"] == 1 and found[key]["total"] == expected[key] for key in expected)
    assert sum(summary.orders for summary in summaries) == len(expected)


def test_a_run_during_a_run_and_a_rerun_add_nothing(committed_world: World) -> None:
    in_parallel(2, lambda i: run_payments(Actor.command(f"run {i}"), ON))
    count = LedgerEntry.objects.count()
    assert run_payments(Actor.command("rerun"), ON).orders == 0
    assert LedgerEntry.objects.count() == count
