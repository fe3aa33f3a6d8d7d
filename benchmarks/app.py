"""Benchmark of the application on PostgreSQL (docs/architecture.md).

Creates its own database (cpts_bench, dropped at the end), loads 1 000 CPTS with
signed contracts (bulk inserts: one CPAM per department, one ARS per region,
contracts signed from 2019 to 2024, started and deployed missions, validated
attainment rates, a few amendments and terminations), then prints:
- the time of a national payment run for one date, and of a rerun (nothing new),
  with the schedule cache cold (a fresh process) and warm;
- the median and 95th-percentile server time of GET /api/contracts/{id}/schedule
  (with explanations, through Django's request handler, schedule cache cold).
Goals: payment run under 5 s, p95 under 100 ms.
Run: .venv/bin/python benchmarks/app.py [--cpts 1000] [--requests 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import psycopg

SERVER = "postgres://postgres@127.0.0.1:5432"
NAME = "cpts_bench"
RUN_ON = dt.date(2025, 6, 30)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def recreate_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {NAME}")


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def load(count: int, seed: int = 4) -> list[int]:
    """Bulk-insert `count` CPTS with signed contracts; returns the contract ids."""
    from cpts.communities.models import Community
    from cpts.contracts.models import Amendment, Attainment, Contract, Mission, Termination
    from cpts.core.models import Organisation
    from cpts.core.regions import region_of

    rng = random.Random(seed)
    departments = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
    regions = {department: region_of(department) for department in departments}
    cpams = {d: Organisation(kind="cpam", name=f"CPAM {d}", department=d) for d in departments}
    arss = {r: Organisation(kind="ars", name=f"ARS {r}", region=r) for r in set(regions.values())}
    Organisation.objects.bulk_create([*cpams.values(), *arss.values()])
    cpts_orgs = Organisation.objects.bulk_create([Organisation(kind="cpts", name=f"CPTS n° {i}") for i in range(count)])
    communities = []
    for i, organisation in enumerate(cpts_orgs):
        department = departments[i % len(departments)]
        communities.append(
            Community(
                organisation=organisation,
                name=organisation.name,
                rna=f"W{i:09d}",
                address="1 place de la Mairie",
                department=department,
                region=regions[department],
            )
        )
    Community.objects.bulk_create(communities)
    contracts = []
    for community in communities:
        signed_on = dt.date(2019, 9, 1) + dt.timedelta(days=rng.randrange(0, 5 * 365))
        contracts.append(
            Contract(
                community=community,
                cpam=cpams[community.department],
                ars=arss[community.region],
                signed_on=signed_on,
                size=rng.randint(1, 4),
                members_at_signature=rng.randint(20, 150),
                sas_from=signed_on if rng.random() < 0.5 else None,
                orientation_service=rng.random() < 0.3,
                avenant_2_on=dt.date(2022, 10, 1) if signed_on < dt.date(2022, 9, 3) else None,
            )
        )
    Contract.objects.bulk_create(contracts)
    missions, attainments, amendments, terminations = [], [], [], []
    for contract in contracts:
        signed_on = contract.signed_on
        assert signed_on is not None
        for key in ("access", "pathways", "prevention", "crisis"):
            started = signed_on + dt.timedelta(days=rng.randrange(30, 400))
            deployed = started + dt.timedelta(days=rng.randrange(200, 700)) if rng.random() < 0.7 else None
            missions.append(Mission(contract=contract, key=key, started_on=started, deployed_on=deployed))
            for year in range(1, 4):
                if signed_on + dt.timedelta(days=366 * year) < RUN_ON and rng.random() < 0.8:
                    attainments.append(
                        Attainment(
                            contract=contract,
                            contract_year=year,
                            mission=key,
                            rate=Decimal(rng.randint(40, 100)) / 100,
                            validated_on=RUN_ON,
                            validated_by_name="bench",
                        )
                    )
        if rng.random() < 0.1:
            amendments.append(Amendment(contract=contract, signed_on=signed_on + dt.timedelta(days=500), size=4))
        if rng.random() < 0.03:
            terminations.append(
                Termination(contract=contract, notified_on=signed_on + dt.timedelta(days=800), initiator="cpts")
            )
    Mission.objects.bulk_create(missions)
    Attainment.objects.bulk_create(attainments)
    Amendment.objects.bulk_create(amendments)
    Termination.objects.bulk_create(terminations)
    return [contract.pk for contract in contracts]


def timed_run(label: str) -> float:
    from cpts.core.actors import Actor
    from cpts.payments.runs import run_payments

    start = time.perf_counter()
    summary = run_payments(Actor.command("benchmarks/app.py"), RUN_ON)
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed:7.2f} s  ({summary.orders} ordres, {summary.contracts} contrats)")
    return elapsed


def api_times(contract_ids: list[int], requests: int) -> list[float]:
    from django.contrib.auth.models import User
    from django.test import Client

    from cpts.api.models import ApiToken
    from cpts.core.models import Membership, Organisation

    cnam = Organisation.objects.create(kind="cnam", name="CNAM")
    user = User.objects.create_user("bench")
    Membership.objects.create(user=user, organisation=cnam)
    client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, cnam, 'bench')[1]}"})
    samples = []
    for contract_id in random.Random(1).sample(contract_ids, min(requests, len(contract_ids))):
        start = time.perf_counter()
        response = client.get(f"/api/contracts/{contract_id}/schedule")
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content[:300]
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpts", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    recreate_database()
    try:
        setup_django()
        from cpts.payments.schedules import clear_cache

        start = time.perf_counter()
        ids = load(args.cpts)
        print(f"{'Chargement de ' + str(len(ids)) + ' CPTS avec contrats':<48} {time.perf_counter() - start:7.2f} s")
        run = timed_run(f"Campagne nationale au {RUN_ON:%d/%m/%Y}")
        clear_cache()
        rerun = timed_run("Relance (rien de nouveau), cache froid")
        timed_run("Relance (rien de nouveau), cache chaud")
        clear_cache()
        samples = sorted(api_times(ids, args.requests))
        median = statistics.median(samples) * 1000
        p95 = samples[int(0.95 * (len(samples) - 1))] * 1000
        print(f"{'API échéancier expliqué : médiane':<48} {median:7.1f} ms")
        print(f"{'API échéancier expliqué : 95e centile':<48} {p95:7.1f} ms  ({len(samples)} requêtes)")
        goals = run < 5 and rerun < 5 and p95 < 100
        print("Objectifs (campagne < 5 s, p95 < 100 ms) :", "atteints" if goals else "NON atteints")
    finally:
        drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
