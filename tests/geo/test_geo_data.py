"""The shipped data: vintage, source, counts, and loading another vintage (docs/territories.md)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cpts.geo import GeoData, UnknownCode, UnknownVintage, build_territory, load, vintages


def test_shipped_vintage_records_its_source(data: GeoData) -> None:
    assert "2026" in vintages() and data.vintage == "2026"
    assert data.source["package"] == "@etalab/decoupage-administratif@6.0.0"
    assert "population municipale" in data.source["population"]


def test_load_is_cached_and_defaults_to_the_newest() -> None:
    assert load() is load(vintages()[-1]) is load("2026")


def test_whole_france_is_there(data: GeoData) -> None:
    """Counts of the 2026 package: 34 969 current communes, 45 arrondissements, 1 255 EPCI."""
    kinds: dict[str, int] = {}
    for place in data.places():
        kinds[place.kind] = kinds.get(place.kind, 0) + 1
    assert kinds == {"commune": 34969, "arrondissement": 45, "delegated": 2105, "associated": 471, "epci": 1255}
    assert data.arrondissements("13055") == tuple(f"132{n:02d}" for n in range(1, 17))
    assert data.arrondissements("01001") == ()


def test_names(data: GeoData) -> None:
    assert (data.department_name("2A"), data.region_name("94"), data.region_of("74")) == ("Corse-du-Sud", "Corse", "84")
    with pytest.raises(UnknownCode, match="00"):
        data.department_name("00")


def fake_vintage(path: Path, population: int) -> Path:
    """A two-commune vintage in the shipped format, as a newer populations file would be."""
    document = {
        "format": 1,
        "vintage": "2099",
        "source": {"package": "test"},
        "regions": [["84", "Auvergne-Rhône-Alpes"]],
        "departments": [["01", "Ain", "84"]],
        "communes": [["01001", "L'Abergement-Clémenciat", "01", population], ["01002", "Autre", "01", 10, ["01999"]]],
        "arrondissements": [],
        "delegated": [],
        "associated": [],
        "epci": [["200000001", "CC test", "CC", ["01001", "01002"]]],
    }
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    return path


def test_another_vintage_given_by_path_recomputes_the_size(tmp_path: Path) -> None:
    other = load(str(fake_vintage(tmp_path / "geo-2099.json.gz", 40000)))
    territory = build_territory(epci=["200000001"], data=other)
    assert (territory.vintage, territory.population, territory.size) == ("2099", 40010, 2)
    assert build_territory(communes=["01001"]).size == 1  # the shipped vintage is untouched


def test_unknown_vintage_or_format(tmp_path: Path) -> None:
    with pytest.raises(UnknownVintage, match="millésime inconnu : 1990"):
        load("1990")
    with pytest.raises(UnknownVintage, match="introuvable"):
        load(str(tmp_path / "absent.json.gz"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 99}')
    with pytest.raises(UnknownVintage, match="format de données inconnu"):
        load(str(bad))
