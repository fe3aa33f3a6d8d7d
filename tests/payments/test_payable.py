"""No ordering ahead of time: a run orders what is payable on its date, its date has come, and a
forecast writes nothing (docs/ledger.md, « Payable à partir de, dû au plus tard »).

002 annexe 1, art. 6.1: the operating advance is paid "au début de chaque année (en référence à la
date anniversaire du contrat)"; art. 6.2: the mission advance "dès la date de démarrage", and the
balance of year N with the advance of N+1 "au plus tard, dans les deux mois suivant la date
anniversaire", the variable part "au regard des échanges évoqués à l'article 4.2.2.1" (its
validated attainment).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from cpts.api.testing import World
from cpts.cli import main
from cpts.contracts.services import set_attainment
from cpts.core.actors import Actor
from cpts.core.errors import TransitionRefused
from cpts.core.models import AuditEvent
from cpts.payments.ledger import contract_statement
from cpts.payments.models import LedgerEntry, PaymentRun
from cpts.payments.runs import preview_run, run_payments
from cpts.payments.schedules import contract_schedule

COMMAND = Actor.command("tests")
ANNIVERSARY = dt.date(2024, 1, 15)  # the first anniversary of the contracts of the test world
DEADLINE = dt.date(2024, 3, 15)  # two months after it (002 annexe 1, art. 6.2)


@pytest.fixture(autouse=True)
def documents_in(documented: World) -> None:
    """The year-1 documents are in: no balance is withheld (test_withheld.py)."""


def lines(world: World, kind: str, year: int) -> list[tuple[dt.date, dt.date]]:
    return sorted(
        {(p.payable_on, p.due_on) for p in contract_schedule(world.signed).payments if p.key[::3] == (year, kind)}
    )


def test_a_balance_is_payable_from_the_anniversary_and_due_two_months_after(world: World) -> None:
    """002 annexe 1, art. 6.2: "au plus tard, dans les deux mois suivant la date anniversaire"."""
    assert lines(world, "balance", 1) == [(ANNIVERSARY, DEADLINE)]


def test_an_advance_is_payable_from_its_start_or_its_anniversary(world: World) -> None:
    """Art. 6.2: the first mission advance "dès la date de démarrage"; art. 6.1 and 6.2: the next years'
    advances from the anniversary, at the latest with the previous year's settlement."""
    assert lines(world, "advance", 1) == [(dt.date(2023, 3, 1), dt.date(2023, 3, 1))]
    assert lines(world, "advance", 2) == [(ANNIVERSARY, DEADLINE)]


def test_a_run_between_anniversary_and_deadline_orders_the_balance_but_not_before(world: World) -> None:
    before = run_payments(COMMAND, ANNIVERSARY - dt.timedelta(days=1))
    assert not LedgerEntry.objects.filter(kind="balance").exists() and before.orders > 0
    run_payments(COMMAND, ANNIVERSARY)
    balances = LedgerEntry.objects.filter(kind="balance", contract=world.signed)
    assert {row.due_on for row in balances} == {DEADLINE}
    assert balances.count() == len([p for p in contract_schedule(world.signed).payments if p.kind == "balance"
                                    and p.payable_on <= ANNIVERSARY])  # fmt: skip
    line = next(line for line in contract_statement(world.signed, ANNIVERSARY).lines if line.key[3] == "balance")
    assert (line.status, line.overdue, line.to_dict()["payable_from"]) == ("ordered", 0, "2024-01-15")


def test_the_variable_part_is_payable_once_its_attainment_is_validated(world: World) -> None:
    """Art. 6.2 and 4.2.2.1: the variable part of a year is paid on its validated attainment."""
    cpam = Actor(world.user("cpam"), world.organisation("cpam"))
    validated = dt.date(2024, 2, 10)
    set_attainment(cpam, world.signed, 1, "access", Decimal("0.8"), validated)
    assert lines(world, "balance", 1)[-1] == (validated, DEADLINE)
    run_payments(COMMAND, validated - dt.timedelta(days=1))
    assert not LedgerEntry.objects.filter(part="variable").exists()
    run_payments(COMMAND, validated)
    assert LedgerEntry.objects.filter(part="variable").count() == 1


def test_a_run_after_today_is_refused_and_writes_nothing(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(TransitionRefused, match=f"La campagne du {tomorrow:%d/%m/%Y} est postérieure à aujourd'hui"):
        run_payments(COMMAND, tomorrow)
    assert main(["payments", "run", "--on", "2099-12-31"]) == 2
    assert "La campagne du 31/12/2099 est postérieure à aujourd'hui" in capsys.readouterr().err
    assert not PaymentRun.objects.exists() and not LedgerEntry.objects.exists()
    assert run_payments(COMMAND, timezone.localdate()).orders > 0  # today is allowed


def test_a_preview_writes_nothing_and_announces_exactly_what_the_run_orders(world: World) -> None:
    counts = (LedgerEntry.objects.count(), PaymentRun.objects.count(), AuditEvent.objects.count())
    preview = preview_run(DEADLINE)
    assert (LedgerEntry.objects.count(), PaymentRun.objects.count(), AuditEvent.objects.count()) == counts
    summary = run_payments(COMMAND, DEADLINE)
    assert (preview.orders, preview.total, preview.contracts) == (summary.orders, summary.total, summary.contracts)
    ordered = {
        (row["contract_id"], row["mission"]): (row["count"], row["total"])
        for row in LedgerEntry.objects.values("contract_id", "mission").annotate(count=Count("id"), total=Sum("amount"))
    }
    assert {(line.contract_id, line.mission): (line.orders, line.total) for line in preview.lines} == ordered
    assert preview_run(DEADLINE).orders == 0  # nothing left to order


def test_a_forecast_may_look_ahead_and_writes_nothing(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payments", "run", "--on", "2099-12-31", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Aperçu de campagne (rien n'est écrit) — échéances payables au 31/12/2099" in out
    every = sum(p.amount for contract in (world.signed, world.other_contract) if contract
                for p in contract_schedule(contract).payments)  # fmt: skip
    forecast = preview_run(dt.date(2099, 12, 31))
    assert forecast.total + sum(line.amount for line in forecast.withheld) == every  # the later years' balances wait
    assert not PaymentRun.objects.exists() and not LedgerEntry.objects.exists() and not AuditEvent.objects.filter(
        object_type="payments.paymentrun"
    ).exists()
