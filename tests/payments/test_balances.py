"""Schedule minus ledger (docs/architecture.md: "the difference between schedule and ledger gives what is due,
overdue, or overpaid")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cpts.payments.balances import Booked, line_status, totals

KEY = (1, "access", "fixed", "advance")
DUE = dt.date(2024, 3, 15)
A = Decimal("46027.40")


def test_a_line_not_yet_due_is_upcoming() -> None:
    line = line_status(KEY, DUE, A, Booked(), DUE - dt.timedelta(days=1))
    assert (line.status, line.to_order, line.due, line.overdue, line.overpaid) == ("upcoming", 0, 0, 0, 0)


def test_on_its_due_date_a_line_is_due_and_to_order_but_not_overdue() -> None:
    line = line_status(KEY, DUE, A, Booked(), DUE)
    assert (line.status, line.to_order, line.due, line.overdue) == ("to_order", A, A, 0)


def test_ordered_but_unpaid_after_its_due_date_is_overdue() -> None:
    line = line_status(KEY, DUE, A, Booked(ordered=A, last_order=1), DUE + dt.timedelta(days=1))
    assert (line.status, line.to_order, line.due, line.overdue) == ("overdue", 0, A, A)


def test_ordered_on_its_due_date_waits_for_payment() -> None:
    assert line_status(KEY, DUE, A, Booked(ordered=A, last_order=1), DUE).status == "ordered"


def test_paid_in_full_is_settled() -> None:
    line = line_status(KEY, DUE, A, Booked(ordered=A, paid=A), DUE + dt.timedelta(days=40))
    assert (line.status, line.due, line.overpaid) == ("paid", 0, 0)


def test_paid_more_than_scheduled_is_an_overpayment_to_recover() -> None:
    lower = Decimal("40000.00")
    line = line_status(KEY, DUE, lower, Booked(ordered=A, paid=A), DUE)
    assert (line.status, line.overpaid, line.to_order, line.due) == ("overpaid", A - lower, lower - A, 0)


def test_a_line_gone_from_the_schedule_is_recovered_at_once() -> None:
    line = line_status(KEY, None, Decimal(0), Booked(ordered=A, paid=A), DUE)
    assert (line.status, line.overpaid, line.to_order) == ("overpaid", A, -A)


def test_a_reimbursement_due_is_to_recover() -> None:
    """A negative line (002 annexe 1, art. 8: sums to pay back after termination) is owed by the CPTS."""
    line = line_status(KEY, DUE, Decimal("-5000.00"), Booked(), DUE)
    assert (line.status, line.overpaid, line.due, line.to_order) == (
        "overpaid",
        Decimal("5000.00"),
        0,
        Decimal("-5000.00"),
    )


amounts = st.decimals(min_value=-100000, max_value=100000, places=2)
dates = st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31))


@given(amounts, amounts, amounts, dates, dates)
def test_due_minus_overpaid_is_always_schedule_minus_paid_once_due(
    scheduled: Decimal, ordered: Decimal, paid: Decimal, due_on: dt.date, on: dt.date
) -> None:
    line = line_status(KEY, due_on, scheduled, Booked(ordered=ordered, paid=paid), on)
    assert line.due >= 0 and line.overpaid >= 0 and 0 <= line.overdue <= line.due
    assert not (line.due and line.overpaid)
    if due_on <= on:
        assert line.due - line.overpaid == scheduled - paid
        assert line.to_order == scheduled - ordered
    else:
        assert line.due == line.overpaid == line.to_order == 0


@given(st.lists(st.tuples(amounts, amounts, amounts), max_size=8), dates)
def test_totals_are_the_sums_of_the_lines(rows: list[tuple[Decimal, Decimal, Decimal]], on: dt.date) -> None:
    lines = [line_status(KEY, DUE, s, Booked(ordered=o, paid=p), on) for s, o, p in rows]
    summed = totals(lines)
    assert summed["due"] == sum((line.due for line in lines), Decimal(0))
    assert summed["scheduled"] == sum((s for s, _, _ in rows), Decimal(0))


BALANCE = (1, "access", "fixed", "balance")
REASON = "Solde de l'année 1 retenu : comptes de l'année manquant(s)"


def test_a_withheld_balance_is_neither_to_order_nor_due_nor_overdue() -> None:
    """Rule BALANCE_WITHHELD_WITHOUT_DOCUMENTS (002 annexe 1, art. 6.1 and 6.2): held back, with its reason."""
    line = line_status(BALANCE, DUE, A, Booked(), DUE + dt.timedelta(days=30), REASON)
    assert (line.status, line.to_order, line.due, line.overdue, line.withheld) == ("withheld", 0, 0, 0, A)
    assert line.withheld_reason == REASON
    assert line.to_dict()["status_label"] == "retenu"


def test_a_withheld_balance_already_ordered_is_not_overdue() -> None:
    line = line_status(BALANCE, DUE, A, Booked(ordered=A, last_order=1), DUE + dt.timedelta(days=30), REASON)
    assert (line.status, line.overdue, line.withheld) == ("withheld", 0, A)


def test_a_withheld_balance_not_yet_due_is_upcoming() -> None:
    line = line_status(BALANCE, DUE, A, Booked(), DUE - dt.timedelta(days=1), REASON)
    assert (line.status, line.withheld, line.withheld_reason) == ("upcoming", 0, "")


def test_a_recovery_is_not_withheld() -> None:
    """What the CPTS owes back is no "versement" (art. 6.1): a lowered balance still gets its negative order."""
    lower = A - Decimal("1000.00")
    ordered = line_status(BALANCE, DUE, lower, Booked(ordered=A, last_order=1), DUE, REASON)
    assert (ordered.to_order, ordered.withheld, ordered.status) == (lower - A, lower, "withheld")
    paid = line_status(BALANCE, DUE, lower, Booked(ordered=A, paid=A, last_order=1), DUE, REASON)
    assert (paid.status, paid.overpaid, paid.withheld, paid.to_order) == ("overpaid", A - lower, 0, lower - A)


def test_only_balance_lines_of_a_withheld_year_are_held() -> None:
    from cpts.payments.balances import reason_for

    assert reason_for(BALANCE, {1: REASON}) == REASON
    assert reason_for(KEY, {1: REASON}) == ""  # an advance
    assert reason_for((2, "access", "fixed", "balance"), {1: REASON}) == ""
