"""Writing to the ledger by hand: record a payment against an order, reverse a row.

Only the contract's CPAM records payments (002 annexe 1, art. 6: the Assurance
maladie pays; `Contract.can_record_payment`, `EarlyMissionContract.can_record_payment`
for the early-mission account). Each write is audited and is a new
row; nothing is ever updated (docs/ledger.md).

One order, one fate: paying, partly paying and reversing an order take a row lock
on that order (`lock_order`) before checking anything, so two requests on the same
order run one after the other and the second checks what the first wrote. The
database enforces the same rules on every INSERT (trigger `ledger_one_fate`,
migration 0003), for code that would forget the lock.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum

from cpts.accord.money import ZERO, cents, french
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.errors import TransitionRefused
from cpts.payments.models import LedgerEntry

NOT_CPAM = "Seule la CPAM signataire du contrat enregistre les paiements et les annulations."
CONCURRENT = "Le grand livre de cette ligne vient d'être modifié par ailleurs : rechargez puis recommencez."


def next_sequence(entry: LedgerEntry) -> int:
    """The next sequence number of the rows of this line identity and entry type."""
    last = LedgerEntry.objects.filter(
        contract_id=entry.contract_id,
        early_mission_id=entry.early_mission_id,
        contract_year=entry.contract_year,
        mission=entry.mission,
        part=entry.part,
        kind=entry.kind,
        entry=entry.entry,
    ).aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


def settled(order: LedgerEntry) -> Decimal:
    """What the payments recorded against an order add up to, net of their reversals."""
    total = order.settlements.aggregate(total=Sum("amount"))["total"]  # type: ignore[attr-defined]
    return total or ZERO


def is_reversed(entry: LedgerEntry) -> bool:
    return LedgerEntry.objects.filter(reverses=entry).exists()


def lock_order(entry: LedgerEntry) -> None:
    """Lock the order an entry belongs to (the order itself, or the order a payment settles) until commit.

    SELECT ... FOR UPDATE on PostgreSQL; SQLite has no row lock and lets one writer at a time.
    """
    order_id = entry.settles_id if entry.settles_id is not None else entry.pk
    list(LedgerEntry.objects.select_for_update().filter(pk=order_id).order_by().values_list("pk", flat=True))


def insert(actor: Actor, action: str, row: LedgerEntry) -> LedgerEntry:
    """Insert one audited row; a concurrent row with the same sequence is refused by the database."""
    row.sequence = next_sequence(row)
    row.recorded_by = actor.user if actor.user is not None and actor.user.pk else None
    row.recorded_by_name = actor.name
    row.organisation = actor.organisation
    row.organisation_name = str(actor.organisation or "")
    try:
        with audited(actor, action) as change:
            row.save()
            change.instance = row
    except IntegrityError as error:
        raise TransitionRefused(CONCURRENT) from error
    return row


def record_payment(
    actor: Actor, order: LedgerEntry, paid_on: dt.date, reference: str = "", amount: Decimal | None = None
) -> LedgerEntry:
    """Record that an order was paid (in full by default, or in part)."""
    actor.require(order.account.can_record_payment, NOT_CPAM)
    with transaction.atomic():
        lock_order(order)
        if order.entry != LedgerEntry.Entry.ORDER or order.reverses_id is not None:
            raise TransitionRefused("Un paiement s'enregistre contre un ordre de paiement.")
        if is_reversed(order):
            raise TransitionRefused("Cet ordre de paiement a été annulé : il ne peut plus être payé.")
        assert order.ordered_on is not None  # a database constraint on orders
        if paid_on < order.ordered_on:
            raise TransitionRefused(
                f"Le paiement ({paid_on:%d/%m/%Y}) ne peut précéder l'ordre ({order.ordered_on:%d/%m/%Y})."
            )
        remaining = order.amount - settled(order)
        value = remaining if amount is None else cents(amount)
        if value == 0 or remaining == 0:
            raise TransitionRefused("Cet ordre de paiement est déjà entièrement payé.")
        if (value > 0) != (remaining > 0) or abs(value) > abs(remaining):
            raise TransitionRefused(
                f"Le montant ({french(value)}) doit être du même signe que le reste à payer de l'ordre "
                f"({french(remaining)}) et ne pas le dépasser."
            )
        row = LedgerEntry(
            **line_of(order),
            entry=LedgerEntry.Entry.PAYMENT,
            amount=value,
            due_on=order.due_on,
            paid_on=paid_on,
            reference=reference.strip(),
            settles=order,
        )
        return insert(actor, "enregistrer un paiement", row)


def reverse(actor: Actor, entry: LedgerEntry, on: dt.date, note: str) -> LedgerEntry:
    """Cancel a row by a new row of the opposite amount (the only correction the ledger allows)."""
    actor.require(entry.account.can_record_payment, NOT_CPAM)
    if not note.strip():
        raise TransitionRefused("Indiquez le motif de l'annulation.")
    with transaction.atomic():
        lock_order(entry)
        if entry.reverses_id is not None:
            raise TransitionRefused("Une écriture d'annulation ne s'annule pas : enregistrez la bonne écriture.")
        if is_reversed(entry):
            raise TransitionRefused("Cette écriture est déjà annulée.")
        if entry.entry == LedgerEntry.Entry.ORDER and settled(entry) != 0:
            raise TransitionRefused("Annulez d'abord les paiements enregistrés contre cet ordre.")
        is_order = entry.entry == LedgerEntry.Entry.ORDER
        row = LedgerEntry(
            **line_of(entry),
            entry=entry.entry,
            amount=-entry.amount,
            due_on=entry.due_on,
            ordered_on=on if is_order else None,
            paid_on=None if is_order else on,
            reference=entry.reference,
            note=note.strip(),
            reverses=entry,
            settles=entry.settles,
        )
        return insert(actor, "annuler une écriture du grand livre", row)


def line_of(entry: LedgerEntry) -> dict[str, object]:
    return {
        "contract_id": entry.contract_id,
        "early_mission_id": entry.early_mission_id,
        "contract_year": entry.contract_year,
        "mission": entry.mission,
        "part": entry.part,
        "kind": entry.kind,
    }


def open_orders(orders: Any) -> list[tuple[LedgerEntry, Decimal]]:
    """The orders of a queryset not reversed and not fully paid, each with what remains to pay, by due date."""
    rows = orders.filter(entry=LedgerEntry.Entry.ORDER, reverses__isnull=True, reversal__isnull=True).annotate(
        paid=Sum("settlements__amount", default=ZERO)  # as `settled`, for every order in the same query
    )
    found = []
    for order in rows.order_by("due_on", "id"):
        remaining = order.amount - order.paid
        if remaining:
            found.append((order, remaining))
    return found


def record_transfer(
    actor: Actor, orders: list[LedgerEntry], paid_on: dt.date, reference: str, total: Decimal
) -> list[LedgerEntry]:
    """Record one bank transfer that pays several orders of one CPTS in full: one payee, one reference, one
    date, the total the agent read on the transfer checked against what remains to pay, all or nothing.

    The orders are locked in the order of their ids, so two transfers over overlapping orders wait for each
    other instead of locking each other out; each payment is then recorded as `record_payment` does."""
    if not orders:
        raise TransitionRefused("Choisissez au moins un ordre de paiement.")
    if not reference.strip():
        raise TransitionRefused("Indiquez la référence du virement.")
    payees = {order.account.community_id for order in orders}  # type: ignore[attr-defined]
    if len(payees) != 1:
        raise TransitionRefused("Un virement paie une seule CPTS : choisissez les ordres d'une même CPTS.")
    with transaction.atomic():
        ordered = sorted(orders, key=lambda order: order.pk)
        for order in ordered:
            lock_order(order)
        remaining = sum((order.amount - settled(order) for order in ordered), ZERO)
        if cents(total) != remaining:
            raise TransitionRefused(
                f"Le total du virement ({french(cents(total))}) n'est pas le reste à payer des ordres choisis "
                f"({french(remaining)}) : rien n'est enregistré."
            )
        return [record_payment(actor, order, paid_on, reference) for order in ordered]
