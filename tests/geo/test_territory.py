"""Territory builder on real places (docs/territories.md). Every expected population is read from the
2026 data (communes.json of @etalab/decoupage-administratif 6.0.0) and summed by hand here."""

from __future__ import annotations

import pytest

from cpts.accord.errors import AccordError
from cpts.accord.sizes import size_class
from cpts.geo import EmptyTerritory, GeoData, UnknownCode, build_territory

# CC Faucigny - Glières (SIREN 200000172), its 7 members and their municipal populations.
FAUCIGNY_GLIERES = {
    "74042": 13335,  # Bonneville
    "74164": 6507,  # Marignier
    "74087": 2403,  # Contamine-sur-Arve
    "74024": 2376,  # Ayse
    "74212": 1824,  # Glières-Val-de-Borne
    "74312": 1659,  # Vougy
    "74049": 457,  # Brizon
}


def test_single_commune(data: GeoData) -> None:
    """01001 L'Abergement-Clémenciat: 860 inhabitants, size 1 (000, 7 points-clés)."""
    territory = build_territory(communes=["01001"], data=data)
    assert (territory.population, territory.size, territory.communes) == (860, 1, ("01001",))
    assert (territory.departments, territory.regions, territory.warnings) == (("01",), ("84",), ())
    assert territory.vintage == "2026"


def test_epci_counts_its_member_communes(data: GeoData) -> None:
    """Rule EPCI_POPULATION_FROM_COMMUNES: 13 335 + 6 507 + 2 403 + 2 376 + 1 824 + 1 659 + 457 = 28 561."""
    territory = build_territory(epci=["200000172"], data=data)
    assert territory.population == sum(FAUCIGNY_GLIERES.values()) == 28561
    assert territory.communes == tuple(sorted(FAUCIGNY_GLIERES))
    assert (territory.size, territory.departments, territory.warnings) == (1, ("74",), ())


def test_epci_and_one_of_its_communes_counts_it_once(data: GeoData) -> None:
    territory = build_territory(communes=["74042"], epci=["200000172"], data=data)
    assert territory.population == 28561
    assert len(territory.communes) == 7
    assert territory.warnings == (
        "74042 Bonneville déjà comptée (membre de l'EPCI 200000172 CC Faucigny - Glières) : comptée une fois.",
    )


def test_commune_given_twice_counts_once(data: GeoData) -> None:
    territory = build_territory(communes=["01001", " 01001 ", "74042"], data=data)
    assert territory.population == 860 + 13335
    assert len(territory.warnings) == 1 and "01001" in territory.warnings[0]


def test_epci_given_twice_counts_once(data: GeoData) -> None:
    territory = build_territory(epci=["200000172", "200000172"], data=data)
    assert territory.population == 28561
    assert territory.warnings == ("EPCI 200000172 CC Faucigny - Glières donné plusieurs fois : compté une fois.",)


def test_arrondissement_counts_its_own_population(data: GeoData) -> None:
    """75101 Paris 1er: 15 114; 69381 Lyon 1er: 28 717; 13201 Marseille 1er: 37 599."""
    territory = build_territory(communes=["75101", "69381", "13201"], data=data)
    assert territory.population == 15114 + 28717 + 37599
    assert territory.communes == ("13201", "69381", "75101")
    assert territory.departments == ("13", "69", "75")
    assert territory.regions == ("11", "84", "93")


def test_whole_city_supersedes_its_arrondissements(data: GeoData) -> None:
    """Rule WHOLE_CITY_SUPERSEDES_ARRONDISSEMENTS: Paris (2 103 778) plus 75101 is Paris, with a warning."""
    territory = build_territory(communes=["75101", "75056", "75102"], data=data)
    assert (territory.population, territory.communes) == (2103778, ("75056",))
    assert [warning.split(" :")[0] for warning in territory.warnings] == [
        "75101 Paris 1er Arrondissement",
        "75102 Paris 2e Arrondissement",
    ]


def test_city_through_its_epci_supersedes_its_arrondissements(data: GeoData) -> None:
    """Métropole de Lyon (200046977) holds Lyon whole: 69381 adds nothing."""
    alone = build_territory(epci=["200046977"], data=data)
    territory = build_territory(communes=["69381"], epci=["200046977"], data=data)
    assert territory.population == alone.population
    assert "69381" not in territory.communes and "69123" in territory.communes
    assert "la commune entière 69123 Lyon est déjà comptée" in territory.warnings[0]


def test_all_arrondissements_add_up_to_the_city(data: GeoData) -> None:
    arrondissements = [f"751{number:02d}" for number in range(1, 21)]
    assert build_territory(communes=arrondissements, data=data).population == 2103778


def test_delegated_commune_resolves_to_its_current_commune(data: GeoData) -> None:
    """Rule DELEGATED_CODE_TO_CURRENT_COMMUNE: 01039 Béon is in 01138 Culoz-Béon (3 453)."""
    territory = build_territory(communes=["01039"], data=data)
    assert (territory.population, territory.communes) == (3453, ("01138",))
    assert territory.warnings == (
        "01039 Béon est une commune déléguée : comptée dans sa commune actuelle 01138 Culoz-Béon.",
    )


def test_associated_commune_resolves_to_its_current_commune(data: GeoData) -> None:
    """01120 Cordieux is associated with 01262 Montluel (6 895)."""
    territory = build_territory(communes=["01120"], data=data)
    assert (territory.population, territory.communes) == (6895, ("01262",))
    assert "commune associée" in territory.warnings[0]


def test_delegated_commune_and_its_current_commune_count_once(data: GeoData) -> None:
    territory = build_territory(communes=["01138", "01039"], data=data)
    assert territory.population == 3453
    assert territory.warnings[-1] == "01138 Culoz-Béon déjà comptée (donnée directement) : comptée une fois."


def test_code_shared_with_a_delegated_commune_is_the_current_commune(data: GeoData) -> None:
    """01015 is both Arboys en Bugey (current, 710) and its delegated chef-lieu Arbignieu."""
    territory = build_territory(communes=["01015"], data=data)
    assert (territory.population, territory.communes, territory.warnings) == (710, ("01015",), ())


def test_codes_are_cleaned(data: GeoData) -> None:
    """2a004 is Ajaccio (76 320); blank codes are dropped."""
    territory = build_territory(communes=[" 2a004", ""], data=data)
    assert (territory.population, territory.communes, territory.regions) == (76320, ("2A004",), ("94",))


def test_unknown_codes_are_all_named_and_nothing_is_computed(data: GeoData) -> None:
    with pytest.raises(UnknownCode) as error:
        build_territory(communes=["01001", "99999", "00000"], epci=["123456789"], data=data)
    assert error.value.codes == ("99999", "00000", "123456789")
    assert str(error.value) == "codes inconnus (millésime 2026) : 99999, 00000, 123456789"
    assert isinstance(error.value, AccordError)


def test_unknown_code_hints(data: GeoData) -> None:
    """01126 became part of 01033 Valserhône; an EPCI given as a commune and the reverse; a lost leading 0."""
    with pytest.raises(UnknownCode) as error:
        build_territory(communes=["01126", "200000172", "1001"], epci=["01001"], data=data)
    message = str(error.value)
    assert "01126 est un ancien code, aujourd'hui dans la commune 01033 Valserhône" in message
    assert "200000172 est un EPCI (CC Faucigny - Glières)" in message
    assert "01001 est une commune, pas un EPCI" in message
    assert "1001 : un code INSEE a 5 caractères, zéro initial perdu ? (01001 L'Abergement-Clémenciat)" in message


def test_empty_territory_is_refused(data: GeoData) -> None:
    with pytest.raises(EmptyTerritory, match="territoire vide"):
        build_territory(communes=[" "], data=data)


def test_to_dict(data: GeoData) -> None:
    document = build_territory(communes=["01039", "01001"], data=data).to_dict()
    assert document == {
        "population": 3453 + 860,
        "size": 1,
        "communes": 2,
        "departments": ["01"],
        "regions": ["84"],
        "vintage": "2026",
        "warnings": ["01039 Béon est une commune déléguée : comptée dans sa commune actuelle 01138 Culoz-Béon."],
        "codes": ["01001", "01138"],
    }


@pytest.mark.parametrize(
    ("communes", "epci", "population", "size"),
    [
        (["01001"], [], 860, 1),
        (["2A004"], [], 76320, 2),  # Ajaccio
        (["42218"], [], 173136, 3),  # Saint-Étienne
        (["42218", "01138"], [], 173136 + 3453, 4),  # 176 589
        ([], ["200046977"], None, 4),  # Métropole de Lyon
    ],
)
def test_size_goes_through_the_rules_engine(
    data: GeoData, communes: list[str], epci: list[str], population: int | None, size: int
) -> None:
    """000, 7 points-clés: T1 < 40 000 <= T2 < 80 000 <= T3 < 175 000 <= T4."""
    territory = build_territory(communes=communes, epci=epci, data=data)
    if population is not None:
        assert territory.population == population
    assert territory.size == size == size_class(territory.population)
