"""Evidence files of the annual reviews: checked on upload, stored outside the web root (docs/reviews.md).

The folder is `CPTS_PRIVATE_DIR` (default `<VAR_DIR>/private`), never under
STATIC_ROOT and never served by the web server: a file is read only through
`cpts.reviews.views.evidence_download`, which checks that the reader's
organisation is a party to the contract. Files are stored under a random name;
the original name is kept in the database only.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Limits chosen by the application (the texts set none): 10 Mo covers a scanned
# activity report; larger files are refused with a French message.
MAX_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
# extension -> (content type, the leading bytes a genuine file starts with; None for text)
ALLOWED: dict[str, tuple[str, bytes | None]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "csv": ("text/csv", None),
}


# What each required review document may be, judged by its content (policy
# BALANCE_WITHHELD_WITHOUT_DOCUMENTS, docs/reviews.md): a report is a document, accounts a
# spreadsheet or a PDF. A CSV or an image is no activity report nor accounts.
EXPECTED_TYPES: dict[str, tuple[str, ...]] = {
    "activity_report": ("pdf", "docx", "odt"),
    "accounts": ("pdf", "xlsx", "ods"),
}
# The member that tells an office file's type (OOXML), or the ODF "mimetype" member's text.
OOXML_PARTS = {"xl/workbook.xml": "xlsx", "word/document.xml": "docx"}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.text": "odt",
}
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


class FileRefused(ValueError):
    """The upload breaks a type or size limit; the message is French."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    stored_name: str
    content_type: str
    size: int
    sha256: str


def private_root() -> Path:
    return Path(getattr(settings, "CPTS_PRIVATE_DIR", Path(settings.VAR_DIR) / "private"))


def check(name: str, content: bytes) -> str:
    """The content type of an acceptable file, or FileRefused saying why not."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        kinds = ", ".join(sorted(ALLOWED))
        raise FileRefused(f"« {name} » : type de fichier non accepté (formats acceptés : {kinds})")
    if not content:
        raise FileRefused(f"« {name} » : le fichier est vide")
    if len(content) > MAX_BYTES:
        raise FileRefused(f"« {name} » : fichier trop volumineux ({len(content)} octets, maximum 10 Mo)")
    content_type, magic = ALLOWED[extension]
    if magic is None:
        if b"\x00" in content:
            raise FileRefused(f"« {name} » : le contenu n'est pas du texte")
    elif not content.startswith(magic):
        raise FileRefused(f"« {name} » : le contenu ne correspond pas à l'extension .{extension}")
    return content_type


def store(name: str, content: bytes, folder_name: str = "reviews") -> StoredFile:
    """Check and write a file under a random name in the private folder (`folder_name`: one per app)."""
    content_type = check(name, content)
    extension = name.rsplit(".", 1)[-1].lower()
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    folder = private_root() / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(content)
    return StoredFile(stored_name, content_type, len(content), hashlib.sha256(content).hexdigest())


def path_of(stored_name: str, folder_name: str = "reviews") -> Path:
    """Where a stored file lies; refuses any name that would leave the folder."""
    if "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise FileRefused("nom de fichier invalide")
    return private_root() / folder_name / stored_name


def discard(stored_name: str, folder_name: str = "reviews") -> None:
    """Erase a stored file (a document removed from its review); nothing if it is already gone."""
    path_of(stored_name, folder_name).unlink(missing_ok=True)


def sniff(content: bytes) -> str | None:
    """The type a file really is, read from its content ("pdf", "xlsx", "ods", "docx", "odt"), or None.

    A PDF needs its header, at least one object, a catalogue (/Root) and the end-of-file
    marker: `%PDF-` alone is not a PDF. An office file must open as a ZIP archive holding the
    part of its type; only the archive's directory and the small ODF "mimetype" member are read.
    """
    if PDF_HEADER.match(content):
        whole = PDF_OBJECT.search(content) and b"endobj" in content and b"/Root" in content
        return "pdf" if whole and b"%%EOF" in content[-2048:] else None
    if not content.startswith(ZIP):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            for part, kind in OOXML_PARTS.items():
                if part in names:
                    return kind
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return ODF_MIMETYPES.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    return None


def is_expected(kind: str, content: bytes) -> bool:
    """True when a required document of `kind` is, by its content, of a type expected for it."""
    return sniff(content) in EXPECTED_TYPES.get(kind, ())


def stored_content(stored_name: str) -> bytes | None:
    """The bytes of a stored file, or None when it is no longer on disk."""
    try:
        return path_of(stored_name).read_bytes()
    except (OSError, FileRefused):
        return None
