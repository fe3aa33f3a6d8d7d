"""Evidence files of the annual reviews: checked on upload, stored outside the web root (issue 6).

The folder is `CPTS_PRIVATE_DIR` (default `<VAR_DIR>/private`), never under
STATIC_ROOT and never served by the web server: a file is read only through
`cpts.reviews.views.evidence_download`, which checks that the reader's
organisation is a party to the contract. Files are stored under a random name;
the original name is kept in the database only.
"""

from __future__ import annotations

import hashlib
import secrets
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


def store(name: str, content: bytes) -> StoredFile:
    """Check and write a file under a random name in the private folder."""
    content_type = check(name, content)
    extension = name.rsplit(".", 1)[-1].lower()
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    folder = private_root() / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(content)
    return StoredFile(stored_name, content_type, len(content), hashlib.sha256(content).hexdigest())


def path_of(stored_name: str) -> Path:
    """Where a stored file lies; refuses any name that would leave the folder."""
    if "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise FileRefused("nom de fichier invalide")
    return private_root() / "reviews" / stored_name
