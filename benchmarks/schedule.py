"""Benchmark of the payment schedule (issue 3).

Prints the median time of a full 5-year schedule with explanations for one
contract (docs/examples/worked-example.yaml), and the time for 10 000 generated
contracts (every mission, amendments, terminations, crises; a fixed seed), each
computed from scratch — there is no cache of schedules, only of the pure
per-terms look-ups and formatting. Goal: under 200 µs per contract.
Run: .venv/bin/python benchmarks/schedule.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from cpts.accord.contract_file import load_contract
from cpts.accord.samples import generated
from cpts.accord.schedule import compute_schedule

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "worked-example.yaml"


def main() -> None:
    contract = load_contract(EXAMPLE)
    compute_schedule(contract)  # loads the parameter files once
    samples = []
    for _ in range(15):
        start = time.perf_counter()
        for _ in range(200):
            compute_schedule(contract)
        samples.append((time.perf_counter() - start) / 200)
    payments = len(compute_schedule(contract).payments)
    print(
        f"1 contrat (exemple travaillé, {payments} versements, explications comprises) : "
        f"médiane {statistics.median(samples) * 1e6:.0f} µs"
    )

    contracts = generated(10_000)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        total = sum(len(compute_schedule(item).payments) for item in contracts)
        runs.append(time.perf_counter() - start)
    elapsed = statistics.median(runs)
    print(
        f"10 000 contrats générés ({total} versements) : médiane {elapsed:.2f} s, "
        f"soit {elapsed / len(contracts) * 1e6:.0f} µs par contrat (objectif : < 200 µs)"
    )


if __name__ == "__main__":
    main()
