"""Benchmark of the territory data (docs/territories.md).

Prints: loading the shipped vintage (cold, in a fresh interpreter, and warm in
process), building the search index, one autocomplete query, and building a
300-commune territory. Goals: load < 0.5 s for everything (load + search index),
a query in a few milliseconds.
Run: .venv/bin/python benchmarks/territory.py
"""

from __future__ import annotations

import subprocess
import sys
import timeit
from collections.abc import Callable

from cpts.geo import build_territory, load
from cpts.geo.data import _load
from cpts.geo.search import SearchIndex

COLD = "import time; t = time.perf_counter(); from cpts.geo import load; load(); print(time.perf_counter() - t)"


def best(statement: Callable[[], object], number: int = 1, repeat: int = 5) -> float:
    return min(timeit.repeat(statement, number=number, repeat=repeat)) / number


def main() -> None:
    cold = min(float(subprocess.check_output([sys.executable, "-c", COLD], text=True)) for _ in range(3))
    print(f"chargement à froid (import compris)   : {cold * 1000:7.1f} ms")

    def warm() -> None:
        _load.cache_clear()
        load()

    print(f"chargement (lecture + objets)         : {best(warm) * 1000:7.1f} ms")
    data = load()
    index = best(lambda: SearchIndex(data.places()))
    print(f"index de recherche (premier search)   : {index * 1000:7.1f} ms")
    data.search("x")
    for text in ("saint", "saint-étienne", "75056"):
        duration = best(lambda text=text: data.search(text), 100)
        print(f"recherche « {text} »".ljust(38) + f": {duration * 1000:7.2f} ms")

    communes = [place.code for place in data.places() if place.kind == "commune"][:300]
    territory = build_territory(communes=communes, data=data)
    duration = best(lambda: build_territory(communes=communes, data=data), 20)
    print(f"territoire de {len(territory.communes)} communes ({territory.population} hab.) : {duration * 1000:7.2f} ms")
    metropolis = best(lambda: build_territory(epci=["200054781"], communes=["75101"], data=data), 20)
    print(f"Métropole du Grand Paris + 75101      : {metropolis * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
