"""The shared CSV/XLSX reader of the imports (cpts.core.tabular): members and measured values (docs/input-limits.md)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from cpts.core import tabular


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"indicateur;valeur\nsas;31\n", [["indicateur", "valeur"], ["sas", "31"]]),
        (b"\xef\xbb\xbfindicateur,valeur\nsas,\"31,5\"\n", [["indicateur", "valeur"], ["sas", "31,5"]]),
        (b"nom\tadhesion\nH\xe9l\xe8ne\t01/02/2024\n", [["nom", "adhesion"], ["Hélène", "01/02/2024"]]),
        (b"code\n55029\n55545\n", [["code"], ["55029"], ["55545"]]),  # one column: nothing to sniff
        (b"", []),
    ],
)
def test_csv_as_french_spreadsheets_save_it(content: bytes, expected: list[list[str]]) -> None:
    """UTF-8 with BOM or Windows-1252; « ; », « , » or tab; a one-column file is no error."""
    assert list(tabular.rows("f.CSV", content)) == expected


def test_xlsx_first_sheet_typed_cells() -> None:
    workbook = Workbook()
    workbook.active.append(["indicateur", "valeur"])
    workbook.active.append(["sas", 31])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert list(tabular.rows("valeurs.xlsx", buffer.getvalue())) == [["indicateur", "valeur"], ["sas", 31]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("valeurs.xlsx", b"PK\x03\x04 pas un classeur", "Fichier XLSX illisible."), ("valeurs.ods", b"x", "Format non")],
)
def test_unreadable_files_are_refused_in_french(name: str, content: bytes, message: str) -> None:
    with pytest.raises(tabular.TableRefused, match=message):
        list(tabular.rows(name, content))
