"""Benchmark of the envelope computations (docs/interpretations.md).

Prints the median time of one envelope computation with its explanation, of the
full annual table of a CPTS with explanations, and of 1 000 000 envelope
look-ups in a batch. Goals: < 20 µs per single computation, < 0.1 s per million.
Run: .venv/bin/python benchmarks/envelopes.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

import numpy as np

from cpts.accord.envelopes import Terms, annual_envelopes, envelope, envelope_cents_batch

ON = dt.date(2023, 1, 1)


def median_seconds(action: Callable[[], object], repeat: int, number: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            action()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def main() -> None:
    terms = Terms(4, ON, avenant_2=True, sas=True, members=120)
    single = median_seconds(lambda: envelope(terms, "access", "fixed"), repeat=15, number=2000)
    table = median_seconds(lambda: annual_envelopes(Terms(3, ON, True, True), dt.date(2022, 9, 10)), 15, 300)
    sizes = np.random.default_rng(2019).integers(1, 5, size=1_000_000)
    batch = median_seconds(lambda: envelope_cents_batch("access_sas_fixed", ON, sizes), repeat=7, number=3)
    print(f"one envelope with its explanation (median):     {single * 1e6:8.2f} µs   (goal < 20 µs)")
    print(f"annual table of one CPTS, 13 lines + one-off:   {table * 1e6:8.2f} µs")
    print(f"1 000 000 envelope look-ups in a batch (median): {batch:8.4f} s    (goal < 0.1 s)")


if __name__ == "__main__":
    main()
