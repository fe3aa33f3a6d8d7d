"""Django templates to PDF with WeasyPrint: French, Marianne font embedded, page numbers, reference and
generation date on every page, PDF/A-3u with tags (docs/documents.md).

The Marianne font files are those shipped with django-dsfr (its static `dsfr/dist/fonts/`), read from
disk through `file://` URLs: no network, no static server needed to print.
"""

from __future__ import annotations

import atexit
import datetime as dt
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

PDF_VARIANT = "pdf/a-3u"
STYLE = "documents/style.css"  # the rules shared by every document; base.html keeps each one's margin boxes
FONT_FOLDER = "dsfr/dist/fonts"
# (file stem, CSS weight, CSS style) of the faces the documents use (no italics: each face loaded costs time).
FACES = (("Marianne-Regular", 400, "normal"), ("Marianne-Bold", 700, "normal"))


@dataclass(frozen=True)
class FontFace:
    url: str
    weight: int
    style: str


@dataclass(frozen=True)
class Document:
    """One document to print: its kind, its reference (printed on every page), its title, its template and data."""

    kind: str
    reference: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    author: str = ""

    @property
    def filename(self) -> str:
        return f"{self.reference}.pdf"


@cache
def marianne() -> tuple[FontFace, ...]:
    """The Marianne faces of django-dsfr as file URLs (WOFF: WeasyPrint reads it without extra libraries)."""
    faces = []
    for stem, weight, style in FACES:
        found = finders.find(f"{FONT_FOLDER}/{stem}.woff")
        if not found:
            raise FileNotFoundError(f"police Marianne introuvable dans django-dsfr : {FONT_FOLDER}/{stem}.woff")
        faces.append(FontFace(Path(str(found)).resolve().as_uri(), weight, style))
    return tuple(faces)


def render_html(document: Document, generated_at: dt.datetime | None = None) -> str:
    generated_at = timezone.localtime(generated_at or timezone.now())
    return render_to_string(document.template, {**document.context, "document": document, "generated_at": generated_at})


_parsed = threading.local()


def house_style() -> tuple[Any, Any]:
    """The house style (`documents/style.css`: the Marianne faces and the rules) parsed by WeasyPrint with its font
    configuration, once per thread and reused by every document: reading the faces (WOFF decoded to a font file)
    and parsing the rules again cost a fifth of a payment notice (benchmarks/documents.py). Per thread, as Pango
    and fontconfig objects are not shared between threads."""
    found = getattr(_parsed, "style", None)
    if found is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        css = CSS(string=render_to_string(STYLE, {"fonts": marianne()}), font_config=fonts)
        found = _parsed.style = (css, fonts)
    return found  # type: ignore[no-any-return]


@atexit.register
def _forget_house_style() -> None:
    """Let the font configuration remove its temporary font files while the interpreter still runs."""
    _parsed.__dict__.pop("style", None)


def render_pdf(document: Document, generated_at: dt.datetime | None = None) -> bytes:
    """The document as PDF/A-3u, tagged (WeasyPrint's `pdf_variant` and `pdf_tags`)."""
    from weasyprint import HTML

    html = render_html(document, generated_at)
    css, fonts = house_style()
    pdf: bytes = HTML(string=html, base_url=str(Path.cwd())).write_pdf(
        stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT, pdf_tags=True, custom_metadata=True
    )
    return pdf
