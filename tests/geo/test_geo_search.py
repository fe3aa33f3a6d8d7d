"""Autocomplete search: names without accents or case, word starts, codes (docs/territories.md, web autocomplete)."""

from __future__ import annotations

import pytest

from cpts.geo import GeoData, search
from cpts.geo.search import normalize


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Œuilly", "oeuilly"),
        ("Ste-Foy-lès-Lyon", "sainte foy les lyon"),
    ],
)
def test_normalize(text: str, key: str) -> None:
    assert normalize(text) == key


@pytest.mark.parametrize("text", ["saint-etienne", "SAINT ÉTIENNE", "Saint-Étienne", "saint etienne", "St Etienne"])
def test_name_is_accent_and_case_insensitive(data: GeoData, text: str) -> None:
    assert data.search(text)[0].code == "42218"


def test_an_unfinished_last_word_is_not_an_abbreviation(data: GeoData) -> None:
    assert normalize("st", typing=True) == "st" and normalize("st etienne", typing=True) == "saint etienne"
    assert "59580" in {place.code for place in data.search("ste", limit=100)}  # Steenvoorde


def test_a_word_inside_the_name_matches_after_names_starting_with_it(data: GeoData) -> None:
    found = [place.code for place in data.search("etienne", limit=50)]
    assert "42218" in found and "244200770" in found  # Saint-Étienne, Saint-Étienne Métropole


def test_articles_inside_names_are_not_word_starts(data: GeoData) -> None:
    assert "01053" in {place.code for place in data.search("bresse", limit=100)}  # Bourg-en-Bresse
    assert all(not place.name.startswith("Bourg") for place in data.search("en", limit=200))


def test_most_populated_first(data: GeoData) -> None:
    found = data.search("paris", limit=3)
    assert [place.code for place in found] == ["75056", "75115", "75120"]  # Paris, its 15e and 20e


def test_epci_by_name(data: GeoData) -> None:
    (epci,) = data.search("Faucigny - Glières", limit=1)
    assert (epci.kind, epci.code, epci.population, epci.departments) == ("epci", "200000172", 28561, ("74",))


def test_delegated_commune_points_to_its_current_commune(data: GeoData) -> None:
    delegated = next(place for place in data.search("béon") if place.code == "01039")
    assert (delegated.kind, delegated.parent) == ("delegated", "01138")


def test_by_code(data: GeoData) -> None:
    assert [place.kind for place in data.search("01015")] == ["commune", "delegated"]  # shared code
    assert data.search("2a004")[0].name == "Ajaccio"
    assert data.search("200000172")[0].name == "CC Faucigny - Glières"
    assert {place.code for place in data.search("7510", limit=50)} == {f"7510{n}" for n in range(1, 10)}


def test_limit_and_nothing_found(data: GeoData) -> None:
    assert len(data.search("saint", limit=7)) == 7
    assert data.search("zzzzqx") == [] and data.search("  ") == [] and data.search("--") == []


def test_module_level_search_uses_the_newest_vintage() -> None:
    assert search("Bonneville", limit=1)[0].code == "74042"
