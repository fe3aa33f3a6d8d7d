"""Payment runs: order every schedule line payable on a date, not after today (`cpts payments run`).

For each line the run orders the difference between the schedule and what is
already ordered (a first order, or a complement or a recovery when the contract
changed since). Each new order takes the next sequence number of its line
identity, read from the ledger; two runs reading the same ledger compute the
same rows, and the unique constraint on (line identity, entry, sequence) keeps
one of them: `bulk_create(ignore_conflicts=True)` is INSERT ... ON CONFLICT DO
NOTHING. Running twice, or twice at once, never duplicates an order
(docs/ledger.md; tests/payments/test_concurrency.py).

A CPTS in project that has only an early-mission contract is ordered too, on that
contract's account of the ledger: its aid is paid « dès la signature du contrat »,
without any ACI contract (002 §3.2, annexe 2 art. 2.2). Once the CPTS signs its
first ACI contract, that contract's schedule carries the aid and its ledger counts
what the early-mission account holds, so the aid is never ordered twice.

A run never stops for one contract: a contract whose schedule cannot be computed
is reported with its reason and the others are ordered. Each chunk of contracts
is one transaction holding its orders and their audit events (the first one also
holds the run record and its event), so a run killed mid-way leaves complete,
audited chunks, and a rerun orders the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from cpts.accord.contract import ContractDescription
from cpts.accord.errors import AccordError
from cpts.accord.money import ZERO
from cpts.accord.parameters import NotInForce
from cpts.accord.schedule import Payment, Schedule
from cpts.core.actors import Actor
from cpts.core.audit import record
from cpts.core.errors import TransitionRefused
from cpts.core.models import AuditEvent
from cpts.core.withholding import withheld_years
from cpts.payments.balances import Booked, Key, line_status, reason_for
from cpts.payments.ledger import booked_early, booked_for
from cpts.payments.models import LedgerEntry, PaymentRun
from cpts.payments.schedules import schedule_for

if TYPE_CHECKING:
    from cpts.communities.models import EarlyMissionContract
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
    withheld: tuple[Withheld, ...] = ()  # balance lines not ordered until their year's documents are in

    @property
    def withheld_total(self) -> Decimal:
        return sum((line.amount for line in self.withheld), ZERO)


def signed_contracts(cpam: str = "", only: Contract | None = None) -> Iterator[list[Contract]]:
    """Signed contracts in chunks (each chunk is described in a fixed number of queries)."""
    ids = list(signed(cpam, only).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield list(signed(cpam, only).select_related("community").filter(pk__in=ids[start : start + CHUNK]))


def signed(cpam: str = "", only: Contract | None = None) -> QuerySet[Contract]:
    """The signed contracts of a run: all, one CPAM's, or `only` that one (a run from a contract's page)."""
    from cpts.contracts.models import Contract

    contracts = Contract.objects.filter(signed_on__isnull=False).order_by("pk")
    if only is not None:
        contracts = contracts.filter(pk=only.pk)
    return contracts.filter(cpam__department=cpam) if cpam else contracts


class NewOrder(NamedTuple):
    """An order a run is about to insert (plain values: no model instance per row), on the account of an ACI
    contract (`contract_id`) or of an early-mission contract (`early_mission_id`)."""

    contract_id: int | None
    key: Key
    sequence: int
    amount: Decimal
    due_on: dt.date | None
    early_mission_id: int | None = None


class Withheld(NamedTuple):
    """A balance line a run did not order: its year's documents are missing (BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."""

    contract_id: int
    key: Key
    amount: Decimal  # what the run would have ordered
    reason: str


def orders_for(
    contract_id: int | None,
    payments: Sequence[Payment],
    booked: dict[Key, Booked],
    on: dt.date,
    withheld: Mapping[int, str] | None = None,
    held: list[Withheld] | None = None,
    early_mission_id: int | None = None,
) -> list[NewOrder]:
    """The new orders of one contract: one per line whose ordered sum differs from its scheduled amount.

    A balance line of a year in `withheld` ({contract year: reason}) is not ordered while its
    documents are missing; it is appended to `held` instead. The next run after the documents
    are in orders it, with the line's next sequence number as any other order.
    """
    orders = []
    for payment in payments:
        found = booked.get(payment.key, Booked())
        reason = reason_for(payment.key, withheld) if withheld else ""
        status = line_status(payment.key, payment.due_on, payment.amount, found, on, reason, payment.payable_on)
        if status.to_order:
            sequence = found.last_order + 1
            orders.append(
                NewOrder(contract_id, payment.key, sequence, status.to_order, payment.due_on, early_mission_id)
            )
        if status.withheld and held is not None and payment.amount > status.ordered and contract_id is not None:
            held.append(Withheld(contract_id, payment.key, payment.amount - status.ordered, reason))
    scheduled = {payment.key for payment in payments}
    for key, found in booked.items():
        if key not in scheduled and found.ordered:  # gone from the schedule: recover what was ordered
            orders.append(NewOrder(contract_id, key, found.last_order + 1, -found.ordered, None, early_mission_id))
    return orders


def schedules(chunk: list[Contract]) -> list[tuple[Contract, Schedule | str]]:
    """The schedule of each contract of a chunk, or the French reason it cannot be computed.

    The chunk is described together (`describe_many`: one query per table); if that fails, each
    contract is described alone, so that one contract the engine or the calendar refuses (a
    contract before the agreement, a date past year 9999) does not stop the national run.
    """
    from cpts.contracts.bridge import describe_many

    try:
        descriptions: list[ContractDescription | str] = list(describe_many(chunk))
    except Exception:  # one contract spoils the chunk: find which, one by one
        descriptions = [described_alone(contract) for contract in chunk]
    found: list[tuple[Contract, Schedule | str]] = []
    for contract, description in zip(chunk, descriptions, strict=True):
        if isinstance(description, str):
            found.append((contract, description))
            continue
        try:
            found.append((contract, schedule_for(description)))
        except Exception as error:
            found.append((contract, reason(error)))
    return found


def described_alone(contract: Contract) -> ContractDescription | str:
    from cpts.contracts.bridge import describe_many

    try:
        return describe_many([contract])[0]
    except Exception as error:
        return reason(error)


def reason(error: Exception) -> str:
    """Why a contract was not ordered, in French: the engine's own message, or the unexpected error."""
    if isinstance(error, (AccordError, NotInForce)):
        return str(error)
    return f"échéancier impossible à calculer ({type(error).__name__} : {error})"


@dataclass(frozen=True)
class ChunkPlan:
    """What a run orders for one chunk of contracts (nothing written yet)."""

    contract_ids: list[int]
    orders: list[NewOrder]
    refused: list[tuple[int, str]]
    withheld: list[Withheld]
    early_ids: tuple[int, ...] = ()  # early-mission contracts of CPTS without a signed ACI contract

    @property
    def contracts(self) -> int:
        return len(self.contract_ids) + len(self.early_ids)


def plan_chunks(on: dt.date, cpam: str = "", only: Contract | None = None) -> Iterator[ChunkPlan]:
    """The new orders of every signed contract (or one CPAM's, or `only` one), chunk by chunk, read from the
    ledger; then those of the early-mission contracts alone (not when the run is for one contract)."""
    for chunk in signed_contracts(cpam, only):
        booked = booked_for(contract.pk for contract in chunk)
        withheld = withheld_years(chunk)  # one query per chunk (rule BALANCE_WITHHELD_WITHOUT_DOCUMENTS)
        plan = ChunkPlan([contract.pk for contract in chunk], [], [], [])
        for contract, schedule in schedules(chunk):
            if isinstance(schedule, str):
                plan.refused.append((contract.pk, schedule))
                continue
            held: list[Withheld] = []
            try:
                found = booked.get(contract.pk, {})
                orders = orders_for(contract.pk, schedule.payments, found, on, withheld.get(contract.pk), held)
            except Exception as error:
                plan.refused.append((contract.pk, reason(error)))
                continue
            plan.orders.extend(orders)
            plan.withheld.extend(held)
        yield plan
    if only is not None:
        return
    for early in early_alone_chunks(cpam):
        yield plan_early(early, on)


def early_alone_chunks(cpam: str = "") -> Iterator[list[EarlyMissionContract]]:
    """The early-mission contracts of CPTS that have no signed ACI contract (or one CPAM's), in chunks."""
    from cpts.communities.models import EarlyMissionContract

    alone = EarlyMissionContract.objects.exclude(community__contracts__signed_on__isnull=False).order_by("pk")
    alone = alone.filter(cpam__department=cpam) if cpam else alone
    ids = list(alone.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield list(alone.select_related("community").filter(pk__in=ids[start : start + CHUNK]))


def plan_early(chunk: list[EarlyMissionContract], on: dt.date) -> ChunkPlan:
    """The new orders of early-mission contracts alone (rule EARLY_MISSION_CONTRACT), on their own accounts."""
    from cpts.accord.schedule import early_mission_schedule
    from cpts.contracts.bridge import early_alone

    booked = booked_early(early.pk for early in chunk)
    plan = ChunkPlan([], [], [], [], tuple(early.pk for early in chunk))
    for stored, engine in zip(chunk, early_alone(chunk), strict=True):
        try:
            payments = early_mission_schedule(engine).payments
            found = booked.get(stored.pk, {})
            plan.orders.extend(orders_for(None, payments, found, on, early_mission_id=stored.pk))
        except Exception as error:  # reported like an uncomputable contract; the others are ordered
            plan.refused.append((0, f"contrat de démarrage des missions de {stored.community} : {reason(error)}"))
    return plan


FUTURE = (
    "La campagne du {on:%d/%m/%Y} est postérieure à aujourd'hui ({today:%d/%m/%Y}) : on n'ordonnance pas à "
    "l'avance. Pour une prévision, utilisez l'aperçu de la campagne (rien n'est écrit)."
)


def refuse_future(on: dt.date) -> None:
    """A run orders what is payable by its date, and that date has come (no ordering ahead of time)."""
    today = timezone.localdate()
    if on > today:
        raise TransitionRefused(FUTURE.format(on=on, today=today))


def run_payments(actor: Actor, on: dt.date, cpam: str = "", only: Contract | None = None) -> RunSummary:
    """Create the payment orders of the lines payable on `on` (not after today), for every signed contract,
    those of one CPAM, or `only` one contract (ordered from its page)."""
    refuse_future(on)
    run: PaymentRun | None = None
    started: AuditEvent | None = None
    contracts = 0
    refused: list[tuple[int, str]] = []
    held: list[Withheld] = []
    for plan in plan_chunks(on, cpam, only):
        contracts += plan.contracts
        refused.extend(plan.refused)
        held.extend(plan.withheld)
        with transaction.atomic():  # a chunk's orders and their audit events commit together, or not at all
            if run is None or started is None:
                run, started = start_run(actor, on, cpam, only)
            insert_ignoring_duplicates(run, actor, plan.orders)
            audit_orders(run, started, plan)
    if run is None or started is None:
        with transaction.atomic():
            run, started = start_run(actor, on, cpam, only)
    return summarise(run, started, contracts, tuple(refused), tuple(held))


@dataclass(frozen=True)
class PreviewLine:
    """What a run would order for one mission of one contract (an ACI contract, or an early-mission one)."""

    contract_id: int | None
    mission: str
    orders: int
    total: Decimal
    early_mission_id: int | None = None


@dataclass(frozen=True)
class Preview:
    """A forecast of a payment run: what it would order on a date, with nothing written."""

    on: dt.date
    cpam: str
    contracts: int
    lines: tuple[PreviewLine, ...]  # per contract and mission, in contract order
    refused: tuple[tuple[int, str], ...]
    withheld: tuple[Withheld, ...]

    @property
    def orders(self) -> int:
        return sum(line.orders for line in self.lines)

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    def by_mission(self) -> dict[str, tuple[int, Decimal]]:
        """{mission: (orders, total)} over every contract."""
        found: dict[str, tuple[int, Decimal]] = {}
        for line in self.lines:
            count, total = found.get(line.mission, (0, ZERO))
            found[line.mission] = (count + line.orders, total + line.total)
        return found


def preview_run(on: dt.date, cpam: str = "") -> Preview:
    """What `run_payments(actor, on, cpam)` would order now, per contract and mission; writes nothing.

    Any date is allowed, a future one gives a forecast (what is payable by then on today's
    contracts and ledger). Read in a transaction that is rolled back, so that nothing it
    touches can stay.
    """
    contracts = 0
    lines: list[PreviewLine] = []
    refused: list[tuple[int, str]] = []
    held: list[Withheld] = []
    with transaction.atomic():
        for plan in plan_chunks(on, cpam):
            contracts += plan.contracts
            refused.extend(plan.refused)
            held.extend(plan.withheld)
            grouped: dict[tuple[int | None, int | None, str], list[NewOrder]] = {}
            for order in plan.orders:
                grouped.setdefault((order.contract_id, order.early_mission_id, order.key[1]), []).append(order)
            lines.extend(
                PreviewLine(contract_id, mission, len(orders), sum((order.amount for order in orders), ZERO), early)
                for (contract_id, early, mission), orders in grouped.items()
            )
        transaction.set_rollback(True)
    return Preview(on, cpam, contracts, tuple(lines), tuple(refused), tuple(held))


def start_run(actor: Actor, on: dt.date, cpam: str, only: Contract | None) -> tuple[PaymentRun, AuditEvent]:
    """The run record and its audit event (who, when, the date, the CPAM, the contract), in the caller's
    transaction."""
    run = PaymentRun.objects.create(
        on=on,
        cpam=cpam,
        contract=only,
        recorded_by=actor.user if actor.user is not None and actor.user.pk else None,
        recorded_by_name=actor.name,
    )
    return run, record(actor, "campagne de paiement", run)


def run_event(started: AuditEvent, scope: str, action: str, after: dict[str, Any]) -> AuditEvent:
    """An event of the run, by the actor of its first event, in another history (`scope`)."""
    return AuditEvent(
        actor_id=started.actor_id,
        actor_name=started.actor_name,
        organisation_id=started.organisation_id,
        organisation_name=started.organisation_name,
        object_type=started.object_type,
        object_id=started.object_id,
        scope=scope,
        action=action,
        after=after,
    )


def audit_orders(run: PaymentRun, started: AuditEvent, plan: ChunkPlan) -> None:
    """One event per contract that got orders from this run, in the contract's history (the CPTS's for an
    early-mission contract), in the same transaction."""
    created = LedgerEntry.objects.filter(run=run).order_by()
    events: list[tuple[str, dict[str, Any]]] = []
    if plan.contract_ids:
        rows = created.filter(contract_id__in=plan.contract_ids).values("contract_id")
        events += [(f"contracts.contract:{row['contract_id']}", row) for row in counted(rows)]
    if plan.early_ids:
        rows = created.filter(early_mission_id__in=plan.early_ids).values("early_mission__community_id")
        events += [(f"communities.community:{row['early_mission__community_id']}", row) for row in counted(rows)]
    AuditEvent.objects.bulk_create(
        run_event(
            started,
            scope,
            "ordres de paiement de la campagne",
            {"run": run.pk, "on": run.on.isoformat(), "orders": row["count"], "total": f"{row['total']:.2f}"},
        )
        for scope, row in events
    )


def counted(rows: QuerySet[LedgerEntry, dict[str, Any]]) -> QuerySet[LedgerEntry, dict[str, Any]]:
    """The number and the total of the rows of each group."""
    return rows.annotate(count=Count("id"), total=Sum("amount"))


# The columns a run writes; `id` comes from the table's sequence.
COLUMNS = (
    "contract_id", "early_mission_id", "contract_year", "mission", "part", "kind", "entry", "sequence", "amount",
    "due_on", "ordered_on", "reference", "note", "run_id", "recorded_by_id", "recorded_by_name", "organisation_id",
    "organisation_name", "created_at",
)  # fmt: skip


def insert_ignoring_duplicates(run: PaymentRun, actor: Actor, orders: list[NewOrder]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING of a run's orders, in one transaction.

    On PostgreSQL the rows go through COPY into a temporary table, then one
    INSERT ... SELECT ... ON CONFLICT DO NOTHING: the same guarantee as
    `bulk_create(ignore_conflicts=True)` (used on SQLite), an order of magnitude faster.
    """
    organisation = actor.organisation
    common = {
        "entry": LedgerEntry.Entry.ORDER.value,
        "ordered_on": run.on,
        "reference": "",
        "note": "",
        "run_id": run.pk,
        "recorded_by_id": run.recorded_by_id,
        "recorded_by_name": run.recorded_by_name,
        "organisation_id": organisation.pk if organisation else None,
        "organisation_name": str(organisation or ""),
        "created_at": timezone.now(),
    }

    def values(order: NewOrder) -> dict[str, Any]:
        year, mission, part, kind = order.key
        return {
            **common,
            "contract_id": order.contract_id,
            "early_mission_id": order.early_mission_id,
            "contract_year": year,
            "mission": mission,
            "part": part,
            "kind": kind,
            "sequence": order.sequence,
            "amount": order.amount,
            "due_on": order.due_on,
        }

    if connection.vendor != "postgresql":
        with transaction.atomic():
            rows = [LedgerEntry(**values(order)) for order in orders]
            LedgerEntry.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return
    columns = ", ".join(COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS ledger_incoming")
        cursor.execute(
            f"CREATE TEMPORARY TABLE ledger_incoming ON COMMIT DROP AS "
            f"SELECT {columns} FROM payments_ledgerentry WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY ledger_incoming ({columns}) FROM STDIN") as copy:
            for order in orders:
                row = values(order)
                copy.write_row([row[column] for column in COLUMNS])
        cursor.execute(
            f"INSERT INTO payments_ledgerentry ({columns}) SELECT {columns} FROM ledger_incoming ON CONFLICT DO NOTHING"
        )


def summarise(
    run: PaymentRun,
    started: AuditEvent,
    contracts: int,
    refused: tuple[tuple[int, str], ...],
    withheld: tuple[Withheld, ...] = (),
) -> RunSummary:
    """Count what this run actually inserted (conflicting rows were skipped); its report closes its history."""
    created = LedgerEntry.objects.filter(run=run)
    by_contract = list(counted(created.order_by().values("contract_id", "early_mission_id")))
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
        withheld=withheld,
    )
    report = {
        "contracts": contracts,
        "orders": summary.orders,
        "total": f"{summary.total:.2f}",
        "refused": [{"contract": contract, "reason": message} for contract, message in refused],
    }
    run_event(started, started.scope, "fin de la campagne de paiement", report).save()
    return summary
