"""Import of a CPTS member list from a CSV or XLSX file (docs/web.md).

One row per professional or structure. Every row is validated before anything
is written; a file with one error is refused whole, and the caller shows the
table of (line, column, reason). Line numbers are those a spreadsheet shows:
the header is line 1.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from cpts.accord.dates import DateRefused
from cpts.communities.models import Community, Member
from cpts.communities.services import add_members
from cpts.core import dates, tabular
from cpts.core.actors import Actor

# Column headers of the file (French, as users write them) -> model field.
COLUMNS = {
    "type": "kind",
    "nom": "name",
    "profession": "profession",
    "rpps": "rpps",
    "professionnels": "professionals",
    "adhesion": "joined_on",
    "depart": "left_on",
}
MEMBER_FIELDS = tuple(COLUMNS.values())
REQUIRED_COLUMNS = ("type", "nom", "adhesion")
HEADER_OF = {model_field: header for header, model_field in COLUMNS.items()}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
MAX_ROWS = 5000  # a CPTS of size 4 counts a few hundred members; more is a wrong file


def _plain(text: str) -> str:
    """Lower case, no accents, spaces and hyphens as underscores: « Adhésion » -> « adhesion »."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(" ", "_").replace("-", "_")


# A member type may be written as its code or its French label.
KINDS = {_plain(value): value for value in Member.Kind.values} | {
    _plain(str(label)): value for value, label in Member.Kind.choices
}
KINDS |= {"professionnel": Member.Kind.PROFESSIONAL, "ps": Member.Kind.PROFESSIONAL, "centre_de_sante": "health_centre"}


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: list[Member] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRefused(ValueError):
    """The whole file is unreadable (format, encoding, header): one French message."""


def read_rows(name: str, content: tabular.Source) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, {column: value}) for each non-empty data row of a .csv or .xlsx file."""
    try:  # one reader for every import (cpts.core.tabular)
        rows = tabular.rows(name, content)
        header_row = next(rows, None)
    except tabular.TableRefused as error:
        raise ImportRefused(str(error)) from error
    if header_row is None:
        raise ImportRefused("Le fichier est vide.")
    header = [_plain(str(cell or "")) for cell in header_row]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise ImportRefused(
            f"Colonne(s) inconnue(s) : {', '.join(unknown)}. Colonnes attendues : {', '.join(COLUMNS)}."
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused(f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}.")
    for line, cells in enumerate(rows, start=2):
        if line - 1 > MAX_ROWS:
            raise ImportRefused(f"Plus de {MAX_ROWS} lignes : ce n'est pas une liste de membres de CPTS.")
        values = {h: cell for h, cell in zip(header, cells, strict=False) if h}
        if any(str(v).strip() for v in values.values() if v is not None):
            yield line, values


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date invalide « {text} » : JJ/MM/AAAA attendu")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an RPPS typed in a spreadsheet cell comes back as a number
    return str(value).strip()


def build_member(community: Community, values: dict[str, Any]) -> tuple[Member, list[tuple[str, str]]]:
    """An unsaved member from one row, and the (column, reason) of what is wrong with it."""
    problems: list[tuple[str, str]] = []
    data: dict[str, Any] = {"community": community}
    kind_text = _plain(_text(values.get("type")))
    kind = KINDS.get(kind_text)
    if kind is None:
        problems.append(("type", f"type inconnu « {_text(values.get('type'))} »"))
    data["kind"] = kind or ""
    data["name"] = _text(values.get("nom"))
    data["profession"] = _text(values.get("profession"))
    data["rpps"] = _text(values.get("rpps"))
    count = _text(values.get("professionnels"))
    if count:
        if count.isdigit():
            data["professionals"] = int(count)
        else:
            problems.append(("professionnels", f"nombre entier attendu, pas « {count} »"))
    for header, kind in (("adhesion", dates.DONE), ("depart", dates.EVENT)):  # a departure may be announced
        raw = values.get(header)
        if raw is None or _text(raw) == "":
            continue
        try:
            data[COLUMNS[header]] = dates.check_kind(kind, header, _date(raw))
        except DateRefused as refusal:
            problems.append((header, refusal.reason))
        except ValueError as error:
            problems.append((header, str(error)))
    member = Member(**data)
    if not problems:
        problems.extend(_model_problems(member))
    return member, problems


def _model_problems(member: Member) -> list[tuple[str, str]]:
    """Field validators and database constraints of the model, as (column, reason)."""
    try:
        member.full_clean()
    except ValidationError as error:
        found = []
        for model_field, messages in error.message_dict.items():
            for message in messages:
                column = HEADER_OF.get(model_field) or CONSTRAINT_COLUMNS.get(message, "(ligne)")
                found.append((column, _reason(message)))
        return found
    return []


# The column a row-level constraint of the Member model is about, by its French message.
CONSTRAINT_COLUMNS = {
    str(constraint.violation_error_message): column
    for constraint in Member._meta.constraints
    for name, column in (
        ("professional_has_rpps_and_profession", "rpps"),
        ("msp_has_professionals", "professionnels"),
        ("member_left_after_joining", "depart"),
        ("one_active_membership_per_rpps", "rpps"),
    )
    if constraint.name == name
}


def _reason(message: str) -> str:
    """Django's generic messages, in the words of the file."""
    return "valeur obligatoire manquante" if message == "Ce champ ne peut pas être vide." else message


def validate(community: Community, rows: Iterable[tuple[int, dict[str, Any]]]) -> ImportResult:
    """Every row checked, including duplicates inside the file; nothing written."""
    result = ImportResult()
    seen_rpps: dict[str, int] = {}
    for line, values in rows:
        member, problems = build_member(community, values)
        result.errors.extend(RowError(line, column, reason) for column, reason in problems)
        if member.rpps and member.kind == Member.Kind.PROFESSIONAL and member.left_on is None:
            first = seen_rpps.setdefault(member.rpps, line)
            if first != line:
                result.errors.append(RowError(line, "rpps", f"RPPS déjà présent ligne {first}"))
        result.created.append(member)
    if not result.created and not result.errors:
        result.errors.append(RowError(2, "(fichier)", "aucune ligne de membre"))
    return result


def import_members(actor: Actor, community: Community, name: str, content: tabular.Source) -> ImportResult:
    """Validate the whole file, then write every member in one transaction (services.add_members, audited).

    If any row is wrong, nothing is written and `result.errors` lists every problem.
    """
    try:
        result = validate(community, read_rows(name, content))
    except ImportRefused as error:
        return ImportResult(errors=[RowError(1, "(fichier)", str(error))])
    if not result.ok:
        result.created = []
        return result
    rows = [{f: getattr(member, f) for f in MEMBER_FIELDS} for member in result.created]
    result.created = add_members(actor, community, rows)
    return result
