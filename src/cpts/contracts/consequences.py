"""What a termination would change, computed by the engine before anything is written (002 annexe 1, art. 8;
rule TERMINATION_PRORATA): the schedule of the contract as it stands against the schedule with the notice,
and what the ledger has already paid. The page shows it and asks for confirmation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from cpts.accord import contract as engine
from cpts.accord.money import ZERO
from cpts.accord.schedule import Payment, compute_schedule
from cpts.accord.termination import effective_on
from cpts.contracts.bridge import describe
from cpts.contracts.models import Contract


@dataclass(frozen=True)
class Change:
    """A schedule line the termination changes: its amount before and after (0: added or removed)."""

    key: tuple[int, str, str, str]
    due_on: dt.date | None
    before: Decimal
    after: Decimal


@dataclass(frozen=True)
class Consequences:
    effective_on: dt.date | None  # None: suspended (the local joint commission is referred)
    changes: list[Change]
    total_before: Decimal
    total_after: Decimal
    paid: Decimal  # paid so far under the contract (ledger)

    @property
    def balance(self) -> Decimal:
        """Positive: still to pay to the CPTS over the shortened contract; negative: to be refunded by the CPTS."""
        return self.total_after - self.paid

    @property
    def refund(self) -> Decimal:
        """The reimbursements the termination creates (advances beyond the prorata), as a positive amount."""
        return -sum((c.after for c in self.changes if c.after < 0), ZERO)

    @property
    def refund_due_on(self) -> dt.date | None:
        return max((c.due_on for c in self.changes if c.after < 0 and c.due_on), default=None)


def _amounts(payments: tuple[Payment, ...]) -> dict[tuple[int, str, str, str], tuple[Decimal, dt.date | None]]:
    return {p.key: (p.amount, p.due_on) for p in payments}


def termination_consequences(
    contract: Contract, notified_on: dt.date, initiator: str, effective: dt.date | None, paid: Decimal
) -> Consequences:
    """The schedule with this notice against the schedule without it (the engine, through the one bridge)."""
    current = describe(contract)
    notice = engine.Termination(notified_on, initiator, effective)  # type: ignore[arg-type]
    before = _amounts(compute_schedule(current).payments)
    after = _amounts(compute_schedule(replace(current, termination=notice)).payments)
    nothing = (ZERO, None)
    changes = [
        Change(key, (after.get(key) or before[key])[1], before.get(key, nothing)[0], after.get(key, nothing)[0])
        for key in set(before) | set(after)
        if before.get(key, nothing)[0] != after.get(key, nothing)[0]
    ]
    changes.sort(key=lambda change: (change.due_on or dt.date.max, change.key))
    total = sum((amount for amount, _ in before.values()), ZERO)
    total_after = sum((amount for amount, _ in after.values()), ZERO)
    return Consequences(effective_on(notice), changes, total, total_after, paid)
