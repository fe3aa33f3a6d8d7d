"""The one reader of the CSV and XLSX files users import (members, measured values of a review).

Rows of the first sheet of an .xlsx, or of a .csv as French spreadsheets save it:
UTF-8 (with or without BOM) or Windows-1252, separated by « ; », « , » or a tab.
Each import checks its own columns and cells; this module only turns bytes into rows,
or refuses the whole file with a French message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

DELIMITERS = ";,\t"


class TableRefused(ValueError):
    """The file cannot be read as a table; the message is French."""


def rows(name: str, content: bytes) -> Iterator[list[Any]]:
    """Every row of the file, header included, as a list of cells (strings for CSV, typed cells for XLSX)."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return _xlsx_rows(content)
    if lowered.endswith(".csv"):
        return _csv_rows(content)
    raise TableRefused("Format non pris en charge : envoyez un fichier .csv ou .xlsx.")


def _dialect(text: str) -> Any:
    """The separator a spreadsheet used; a one-column file has none to sniff, so the header line decides."""
    sample = text[:2048]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        header = sample.split("\n", 1)[0]
        delimiter = max(DELIMITERS, key=header.count)

        class Found(csv.excel):
            pass

        Found.delimiter = delimiter
        return Found


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # a CSV saved by a French spreadsheet
    if not text.strip():
        return
    yield from csv.reader(io.StringIO(text), _dialect(text))


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types for a bad file
        raise TableRefused("Fichier XLSX illisible.") from error
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()
