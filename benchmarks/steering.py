"""Benchmark of the national steering figures on PostgreSQL (docs/steering.md).

Creates its own database (dropped at the end), loads N CPTS with signed contracts through
`benchmarks/app.py` (1 000 by default), writes their stored schedules (`cpts steering
refresh`), builds five years of ledger (a national payment run at the end of each year
2021 to 2025), then prints, each beside its goal, the p95 server time of the steering
page and of `GET /api/steering` as the CNAM (through Django's request handler), and the time
of the national budget projection over five years (`cpts.steering.forecast`, database reads
included): deterministic, and with 1 000 stochastic draws (docs/steering.md, « Projection »).
Goals: page and API p95 under 300 ms; deterministic projection under 1 s; 1 000 draws under 10 s.
Run: .venv/bin/python benchmarks/steering.py [--cpts 1000] [--requests 20] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

import app  # benchmarks/app.py: database, Django and bulk loading

ON = dt.date(2025, 12, 31)
YEARS = range(2021, 2026)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[int(0.95 * (len(ordered) - 1))] * 1000


def server_times(url: str, requests: int) -> list[float]:
    from django.contrib.auth.models import User
    from django.test import Client

    from cpts.core.current import SESSION_KEY
    from cpts.core.organisations import cnam

    user, _ = User.objects.get_or_create(username="bench-steering")
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = cnam().pk
    session.save()
    from cpts.core.models import Membership

    Membership.objects.get_or_create(user=user, organisation=cnam())
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content[:300]
    return samples


def projection_times(runs: int, draws: int) -> list[float]:
    """Wall time of the CNAM's projection over five years from 2026 (database reads and pure computation)."""
    from cpts.core.organisations import cnam
    from cpts.steering.forecast import forecast
    from cpts.steering.projection import Scenario
    from cpts.steering.scope import Filters

    scenario = Scenario(ON.year + 1, 5, "observed", draws=draws, seed=1)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = forecast(cnam(), Filters(on=ON), scenario)
        samples.append(time.perf_counter() - start)
        assert not draws or "median" in result["years"][0], "aucun taux validé : pas de tirage"
    return samples


def line(label: str, value: float, unit: str, goal: str) -> None:
    print(f"{label:<52} {value:9.1f} {unit:<3} (objectif : {goal})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpts", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5, help="projections mesurées (la plus lente est retenue)")
    args = parser.parse_args()
    app.NAME = "cpts_bench_steering"
    app.recreate_database()
    try:
        app.setup_django()
        from cpts.core.actors import Actor
        from cpts.payments.runs import run_payments
        from cpts.steering.store import refresh_all

        start = time.perf_counter()
        ids = app.load(args.cpts)
        line(f"Chargement de {len(ids)} CPTS avec contrats", time.perf_counter() - start, "s", "—")
        start = time.perf_counter()
        refresh_all()
        line("Échéanciers enregistrés (cpts steering refresh)", time.perf_counter() - start, "s", "—")
        start = time.perf_counter()
        for year in YEARS:
            run_payments(Actor.command("benchmarks/steering.py"), dt.date(year, 12, 31))
        line("Grand livre : cinq campagnes annuelles", time.perf_counter() - start, "s", "—")
        from django.db import connection

        with connection.cursor() as cursor:  # statistics, as autovacuum keeps them on a served database
            cursor.execute("ANALYZE")
        page = p95(server_times(f"/pilotage/?on={ON}", args.requests))
        line("Page « Pilotage » (CNAM) : 95e centile", page, "ms", "< 300 ms")
        api = p95(server_times(f"/api/steering?on={ON}", args.requests))
        line("GET /api/steering (CNAM) : 95e centile", api, "ms", "< 300 ms")
        deterministic = max(projection_times(args.runs, 0))
        line("Projection sur 5 ans, déterministe (la plus lente)", deterministic, "s", "< 1 s")
        drawn = max(projection_times(max(1, args.runs // 2), 1000))
        line("Projection sur 5 ans, 1 000 tirages (la plus lente)", drawn, "s", "< 10 s")
        met = page < 300 and api < 300 and deterministic < 1 and drawn < 10
        print("Objectifs :", "atteints" if met else "NON atteints")
    finally:
        app.drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
