"""One order, one fate: never paid and reversed, never paid beyond its amount, never reversed twice.

The service locks the order before its checks (`cpts.payments.entries.lock_order`) and the
database refuses the same writes on INSERT (trigger `ledger_one_fate`, migration 0003), so
code that bypasses the service, or forgets the lock, cannot break the rule either
(docs/ledger.md, « Une seule issue par ordre »).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.test import Client

from cpts.api.models import ApiToken
from cpts.api.testing import World, build_world
from cpts.core.actors import Actor
from cpts.payments import entries
from cpts.payments.entries import record_payment, reverse
from cpts.payments.models import LedgerEntry
from cpts.payments.schedules import clear_cache

ON = dt.date(2023, 3, 31)
AMOUNT = Decimal("1000.00")
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")
RACES = 50


def cpam(world: World) -> Actor:
    return Actor(world.user("cpam"), world.organisation("cpam"))


def new_order(world: World, sequence: int = 1, amount: Decimal = AMOUNT) -> LedgerEntry:
    """An order as a payment run writes it (no `reverses`, no `settles`: the trigger lets it in)."""
    return LedgerEntry.objects.create(
        contract=world.signed, contract_year=1, mission="operating", part="operating", kind="payment",
        entry="order", sequence=sequence, amount=amount, due_on=ON, ordered_on=ON, recorded_by_name="tests",
    )  # fmt: skip


def raw_row(order: LedgerEntry, **values: Any) -> LedgerEntry:
    """A row of the order's line written straight with the ORM, bypassing the service and its lock."""
    fields: dict[str, Any] = {
        "contract_id": order.contract_id, "contract_year": order.contract_year, "mission": order.mission,
        "part": order.part, "kind": order.kind, "entry": "payment", "sequence": 1, "amount": order.amount,
        "due_on": order.due_on, "paid_on": ON, "settles": order, "recorded_by_name": "bypass",
    }  # fmt: skip
    return LedgerEntry(**(fields | values))


def refused(row: LedgerEntry) -> str:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        row.save()
    return str(error.value)


@pytest.fixture
def order(world: World) -> LedgerEntry:
    return new_order(world)


def test_the_database_refuses_a_payment_beyond_the_order(order: LedgerEntry) -> None:
    assert "ne dépassent pas son montant" in refused(raw_row(order, amount=AMOUNT + Decimal("0.01")))
    raw_row(order, amount=Decimal("600.00")).save()  # within the order: accepted
    assert "ne dépassent pas son montant" in refused(raw_row(order, sequence=2, amount=Decimal("400.01")))
    raw_row(order, sequence=2, amount=Decimal("400.00")).save()
    assert LedgerEntry.objects.filter(settles=order).aggregate(total=Sum("amount"))["total"] == AMOUNT


def test_the_database_refuses_a_payment_against_a_reversed_order(world: World, order: LedgerEntry) -> None:
    reverse(cpam(world), order, ON, "ordre erroné")
    assert "cet ordre est annulé" in refused(raw_row(order))


def test_the_database_refuses_to_reverse_a_paid_order(world: World, order: LedgerEntry) -> None:
    record_payment(cpam(world), order, ON, "VIR-1")
    cancel = raw_row(order, entry="order", settles=None, reverses=order, amount=-AMOUNT, paid_on=None, ordered_on=ON)
    assert "une fois ses paiements annulés" in refused(cancel)


def test_the_database_refuses_a_second_reversal_and_a_wrong_one(world: World, order: LedgerEntry) -> None:
    paid = record_payment(cpam(world), order, ON, "VIR-1")
    wrong = raw_row(order, sequence=2, amount=-Decimal("1.00"), reverses=paid)
    assert "pour le montant opposé" in refused(wrong)
    reverse(cpam(world), paid, ON, "virement rejeté")
    twice = raw_row(order, sequence=3, amount=-AMOUNT, reverses=paid)
    assert "pour le montant opposé" in refused(twice)


def test_the_database_refuses_a_payment_settling_a_payment(world: World, order: LedgerEntry) -> None:
    paid = record_payment(cpam(world), order, ON, amount=Decimal("10.00"))
    assert "ne règle qu'un ordre" in refused(raw_row(order, sequence=2, amount=Decimal("1.00"), settles=paid))


def test_raw_sql_bypassing_the_orm_is_refused_too(order: LedgerEntry) -> None:
    refusal = pytest.raises(IntegrityError, match="ne dépassent pas son montant")
    with refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO payments_ledgerentry (contract_id, contract_year, mission, part, kind, entry, sequence, "
            "amount, paid_on, settles_id, reference, note, recorded_by_name, organisation_name, created_at) "
            "VALUES (%s, 1, 'operating', 'operating', 'payment', 'payment', 1, %s, %s, %s, '', '', 'sql', '', %s)",
            [order.contract_id, AMOUNT * 2, ON, order.pk, dt.datetime(2023, 4, 1, tzinfo=dt.UTC)],
        )
    assert not LedgerEntry.objects.filter(settles=order).exists()


def test_a_recovery_order_is_paid_back_within_its_amount(world: World) -> None:
    """A negative order (what the CPTS owes back) is settled by negative payments, down to its amount."""
    recovery = new_order(world, amount=-AMOUNT)
    assert "ne dépassent pas son montant" in refused(raw_row(recovery, amount=-AMOUNT - 1))
    assert "ne dépassent pas son montant" in refused(raw_row(recovery, amount=AMOUNT))
    assert record_payment(cpam(world), recovery, ON).amount == -AMOUNT


# Races through the API (PostgreSQL: SQLite has no row lock and lets one writer at a time).


@pytest.fixture
def committed(transactional_db: None) -> World:
    clear_cache()
    return build_world()


@pytest.fixture
def client(committed: World) -> Client:
    token = ApiToken.issue(committed.user("cpam"), committed.organisation("cpam"), "tests")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def at_once(*requests: Callable[[], Any]) -> list[Any]:
    """Send the requests together, each from its own thread and database connection."""

    def alone(request: Callable[[], Any]) -> Any:
        try:
            return request()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(requests)) as pool:
        return [future.result(timeout=60) for future in [pool.submit(alone, request) for request in requests]]


Race = Callable[[Client, LedgerEntry], tuple[Callable[[], Any], Callable[[], Any]]]


def pay_and_reverse(client: Client, order: LedgerEntry) -> tuple[Callable[[], Any], Callable[[], Any]]:
    def pay() -> Any:
        body = {"paid_on": "2023-04-01"}
        return client.post(f"/api/ledger/{order.pk}/payments", body, content_type="application/json")

    def cancel() -> Any:
        body = {"on": "2023-04-01", "note": "ordre erroné"}
        return client.post(f"/api/ledger/{order.pk}/reversal", body, content_type="application/json")

    return pay, cancel


def pay_twice(client: Client, order: LedgerEntry) -> tuple[Callable[[], Any], Callable[[], Any]]:
    pay, _ = pay_and_reverse(client, order)
    return pay, pay


Meet = Callable[[str, bool], None]


@pytest.fixture
def meeting_point(monkeypatch: pytest.MonkeyPatch) -> Iterator[Meet]:
    """meet(where, lock): both requests wait for each other at `where` ("lock": just before taking the
    order's lock; "insert": after every check of the service, just before writing), with the
    service's lock kept or removed (`lock=False`: the code that forgets it)."""
    barrier: list[threading.Barrier] = []
    original_lock, original_insert = entries.lock_order, entries.insert

    def lock(entry: LedgerEntry) -> None:
        if where[0] == "lock":
            barrier[0].wait()
        if locking[0]:
            original_lock(entry)

    def insert(*args: Any) -> LedgerEntry:
        if where[0] == "insert":
            barrier[0].wait()
        return original_insert(*args)

    where, locking = [""], [True]

    def meet(at: str, keep_lock: bool) -> None:
        barrier[:] = [threading.Barrier(2, timeout=30)]
        where[0], locking[0] = at, keep_lock

    monkeypatch.setattr(entries, "lock_order", lock)
    monkeypatch.setattr(entries, "insert", insert)
    yield meet


def fates(contract_id: int) -> list[tuple[Decimal, Decimal, bool]]:
    """(amount, net settled, reversed) of every order of the contract that is not itself a reversal."""
    orders = LedgerEntry.objects.filter(contract_id=contract_id, entry="order", reverses__isnull=True)
    return [
        (order.amount, entries.settled(order), LedgerEntry.objects.filter(reverses=order).exists()) for order in orders
    ]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="a row lock exists on PostgreSQL only")
@pytest.mark.parametrize("race", [pay_and_reverse, pay_twice])
@pytest.mark.parametrize(("where", "keep_lock"), [("lock", True), ("insert", False)], ids=["locked", "lock_forgotten"])
def test_fifty_forced_races_leave_each_order_one_fate(
    committed: World, client: Client, meeting_point: Meet, race: Race, where: str, keep_lock: bool
) -> None:
    """Both requests have read the order (and, lock forgotten, passed every check) before either writes:
    one answers 200, the other a French 409, and the ledger holds one fate per order."""
    for race_number in range(RACES):
        order = new_order(committed, 2 * race_number + 1)  # a reversal takes the next sequence number
        meeting_point(where, keep_lock)
        answers = at_once(*race(client, order))
        assert sorted(answer.status_code for answer in answers) == [200, 409], [a.json() for a in answers]
        loser = next(answer for answer in answers if answer.status_code == 409)
        assert loser.json()["detail"].startswith(("Cet ordre", "Annulez d'abord", "Le grand livre de cette ligne"))
    found = fates(committed.signed.pk)
    assert len(found) == RACES
    assert all(not (reversed_ and settled) for _, settled, reversed_ in found)  # never paid and reversed
    assert all(0 <= settled <= amount for amount, settled, _ in found)  # never paid beyond the order
    if race is pay_twice:
        assert all(settled == amount for amount, settled, _ in found)
