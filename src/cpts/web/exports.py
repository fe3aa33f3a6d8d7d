"""Exports of a contract's schedule and ledger as CSV and XLSX (docs/web.md).

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

from collections.abc import Iterator
from typing import Any

from cpts.core import words
from cpts.core.exports import table_csv, tables_xlsx
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


def as_csv(statement: Statement, table: str) -> bytes:
    """A CSV (UTF-8 with BOM, « ; » separator: what French spreadsheets open directly)."""
    header, rows, _ = TABLES[table]
    return table_csv(header, rows(statement))


def as_xlsx(statement: Statement) -> bytes:
    """One workbook, one sheet per table; amounts are numeric cells in euros, dates are dates."""
    return tables_xlsx((name, header, rows(statement)) for header, rows, name in TABLES.values())
