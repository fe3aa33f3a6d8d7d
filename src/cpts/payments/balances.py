"""Schedule minus ledger: what is to order, due, overdue or overpaid, line by line.

Pure functions over the engine's `Payment` lines and the ledger sums of each
line identity, so the payment run, the API and the pages read the same figures.
Amounts are signed from the Assurance maladie's side: positive is owed to the
CPTS, negative (a reimbursement, 002 annexe 1 art. 8) is owed by it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.money import ZERO, as_text
from cpts.accord.schedule import Payment
from cpts.core.words import LINE_STATUS_LABELS

Key = tuple[int, str, str, str]  # (contract year, mission, part, kind), as Payment.key

STATUS_LABELS = LINE_STATUS_LABELS  # the French words live in the catalogue (cpts.core.words)
# The kind of line a missing document withholds (rule BALANCE_WITHHELD_WITHOUT_DOCUMENTS: 002 annexe 1,
# art. 6.2 pays the balance "au regard des échanges évoqués à l'article 4.2.2.1").
WITHHELD_KIND = "balance"


@dataclass(frozen=True, slots=True)
class Booked:
    """The ledger of one line identity: net sums (reversals included) and the last sequence numbers."""

    ordered: Decimal = ZERO
    paid: Decimal = ZERO
    last_order: int = 0
    last_payment: int = 0


@dataclass(frozen=True, slots=True)
class LineStatus:
    key: Key
    due_on: dt.date | None  # None: no longer in the schedule, only in the ledger
    scheduled: Decimal
    ordered: Decimal
    paid: Decimal
    to_order: Decimal  # what the next payment run orders (scheduled - ordered, once due)
    due: Decimal  # owed to the CPTS and due on the date of the statement (overdue included)
    overdue: Decimal  # the part of `due` whose due date has passed
    overpaid: Decimal  # owed by the CPTS: an undue payment or a reimbursement to recover
    status: str
    withheld: Decimal = ZERO  # owed to the CPTS but held back until the year's documents are in
    withheld_reason: str = ""  # why (French), when the line's year is withheld
    payable_from: dt.date | None = None  # the first day it may be ordered (None: no longer scheduled, at once)

    def to_dict(self) -> dict[str, Any]:
        year, mission, part, kind = self.key
        return {
            "contract_year": year,
            "mission": mission,
            "part": part,
            "kind": kind,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "payable_from": self.payable_from.isoformat() if self.payable_from else None,
            "scheduled": as_text(self.scheduled),
            "ordered": as_text(self.ordered),
            "paid": as_text(self.paid),
            "to_order": as_text(self.to_order),
            "due": as_text(self.due),
            "overdue": as_text(self.overdue),
            "overpaid": as_text(self.overpaid),
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "withheld": as_text(self.withheld),
            "withheld_reason": self.withheld_reason or None,
        }


def line_status(
    key: Key,
    due_on: dt.date | None,
    scheduled: Decimal,
    booked: Booked,
    on: dt.date,
    withheld_reason: str = "",
    payable_from: dt.date | None = None,
) -> LineStatus:
    """The state of one line on date `on`.

    A line is payable, hence to order and due, from `payable_from` (by default its due
    date; a line absent from the schedule is due at once), and overdue once its due
    date, the last day it may be paid, has passed and it is not fully paid
    (002 annexe 1, art. 6.2: "au plus tard, dans les deux mois suivant la date anniversaire").
    With a `withheld_reason` (its year's documents are missing, rule
    BALANCE_WITHHELD_WITHOUT_DOCUMENTS), what is owed to the CPTS is withheld: neither
    to order, nor due, nor overdue. What the CPTS owes back is not withheld: a recovery
    is not a "versement" (002 annexe 1, art. 6.1).
    """
    first_day = payable_from or due_on
    is_due = first_day is None or first_day <= on
    balance = scheduled - booked.paid
    to_order = scheduled - booked.ordered if is_due else ZERO
    due = balance if is_due and balance > 0 else ZERO
    withheld = due if withheld_reason else ZERO
    if withheld:
        to_order, due = min(to_order, ZERO), ZERO
    overdue = due if due_on is not None and due_on < on else ZERO
    overpaid = -balance if is_due and balance < 0 else ZERO
    if not is_due and booked.ordered == 0 and booked.paid == 0:
        status = "upcoming"
    elif overpaid:
        status = "overpaid"
    elif balance == 0:
        status = "paid"
    elif withheld:
        status = "withheld"
    elif overdue:
        status = "overdue"
    elif to_order:
        status = "to_order"
    elif due:
        status = "ordered"
    else:
        status = "upcoming"
    return LineStatus(
        key, due_on, scheduled, booked.ordered, booked.paid, to_order, due, overdue, overpaid, status,
        withheld, withheld_reason if withheld else "", first_day,
    )  # fmt: skip


def reason_for(key: Key, withheld: Mapping[int, str]) -> str:
    """Why the line is withheld ("" if it is not): a balance line of a withheld contract year."""
    return withheld.get(key[0], "") if key[3] == WITHHELD_KIND else ""


def statement(
    payments: Iterable[Payment], booked: Mapping[Key, Booked], on: dt.date, withheld: Mapping[int, str] | None = None
) -> list[LineStatus]:
    """Every line of the schedule, then every ledger line the schedule no longer has.

    `withheld`: {contract year: reason} of the years whose balance is withheld (`cpts.core.withholding`).
    """
    withheld = withheld or {}
    lines = []
    seen: set[Key] = set()
    for payment in payments:
        seen.add(payment.key)
        found = booked.get(payment.key, Booked())
        reason = reason_for(payment.key, withheld)
        lines.append(line_status(payment.key, payment.due_on, payment.amount, found, on, reason, payment.payable_on))
    for key in sorted(set(booked) - seen):
        found = booked[key]
        if found.ordered or found.paid:
            lines.append(line_status(key, None, ZERO, found, on))
    return lines


def totals(lines: Iterable[LineStatus]) -> dict[str, Decimal]:
    names = ("scheduled", "ordered", "paid", "to_order", "due", "overdue", "overpaid", "withheld")
    sums = dict.fromkeys(names, ZERO)
    for line in lines:
        for name in names:
            sums[name] += getattr(line, name)
    return sums
