"""Writing the engine's schedules into the steering tables (cpts.steering.models).

`refresh(contracts)` rewrites the lines of these contracts from
`compute_schedule(describe(contract))`; nothing here computes an amount. It runs
after every audited change that can touch a schedule (`refresh_after`, called
through `cpts.core.changes` in the change's transaction) and over every contract
with `cpts steering refresh` (after a data load, or when the engine's readings change).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cpts.accord.contract import ContractDescription
from cpts.accord.errors import AccordError
from cpts.accord.parameters import NotInForce
from cpts.accord.schedule import Schedule
from cpts.accord.termination import effective_on
from cpts.contracts.bridge import describe_many
from cpts.contracts.models import Contract
from cpts.core.regions import region_of
from cpts.geo import load
from cpts.payments.schedules import description_digest, schedule_for
from cpts.steering.models import PendingPart, ScheduleLine, StoredDeadline, StoredSchedule

CHUNK = 200  # contracts described and written per batch
OPTIONAL_MISSIONS = frozenset({"quality", "support"})  # undated optional deadlines are free (002 annexe 1, art. 3)


def signed() -> QuerySet[Contract]:
    return Contract.objects.filter(signed_on__isnull=False).select_related("community").order_by("pk")


def in_force_size(description: ContractDescription) -> int:
    """The size of the latest amendment that sets one, else the size at signature (002 annexe 1, art. 7)."""
    sizes = [amendment.size for amendment in description.amendments if amendment.size is not None]
    return sizes[-1] if sizes else description.size


def rows_of(contract: Contract, description: ContractDescription) -> tuple[StoredSchedule, list[Any]]:
    """The stored schedule and its rows for one contract; a refusal of the engine is kept, with no line."""
    assert description.signed_on is not None
    stored = StoredSchedule(
        contract=contract,
        digest=description_digest(description),
        size=in_force_size(description),
        starts_on=description.signed_on,
        ends_on=description.signed_on,
    )
    try:
        schedule: Schedule = schedule_for(description)
    except (AccordError, NotInForce) as error:
        stored.refused = str(error)
        return stored, []
    if schedule.years:
        ended = effective_on(description.termination)
        stored.ends_on = min(filter(None, (schedule.years[-1].end, ended)))
    rows: list[Any] = [
        ScheduleLine(
            contract=contract, contract_year=p.contract_year, mission=p.mission, part=p.part, kind=p.kind,
            due_on=p.due_on, year=p.due_on.year, amount=p.amount,
        )
        for p in schedule.payments
    ]  # fmt: skip
    rows += [
        PendingPart(
            contract=contract, contract_year=p.contract_year, mission=p.mission, part=p.part,
            settles_on=p.settles_on, maximum=p.maximum,
        )
        for p in schedule.pending
    ]  # fmt: skip
    rows += [
        StoredDeadline(
            contract=contract, mission=d.mission, kind=d.kind, due_on=d.due_on, done_on=d.done_on,
            optional=d.mission in OPTIONAL_MISSIONS,
        )
        for d in schedule.deadlines
    ]  # fmt: skip
    return stored, rows


def refresh(contracts: Sequence[Contract]) -> int:
    """Rewrite the stored schedules of these contracts (unsigned ones are skipped); the number written."""
    chosen = [contract for contract in contracts if contract.signed_on is not None]
    if not chosen:
        return 0
    schedules, rows = [], []
    for contract, description in zip(chosen, describe_many(chosen), strict=True):
        stored, lines = rows_of(contract, description)
        schedules.append(stored)
        rows += lines
    ids = [contract.pk for contract in chosen]
    with transaction.atomic():
        for model in (ScheduleLine, PendingPart, StoredDeadline, StoredSchedule):
            model.objects.filter(contract_id__in=ids).delete()  # type: ignore[attr-defined]
        StoredSchedule.objects.bulk_create(schedules)
        for model in (ScheduleLine, PendingPart, StoredDeadline):
            model.objects.bulk_create([row for row in rows if isinstance(row, model)], batch_size=2000)  # type: ignore[attr-defined]
    return len(chosen)


def chunks(contracts: QuerySet[Contract]) -> Iterator[list[Contract]]:
    ids = list(contracts.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield list(contracts.filter(pk__in=ids[start : start + CHUNK]))


def refresh_all() -> int:
    """Rewrite every signed contract's stored schedule (`cpts steering refresh`)."""
    return sum(refresh(batch) for batch in chunks(signed()))


def stale() -> list[int]:
    """The signed contracts whose stored schedule is missing or was written from another description."""
    digests = dict(StoredSchedule.objects.values_list("contract_id", "digest"))
    found = []
    for batch in chunks(signed()):
        for contract, description in zip(batch, describe_many(batch), strict=True):
            if digests.get(contract.pk) != description_digest(description):
                found.append(contract.pk)
    return found


def crisis_regions(crisis: Any) -> set[str]:
    """The regions a declared crisis touches, from its communes, departments and regions."""
    data = load()
    departments = set(crisis.departments)
    for code in crisis.communes:
        if data.has_unit(code):
            departments.update(data.unit(code).departments)
    return set(crisis.regions) | {region_of(department) for department in departments}


def affected(instance: Any) -> QuerySet[Contract] | None:
    """The signed contracts whose schedule may depend on this changed object (read afresh), or None."""
    from cpts.communities.models import Community

    if instance._meta.app_label == "payments":  # the ledger never changes a schedule
        return None
    if instance._meta.label_lower == "crisis.declaredcrisis":  # crises open occurrence payments by area
        return signed().filter(community__region__in=crisis_regions(instance))
    owner = getattr(instance, "audit_scope", None) or instance  # as the audit trail files it
    if isinstance(owner, Contract):
        return signed().filter(pk=owner.pk)
    if isinstance(owner, Community):
        return signed().filter(community_id=owner.pk)
    return None


def refresh_after(instance: Any) -> None:
    """The `cpts.core.changes` listener: rewrite the schedules the change may have moved."""
    contracts = affected(instance)
    if contracts is not None:
        refresh(list(contracts))
