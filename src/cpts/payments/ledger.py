"""Reading the ledger: net sums per line identity, and a contract's statement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Max, QuerySet, Sum

from cpts.accord.schedule import Schedule
from cpts.core.withholding import withheld_years
from cpts.payments.balances import Booked, Key, LineStatus, statement, totals
from cpts.payments.models import LedgerEntry
from cpts.payments.schedules import contract_schedule

if TYPE_CHECKING:
    from cpts.contracts.models import Contract


def booked_lines(entries: QuerySet[LedgerEntry]) -> dict[int, dict[Key, Booked]]:
    """Net ordered and paid sums, and last sequence numbers, per contract and line identity (one query)."""
    rows = (
        entries.order_by()
        .values("contract_id", "contract_year", "mission", "part", "kind", "entry")
        .annotate(total=Sum("amount"), last=Max("sequence"))
    )
    found: dict[int, dict[Key, Booked]] = defaultdict(dict)
    for row in rows:
        key: Key = (row["contract_year"], row["mission"], row["part"], row["kind"])
        lines = found[row["contract_id"]]
        current = lines.get(key, Booked())
        if row["entry"] == LedgerEntry.Entry.ORDER:
            lines[key] = replace(current, ordered=row["total"], last_order=row["last"])
        else:
            lines[key] = replace(current, paid=row["total"], last_payment=row["last"])
    return found


def booked_for(contract_ids: Iterable[int]) -> dict[int, dict[Key, Booked]]:
    return booked_lines(LedgerEntry.objects.filter(contract_id__in=list(contract_ids)))


@dataclass(frozen=True)
class Statement:
    """A contract's schedule set against its ledger on a date."""

    on: dt.date
    schedule: Schedule
    lines: list[LineStatus]
    totals: dict[str, Decimal]
    entries: list[LedgerEntry]
    withheld: dict[int, str]  # {contract year: reason} of the years whose balance is withheld


def contract_statement(contract: Contract, on: dt.date) -> Statement:
    schedule = contract_schedule(contract, on)
    booked = booked_for([contract.pk]).get(contract.pk, {})
    withheld = withheld_years([contract]).get(contract.pk, {})
    lines = statement(schedule.payments, booked, on, withheld)
    entries = list(
        contract.ledger_entries.select_related("reversal").order_by("created_at", "id")  # type: ignore[attr-defined]
    )
    return Statement(on, schedule, lines, totals(lines), entries, withheld)
