"""The one reader of the CSV and XLSX files users import (members, measured values of a review).

Rows of the first sheet of an .xlsx, or of a .csv as French spreadsheets save it:
UTF-8 (with or without BOM) or Windows-1252, separated by « ; », « , » or a tab.
Each import checks its own columns and cells; this module only turns bytes into rows,
or refuses the whole file with a French message.

A file is read within limits (docs/input-limits.md, « Imports »), so that a small
hostile file cannot take the server's memory or minutes of its time: at most
MAX_FILE_BYTES are read from the upload; an XLSX archive is inspected before any
parsing (size of each part once unzipped, compression ratio); the cells of its sheet
are counted while streaming, and reading stops at the row and column limits; its XML
is parsed by defusedxml (no entity expansion, no DTD).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

DELIMITERS = ";,\t"

# Limits chosen by the application (the texts set none): a CPTS of size 4 counts a few
# hundred members and a contract a few dozen indicators, far below them.
MAX_FILE_BYTES = 2 * 1024 * 1024  # 2 Mo, the file as uploaded
MAX_PART_BYTES = 5 * 1024 * 1024  # 5 Mo, one part of an XLSX (a sheet, its shared strings) once unzipped
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024  # 20 Mo, all the parts of an XLSX once unzipped
MAX_RATIO = 100  # a part compressed more than 100 to 1 is a "ZIP bomb"...
RATIO_FLOOR = 1024 * 1024  # ...once it is over 1 Mo unzipped (small XML parts compress well and harm no one)
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_CELLS = 50_000  # over every sheet of a workbook
# One CSV cell (the csv module's default), set again at each read: the limit is process-wide, and another library
# (frictionless, for the open data) raises it when imported.
MAX_CELL_CHARS = 128 * 1024

Source = bytes | IO[bytes]


class TableRefused(ValueError):
    """The file cannot be read as a table; the message is French."""


def rows(name: str, source: Source) -> Iterator[list[Any]]:
    """Every row of the file, header included, as a list of cells (strings for CSV, typed cells for XLSX).

    `source` is the content or a binary file (an upload): at most MAX_FILE_BYTES + 1 bytes are read.
    """
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return _within_limits(_xlsx_rows(_bounded_read(source)))
    if lowered.endswith(".csv"):
        return _within_limits(_csv_rows(_bounded_read(source)))
    raise TableRefused("Format non pris en charge : envoyez un fichier .csv ou .xlsx.")


def size_label(size: int) -> str:
    """A byte count as French users read it: « 2 Mo », « 2,5 Mo », « 10 Ko »."""
    value, unit = (size / (1024 * 1024), "Mo") if size >= 1024 * 1024 else (size / 1024, "Ko")
    return f"{value:.1f}".removesuffix(".0").replace(".", ",") + " " + unit


def _bounded_read(source: Source) -> bytes:
    content = source if isinstance(source, bytes) else source.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise TableRefused(f"Fichier trop volumineux : {size_label(MAX_FILE_BYTES)} au plus.")
    return content


def _within_limits(table: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The rows, stopping with a refusal at the row or column limit (CSV and XLSX alike)."""
    for count, row in enumerate(table, start=1):
        if count > MAX_ROWS:
            raise TableRefused(f"Trop de lignes : {MAX_ROWS} au plus.")
        if len(row) > MAX_COLUMNS:
            raise TableRefused(f"Trop de colonnes (ligne {count}) : {MAX_COLUMNS} au plus.")
        yield row


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
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text), _dialect(text))
    try:
        yield from reader
    except csv.Error as error:  # a cell over csv.field_size_limit(), a NUL byte...
        raise TableRefused(f"Fichier CSV illisible à la ligne {reader.line_num} : {error}.") from error


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # openpyxl parses with defusedxml only when it is installed and not disabled
        raise TableRefused("Lecture des fichiers XLSX indisponible : le paquet defusedxml est requis.")
    extents = _checked_sheets(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types for a bad file
        raise TableRefused("Fichier XLSX illisible.") from error
    try:
        sheet = workbook.worksheets[0]
        last_row, last_column = extents.get(sheet._worksheet_path, (0, 0))
        if last_row:  # explicit bounds: openpyxl would otherwise pad up to the sheet's declared <dimension>
            for row in sheet.iter_rows(max_row=last_row, max_col=last_column, values_only=True):
                yield list(row)
    except Exception as error:  # malformed XML, or what defusedxml refuses
        raise TableRefused("Fichier XLSX illisible.") from error
    finally:
        workbook.close()


def _checked_sheets(content: bytes) -> dict[str, tuple[int, int]]:
    """{sheet part: (last row, last column)}, once the archive and every sheet passed the limits.

    Everything here runs before openpyxl parses anything: it reads each sheet once when
    opening the workbook (to find its size), with the slow pure-Python defusedxml parser.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise TableRefused("Fichier XLSX illisible.") from error
    _check_sizes(archive.infolist())
    counter = _CellCounter()
    sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    with archive:
        return {name: counter.extent(archive, name) for name in sheets}


def _check_sizes(parts: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose parts would be too large once unzipped, before unzipping any."""
    for part in parts:  # zipfile never unzips more than the declared size of a part
        if part.file_size > MAX_PART_BYTES:
            raise TableRefused(
                f"Fichier XLSX refusé : la partie « {part.filename} » ferait {size_label(part.file_size)} une fois "
                f"décompressée ({size_label(MAX_PART_BYTES)} au plus)."
            )
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise TableRefused(
                f"Fichier XLSX refusé : la partie « {part.filename} » est compressée plus de "
                f"{MAX_RATIO} fois (taux de compression maximal : {MAX_RATIO} pour 1)."
            )
    if sum(part.file_size for part in parts) > MAX_UNZIPPED_BYTES:
        raise TableRefused(f"Fichier XLSX refusé : plus de {size_label(MAX_UNZIPPED_BYTES)} une fois décompressé.")


def _column(reference: str) -> int:
    """The column number of a cell reference: « AB12 » -> 28."""
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number


class _CellCounter:
    """Counts the rows and cells of sheets as their XML streams by (expat, in C), within the limits.

    Stops at the first row, column or cell over its limit: a header row of two million cells
    is refused after reading MAX_COLUMNS + 1 of them. A document type or an entity declaration
    is refused (what defusedxml refuses), so nothing is ever expanded.
    """

    def __init__(self) -> None:
        self.cells = 0  # over every sheet: openpyxl sizes each of them when it opens the workbook

    def extent(self, archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
        from xml.parsers import expat

        self.row = self.last_row = self.column = self.last_column = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self._start
        parser.StartDoctypeDeclHandler = self._refuse_declaration
        parser.EntityDeclHandler = self._refuse_declaration
        try:
            with archive.open(name) as part:
                parser.ParseFile(part)
        except expat.ExpatError as error:
            raise TableRefused("Fichier XLSX illisible.") from error
        return self.last_row, self.last_column

    def _refuse_declaration(self, *_: Any) -> None:
        raise TableRefused("Fichier XLSX illisible : déclaration XML (DTD, entité) refusée.")

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "row":
            self.row = int(attributes.get("r") or self.row + 1)
            self.column = 0
            if self.row > MAX_ROWS:
                raise TableRefused(f"Trop de lignes : {MAX_ROWS} au plus.")
        elif local == "c":
            self.column = _column(attributes.get("r", "")) or self.column + 1
            self.cells += 1
            if self.column > MAX_COLUMNS:
                raise TableRefused(f"Trop de colonnes (ligne {self.row}) : {MAX_COLUMNS} au plus.")
            if self.cells > MAX_CELLS:
                raise TableRefused(f"Trop de cellules : {MAX_CELLS} au plus.")
            self.last_row, self.last_column = max(self.last_row, self.row), max(self.last_column, self.column)
