"""Loading the shipped administrative data (one gzipped JSON per vintage, see docs/territories.md).

Files are `data/geo-<vintage>.json.gz`, written by scripts/build_geo_data.py from
`@etalab/decoupage-administratif`. `load()` takes the newest shipped vintage,
`load("2025")` another shipped one, `load("/path/geo-2025.json.gz")` any file.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from cpts.geo.errors import UnknownCode, UnknownVintage
from cpts.geo.places import Place
from cpts.geo.search import SearchIndex

FORMAT = 1
PREFIX, SUFFIX = "geo-", ".json.gz"
T = TypeVar("T")


class GeoData:
    """One vintage of communes, arrondissements, delegated/associated communes, EPCI, departments, regions."""

    def __init__(self, document: dict[str, Any]) -> None:
        if document.get("format") != FORMAT:
            raise UnknownVintage(f"format de données inconnu : {document.get('format')!r} (attendu : {FORMAT})")
        self.vintage: str = document["vintage"]
        self.source: dict[str, str] = document["source"]
        self._regions: dict[str, str] = {code: name for code, name in document["regions"]}
        self._departments: dict[str, tuple[str, str]] = {
            code: (name, region) for code, name, region in document["departments"]
        }
        # One shared tuple per department rather than one per commune.
        scope = {code: (code,) for code in self._departments}
        self._units: dict[str, Place] = {}  # what a territory counts: current communes and arrondissements
        self._former: dict[str, str] = {}  # old code no longer in the COG -> current commune
        for code, name, department, population, *former in document["communes"]:
            self._units[code] = Place("commune", code, name, population, scope[department])
            for old in former[0] if former else ():
                self._former[old] = code
        self._arrondissements: dict[str, list[str]] = {}
        for code, name, department, population, city in document["arrondissements"]:
            self._units[code] = Place("arrondissement", code, name, population, scope[department], city)
            self._arrondissements.setdefault(city, []).append(code)
        self._attached: dict[str, Place] = {}  # delegated and associated communes, by code
        for kind in ("delegated", "associated"):
            for code, name, department, parent in document[kind]:
                self._attached[code] = Place(kind, code, name, 0, scope[department], parent)
        self._epci: dict[str, Place] = {}
        self._members: dict[str, tuple[str, ...]] = {}
        for code, name, _type, members in document["epci"]:
            self._members[code] = tuple(members)
            # Rule EPCI_POPULATION_FROM_COMMUNES: the sum of the members' municipal populations.
            places = [self._units[member] for member in members]
            departments = tuple(sorted({place.departments[0] for place in places}))
            self._epci[code] = Place("epci", code, name, sum(place.population for place in places), departments)
        self._index: SearchIndex | None = None

    # Look-ups. These raise UnknownCode; `attached` and `former` return None when absent.

    def _get(self, table: Mapping[str, T], code: str) -> T:
        try:
            return table[code]
        except KeyError:
            raise UnknownCode([code], self.vintage) from None

    def unit(self, code: str) -> Place:
        """A current commune or a municipal arrondissement."""
        return self._get(self._units, code)

    def epci(self, code: str) -> Place:
        return self._get(self._epci, code)

    def has_unit(self, code: str) -> bool:
        return code in self._units

    def has_epci(self, code: str) -> bool:
        return code in self._epci

    def attached(self, code: str) -> Place | None:
        """The delegated or associated commune with this code, if any."""
        return self._attached.get(code)

    def former(self, code: str) -> str | None:
        """The current commune that absorbed a code no longer in the COG, if known."""
        return self._former.get(code)

    def members(self, epci: str) -> tuple[str, ...]:
        return self._get(self._members, epci)

    def arrondissements(self, city: str) -> tuple[str, ...]:
        """The municipal arrondissements of Paris, Lyon or Marseille; () for any other commune."""
        return tuple(self._arrondissements.get(city, ()))

    def counted_units(self, code: str) -> tuple[str, ...]:
        """The smallest units a code covers: a city's arrondissements, else the code itself.

        Two territories may cover Paris, one whole and one by arrondissement: counting coverage
        over arrondissements counts each inhabitant once (rule WHOLE_CITY_SUPERSEDES_ARRONDISSEMENTS).
        """
        return self.arrondissements(code) or (code,)

    def population_by_department(self) -> dict[str, int]:
        """The municipal population of each department, summed over the same units as `counted_units`."""
        found = dict.fromkeys(self._departments, 0)
        for place in self._units.values():
            if place.code not in self._arrondissements:  # a city counts through its arrondissements
                found[place.departments[0]] += place.population
        return found

    def departments(self) -> dict[str, str]:
        """Every department code and its region code."""
        return {code: region for code, (_name, region) in self._departments.items()}

    def department_name(self, code: str) -> str:
        return self._get(self._departments, code)[0]

    def region_of(self, department: str) -> str:
        return self._get(self._departments, department)[1]

    def region_name(self, code: str) -> str:
        return self._get(self._regions, code)

    def places(self) -> Iterator[Place]:
        yield from self._units.values()
        yield from self._epci.values()
        yield from self._attached.values()

    def search(self, text: str, limit: int = 20) -> list[Place]:
        """Places whose name starts (at a word, ignoring accents and case) or whose code starts with `text`."""
        if self._index is None:  # built on first use: loading stays fast for the command line
            self._index = SearchIndex(self.places())
        return self._index.search(text, limit)


def data_folder() -> Any:
    return resources.files("cpts.geo").joinpath("data")


def vintages() -> tuple[str, ...]:
    """The shipped vintages, oldest first."""
    names = (entry.name for entry in data_folder().iterdir())
    return tuple(sorted(name.removeprefix(PREFIX).removesuffix(SUFFIX) for name in names if _is_data_file(name)))


def _is_data_file(name: str) -> bool:
    return name.startswith(PREFIX) and name.endswith(SUFFIX)


def load(vintage: str | None = None) -> GeoData:
    """The data of a shipped vintage (default: the newest), or of a data file given by path. Cached."""
    if vintage is None:
        shipped = vintages()
        if not shipped:
            raise UnknownVintage("aucune donnée de territoires installée (voir scripts/build_geo_data.py)")
        vintage = shipped[-1]
    return _load(str(vintage))


@functools.lru_cache(maxsize=8)
def _load(vintage: str) -> GeoData:
    return GeoData(json.loads(_read(vintage)))


def _read(vintage: str) -> bytes:
    if vintage.endswith((".json", ".json.gz")) or "/" in vintage:
        path = Path(vintage)
        if not path.is_file():
            raise UnknownVintage(f"fichier de données introuvable : {vintage}")
        raw = path.read_bytes()
        return gzip.decompress(raw) if path.suffix == ".gz" else raw
    if vintage not in vintages():
        raise UnknownVintage(f"millésime inconnu : {vintage} (disponibles : {', '.join(vintages()) or 'aucun'})")
    return gzip.decompress(data_folder().joinpath(f"{PREFIX}{vintage}{SUFFIX}").read_bytes())


def search(text: str, limit: int = 20) -> list[Place]:
    """Autocomplete over the newest shipped vintage (see GeoData.search), for the web forms."""
    return load().search(text, limit)
