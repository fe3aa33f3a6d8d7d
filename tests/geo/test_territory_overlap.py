"""Overlap of two territories (docs/territories.md: "the overlap (communes and population) is reported")."""

from __future__ import annotations

import pytest

from cpts.accord.errors import AccordError
from cpts.geo import GeoData, Territory, build_territory, compare


def test_shared_commune_is_reported_with_its_population(data: GeoData) -> None:
    """CC Faucigny - Glières and a list holding Bonneville (13 335) share Bonneville only."""
    a = build_territory(epci=["200000172"], data=data)
    b = build_territory(communes=["74042", "01001"], data=data)
    overlap = compare(a, b, data)
    assert (overlap.communes, overlap.population) == (("74042",), 13335)
    assert overlap == compare(b, a, data)


def test_disjoint_territories_do_not_overlap(data: GeoData) -> None:
    overlap = compare(build_territory(communes=["01001"], data=data), build_territory(communes=["74042"], data=data))
    assert (overlap.communes, overlap.population) == ((), 0)


def test_whole_city_overlaps_arrondissements_given_elsewhere(data: GeoData) -> None:
    """Paris whole against 75101 (15 114) and 75102 (19 847): they share those two arrondissements."""
    paris = build_territory(communes=["75056"], data=data)
    centre = build_territory(communes=["75101", "75102", "01001"], data=data)
    overlap = compare(paris, centre, data)
    assert overlap.to_dict() == {"communes": ["75101", "75102"], "population": 15114 + 19847}


def test_same_city_whole_on_both_sides_is_reported_once(data: GeoData) -> None:
    """Métropole du Grand Paris (200054781) and Paris both hold Paris whole (2 103 778)."""
    overlap = compare(build_territory(epci=["200054781"], data=data), build_territory(communes=["75056"], data=data))
    assert (overlap.communes, overlap.population) == (("75056",), 2103778)


def test_different_vintages_are_refused(data: GeoData) -> None:
    a = build_territory(communes=["01001"], data=data)
    b = Territory(860, 1, ("01001",), ("01",), ("84",), "2025", ())
    with pytest.raises(AccordError, match="millésimes différents"):
        compare(a, b, data)
