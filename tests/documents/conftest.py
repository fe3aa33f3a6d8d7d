"""The demonstration data set, loaded once for the documents tests (rolled back after the module).

Its contracts cover each regime the documents must print (cpts.contracts.demo): signed in 2019, under
avenant n° 2 with and without SAS, and size 4 with more than 100 members (+10 %, 002 §5.1).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from pypdf import PdfReader

from cpts.contracts.demo import load_demo
from cpts.contracts.models import Contract

TODAY = dt.date(2026, 11, 24)
REGIMES = {
    "2019": "CPTS du Saulnois",  # signed 1 July 2022, before avenant n° 2: the 2019 tables
    "avenant 2 avec SAS": "CPTS du Val de Fensch",  # signed 15 September 2022 with a SAS
    "avenant 2 sans SAS": "CPTS Portes de France",  # 2021, moved to avenant n° 2 by amendment, no SAS
    "taille 4 +10 %": "CPTS Troyes Champagne",  # size 4, 105 members
}


@pytest.fixture(scope="package")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(TODAY)
        yield
        transaction.set_rollback(True)


def contract_of(name: str) -> Contract:
    return Contract.objects.select_related("community", "cpam", "ars").get(community__name=name)


def text_of(pdf: bytes) -> str:
    """The PDF read back as text (pypdf), spaces of any width as one plain space."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return plain(text)


def plain(text: str) -> str:
    """Spaces of any width (French thousands separator U+202F, no-break space) as one plain space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def fonts_of(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def check_structure(pdf: bytes, title: str) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="U"' in metadata  # PDF/A-3u identification
    assert root["/MarkInfo"]["/Marked"] == True  # tagged  # noqa: E712 (a pypdf BooleanObject)
    tree = root["/StructTreeRoot"].get_object()
    assert tree["/K"] and "/ParentTree" in tree  # the tag tree, mapped to the content
    assert root["/Lang"] == "fr"
    assert reader.metadata is not None and reader.metadata.title == title
    assert all(name.split("+", 1)[-1].startswith("Marianne") for name in fonts_of(reader))  # embedded subsets
    pages = len(reader.pages)
    text = text_of(pdf)
    assert f"Page {pages} sur {pages}" in text
