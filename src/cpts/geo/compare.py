"""What two territories share, for the check that CPTS territories do not overlap (docs/territories.md).

A city counted whole (Paris 75056) and one of its arrondissements (75101) counted
elsewhere overlap on that arrondissement (rule WHOLE_CITY_SUPERSEDES_ARRONDISSEMENTS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cpts.accord.errors import AccordError
from cpts.geo.data import GeoData, load
from cpts.geo.territory import Territory


@dataclass(frozen=True, slots=True)
class Overlap:
    communes: tuple[str, ...]  # shared codes: a city shared whole, else the shared arrondissements
    population: int

    def to_dict(self) -> dict[str, Any]:
        return {"communes": list(self.communes), "population": self.population}


def compare(a: Territory, b: Territory, data: GeoData | None = None) -> Overlap:
    if a.vintage != b.vintage:
        raise AccordError(f"territoires de millésimes différents : {a.vintage} et {b.vintage}")
    data = data or load(a.vintage)
    parts_a, parts_b = _parts(a, data), _parts(b, data)
    shared = set()
    for part in parts_a.keys() & parts_b.keys():
        whole = parts_a[part]
        shared.add(whole if whole == parts_b[part] else part)
    communes = tuple(sorted(shared))
    return Overlap(communes, sum(data.unit(code).population for code in communes))


def _parts(territory: Territory, data: GeoData) -> dict[str, str]:
    """Smallest parts (arrondissements of a whole city, else the commune) -> the code counted."""
    parts = {}
    for code in territory.communes:
        for part in data.arrondissements(code) or (code,):
            parts[part] = code
    return parts
