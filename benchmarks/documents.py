"""Benchmark of the PDF documents (docs/documents.md): time to build and render a contract and a payment notice.

Loads the demonstration data into a fresh temporary SQLite database, pays the size-4 demo contract's first
orders in one transfer, then times, for that contract (the longest territory) and that transfer, the whole
path of a download: reading the database, the engine's
schedule, the template and WeasyPrint's PDF/A-3u with tags. The first rendering (fonts loaded, caches
empty) is printed apart; the medians (wall clock and CPU time of the process, the latter being what the goal
is checked against on a machine shared with other work) are over repeated renderings.
Goals: contract under 1 s, payment notice under 300 ms.
Run: .venv/bin/python benchmarks/documents.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

REPEAT = 10


def setup() -> None:
    os.environ["CPTS_VAR_DIR"] = tempfile.mkdtemp(prefix="cpts-bench-documents-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from cpts.contracts.demo import load_demo

    load_demo(dt.date(2026, 11, 24))


def transfer(contract: Any) -> int:
    """The orders due by 31 January 2024 paid in one transfer; the id of one of its payments."""
    from cpts.core.actors import Actor
    from cpts.payments.entries import record_payment
    from cpts.payments.models import LedgerEntry
    from cpts.payments.runs import run_payments

    command = Actor.command("benchmarks/documents.py")
    run_payments(command, dt.date(2024, 1, 31))
    orders = LedgerEntry.objects.filter(contract=contract, entry="order", amount__gt=0)
    payments = [record_payment(command, order, dt.date(2024, 2, 5), "VIR-BENCH") for order in orders]
    return payments[0].pk


def timed(render: Callable[[], bytes]) -> tuple[float, list[float], list[float], int]:
    """Wall-clock and CPU times (the CPU time of this process: other work on a shared machine does not count)."""
    start = time.perf_counter()
    size = len(render())
    first = time.perf_counter() - start
    walls, cpus = [], []
    for _ in range(REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        render()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return first, walls, cpus, size


def report(name: str, goal_ms: float, render: Callable[[], bytes]) -> None:
    first, walls, cpus, size = timed(render)
    wall, cpu = statistics.median(walls) * 1000, statistics.median(cpus) * 1000
    verdict = "atteint" if cpu < goal_ms else "NON atteint"
    print(
        f"{name:<24} première {first * 1000:6.0f} ms | médiane : horloge {wall:6.0f} ms, CPU {cpu:6.0f} ms | "
        f"objectif < {goal_ms:.0f} ms (CPU) : {verdict} ({size} octets)"
    )


def main() -> None:
    setup()
    from cpts.contracts.models import Contract
    from cpts.documents.kinds import document_for
    from cpts.documents.render import render_pdf

    contract = Contract.objects.get(community__name="CPTS Troyes Champagne")
    payment = transfer(contract)

    def contract_pdf() -> bytes:
        return render_pdf(document_for("contract", contract.pk, None, everyone=True))

    def notice_pdf() -> bytes:
        return render_pdf(document_for("notice", payment, None, everyone=True))

    print(f"Documents PDF/A-3u balisés, {REPEAT} rendus après le premier (base SQLite de démonstration)")
    report("contrat (taille 4)", 1000, contract_pdf)
    report("avis de paiement", 300, notice_pdf)


if __name__ == "__main__":
    main()
