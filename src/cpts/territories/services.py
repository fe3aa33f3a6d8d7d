"""Building and storing a territory snapshot with the territory builder of `cpts.geo`."""

from __future__ import annotations

from collections.abc import Iterable

from cpts.geo import build_territory
from cpts.territories.models import Territory


def store_territory(communes: Iterable[str] = (), epci: Iterable[str] = ()) -> Territory:
    """Compute the territory (population, size, vintage, warnings) and store it as a new snapshot.

    Unknown codes raise `cpts.geo.UnknownCode`, an empty territory `EmptyTerritory`
    (both French ValueErrors naming the codes).
    """
    communes, epci = list(communes), list(epci)
    built = build_territory(communes=communes, epci=epci)
    return Territory.objects.create(
        input_communes=communes,
        input_epci=epci,
        communes=list(built.communes),
        departments=list(built.departments),
        regions=list(built.regions),
        population=built.population,
        size=built.size,
        vintage=built.vintage,
        warnings=list(built.warnings),
    )
