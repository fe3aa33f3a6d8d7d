"""Benchmark of the payment schedule (issue 3).

Prints the median time of a full 5-year schedule with explanations for one
contract (docs/examples/worked-example.yaml), and the time for 10 000 generated
contracts (every mission, amendments, terminations, crises; a fixed seed), each
computed from scratch — there is no cache of schedules, only of the pure
per-terms look-ups and formatting. Goal: under 200 µs per contract.
Run: .venv/bin/python benchmarks/schedule.py
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from pathlib import Path

from cpts.accord.contract import Amendment, ContractDescription, MissionDates, Termination
from cpts.accord.contract_file import load_contract
from cpts.accord.schedule import compute_schedule

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "worked-example.yaml"
MISSIONS = ("access", "pathways", "prevention", "crisis", "quality", "support")


def generated(count: int, seed: int = 3) -> list[ContractDescription]:
    rng = random.Random(seed)
    contracts = []
    for _ in range(count):
        signed_on = dt.date(2019, 9, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        day = lambda low=0, high=5 * 365, base=signed_on: base + dt.timedelta(days=rng.randrange(low, high))  # noqa: E731
        moved = day(0, 900) if signed_on < dt.date(2022, 9, 3) else signed_on
        moved = max(moved, dt.date(2022, 9, 3))
        amendments = (Amendment(moved, avenant_2=True),) if signed_on < dt.date(2022, 9, 3) else ()
        if rng.random() < 0.3:
            amendments += (Amendment(day(), size=rng.randint(1, 4), members=rng.randrange(150)),)
        missions = {
            mission: MissionDates(started_on=day(0, 700, moved if mission == "crisis" else signed_on))
            for mission in MISSIONS
            if rng.random() < 0.85
        }
        attainment = {
            (year, mission): Decimal(rng.randrange(101)) / 100
            for year in range(1, 6)
            for mission in missions
            if mission != "crisis" and rng.random() < 0.7
        }
        termination = Termination(day(), "cpts") if rng.random() < 0.2 else None
        contracts.append(
            ContractDescription(
                signed_on=signed_on,
                size=rng.randint(1, 4),
                sas_from=day(-400, 1500) if rng.random() < 0.7 else None,
                orientation_service=rng.random() < 0.3,
                members=rng.randrange(150),
                missions=missions,
                crisis_plan_drafted_on=day(0, 900, moved),
                attainment=attainment,
                crises=tuple(day() for _ in range(rng.randrange(3))),
                amendments=amendments,
                termination=termination,
                covid_2021_actions=rng.random() < 0.5,
            )
        )
    return contracts


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
    print(f"1 contrat (exemple travaillé, {payments} versements, explications comprises) : "
          f"médiane {statistics.median(samples) * 1e6:.0f} µs")

    contracts = generated(10_000)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        total = sum(len(compute_schedule(item).payments) for item in contracts)
        runs.append(time.perf_counter() - start)
    elapsed = statistics.median(runs)
    print(f"10 000 contrats générés ({total} versements) : médiane {elapsed:.2f} s, "
          f"soit {elapsed / len(contracts) * 1e6:.0f} µs par contrat (objectif : < 200 µs)")


if __name__ == "__main__":
    main()
