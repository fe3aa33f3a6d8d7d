"""Benchmark of the web pages with 1 000 CPTS loaded (docs/web.md).

Loads 1 000 CPTS with signed contracts (and started missions) over 50
departments into a fresh database (a temporary SQLite file, or PostgreSQL when
DATABASE_URL is set: use an empty database), orders what is due today, then
times, through Django's test client (server time, no network): the home pages
of a CPAM agent (its 20 CPTS: « À traiter », payments due and overdue,
deadlines), of an ARS agent (its region) and of a CPTS, the contract page
(schedule with explanations and ledger), the CPAM's payments desk (preview of
today's run, orders to pay) and the CNAM's national home. The first request
of a page computes its schedules; the figures are over repeated requests (the
schedule cache is warm, as in production), the cold first request printed
apart. The number of SQL queries of one request is printed with half of the
CPTS loaded and with all of them: it must not change. Goal: p95 under 150 ms.
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

CPTS = int(os.environ.get("BENCH_CPTS", "1000"))
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


def load(count: int, first: int = 0) -> None:
    """Bulk-create CPTS numbered from `first`, their organisations, signed contracts and started missions."""
    from cpts.communities.models import Community
    from cpts.contracts.models import Contract, Mission
    from cpts.core.models import Organisation
    from cpts.core.organisations import ars_for, cpam_for
    from cpts.core.regions import region_of

    cpams = {d: cpam_for(d) for d in DEPARTMENTS}
    arss = {d: ars_for(region_of(d)) for d in DEPARTMENTS}
    organisations = Organisation.objects.bulk_create(
        [Organisation(kind="cpts", name=f"CPTS synthétique {i:04d}") for i in range(first, first + count)]
    )
    communities = Community.objects.bulk_create(
        [
            Community(
                organisation=o,
                name=o.name,
                rna=f"W{first + i:09d}",
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


def report(name: str, get: Callable[[], int], half: int) -> bool:
    """Time `get` cold, then REPEAT times warm; print the figures, the queries with half and all of the CPTS
    loaded, and whether the goals are met (p95, and a query count that does not grow with the CPTS)."""
    cold = timed(get)
    times = sorted(timed(get) for _ in range(REPEAT))
    p95 = times[int(0.95 * (len(times) - 1))]
    count = queries(get)
    ok = p95 < GOAL_MS and count == half
    print(
        f"{name:<34} première requête {cold:7.1f} ms ; médiane {statistics.median(times):6.1f} ms ; "
        f"p95 {p95:6.1f} ms ({'objectif atteint' if p95 < GOAL_MS else 'OBJECTIF MANQUÉ'} : < {GOAL_MS:.0f} ms) ; "
        f"requêtes SQL {half} puis {count} ({'stable' if count == half else 'CROISSANT'})"
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


def pages() -> dict[str, Callable[[], int]]:
    """The pages timed, each as one request of its user."""
    from cpts.contracts.models import Contract
    from cpts.core.organisations import ars_for, cnam, cpam_for, ensure_user
    from cpts.core.regions import region_of

    cpam, ars, national = cpam_for(DEPARTMENTS[0]), ars_for(region_of(DEPARTMENTS[0])), cnam()
    contract = Contract.objects.filter(cpam=cpam).select_related("community__organisation").order_by("pk").first()
    assert contract is not None
    organisation = contract.community.organisation
    agent = client_for(ensure_user("bench-cpam", "Essai-mot-de-passe-1", cpam), cpam)
    ars_agent = client_for(ensure_user("bench-ars", "Essai-mot-de-passe-1", ars), ars)
    coordinator = client_for(ensure_user("bench-cpts", "Essai-mot-de-passe-1", organisation), organisation)
    cnam_agent = client_for(ensure_user("bench-cnam", "Essai-mot-de-passe-1", national), national)
    return {
        "accueil d'un agent de CPAM": lambda: agent.get("/").status_code,
        "accueil d'un agent d'ARS": lambda: ars_agent.get("/").status_code,
        "accueil d'une CPTS": lambda: coordinator.get("/").status_code,
        "page d'un contrat (échéancier)": lambda: agent.get(f"/contrats/{contract.pk}/").status_code,
        "guichet des paiements de la CPAM": lambda: agent.get("/paiements/").status_code,
        "accueil de la CNAM (toutes les CPTS)": lambda: cnam_agent.get("/").status_code,
    }


def order_today() -> None:
    """The orders of what is due today, so that the desk and the homes show orders to pay."""
    from django.utils import timezone

    from cpts.core.actors import Actor
    from cpts.payments.runs import run_payments

    run_payments(Actor.command("benchmarks/pages.py"), timezone.localdate())


def main() -> int:
    setup()
    start = time.perf_counter()
    load(CPTS // 2)
    order_today()
    half = {name: (get(), queries(get))[1] for name, get in pages().items()}  # warm, as the timed requests
    load(CPTS - CPTS // 2, first=CPTS // 2)
    order_today()
    print(f"{CPTS} CPTS chargées en {time.perf_counter() - start:.1f} s ({os.environ.get('DATABASE_URL') or 'SQLite'})")
    ok = True
    for name, get in pages().items():
        ok = report(name, get, half[name]) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
