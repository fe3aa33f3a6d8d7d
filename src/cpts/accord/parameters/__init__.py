"""Dated parameters of the agreement, read once from the YAML files beside this module.

`amounts.yaml` holds the amount tables (one value per size class), `rules.yaml`
the bounds, rates, dates and delays (one value per period). Every period
carries its source; the loader refuses a file with a missing size, a gap or an
overlap between periods, or a value without source (docs/interpretations.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

SIZES = (1, 2, 3, 4)
CENT = Decimal("0.01")
HERE = Path(__file__).parent

T = TypeVar("T")


class ParameterError(ValueError):
    """A parameter file is malformed; the message names the file and the entry."""


class NotInForce(LookupError):
    """No period of a parameter covers the requested date."""


@dataclass(frozen=True, slots=True)
class Period(Generic[T]):
    start: dt.date
    end: dt.date | None  # exclusive; None while still in force
    value: T
    source: str


@dataclass(frozen=True, slots=True)
class Parameter(Generic[T]):
    """One named parameter: its periods, contiguous and ordered."""

    name: str
    label: str
    periods: tuple[Period[T], ...]
    starts: tuple[dt.date, ...]

    def period_at(self, on: dt.date) -> Period[T]:
        index = bisect.bisect_right(self.starts, on) - 1
        if index >= 0:
            period = self.periods[index]
            if period.end is None or on < period.end:
                return period
        raise NotInForce(f"{self.label} : aucune valeur en vigueur le {on:%d/%m/%Y}")

    def at(self, on: dt.date) -> T:
        return self.period_at(on).value

    def in_force(self, on: dt.date) -> bool:
        try:
            self.period_at(on)
        except NotInForce:
            return False
        return True


AmountTable = Parameter[Mapping[int, Decimal]]


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise ParameterError(f"{where} : date attendue (AAAA-MM-JJ), reçu {value!r}")


def _amounts(raw: Any, where: str) -> Mapping[int, Decimal]:
    if not isinstance(raw, Mapping) or set(raw) != set(SIZES):
        found = sorted(raw) if isinstance(raw, Mapping) else raw
        raise ParameterError(f"{where} : une valeur par taille 1 à 4 est requise, reçu {found}")
    values = {size: Decimal(str(raw[size])) for size in SIZES}
    if any(value < 0 or value != value.quantize(CENT) for value in values.values()):
        raise ParameterError(f"{where} : montants positifs au centime près attendus, reçu {values}")
    return {size: value.quantize(CENT) for size, value in values.items()}


def _scalar(raw: Any, where: str) -> Any:
    if raw is None:
        raise ParameterError(f"{where} : valeur manquante")
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except ArithmeticError as error:
            raise ParameterError(f"{where} : nombre décimal attendu, reçu {raw!r}") from error
    return raw


def _parameter(name: str, entry: Any, file: str, per_size: bool) -> Parameter[Any]:
    where = f"{file}, {name}"
    if not isinstance(entry, Mapping) or not entry.get("label") or not entry.get("periods"):
        raise ParameterError(f"{where} : « label » et « periods » sont requis")
    periods: list[Period[Any]] = []
    for number, raw in enumerate(entry["periods"], start=1):
        at = f"{where}, période {number}"
        if not str(raw.get("source", "")).strip():
            raise ParameterError(f"{at} : la source (document et section) est obligatoire")
        start = _date(raw.get("from"), f"{at}, from")
        end = _date(raw["until"], f"{at}, until") if raw.get("until") is not None else None
        if end is not None and end <= start:
            raise ParameterError(f"{at} : « until » doit suivre « from »")
        value = _amounts(raw.get("values"), at) if per_size else _scalar(raw.get("value"), at)
        periods.append(Period(start, end, value, str(raw["source"])))
    for number, (before, after) in enumerate(itertools.pairwise(periods), start=2):
        if before.end is None or before.end > after.start:
            raise ParameterError(f"{where}, période {number} : chevauchement avec la période précédente")
        if before.end < after.start:
            raise ParameterError(f"{where}, période {number} : trou entre {before.end} et {after.start}")
    return Parameter(name, str(entry["label"]), tuple(periods), tuple(p.start for p in periods))


def parse(document: Mapping[str, Any], file: str, per_size: bool) -> dict[str, Parameter[Any]]:
    """Check and build every parameter of one parsed YAML document."""
    return {name: _parameter(name, entry, file, per_size) for name, entry in document.items()}


def _load(filename: str, per_size: bool) -> dict[str, Parameter[Any]]:
    path = HERE / filename
    with path.open(encoding="utf-8") as stream:
        return parse(yaml.safe_load(stream), filename, per_size)


@cache
def amounts() -> dict[str, AmountTable]:
    """The amount tables, by name (`amounts.yaml`)."""
    return _load("amounts.yaml", per_size=True)


@cache
def rules() -> dict[str, Parameter[Any]]:
    """The bounds, rates, dates and delays, by name (`rules.yaml`)."""
    return _load("rules.yaml", per_size=False)


def rule(name: str, on: dt.date) -> Any:
    """The value of one rule parameter in force on a date."""
    return rules()[name].at(on)
