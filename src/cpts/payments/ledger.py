"""Reading the ledger: net sums per line identity, and a contract's statement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Max, Q, QuerySet, Subquery, Sum

from cpts.accord.schedule import Schedule
from cpts.core.withholding import withheld_years
from cpts.payments.balances import Booked, Key, LineStatus, statement, totals
from cpts.payments.models import LedgerEntry
from cpts.payments.schedules import contract_schedule

if TYPE_CHECKING:
    from cpts.contracts.models import Contract


def booked_lines(entries: QuerySet[LedgerEntry], account: str = "contract_id") -> dict[int, dict[Key, Booked]]:
    """Net ordered and paid sums, and last sequence numbers, per account and line identity (one query).

    `account`: "contract_id" (ACI contracts) or "early_mission_id" (early-mission contracts)."""
    rows = (
        entries.order_by()
        .values(account, "contract_year", "mission", "part", "kind", "entry")
        .annotate(total=Sum("amount"), last=Max("sequence"))
    )
    found: dict[int, dict[Key, Booked]] = defaultdict(dict)
    for row in rows:
        add(found[row[account]], row)
    return found


def add(lines: dict[Key, Booked], row: dict[str, Any]) -> None:
    """Add one grouped ledger row (an entry type's sum and last sequence of a line) to an account's lines."""
    key: Key = (row["contract_year"], row["mission"], row["part"], row["kind"])
    current = lines.get(key, Booked())
    total, last = row["total"], row["last"]
    if row["entry"] == LedgerEntry.Entry.ORDER:
        lines[key] = replace(current, ordered=current.ordered + total, last_order=max(current.last_order, last))
    else:
        lines[key] = replace(current, paid=current.paid + total, last_payment=max(current.last_payment, last))


def booked_for(contract_ids: Iterable[int]) -> dict[int, dict[Key, Booked]]:
    """The booked lines of ACI contracts, in one query. The first ACI contract of a CPTS also counts what its
    early-mission account holds (the aid ordered before the ACI): its schedule carries that line, which is
    paid once (002 annexe 2, art. 1.2)."""
    from cpts.contracts.bridge import first_contracts
    from cpts.contracts.models import Contract

    ids = list(contract_ids)
    of_their_cpts = Contract.objects.filter(pk__in=ids).values("community_id")
    # Two branches joined by UNION ALL: each reads the ledger through its own index (an OR of the two would
    # scan the whole ledger).
    own = LedgerEntry.objects.filter(contract_id__in=ids)
    early_accounts = LedgerEntry.objects.filter(early_mission__community_id__in=of_their_cpts)
    fields = ("contract_id", "early_mission__community_id", "contract_year", "mission", "part", "kind", "entry")
    rows = own.order_by().values(*fields).annotate(total=Sum("amount"), last=Max("sequence")).union(
        early_accounts.order_by().values(*fields).annotate(total=Sum("amount"), last=Max("sequence")), all=True
    )
    found: dict[int, dict[Key, Booked]] = defaultdict(dict)
    early: list[dict[str, Any]] = []
    for row in rows:
        if row["contract_id"] is None:
            early.append(row)
        else:
            add(found[row["contract_id"]], row)
    if early:  # rare: read which contract is each CPTS's first only then
        communities = {row["early_mission__community_id"] for row in early}
        firsts = dict(
            Contract.objects.filter(pk__in=first_contracts(list(communities)) & set(ids)).values_list(
                "community_id", "pk"
            )
        )
        for row in early:
            first = firsts.get(row["early_mission__community_id"])
            if first is not None:
                add(found[first], row)
    return found


def booked_early(early_ids: Iterable[int]) -> dict[int, dict[Key, Booked]]:
    """The booked lines of early-mission accounts (CPTS without a signed ACI contract), in one query."""
    return booked_lines(LedgerEntry.objects.filter(early_mission_id__in=list(early_ids)), "early_mission_id")


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
    entries = list(contract_entries(contract).select_related("reversal").order_by("created_at", "id"))
    return Statement(on, schedule, lines, totals(lines), entries, withheld)


def contract_entries(contract: Contract) -> QuerySet[LedgerEntry]:
    """The rows of a contract's ledger: its own, and for the CPTS's first ACI contract, those of its
    early-mission account (the aid ordered before the ACI was signed)."""
    from cpts.communities.models import EarlyMissionContract
    from cpts.contracts.models import Contract

    own = Q(contract=contract)
    if contract.signed_on is not None:  # first: no signed contract of its CPTS before it (bridge.first_contracts)
        earlier = Contract.objects.filter(community_id=contract.community_id, signed_on__isnull=False).filter(
            Q(signed_on__lt=contract.signed_on) | Q(signed_on=contract.signed_on, pk__lt=contract.pk)
        )
        # A CPTS has at most one early-mission account: compared as one value, the OR stays on two indexes.
        account = EarlyMissionContract.objects.filter(community_id=contract.community_id).exclude(Exists(earlier))
        own |= Q(early_mission_id=Subquery(account.values("pk")[:1]))
    return LedgerEntry.objects.filter(own)
