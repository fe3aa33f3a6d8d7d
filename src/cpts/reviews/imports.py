"""Import of the measured values of an annual review from a CSV or XLSX file (docs/reviews.md).

Columns: `indicateur` (the indicator code of the contract), `valeur`, and an
optional `commentaire`. All or nothing, as the members import: every row is
checked first; one error and nothing is written, and the caller shows the
(line, column, reason) table. The header is line 1, as a spreadsheet shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from cpts.core import tabular
from cpts.core.actors import Actor
from cpts.reviews.models import AnnualReview, ContractIndicator, MeasuredValue
from cpts.reviews.services import ReviewError, check_editable_by_cpts

COLUMNS = ("indicateur", "valeur", "commentaire")
REQUIRED = ("indicateur", "valeur")
MAX_ROWS = 500  # a contract follows a few dozen indicators; more is a wrong file
BOUNDED_UNITS = {"%": (Decimal(0), Decimal(100)), "nombre": (Decimal(0), None)}


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    reason: str


class ImportRejected(ReviewError):
    """The file was refused; `errors` lists every faulty cell, nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"Import refusé : {len(errors)} erreur(s), aucune valeur enregistrée.")
        self.errors = errors


def _table(name: str, content: tabular.Source) -> list[list[Any]]:
    """The rows of the file (`cpts.core.tabular`, the reader the members import uses too)."""
    try:
        return list(tabular.rows(name, content))
    except tabular.TableRefused as error:
        raise ImportRejected([RowError(1, "(fichier)", str(error))]) from error


def _number(cell: Any) -> Decimal:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return Decimal(str(cell))
    text = str(cell).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text.removesuffix("%"))
    except InvalidOperation as error:
        raise ValueError(f"nombre attendu, reçu « {cell} »") from error
    if not value.is_finite():
        raise ValueError(f"nombre attendu, reçu « {cell} »")
    return value


def _check_bounds(indicator: ContractIndicator, value: Decimal) -> str | None:
    low, high = BOUNDED_UNITS.get(indicator.unit, (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        upper = f" et {high}" if high is not None else ""
        return f"valeur hors bornes pour un indicateur en {indicator.unit} (entre {low}{upper})"
    return None


def parse(
    review: AnnualReview, name: str, content: tabular.Source
) -> tuple[dict[str, tuple[Decimal, str]], list[RowError]]:
    """The values by indicator code, and every error found; nothing is written."""
    rows = _table(name, content)
    if not rows:
        return {}, [RowError(1, "(fichier)", "le fichier est vide")]
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return {}, [RowError(1, column, "colonne obligatoire absente") for column in missing]
    if len(rows) - 1 > MAX_ROWS:
        return {}, [RowError(1, "(fichier)", f"plus de {MAX_ROWS} lignes")]
    indicators = {indicator.code: indicator for indicator in review.contract.indicators.all()}
    values: dict[str, tuple[Decimal, str]] = {}
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    for line, cells in enumerate(rows[1:], start=2):
        row = {column: cells[i] if i < len(cells) else None for i, column in enumerate(header) if column in COLUMNS}
        if not any(str(cell).strip() for cell in row.values() if cell is not None):
            continue
        code = str(row.get("indicateur") or "").strip()
        if code not in indicators:
            errors.append(RowError(line, "indicateur", f"indicateur inconnu pour ce contrat : « {code} »"))
            continue
        if code in seen:
            errors.append(RowError(line, "indicateur", f"indicateur déjà présent ligne {seen[code]}"))
            continue
        seen[code] = line
        cell = row.get("valeur")
        if cell is None or not str(cell).strip():
            errors.append(RowError(line, "valeur", "valeur vide"))
            continue
        try:
            value = _number(cell)
        except ValueError as error:
            errors.append(RowError(line, "valeur", str(error)))
            continue
        out_of_bounds = _check_bounds(indicators[code], value)
        if out_of_bounds:
            errors.append(RowError(line, "valeur", out_of_bounds))
            continue
        values[code] = (value, str(row.get("commentaire") or "").strip())
    if not values and not errors:
        errors.append(RowError(2, "(fichier)", "aucune valeur"))
    return values, errors


def import_values(actor: Actor, review: AnnualReview, name: str, content: tabular.Source) -> int:
    """Write every value of the file, or none (ImportRejected with the errors). Returns the count."""
    check_editable_by_cpts(actor, review)
    values, errors = parse(review, name, content)
    if errors:
        raise ImportRejected(errors)
    indicators = {indicator.code: indicator for indicator in review.contract.indicators.all()}
    with transaction.atomic():
        for code, (value, comment) in values.items():
            MeasuredValue.objects.update_or_create(
                review=review, indicator=indicators[code], defaults={"value": value, "comment": comment}
            )
    return len(values)
