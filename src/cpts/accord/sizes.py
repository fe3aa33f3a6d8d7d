"""Size class of a CPTS from the population of its territory.

Implements 002 annexe 1, art. 4 ("le critère de taille ... est celui du nombre
d'habitants couverts par le territoire") with the exact bounds of 000, "Le
résumé en 7 points-clés", point 2 (rule SIZE_BOUNDS_FROM_000: the contrat type
prints them loosely, "Entre 40 et 80 000", "> 175 000").
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal

from cpts.accord.errors import AccordError
from cpts.accord.parameters import rules


class InvalidPopulation(AccordError):
    """A population that is not a whole, non-negative number of inhabitants."""


def check_population(population: object) -> int:
    """The population as an int, or a French error saying what is wrong."""
    if isinstance(population, bool) or not isinstance(population, int | Decimal | str):
        raise InvalidPopulation(f"population invalide : {population!r} (nombre entier d'habitants attendu)")
    try:
        number = Decimal(str(population).strip())
    except ArithmeticError as error:
        raise InvalidPopulation(
            f"population invalide : « {population} » n'est pas un nombre entier d'habitants"
        ) from error
    if not number.is_finite() or number != number.to_integral_value():
        raise InvalidPopulation(f"population invalide : {population} n'est pas un nombre entier d'habitants")
    if number < 0:
        raise InvalidPopulation(f"population invalide : {population} est négatif")
    return int(number)


def lower_bounds(on: dt.date | None = None) -> tuple[int, ...]:
    """The lower bounds (inclusive) of sizes 2, 3 and 4 in force on a date."""
    parameter = rules()["size_lower_bounds"]
    period = parameter.periods[-1] if on is None else parameter.period_at(on)
    return tuple(int(bound) for bound in period.value)


def size_class(population: object, on: dt.date | None = None) -> int:
    """T1 < 40 000 <= T2 < 80 000 <= T3 < 175 000 <= T4 (000, 7 points-clés)."""
    return bisect.bisect_right(lower_bounds(on), check_population(population)) + 1
