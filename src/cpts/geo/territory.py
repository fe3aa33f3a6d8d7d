"""A CPTS territory from commune, arrondissement and EPCI codes: its population and size class.

The size class follows "le nombre d'habitants couverts par le territoire identifié
par ladite communauté dans son projet de santé" (002 annexe 1, art. 4), through
cpts.accord.sizes.size_class. Counting rules (docs/interpretations.md, "Territoires"):
MUNICIPAL_POPULATION, EPCI_POPULATION_FROM_COMMUNES, DELEGATED_CODE_TO_CURRENT_COMMUNE,
WHOLE_CITY_SUPERSEDES_ARRONDISSEMENTS, and no place is ever counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cpts.accord.sizes import size_class
from cpts.geo.data import GeoData, load
from cpts.geo.errors import EmptyTerritory, UnknownCode
from cpts.geo.places import Place

ATTACHED_LABELS = {
    "delegated": "une commune déléguée : comptée dans sa commune actuelle",
    "associated": "une commune associée : comptée dans sa commune de rattachement",
}


@dataclass(frozen=True, slots=True)
class Territory:
    population: int
    size: int
    communes: tuple[str, ...]  # distinct counted codes: current communes and arrondissements, sorted
    departments: tuple[str, ...]
    regions: tuple[str, ...]
    vintage: str
    warnings: tuple[str, ...]  # French

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of `cpts territory --json` ("codes" lists what "communes" counts)."""
        return {
            "population": self.population,
            "size": self.size,
            "communes": len(self.communes),
            "departments": list(self.departments),
            "regions": list(self.regions),
            "vintage": self.vintage,
            "warnings": list(self.warnings),
            "codes": list(self.communes),
        }


def clean_codes(codes: Iterable[str]) -> list[str]:
    """Codes as INSEE writes them (2A004, not 2a004), blanks dropped."""
    return [code.strip().upper() for code in codes if code.strip()]


def build_territory(communes: Iterable[str] = (), epci: Iterable[str] = (), data: GeoData | None = None) -> Territory:
    """The population and size of the territory made of these communes, arrondissements and EPCI."""
    data = data or load()
    commune_codes, epci_codes = clean_codes(communes), clean_codes(epci)
    if not commune_codes and not epci_codes:
        raise EmptyTerritory("territoire vide : donner au moins un code de commune, d'arrondissement ou d'EPCI")
    check_known(data, commune_codes, epci_codes)
    counter = _Counter(data)
    for code in epci_codes:
        counter.add_epci(data.epci(code))
    for code in commune_codes:
        counter.add_commune(code)
    counter.drop_arrondissements_of_whole_cities()
    counted = [data.unit(code) for code in sorted(counter.counted)]
    population = sum(place.population for place in counted)
    departments = tuple(sorted({department for place in counted for department in place.departments}))
    return Territory(
        population=population,
        size=size_class(population),
        communes=tuple(place.code for place in counted),
        departments=departments,
        regions=tuple(sorted({data.region_of(department) for department in departments})),
        vintage=data.vintage,
        warnings=tuple(counter.warnings),
    )


def check_known(data: GeoData, communes: list[str], epci: list[str]) -> None:
    """Raise UnknownCode naming every unknown code, with a hint when the code is known otherwise."""
    unknown: list[str] = []
    hints: list[str] = []
    for code in communes:
        if data.has_unit(code) or data.attached(code) or code in unknown:
            continue
        unknown.append(code)
        if data.has_epci(code):
            hints.append(f"{code} est un EPCI ({data.epci(code).name}) : le donner comme EPCI")
        elif current := data.former(code):
            hints.append(f"{code} est un ancien code, aujourd'hui dans la commune {data.unit(current).label}")
        elif len(code) == 4 and code.isdigit() and data.has_unit(f"0{code}"):  # a spreadsheet dropped the 0
            hints.append(f"{code} : un code INSEE a 5 caractères, zéro initial perdu ? ({data.unit('0' + code).label})")
    for code in epci:
        if data.has_epci(code) or code in unknown:
            continue
        unknown.append(code)
        if data.has_unit(code) or data.attached(code):
            hints.append(f"{code} est une commune, pas un EPCI : la donner comme commune")
    if unknown:
        raise UnknownCode(unknown, data.vintage, hints)


class _Counter:
    """The counted places, each with how it came in, so that a second arrival is a warning, not a count."""

    def __init__(self, data: GeoData) -> None:
        self.data = data
        self.counted: dict[str, str] = {}  # code -> how it came in (French)
        self.epci: set[str] = set()
        self.warnings: list[str] = []

    def add_epci(self, epci: Place) -> None:
        if epci.code in self.epci:
            self.warnings.append(f"EPCI {epci.label} donné plusieurs fois : compté une fois.")
            return
        self.epci.add(epci.code)
        for member in self.data.members(epci.code):
            self._add(self.data.unit(member), f"membre de l'EPCI {epci.label}")

    def add_commune(self, code: str) -> None:
        if self.data.has_unit(code):  # rule DELEGATED_CODE_TO_CURRENT_COMMUNE: a shared code is the current commune
            self._add(self.data.unit(code), "donnée directement")
            return
        attached = self.data.attached(code)
        assert attached is not None and attached.parent is not None  # check_known ran first
        current = self.data.unit(attached.parent)
        self.warnings.append(f"{attached.label} est {ATTACHED_LABELS[attached.kind]} {current.label}.")
        self._add(current, f"via {attached.label}")

    def _add(self, place: Place, origin: str) -> None:
        if place.code in self.counted:
            self.warnings.append(f"{place.label} déjà comptée ({self.counted[place.code]}) : comptée une fois.")
        else:
            self.counted[place.code] = origin

    def drop_arrondissements_of_whole_cities(self) -> None:
        """Rule WHOLE_CITY_SUPERSEDES_ARRONDISSEMENTS: Paris given whole already counts its arrondissements."""
        for code in list(self.counted):
            city = self.data.unit(code).parent
            if city is not None and city in self.counted:
                del self.counted[code]
                self.warnings.append(
                    f"{self.data.unit(code).label} : la commune entière {self.data.unit(city).label} est déjà "
                    "comptée, l'arrondissement n'est pas compté en plus."
                )
