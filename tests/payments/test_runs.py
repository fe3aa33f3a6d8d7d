"""`cpts payments run`: orders every line due on or before a date, once (docs/ledger.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from cpts.api.testing import World
from cpts.cli import main
from cpts.contracts.services import set_attainment
from cpts.core.actors import Actor
from cpts.core.models import AuditEvent
from cpts.payments.entries import record_payment
from cpts.payments.ledger import contract_statement
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.payments.schedules import contract_schedule

COMMAND = Actor.command("tests")
ON = dt.date(2024, 3, 31)


@pytest.fixture(autouse=True)
def documents_in(documented: World) -> None:
    """The year-1 documents of both contracts are in, so every line due is ordered (withheld: test_withheld.py)."""


def due_lines(world: World, on: dt.date) -> dict[tuple[int, str, str, str], Decimal]:
    lines = {}
    for contract in (world.signed, world.other_contract):
        assert contract is not None
        for payment in contract_schedule(contract).payments:
            if payment.due_on <= on:
                lines[(contract.pk, *payment.key)] = payment.amount
    return lines


def ordered(world: World) -> dict[tuple[int, str, str, str], Decimal]:
    rows = LedgerEntry.objects.filter(entry="order").values("contract_id", "contract_year", "mission", "part", "kind")
    return {
        (row["contract_id"], row["contract_year"], row["mission"], row["part"], row["kind"]): row["total"]
        for row in rows.annotate(total=Sum("amount"))
    }


def test_a_run_orders_exactly_the_lines_due_on_or_before_its_date(world: World) -> None:
    summary = run_payments(COMMAND, ON)
    expected = due_lines(world, ON)
    assert ordered(world) == expected
    assert summary.orders == len(expected) == LedgerEntry.objects.count()
    assert summary.total == sum(expected.values())
    assert summary.contracts == 2 and summary.contracts_with_orders == 2
    first = LedgerEntry.objects.filter(contract=world.signed, mission="operating", contract_year=1).get()
    assert (first.due_on, first.ordered_on, first.sequence, first.run_id) == (
        dt.date(2023, 1, 15),
        ON,
        1,
        summary.run.pk,
    )


def test_running_twice_creates_nothing_new(world: World) -> None:
    run_payments(COMMAND, ON)
    before = list(LedgerEntry.objects.values_list("pk", flat=True))
    again = run_payments(COMMAND, ON)
    assert again.orders == 0 and again.total == 0
    assert list(LedgerEntry.objects.values_list("pk", flat=True)) == before


def test_a_later_run_orders_only_what_fell_due_since(world: World) -> None:
    run_payments(COMMAND, dt.date(2023, 2, 1))
    assert LedgerEntry.objects.count() == 2  # the two operating payments at signature
    later = run_payments(COMMAND, ON)
    assert later.orders == len(due_lines(world, ON)) - 2
    assert ordered(world) == due_lines(world, ON)


def test_a_run_for_one_cpam_orders_only_its_contracts(world: World) -> None:
    summary = run_payments(COMMAND, ON, cpam="69")
    assert summary.contracts == 1
    assert set(LedgerEntry.objects.values_list("contract_id", flat=True)) == {world.other_contract.pk}  # type: ignore[union-attr]


def test_a_changed_schedule_gets_a_complement_then_a_recovery(world: World) -> None:
    """A variable part validated after the run is ordered by the next run; lowered after payment,
    the difference becomes an overpayment to recover (a negative order)."""
    cpam = Actor(world.user("cpam"), world.organisation("cpam"))
    run_payments(COMMAND, ON)
    set_attainment(cpam, world.signed, 1, "access", Decimal("1"), dt.date(2024, 3, 1))
    variable = [p for p in contract_schedule(world.signed).payments if p.part == "variable"]
    assert [p.key for p in variable] == [(1, "access", "variable", "balance")]
    complement = run_payments(COMMAND, ON)
    assert complement.orders == 1 and complement.total == variable[0].amount
    order = LedgerEntry.objects.get(part="variable")
    record_payment(cpam, order, ON, "VIR-VAR-1")

    set_attainment(cpam, world.signed, 1, "access", Decimal("0.5"), dt.date(2024, 3, 20))
    lowered = next(p for p in contract_schedule(world.signed).payments if p.part == "variable")
    line = next(line for line in contract_statement(world.signed, ON).lines if line.key == lowered.key)
    assert line.status == "overpaid"
    assert line.overpaid == order.amount - lowered.amount > 0
    recovery = run_payments(COMMAND, ON)
    assert recovery.recoveries == 1 and recovery.recovered == lowered.amount - order.amount
    assert ordered(world)[(world.signed.pk, *lowered.key)] == lowered.amount


def test_each_run_is_audited_with_one_event_per_contract(world: World) -> None:
    summary = run_payments(COMMAND, ON)
    events = AuditEvent.objects.filter(object_type="payments.paymentrun", object_id=str(summary.run.pk))
    assert {event.scope for event in events} == {
        f"payments.paymentrun:{summary.run.pk}",
        f"contracts.contract:{world.signed.pk}",
        f"contracts.contract:{world.other_contract.pk}",  # type: ignore[union-attr]
    }
    assert all(event.actor_name == "commande « tests »" for event in events)


def test_the_command_prints_a_french_summary(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payments", "run", "--on", "2024-03-31"]) == 0
    first = capsys.readouterr().out
    assert "échéances jusqu'au 31/03/2024, toutes les CPAM" in first
    assert f"Ordres créés : {len(due_lines(world, ON))}" in first
    assert main(["payments", "run", "--on", "2024-03-31", "--cpam", "75"]) == 0
    assert "Rien de nouveau" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_cpam(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payments", "run", "--on", "2024-03-31", "--cpam", "2A"]) == 2
    assert "aucune CPAM pour le département « 2A »" in capsys.readouterr().err


def test_a_contract_the_engine_refuses_is_reported_and_does_not_stop_the_run(world: World) -> None:
    world.other_contract.signed_on = dt.date(2019, 1, 2)  # type: ignore[union-attr]  # before the 2019 agreement
    world.other_contract.save()  # type: ignore[union-attr]
    summary = run_payments(COMMAND, ON)
    assert [contract for contract, _ in summary.refused] == [world.other_contract.pk]  # type: ignore[union-attr]
    assert summary.contracts_with_orders == 1 and summary.orders > 0
