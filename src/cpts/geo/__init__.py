"""French administrative divisions and CPTS territories (docs/territories.md): pure Python, data shipped in `data/`.

from cpts.geo import build_territory, load, search
territory = build_territory(communes=["01001"], epci=["200000172"])
territory.population, territory.size, territory.warnings
search("saint-etienne")  # autocomplete over the newest vintage; load("2026").search(...) for another
"""

from cpts.geo.compare import Overlap, compare
from cpts.geo.data import GeoData, load, search, vintages
from cpts.geo.errors import EmptyTerritory, UnknownCode, UnknownVintage
from cpts.geo.places import Place
from cpts.geo.territory import Territory, build_territory

__all__ = [
    "EmptyTerritory",
    "GeoData",
    "Overlap",
    "Place",
    "Territory",
    "UnknownCode",
    "UnknownVintage",
    "build_territory",
    "compare",
    "load",
    "search",
    "vintages",
]
