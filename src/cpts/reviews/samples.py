"""Small genuine review documents (a one-page PDF, a one-sheet XLSX), for tests and demonstrations.

They pass the content check of `cpts.reviews.files.sniff`, unlike a few bytes that only start
like a PDF (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS releases a balance on genuine files only).
"""

from __future__ import annotations

import io

from openpyxl import Workbook


def pdf(title: str = "Rapport d'activite") -> bytes:
    """A one-page PDF: header, catalogue, page tree, one page, trailer and end-of-file marker."""
    body = (
        "%PDF-1.4\n"
        "1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
        f"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Title ({title})>> endobj\n"
        "trailer <</Root 1 0 R>>\n"
        "%%EOF\n"
    )
    return body.encode("latin-1")


def xlsx(rows: tuple[tuple[object, ...], ...] = (("poste", "montant"), ("fonctionnement", 40000))) -> bytes:
    """A one-sheet workbook (the accounts of a year, say)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
