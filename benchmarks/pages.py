"""Benchmark of the web pages with 1 000 CPTS loaded (issue 5, "Must show").

Loads 1 000 CPTS with signed contracts (and started missions) over 50
departments into a fresh database (a temporary SQLite file, or PostgreSQL when
DATABASE_URL is set: use an empty database), then times, through Django's test
client (server time, no network), the home page of a CPAM agent (its 20 CPTS:
stages, payments due in 60 days and overdue, deadlines) and the contract page
(schedule with explanations and ledger), and the CNAM's national home (the
stage of all 1 000 CPTS). The first request of a contract computes its
schedule; the figures below are over repeated requests (the schedule cache is
warm, as in production), and the cold first request is printed apart, with the
number of SQL queries of one request. Goal: p95 under 150 ms.
Run: .venv/bin/python benchmarks/pages.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

CPTS = 1000
DEPARTMENTS = [f"{n:02d}" for n in range(1, 51) if n != 20]  # 49 departments of mainland France (no "20")
REPEAT = 40
GOAL_MS = 150.0


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["CPTS_VAR_DIR"] = tempfile.mkdtemp(prefix="cpts-bench-pages-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def load(count: int) -> None:
    """Bulk-create CPTS, their organisations, signed contracts and started missions."""
    from cpts.communities.models import Community
    from cpts.contracts.models import Contract, Mission
    from cpts.core.models import Organisation
    from cpts.core.organisations import ars_for, cpam_for
    from cpts.core.regions import region_of

    cpams = {d: cpam_for(d) for d in DEPARTMENTS}
    arss = {d: ars_for(region_of(d)) for d in DEPARTMENTS}
    organisations = Organisation.objects.bulk_create(
        [Organisation(kind="cpts", name=f"CPTS synthétique {i:04d}") for i in range(count)]
    )
    communities = Community.objects.bulk_create(
        [
            Community(
                organisation=o,
                name=o.name,
                rna=f"W{i:09d}",
                address="1 rue de la Santé",
                department=DEPARTMENTS[i % len(DEPARTMENTS)],
                region=region_of(DEPARTMENTS[i % len(DEPARTMENTS)]),
            )
            for i, o in enumerate(organisations)
        ]
    )
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                community=c,
                cpam=cpams[c.department],
                ars=arss[c.department],
                signed_on=dt.date(2022, 10, 1) + dt.timedelta(days=7 * (i % 100)),
                size=1 + i % 4,
            )
            for i, c in enumerate(communities)
        ]
    )
    Mission.objects.bulk_create(
        [
            Mission(contract=c, key=key, started_on=c.signed_on + dt.timedelta(days=60))  # type: ignore[operator]
            for c in contracts
            for key in ("access", "pathways", "prevention", "crisis")
        ]
    )


def timed(get: Callable[[], int]) -> float:
    start = time.perf_counter()
    status = get()
    elapsed = (time.perf_counter() - start) * 1000
    assert status == 200, status
    return elapsed


def queries(get: Callable[[], int]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get()
    return len(captured)


def report(name: str, get: Callable[[], int]) -> bool:
    """Time `get` cold, then REPEAT times warm; print the figures and whether the goal is met."""
    cold = timed(get)
    times = sorted(timed(get) for _ in range(REPEAT))
    p95 = times[int(0.95 * (len(times) - 1))]
    ok = p95 < GOAL_MS
    print(
        f"{name:<34} première requête {cold:7.1f} ms ; médiane {statistics.median(times):6.1f} ms ; "
        f"p95 {p95:6.1f} ms ({'objectif atteint' if ok else 'OBJECTIF MANQUÉ'} : < {GOAL_MS:.0f} ms) ; "
        f"{queries(get)} requêtes SQL"
    )
    return ok


def client_for(user: Any, organisation: Any) -> Any:
    from django.test import Client

    from cpts.core.current import SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return client


def main() -> int:
    setup()
    from cpts.contracts.models import Contract
    from cpts.core.organisations import cnam, cpam_for, ensure_user

    start = time.perf_counter()
    load(CPTS)
    print(f"{CPTS} CPTS chargées en {time.perf_counter() - start:.1f} s ({os.environ.get('DATABASE_URL') or 'SQLite'})")
    cpam, national = cpam_for(DEPARTMENTS[0]), cnam()
    agent = client_for(ensure_user("bench-cpam", "Essai-mot-de-passe-1", cpam), cpam)
    cnam_agent = client_for(ensure_user("bench-cnam", "Essai-mot-de-passe-1", national), national)
    contract = Contract.objects.filter(cpam=cpam).order_by("pk").last()
    assert contract is not None
    ok = report("accueil d'un agent de CPAM", lambda: agent.get("/").status_code)
    ok = report("page d'un contrat (échéancier)", lambda: agent.get(f"/contrats/{contract.pk}/").status_code) and ok
    ok = report("accueil de la CNAM (1 000 CPTS)", lambda: cnam_agent.get("/").status_code) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
