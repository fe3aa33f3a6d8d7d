"""Exports that cannot execute: formula prefixes neutralised in CSV, text cells as strings in XLSX.

OWASP « CSV injection »: a cell starting with = + - @, a tab or a carriage return is read
as a formula by spreadsheets (docs/input-limits.md, « Exports »).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cpts.core.actors import Actor
from cpts.core.exports import neutralised
from cpts.payments.entries import record_payment, reverse
from cpts.payments.ledger import contract_statement
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.web import exports

from .conftest import World

PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# tab and carriage return are stripped from a reference by the service: raw rows test them below
PAYLOADS = [prefix + 'HYPERLINK("http://x.test","clic")' for prefix in ("=", "+", "-", "@")]


@pytest.fixture
def statement(world: World) -> exports.Statement:
    """A ledger whose payment references and reversal note are each a formula payload."""
    run_payments(Actor.command("tests"), dt.date.today())
    cpam = world.actor("cpam")
    orders = list(LedgerEntry.objects.filter(contract=world.contract, entry=LedgerEntry.Entry.ORDER))
    for payload in PAYLOADS:  # four partial payments of the first order
        record_payment(cpam, orders[0], dt.date.today(), reference=payload, amount=Decimal("1.00"))
    reverse(cpam, orders[-1], dt.date.today(), note="=cmd|' /C calc'!A0")
    return contract_statement(world.contract, dt.date.today())


def _ledger_csv(statement: exports.Statement) -> list[list[str]]:
    text = exports.as_csv(statement, "grand-livre").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_csv_quotes_each_formula_prefix(statement: exports.Statement, payload: str) -> None:
    references = [row[11] for row in _ledger_csv(statement)[1:]]
    assert "'" + payload in references
    assert payload not in references


def test_csv_note_and_negative_amount(statement: exports.Statement) -> None:
    rows = _ledger_csv(statement)[1:]
    reversal = next(row for row in rows if row[13])
    assert reversal[13] == "'=cmd|' /C calc'!A0"
    assert reversal[7].startswith("-") and float(reversal[7]) < 0  # an amount stays a number, sign kept


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_neutralised_prefixes(prefix: str) -> None:
    assert neutralised(prefix + "1+1") == "'" + prefix + "1+1"
    assert neutralised("Paiement " + prefix) == "Paiement " + prefix


def test_xlsx_writes_text_cells_as_strings(statement: exports.Statement) -> None:
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(statement)))["Grand livre"]
    cells = [row for row in sheet.iter_rows(min_row=2)]
    references = {row[11].value: row[11].data_type for row in cells if row[11].value}
    for payload in PAYLOADS:
        assert references[payload] == "s", payload
    notes = [row[13] for row in cells if row[13].value]
    assert [(n.value, n.data_type) for n in notes] == [("=cmd|' /C calc'!A0", "s")]
    amounts = [row[7] for row in cells]
    assert all(cell.data_type == "n" for cell in amounts)
    assert any(cell.value < 0 for cell in amounts)  # the reversal: a negative number, not text


def test_raw_rows_with_every_prefix_in_both_formats(statement: exports.Statement, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Tab and carriage return survive only if nothing strips them: checked on raw rows too."""
    header = ("texte", "montant")
    table = [(prefix + "SUM(A1)", Decimal("-18750.00")) for prefix in PREFIXES]
    monkeypatch.setitem(exports.TABLES, "echeancier", (header, lambda _s: iter(table), "Échéancier"))
    monkeypatch.setitem(exports.TABLES, "grand-livre", (header, lambda _s: iter(table), "Grand livre"))
    text = exports.as_csv(statement, "echeancier").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert [row[0] for row in rows] == ["'" + prefix + "SUM(A1)" for prefix in PREFIXES]
    assert {row[1] for row in rows} == {"-18750.00"}
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(statement)))["Échéancier"]
    for (text_cell, amount), prefix in zip(sheet.iter_rows(min_row=2), PREFIXES, strict=True):
        expected = (prefix + "SUM(A1)").replace("\r", "\n")  # an XML parser reads a carriage return as \n
        assert (text_cell.value, text_cell.data_type) == (expected, "s")
        assert (amount.value, amount.data_type) == (-18750, "n")
