"""Size classes: 000 « Le résumé en 7 points-clés », point 2 (rule SIZE_BOUNDS_FROM_000)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpts.accord.sizes import InvalidPopulation, size_class


@pytest.mark.parametrize(
    ("population", "size"),
    [
        (0, 1),
        (39_999, 1),
        (40_000, 2),
        (79_999, 2),
        (80_000, 3),
        (174_999, 3),
        (175_000, 4),
        (2_000_000, 4),
    ],
)
def test_exact_bounds(population: int, size: int) -> None:
    """000: Taille 1 < 40 000 ; Taille 2 ≥ 40 000 < 80 000 ; Taille 3 ≥ 80 000 < 175 000 ; Taille 4 ≥ 175 000."""
    assert size_class(population) == size


@pytest.mark.parametrize(("population", "size"), [(55_000, 2), (180_000, 4), (80_000, 3)])
def test_the_three_example_cpts_of_000(population: int, size: int) -> None:
    """000 « Exemples de 3 CPTS »: rural 55 000, urban 180 000, peri-urban 80 000 inhabitants."""
    assert size_class(population) == size


def test_string_and_decimal_populations_are_accepted() -> None:
    assert size_class("55000") == 2
    assert size_class(Decimal("80000")) == 3


@pytest.mark.parametrize(
    ("population", "message"),
    [
        (-1, "négatif"),
        ("12.5", "nombre entier"),
        (Decimal("1.5"), "nombre entier"),
        ("abc", "nombre entier"),
        (1.0, "nombre entier"),
        (True, "nombre entier"),
        (None, "nombre entier"),
    ],
)
def test_invalid_populations_are_refused_in_french(population: object, message: str) -> None:
    with pytest.raises(InvalidPopulation, match=message):
        size_class(population)


@given(st.integers(0, 10**7), st.integers(0, 10**6))
def test_size_is_monotone_in_population(population: int, more: int) -> None:
    assert size_class(population) <= size_class(population + more)
    assert 1 <= size_class(population) <= 4
