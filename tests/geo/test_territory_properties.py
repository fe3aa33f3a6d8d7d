"""Invariants of the builder and the overlap: no place counted twice, whatever the order or repetitions."""

from __future__ import annotations

from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from cpts.geo import build_territory, compare, load

# Codes that can hide a double count: Paris whole and some arrondissements, a delegated commune and its
# current commune, an EPCI (CC Faucigny - Glières) and two of its members, a shared code, plain communes.
COMMUNES = ["75056", "75101", "75102", "75120", "01039", "01138", "01015", "74042", "74164", "01001", "2A004"]
EPCI = ["200000172", "200054781"]  # the second holds Paris whole
codes = st.lists(st.sampled_from(COMMUNES), max_size=6)
epci = st.lists(st.sampled_from(EPCI), max_size=2)


@settings(max_examples=200, deadline=None)
@given(codes, epci, codes, epci)
def test_union_is_the_sum_less_the_overlap(
    communes_a: list[str], epci_a: list[str], communes_b: list[str], epci_b: list[str]
) -> None:
    data = load()
    if not (communes_a or epci_a) or not (communes_b or epci_b):
        return
    a = build_territory(communes_a, epci_a, data)
    b = build_territory(communes_b, epci_b, data)
    union = build_territory(communes_a + communes_b, epci_a + epci_b, data)
    assert union.population == a.population + b.population - compare(a, b, data).population
    assert compare(a, a, data).population == a.population


@settings(max_examples=100, deadline=None)
@given(codes.filter(bool), st.randoms())
def test_order_and_repetition_do_not_change_the_count(communes: list[str], random: Random) -> None:
    data = load()
    shuffled = communes * 2
    random.shuffle(shuffled)
    a, b = build_territory(communes, data=data), build_territory(shuffled, data=data)
    assert (a.population, a.communes, a.size) == (b.population, b.communes, b.size)
