"""Benchmark of the payment schedule (docs/interpretations.md, « Échéancier »).

Prints, for one contract (docs/examples/worked-example.yaml) and for 10 000
generated contracts (every mission, amendments, terminations, crises; a fixed
seed, `cpts.accord.samples`), each computed from scratch, two figures:
- the schedule: every payment with its amount, its explanation held as a
  recipe (built on first read, `Payment.explanation`);
- the schedule with every explanation built (what `cpts schedule --json`
  or a page showing every explanation pays).
There is no cache of schedules, only of pure look-ups shared between contracts
(annual amounts per terms, formatting). Times are the CPU time of this process
(`time.process_time`), so that other programs running on the machine do not
count; median of several runs. Goal: under 200 µs per contract.
Run: .venv/bin/python benchmarks/schedule.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from cpts.accord.contract import ContractDescription
from cpts.accord.contract_file import load_contract
from cpts.accord.samples import generated
from cpts.accord.schedule import compute_schedule

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "worked-example.yaml"


def schedule_only(contract: ContractDescription) -> int:
    return len(compute_schedule(contract).payments)


def with_explanations(contract: ContractDescription) -> int:
    payments = compute_schedule(contract).payments
    return len([payment.explanation for payment in payments])


def per_contract(
    build: Callable[[ContractDescription], int], contracts: list[ContractDescription], repeat: int
) -> float:
    """Median CPU time in µs of building every schedule of `contracts`, per contract."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        for contract in contracts:
            build(contract)
        samples.append(time.process_time() - start)
    return statistics.median(samples) / len(contracts) * 1e6


def main() -> None:
    example = load_contract(EXAMPLE)
    payments = with_explanations(example)  # loads the parameter files once
    one = [per_contract(build, [example] * 200, 15) for build in (schedule_only, with_explanations)]
    print(
        f"1 contrat (exemple travaillé, {payments} versements) : échéancier médiane {one[0]:.0f} µs ; "
        f"avec les {payments} explications construites : médiane {one[1]:.0f} µs"
    )
    contracts = generated(10_000)
    total = sum(schedule_only(contract) for contract in contracts)
    many = [per_contract(build, contracts, 3) for build in (schedule_only, with_explanations)]
    print(
        f"10 000 contrats générés ({total} versements) : échéancier {many[0]:.0f} µs par contrat ; "
        f"avec toutes les explications construites : {many[1]:.0f} µs par contrat "
        "(objectif : < 200 µs ; temps CPU, médianes)"
    )


if __name__ == "__main__":
    main()
