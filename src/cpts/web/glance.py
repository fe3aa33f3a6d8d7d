"""The contract at a glance: the summary block at the top of the contract page.

Everything comes from the statement (the engine's schedule against the ledger, cpts.payments.ledger) and
the contract's dates: nothing is computed here that the page does not also show in detail below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from cpts.accord.members_lists import held_by_year
from cpts.accord.money import ZERO
from cpts.accord.schedule import Deadline
from cpts.contracts.models import Contract
from cpts.contracts.services import expires_on, termination_effective_on
from cpts.payments.balances import LineStatus
from cpts.payments.ledger import Statement


@dataclass(frozen=True)
class Status:
    label: str  # « En cours jusqu'au 15/03/2028 », « Arrivé à échéance le 15/10/2024 », « Résilié le … »
    badge: str  # DSFR badge type
    ended: bool


@dataclass
class Glance:
    status: Status
    due_this_month: Decimal = ZERO
    overdue: Decimal = ZERO
    withheld: Decimal = ZERO
    withheld_reasons: list[str] = field(default_factory=list)
    next_line: LineStatus | None = None
    deadlines: list[Deadline] = field(default_factory=list)  # the next ones not yet met
    # Rule MEMBERS_LIST_YEARLY: the size-4 bonus waiting for a year's list of members, and those years.
    held_for_lists: Decimal = ZERO
    lists_missing: list[int] = field(default_factory=list)


def status_of(contract: Contract, on: dt.date) -> Status:
    """The contract's state in words: in preparation, running (until when), terminating, terminated, ended."""
    if contract.signed_on is None:  # in effect at the last of the three signatures (rule SIGNATURES_THREE_PARTIES)
        signed = contract.signatures.count()  # type: ignore[attr-defined]
        return Status(f"En préparation : {signed} signature{'s' if signed > 1 else ''} sur 3", "info", False)
    expiry = expires_on(contract)
    assert expiry is not None
    termination = getattr(contract, "termination", None)
    effective = termination_effective_on(contract) if termination is not None else None
    if effective is not None and effective < expiry:
        if effective <= on:
            return Status(f"Résilié le {effective:%d/%m/%Y}", "error", True)
        return Status(f"Résiliation notifiée le {termination.notified_on:%d/%m/%Y}, effective le {effective:%d/%m/%Y}", "warning", False)  # noqa: E501
    if expiry <= on:
        return Status(f"Arrivé à échéance le {expiry:%d/%m/%Y} (cinq ans)", "info", True)
    return Status(f"En cours, signé le {contract.signed_on:%d/%m/%Y}, jusqu'au {expiry:%d/%m/%Y}", "success", False)


def glance(contract: Contract, statement: Statement | None, on: dt.date) -> Glance:
    summary = Glance(status_of(contract, on))
    if statement is None:
        return summary
    for line in statement.lines:
        summary.overdue += line.overdue
        summary.withheld += line.withheld
        if line.due_on is not None and (line.due_on.year, line.due_on.month) == (on.year, on.month):
            summary.due_this_month += max(line.scheduled - line.paid, ZERO)  # due this month, paid or not yet
    upcoming = [line for line in statement.lines if line.due_on and line.due_on >= on and line.status != "paid"]
    summary.next_line = min(upcoming, key=lambda line: line.due_on or on, default=None)
    summary.withheld_reasons = [statement.withheld[year] for year in sorted(statement.withheld)]
    pending = [d for d in statement.schedule.deadlines if d.status in ("due_soon", "missed", "open") and d.due_on]
    summary.deadlines = sorted(pending, key=lambda d: d.due_on or on)[:4]
    summary.lists_missing = [i.contract_year for i in statement.schedule.members_lists if i.status == "missing"]
    held = held_by_year(statement.schedule.pending)
    summary.held_for_lists = sum((held.get(year, ZERO) for year in summary.lists_missing), ZERO)
    return summary
