"""A place of the administrative data: commune, arrondissement, delegated or associated commune, EPCI."""

from __future__ import annotations

from typing import NamedTuple

# Order of kinds in search results: places that can be counted first.
KINDS = ("commune", "arrondissement", "epci", "delegated", "associated")


class Place(NamedTuple):
    """A NamedTuple rather than a dataclass: the loader builds ~40 000 of them (load < 0.5 s)."""

    kind: str
    code: str  # INSEE code (communes, arrondissements) or SIREN (EPCI)
    name: str
    population: int  # municipal population (rule MUNICIPAL_POPULATION); 0 for delegated/associated
    departments: tuple[str, ...]
    parent: str | None = None  # arrondissement -> its city; delegated/associated -> its current commune

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"
