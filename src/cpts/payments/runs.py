"""Payment runs: order every schedule line due on or before a date (`cpts payments run`).

For each line the run orders the difference between the schedule and what is
already ordered (a first order, or a complement or a recovery when the contract
changed since). Each new order takes the next sequence number of its line
identity, read from the ledger; two runs reading the same ledger compute the
same rows, and the unique constraint on (line identity, entry, sequence) keeps
one of them: `bulk_create(ignore_conflicts=True)` is INSERT ... ON CONFLICT DO
NOTHING. Running twice, or twice at once, never duplicates an order
(docs/ledger.md; tests/payments/test_concurrency.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, QuerySet, Sum

from cpts.accord.errors import AccordError
from cpts.accord.money import ZERO
from cpts.accord.parameters import NotInForce
from cpts.accord.schedule import Payment
from cpts.core.actors import Actor
from cpts.core.audit import record
from cpts.core.models import AuditEvent
from cpts.payments.balances import Booked, Key, line_status
from cpts.payments.ledger import booked_for
from cpts.payments.models import LedgerEntry, PaymentRun
from cpts.payments.schedules import for_description, schedule_for

if TYPE_CHECKING:
    from cpts.contracts.models import Contract

CHUNK = 200  # contracts read and described per batch
BATCH = 2000  # rows per INSERT


@dataclass(frozen=True)
class RunSummary:
    run: PaymentRun
    contracts: int
    orders: int
    total: Decimal
    recoveries: int  # orders of a negative amount (a reimbursement or an overpayment to recover)
    recovered: Decimal
    contracts_with_orders: int
    refused: tuple[tuple[int, str], ...] = ()  # (contract id, the engine's French message): nothing ordered


def signed_contracts(cpam: str = "") -> Iterator[list[Contract]]:
    """Signed contracts in chunks, with what `describe` reads fetched in a few queries."""
    ids = list(signed(cpam).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield list(for_description(signed(cpam).filter(pk__in=ids[start : start + CHUNK])))


def signed(cpam: str = "") -> QuerySet[Contract]:
    from cpts.contracts.models import Contract

    contracts = Contract.objects.filter(signed_on__isnull=False).order_by("pk")
    return contracts.filter(cpam__department=cpam) if cpam else contracts


def orders_for(
    contract_id: int, payments: Sequence[Payment], booked: dict[Key, Booked], on: dt.date
) -> list[LedgerEntry]:
    """The new orders of one contract: one per line whose ordered sum differs from its scheduled amount."""
    orders = []
    for payment in payments:
        found = booked.get(payment.key, Booked())
        status = line_status(payment.key, payment.due_on, payment.amount, found, on)
        if status.to_order:
            orders.append(order_row(contract_id, payment.key, status.to_order, payment.due_on, found, on))
    scheduled = {payment.key for payment in payments}
    for key, found in booked.items():
        if key not in scheduled and found.ordered:  # gone from the schedule: recover what was ordered
            orders.append(order_row(contract_id, key, -found.ordered, None, found, on))
    return orders


def order_row(
    contract_id: int, key: Key, amount: Decimal, due_on: dt.date | None, found: Booked, on: dt.date
) -> LedgerEntry:
    year, mission, part, kind = key
    return LedgerEntry(
        contract_id=contract_id,
        contract_year=year,
        mission=mission,
        part=part,
        kind=kind,
        entry=LedgerEntry.Entry.ORDER,
        sequence=found.last_order + 1,
        amount=amount,
        due_on=due_on,
        ordered_on=on,
    )


def run_payments(actor: Actor, on: dt.date, cpam: str = "") -> RunSummary:
    """Create the payment orders due on or before `on`, for every signed contract or those of one CPAM."""
    from cpts.contracts.bridge import describe

    run = PaymentRun.objects.create(
        on=on,
        cpam=cpam,
        recorded_by=actor.user if actor.user is not None and actor.user.pk else None,
        recorded_by_name=actor.name,
    )
    contracts = 0
    refused: list[tuple[int, str]] = []
    for chunk in signed_contracts(cpam):
        contracts += len(chunk)
        booked = booked_for(contract.pk for contract in chunk)
        rows: list[LedgerEntry] = []
        for contract in chunk:
            try:
                schedule = schedule_for(describe(contract))
            except (AccordError, NotInForce) as error:  # one contract the engine refuses must not stop the national run
                refused.append((contract.pk, str(error)))
                continue
            rows.extend(orders_for(contract.pk, schedule.payments, booked.get(contract.pk, {}), on))
        for row in rows:
            row.run = run
            row.recorded_by = run.recorded_by
            row.recorded_by_name = run.recorded_by_name
            row.organisation = actor.organisation
            row.organisation_name = str(actor.organisation or "")
        with transaction.atomic():
            LedgerEntry.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return summarise(actor, run, contracts, tuple(refused))


def summarise(actor: Actor, run: PaymentRun, contracts: int, refused: tuple[tuple[int, str], ...]) -> RunSummary:
    """Count what this run actually inserted (conflicting rows were skipped) and audit it."""
    created = LedgerEntry.objects.filter(run=run)
    by_contract = list(created.order_by().values("contract_id").annotate(count=Count("id"), total=Sum("amount")))
    negative = created.filter(amount__lt=0).aggregate(count=Count("id"), total=Sum("amount"))
    summary = RunSummary(
        run=run,
        contracts=contracts,
        orders=sum(row["count"] for row in by_contract),
        total=sum((row["total"] for row in by_contract), ZERO),
        recoveries=negative["count"],
        recovered=negative["total"] or ZERO,
        contracts_with_orders=len(by_contract),
        refused=refused,
    )
    with transaction.atomic():
        event = record(actor, "campagne de paiement", run)  # who, when, the date and the CPAM
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor_id=event.actor_id,
                actor_name=event.actor_name,
                organisation_id=event.organisation_id,
                organisation_name=event.organisation_name,
                object_type="payments.paymentrun",
                object_id=str(run.pk),
                scope=f"contracts.contract:{row['contract_id']}",
                action="ordres de paiement de la campagne",
                after={"run": run.pk, "on": run.on.isoformat(), "orders": row["count"], "total": f"{row['total']:.2f}"},
            )
            for row in by_contract
        )
    return summary
