"""Withheld balances in the payment service (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS).

A management policy outside the agreement, off by default: none of the texts makes a balance wait
for an activity report and accounts. The tests of what it does switch it on explicitly (module
mark `withholding`); those at the end check that, off, the ledger follows the texts alone. Switched
on, until the year's review is validated with a genuine activity report and accounts, the run does
not order that year's balance lines and the ledger shows them as withheld, not overdue.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

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
pytestmark = pytest.mark.usefixtures("withholding")


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
    assert reason.startswith("Solde de l'année 1 retenu : revue annuelle non validée avec rapport d'activité, comptes")
    assert "politique de gestion hors accord" in reason and "BALANCE_WITHHELD_WITHOUT_DOCUMENTS" in reason
    assert summary.withheld_total == sum(line.amount for line in summary.withheld)


def test_one_document_is_not_enough(world: World, file_documents: FileDocuments) -> None:
    file_documents(world, world.signed, 1, ("activity_report",))
    summary = run_payments(COMMAND, ON)
    assert not ordered_keys(world.signed) & set(year_balances(world.signed, 1))
    reasons = {line.reason for line in summary.withheld if line.contract_id == world.signed.pk}
    assert reasons == {
        "Solde de l'année 1 retenu : comptes de l'année absent(s) ou non conforme(s) dans la revue validée — "
        "politique de gestion hors accord, non prévue par l'accord (règle BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."
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
    assert line["withheld_reason"].startswith("Solde de l'année 1 retenu : revue annuelle non validée")
    assert "politique de gestion hors accord" in line["withheld_reason"]
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
    assert "Retenu (politique de gestion hors accord : revue validée et pièces attendues)" in page
    assert page.count("politique de gestion hors accord") >= 5  # the total and each withheld line's reason


def test_the_command_lists_withheld_lines(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["payments", "run", "--on", "2024-03-31"]) == 0
    out = capsys.readouterr().out
    assert (
        "Soldes retenus (politique de gestion hors accord), non ordonnancés : 8 ligne(s)" in out
    )  # four year-1 balances per contract
    amount = french(Decimal("15342.46"))
    assert f"contrat n° {world.signed.pk}, année 1, Accès aux soins, volet fixe : {amount} — Solde de l'année 1" in out


def test_genuine_documents_in_a_review_not_yet_validated_release_nothing(
    world: World, file_documents: FileDocuments
) -> None:
    """The policy releases a balance only through a validated review: a draft or a submitted one is not enough."""
    balances = year_balances(world.signed, 1)
    file_documents(world, world.signed, 1, validate=False)  # uploaded and submitted, not validated
    summary = run_payments(COMMAND, ON)
    assert not ordered_keys(world.signed) & set(balances)
    reasons = {line.reason for line in summary.withheld if line.contract_id == world.signed.pk}
    assert len(reasons) == 1 and next(iter(reasons)).startswith(
        "Solde de l'année 1 retenu : revue annuelle non validée avec rapport d'activité, comptes de l'année"
    )


def test_a_five_byte_pdf_and_a_one_byte_csv_release_nothing_even_validated(world: World) -> None:
    """Documents of the expected type by content: `%PDF-` alone is no activity report, a CSV no accounts."""
    from cpts.reviews import services as reviews

    coordinator = Actor(world.user("cpts"), world.organisation("cpts"))
    review = reviews.open_review(world.signed, 1)
    reviews.attach_file(coordinator, review, "activity_report", "rapport.pdf", b"%PDF-")
    reviews.attach_file(coordinator, review, "accounts", "comptes.csv", b"1")
    reviews.submit(coordinator, review)
    for party in ("cpam", "ars"):
        reviews.validate(Actor(world.user(party), world.organisation(party)), review, dt.date(2024, 3, 1))
    review.refresh_from_db()
    assert review.status == "validated"
    summary = run_payments(COMMAND, ON)
    assert not ordered_keys(world.signed) & set(year_balances(world.signed, 1))
    reasons = {line.reason for line in summary.withheld if line.contract_id == world.signed.pk}
    assert reasons == {
        "Solde de l'année 1 retenu : rapport d'activité, comptes de l'année absent(s) ou non conforme(s) dans la "
        "revue validée — politique de gestion hors accord, non prévue par l'accord "
        "(règle BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."
    }


def test_with_the_policy_off_the_ledger_follows_the_texts_alone(
    world: World, settings: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Off by default: no text makes a balance wait for documents. 002 annexe 1, art. 6.2: « le solde de la
    rémunération est versé ... à la date anniversaire du contrat » ; only the variable part waits for the
    annual review (art. 4.2.2.1), which is the texts' own step.

    By hand, the contract of size 2 signed on 15/01/2023 with a SAS, access started on 01/03/2023: access
    fixed part 70 000,00 € a year (002 §2.3 a), size 2 with SAS), running 320 of the 365 days of year 1:
    due 70 000 × 320/365 = 61 369,86 €; advance 75 % of it = 46 027,40 €; balance 61 369,86 − 46 027,40 =
    15 342,46 €, due by 15/03/2024. `cpts schedule --json` gives it; the run of 31/03/2024 orders it, with
    no withheld line, and the variable part stays pending (no validated review).
    """
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = False  # type: ignore[attr-defined]
    described = tmp_path / "contrat.yaml"
    described.write_text(
        "signed_on: 2023-01-15\nsize: 2\nsas_from: 2023-01-15\nmissions:\n  access: {started_on: 2023-03-01}\n",
        encoding="utf-8",
    )
    assert main(["schedule", str(described), "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)["payments"]
    assert {
        (p["kind"], p["amount"], p["due_on"]) for p in lines if p["mission"] == "access" and p["contract_year"] == 1
    } == {("advance", "46027.40", "2023-03-01"), ("balance", "15342.46", "2024-03-15")}
    summary = run_payments(COMMAND, ON)
    assert summary.withheld == ()
    balance = LedgerEntry.objects.get(contract=world.signed, contract_year=1, mission="access", kind="balance")
    assert (balance.part, balance.amount, balance.due_on) == ("fixed", Decimal("15342.46"), dt.date(2024, 3, 15))
    statement = contract_statement(world.signed, ON)
    assert statement.totals["withheld"] == 0 and statement.withheld == {}
    assert (1, "access", "variable") in {(p.contract_year, p.mission, p.part) for p in statement.schedule.pending}
