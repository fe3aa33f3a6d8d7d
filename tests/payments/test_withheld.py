"""Withheld balances in the payment service (rule BALANCE_WITHHELD_WITHOUT_DOCUMENTS).

002 annexe 1, art. 6.1: payment "sous réserve de la vérification de la complétude du dossier";
art. 6.2: the balance is paid "au regard des échanges évoqués à l'article 4.2.2.1". Until the
year's activity report and accounts are in, the run does not order that year's balance lines and
the ledger shows them as withheld, not overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from cpts.accord.money import french
from cpts.api.models import ApiToken
from cpts.api.testing import World
from cpts.cli import main
from cpts.contracts.models import Contract
from cpts.contracts.services import set_attainment
from cpts.core.actors import Actor
from cpts.core.current import SESSION_KEY
from cpts.payments.ledger import contract_statement
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.payments.schedules import contract_schedule

COMMAND = Actor.command("tests")
FileDocuments = Callable[..., None]  # the fixture of conftest.py
ON = dt.date(2024, 3, 31)  # after the settlement of year 1 (15/03/2024), before that of year 2


def year_balances(contract: Contract, year: int) -> dict[tuple[int, str, str, str], Decimal]:
    """The balance lines of a contract year due by ON, from the engine's schedule."""
    return {
        p.key: p.amount
        for p in contract_schedule(contract).payments
        if p.kind == "balance" and p.contract_year == year and p.due_on <= ON
    }


def ordered_keys(contract: Contract) -> set[tuple[int, str, str, str]]:
    rows = LedgerEntry.objects.filter(contract=contract, entry="order")
    return {(r.contract_year, r.mission, r.part, r.kind) for r in rows}


def test_a_withheld_years_balance_is_not_ordered_and_the_summary_says_why(world: World) -> None:
    balances = year_balances(world.signed, 1)
    assert len(balances) == 4  # access, pathways, prevention, crisis: fixed part balances of year 1
    summary = run_payments(COMMAND, ON)
    assert not ordered_keys(world.signed) & set(balances)
    others = {p.key for p in contract_schedule(world.signed).payments if p.due_on <= ON} - set(balances)
    assert ordered_keys(world.signed) == others  # everything else due is ordered
    mine = {line.key: line for line in summary.withheld if line.contract_id == world.signed.pk}
    assert {key: line.amount for key, line in mine.items()} == balances
    reason = next(iter(mine.values())).reason
    assert reason.startswith("Solde de l'année 1 retenu : rapport d'activité, comptes de l'année manquant(s)")
    assert "BALANCE_WITHHELD_WITHOUT_DOCUMENTS" in reason
    assert summary.withheld_total == sum(line.amount for line in summary.withheld)


def test_one_document_is_not_enough(world: World, file_documents: FileDocuments) -> None:
    file_documents(world, world.signed, 1, ("activity_report",))
    summary = run_payments(COMMAND, ON)
    assert not ordered_keys(world.signed) & set(year_balances(world.signed, 1))
    reasons = {line.reason for line in summary.withheld if line.contract_id == world.signed.pk}
    assert reasons == {
        "Solde de l'année 1 retenu : comptes de l'année manquant(s) "
        "(002 annexe 1, art. 6.2 et 4.2.2.1 ; règle BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."
    }


def test_once_the_documents_are_in_the_next_run_orders_the_balance_once(
    world: World, file_documents: FileDocuments
) -> None:
    balances = year_balances(world.signed, 1)
    first = run_payments(COMMAND, ON)
    file_documents(world, world.signed, 1)
    second = run_payments(COMMAND, ON)
    assert second.orders == len(balances) and second.total == sum(balances.values())
    rows = LedgerEntry.objects.filter(run=second.run)
    assert {(r.contract_year, r.mission, r.part, r.kind): r.amount for r in rows} == balances
    assert {r.sequence for r in rows} == {1}
    assert {line.contract_id for line in second.withheld} == {world.other_contract.pk}  # type: ignore[union-attr]
    third = run_payments(COMMAND, ON)
    assert third.orders == 0  # idempotent as before: no duplicate order
    assert LedgerEntry.objects.count() == first.orders + second.orders


def test_a_variable_balance_is_withheld_too(world: World) -> None:
    """Any mission and part: the variable part of year 1, once its rate is validated, waits for the documents."""
    cpam = Actor(world.user("cpam"), world.organisation("cpam"))
    set_attainment(cpam, world.signed, 1, "access", Decimal("1"), dt.date(2024, 3, 1))
    summary = run_payments(COMMAND, ON)
    assert (1, "access", "variable", "balance") in {line.key for line in summary.withheld}
    assert not LedgerEntry.objects.filter(part="variable").exists()


def test_the_statement_shows_withheld_lines_not_overdue(world: World, file_documents: FileDocuments) -> None:
    balances = year_balances(world.signed, 1)
    run_payments(COMMAND, ON)
    statement = contract_statement(world.signed, ON)
    held = [line for line in statement.lines if line.key in balances]
    assert {line.status for line in held} == {"withheld"}
    assert all(line.overdue == line.due == line.to_order == 0 for line in held)
    assert {line.key: line.withheld for line in held} == balances
    assert all(line.withheld_reason.startswith("Solde de l'année 1 retenu") for line in held)
    assert statement.totals["withheld"] == sum(balances.values())
    assert statement.withheld[1] == held[0].withheld_reason
    assert all(line.status != "withheld" for line in statement.lines if line.key not in balances)

    file_documents(world, world.signed, 1)
    after = {line.key: line for line in contract_statement(world.signed, ON).lines}
    assert {after[key].status for key in balances} == {"overdue"}  # due on 15/03/2024, not yet ordered
    assert all(after[key].to_order == amount for key, amount in balances.items())


def test_the_api_ledger_shows_withheld_lines(world: World) -> None:
    token = ApiToken.issue(world.user("cpam"), world.organisation("cpam"), "tests")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    run_payments(COMMAND, ON)
    ledger = client.get(f"/api/contracts/{world.signed.pk}/ledger?on={ON}").json()
    line = next(x for x in ledger["lines"] if (x["contract_year"], x["mission"], x["kind"]) == (1, "access", "balance"))
    assert (line["status"], line["status_label"], line["withheld"], line["overdue"]) == (
        "withheld",
        "retenu",
        "15342.46",
        "0.00",
    )
    assert line["withheld_reason"].startswith("Solde de l'année 1 retenu : rapport d'activité")
    assert ledger["totals"]["withheld"] == f"{sum(year_balances(world.signed, 1).values()):.2f}"
    advance = next(x for x in ledger["lines"] if x["kind"] == "advance")
    assert (advance["withheld"], advance["withheld_reason"]) == ("0.00", None)


def test_the_contract_page_shows_withheld_lines(world: World, client: Client) -> None:
    client.force_login(world.user("cpam"))
    session = client.session
    session[SESSION_KEY] = world.organisation("cpam").pk
    session.save()
    run_payments(COMMAND, ON)
    page = client.get(f"/contrats/{world.signed.pk}/").content.decode()
    assert page.count('fr-badge--sm">retenu</p>') >= 4  # the four year-1 balances in the ledger column
    assert "Retenu (pièces de la revue manquantes)" in page


def test_the_command_lists_withheld_lines(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payments", "run", "--on", "2024-03-31"]) == 0
    out = capsys.readouterr().out
    assert "Soldes retenus, non ordonnancés : 8 ligne(s)" in out  # four year-1 balances per contract
    amount = french(Decimal("15342.46"))
    assert f"contrat n° {world.signed.pk}, année 1, Accès aux soins, volet fixe : {amount} — Solde de l'année 1" in out
