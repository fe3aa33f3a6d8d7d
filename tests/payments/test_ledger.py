"""The ledger is written once (docs/ledger.md: rows are never updated or deleted;
a correction is a new reversing row)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from cpts.api.testing import World
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.models import AuditEvent
from cpts.payments.entries import record_payment, reverse
from cpts.payments.models import LedgerEntry, LedgerImmutable
from cpts.payments.runs import run_payments

COMMAND = Actor.command("tests")
ON = dt.date(2023, 3, 31)  # after the first advances (signature 15/01/2023, missions started 01/03/2023)


def cpam(world: World) -> Actor:
    return Actor(world.user("cpam"), world.organisation("cpam"))


@pytest.fixture
def order(world: World) -> LedgerEntry:
    run_payments(COMMAND, ON)
    return LedgerEntry.objects.filter(contract=world.signed, mission="operating").get()


def test_saving_an_existing_row_is_refused(order: LedgerEntry) -> None:
    order.amount = Decimal("1.00")
    with pytest.raises(LedgerImmutable, match="ne se modifie ni ne se supprime"):
        order.save()


def test_deleting_is_refused_by_the_model_and_the_queryset(order: LedgerEntry) -> None:
    with pytest.raises(LedgerImmutable):
        order.delete()
    with pytest.raises(LedgerImmutable):
        LedgerEntry.objects.filter(pk=order.pk).delete()
    with pytest.raises(LedgerImmutable):
        LedgerEntry.objects.filter(pk=order.pk).update(amount=Decimal("1.00"))


def test_the_database_refuses_an_update_behind_the_models_back(order: LedgerEntry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry._base_manager.filter(pk=order.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE payments_ledgerentry SET reference = 'x' WHERE id = %s", [order.pk])
    assert LedgerEntry.objects.get(pk=order.pk).amount == order.amount


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger exists on PostgreSQL only")
def test_postgresql_refuses_a_delete_behind_the_models_back(order: LedgerEntry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM payments_ledgerentry WHERE id = %s", [order.pk])
    assert LedgerEntry.objects.filter(pk=order.pk).exists()


def test_deleting_the_recording_user_keeps_the_row_and_the_name(world: World, order: LedgerEntry) -> None:
    paid = record_payment(cpam(world), order, ON, "VIR-1")
    name = paid.recorded_by_name
    world.user("cpam").delete()
    kept = LedgerEntry.objects.get(pk=paid.pk)
    assert kept.recorded_by_id is None
    assert kept.recorded_by_name == name == "cpam-user"


def test_a_payment_settles_its_order_in_full_by_default(world: World, order: LedgerEntry) -> None:
    paid = record_payment(cpam(world), order, dt.date(2023, 4, 5), "VIR-2023-001")
    assert (paid.entry, paid.amount, paid.settles_id, paid.sequence) == ("payment", order.amount, order.pk, 1)
    with pytest.raises(TransitionRefused, match="déjà entièrement payé"):
        record_payment(cpam(world), order, dt.date(2023, 4, 6))


def test_a_partial_payment_leaves_the_rest_to_pay(world: World, order: LedgerEntry) -> None:
    record_payment(cpam(world), order, ON, amount=Decimal("10000"))
    rest = record_payment(cpam(world), order, ON)
    assert rest.amount == order.amount - Decimal("10000.00")
    assert rest.sequence == 2


def test_a_payment_may_not_exceed_the_order_nor_precede_it(world: World, order: LedgerEntry) -> None:
    with pytest.raises(TransitionRefused, match="ne pas le dépasser"):
        record_payment(cpam(world), order, ON, amount=order.amount + 1)
    with pytest.raises(TransitionRefused, match="ne peut précéder l'ordre"):
        record_payment(cpam(world), order, ON - dt.timedelta(days=1))


@pytest.mark.parametrize("role", ["ars", "cpts", "cnam", "other_cpam"])
def test_only_the_contracts_cpam_records_payments(world: World, order: LedgerEntry, role: str) -> None:
    """002 annexe 1, art. 6: the Assurance maladie (the contract's CPAM) pays."""
    with pytest.raises(NotAllowed):
        record_payment(Actor(world.user(role), world.organisation(role)), order, ON)
    assert not LedgerEntry.objects.filter(entry="payment").exists()


def test_a_reversal_is_a_new_row_of_the_opposite_amount(world: World, order: LedgerEntry) -> None:
    paid = record_payment(cpam(world), order, ON, "VIR-1")
    cancel = reverse(cpam(world), paid, dt.date(2023, 4, 2), "virement rejeté")
    assert (cancel.entry, cancel.amount, cancel.reverses_id, cancel.settles_id) == (
        "payment",
        -paid.amount,
        paid.pk,
        order.pk,
    )
    assert LedgerEntry.objects.get(pk=paid.pk).amount == paid.amount  # the original is untouched
    again = record_payment(cpam(world), order, dt.date(2023, 4, 3), "VIR-2")
    assert again.amount == order.amount and again.sequence == 3


def test_reversal_rules(world: World, order: LedgerEntry) -> None:
    paid = record_payment(cpam(world), order, ON)
    with pytest.raises(TransitionRefused, match="Annulez d'abord les paiements"):
        reverse(cpam(world), order, ON, "erreur")
    with pytest.raises(TransitionRefused, match="motif"):
        reverse(cpam(world), paid, ON, " ")
    cancel = reverse(cpam(world), paid, ON, "erreur de saisie")
    with pytest.raises(TransitionRefused, match="déjà annulée"):
        reverse(cpam(world), paid, ON, "encore")
    with pytest.raises(TransitionRefused, match="ne s'annule pas"):
        reverse(cpam(world), cancel, ON, "encore")
    reverse(cpam(world), order, ON, "ordre erroné")
    with pytest.raises(TransitionRefused, match="annulé"):
        record_payment(cpam(world), order, ON)


def test_a_reversed_order_is_ordered_again_by_the_next_run(world: World, order: LedgerEntry) -> None:
    reverse(cpam(world), order, ON, "ordre émis sur un mauvais compte")
    run_payments(COMMAND, ON)
    rows = LedgerEntry.objects.filter(contract=world.signed, mission="operating").order_by("sequence")
    assert [(row.sequence, row.amount) for row in rows] == [(1, order.amount), (2, -order.amount), (3, order.amount)]


def test_every_written_row_is_audited_with_its_contract_as_scope(world: World, order: LedgerEntry) -> None:
    paid = record_payment(cpam(world), order, ON, "VIR-1")
    event = AuditEvent.objects.get(object_type="payments.ledgerentry", object_id=str(paid.pk))
    assert event.action == "enregistrer un paiement"
    assert event.scope == f"contracts.contract:{world.signed.pk}"
    assert event.actor_name == "cpam-user" and event.organisation_name == "CPAM de Paris"
    assert event.after is not None and event.after["amount"] == f"{order.amount:.2f}"
