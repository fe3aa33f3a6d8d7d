"""Tables written for spreadsheets (docs/security.md, « Exports »): CSV in UTF-8 with BOM and « ; » (what French
spreadsheets open directly), XLSX with numeric amounts and dates; a text that starts like a formula stays text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from cpts.accord.money import as_text

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


def table_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """Any table as the CSV of `as_csv` (amounts "18750.00", dates ISO)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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
