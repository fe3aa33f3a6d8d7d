"""Sizes of the example CPTS of 000 and at each exact bound, through cpts.accord.sizes.size_class,
the function build_territory uses (rule SIZE_BOUNDS_FROM_000)."""

from __future__ import annotations

import pytest

from cpts.accord.sizes import size_class


@pytest.mark.parametrize(
    ("population", "size"),
    [
        (55000, 2),  # 000, "CPTS en territoire rural : 120 acteurs et 55 000 habitants"
        (180000, 4),  # 000, "CPTS en territoire urbain : + de 150 acteurs et 180 000 habitants"
        (80000, 3),  # 000, "CPTS en territoire péri urbain : 150 acteurs et 80 000 habitants"
    ],
)
def test_example_cpts_of_000(population: int, size: int) -> None:
    assert size_class(population) == size


@pytest.mark.parametrize(
    ("population", "size"),
    [(0, 1), (39999, 1), (40000, 2), (79999, 2), (80000, 3), (174999, 3), (175000, 4), (2103778, 4)],
)
def test_exact_bounds(population: int, size: int) -> None:
    """000, 7 points-clés: lower bounds 40 000, 80 000 and 175 000 are inclusive."""
    assert size_class(population) == size
