"""Exports of a contract's schedule and ledger as CSV and XLSX (issue 5, "Exports").

The figures are those of the page: the engine's schedule set against the
ledger (cpts.payments.ledger.contract_statement). Amounts are written as
numbers with two decimals (CSV: "18750.00", the JSON convention; XLSX: numeric
cells formatted in euros) so that a spreadsheet can sum them.

Text typed by users (a payment reference, a note) cannot execute when the file is
opened (docs/input-limits.md, « Exports ») : in the CSV, a text cell starting with
one of `= + - @`, a tab or a carriage return gets a leading quote `'` (OWASP, « CSV
injection »); in the XLSX every text cell is written as a string, never a formula.
Amounts are numbers, not text, and keep their sign ("-18750.00").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from cpts.accord.money import as_text
from cpts.core import words
from cpts.payments.ledger import Statement
from cpts.web.templatetags.cpts_format import kind_label, mission_label, part_label, status_label

SCHEDULE_HEADER = (
    "année du contrat",
    "échéance",
    "mission",
    "volet",
    "nature",
    "montant prévu",
    "ordonnancé",
    "payé",
    "dû",
    "en retard",
    "trop-perçu",
    "retenu",
    "état",
    "motif de la retenue",
    "explication",
)
LEDGER_HEADER = (
    "enregistrée le",
    "écriture",
    "numéro d'ordre",
    "année du contrat",
    "mission",
    "volet",
    "nature",
    "montant",
    "échéance",
    "ordonnancé le",
    "payé le",
    "référence",
    "annule l'écriture",
    "motif",
    "enregistrée par",
)


def schedule_rows(statement: Statement) -> Iterator[tuple[Any, ...]]:
    """One row per schedule line (then per line only the ledger still has), with its ledger state."""
    explanations = {p.key: p.explanation.to_text() for p in statement.schedule.payments}
    for line in statement.lines:
        year, mission, part, kind = line.key
        yield (
            year,
            line.due_on,
            mission_label(mission),
            part_label(part),
            kind_label(kind),
            line.scheduled,
            line.ordered,
            line.paid,
            line.due,
            line.overdue,
            line.overpaid,
            line.withheld,
            status_label(line.status),
            words.without_rule_codes(line.withheld_reason),
            explanations.get(line.key, "ligne retirée de l'échéancier"),
        )


def ledger_rows(statement: Statement) -> Iterator[tuple[Any, ...]]:
    for entry in statement.entries:
        yield (
            entry.created_at.replace(tzinfo=None),
            entry.get_entry_display(),  # type: ignore[attr-defined]
            entry.sequence,
            entry.contract_year,
            mission_label(entry.mission),
            part_label(entry.part),
            kind_label(entry.kind),
            entry.amount,
            entry.due_on,
            entry.ordered_on,
            entry.paid_on,
            entry.reference,
            entry.reverses_id or "",
            entry.note,
            entry.recorded_by_name,
        )


TABLES = {
    "echeancier": (SCHEDULE_HEADER, schedule_rows, "Échéancier"),
    "grand-livre": (LEDGER_HEADER, ledger_rows, "Grand livre"),
}


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """A text a spreadsheet shows as text: a leading quote before a formula prefix."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_value(value: Any) -> str:
    if isinstance(value, str):
        return neutralised(value)
    if isinstance(value, Decimal):
        return as_text(value)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def as_csv(statement: Statement, table: str) -> bytes:
    """A CSV (UTF-8 with BOM, « ; » separator: what French spreadsheets open directly)."""
    header, rows, _ = TABLES[table]
    return table_csv(header, rows(statement))


def table_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """Any table as the CSV of `as_csv` (amounts "18750.00", dates ISO)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(statement: Statement) -> bytes:
    """One workbook, one sheet per table; amounts are numeric cells in euros, dates are dates."""
    return tables_xlsx((name, header, rows(statement)) for header, rows, name in TABLES.values())


def tables_xlsx(sheets: Iterable[tuple[str, Iterable[str], Iterable[Iterable[Any]]]]) -> bytes:
    """A workbook with one sheet per (name, header, rows), formatted as `as_xlsx`."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, header, rows in sheets:
        sheet = workbook.create_sheet(name[:31])  # Excel's limit on a sheet name
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            # control characters are not valid XML: dropped rather than failing the export
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store "=..." as a live formula
                elif isinstance(cell.value, Decimal):
                    cell.number_format = '#,##0.00 "€"'
                elif isinstance(cell.value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
