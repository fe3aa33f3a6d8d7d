"""Load test: gunicorn on PostgreSQL with 1 000 generated CPTS, driven by locust (headless, as a library).

Run by hand, never as a test (docs/production.md, « Charge »):

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/load.py [--cpts 1000] [--workers 4]

It creates its own database (cpts_load, dropped at the end), runs `cpts migrate`, `cpts generate`,
`cpts payments run`, prepares one CPAM agent per department (a login for the pages, an API token),
then serves the application with gunicorn on 127.0.0.1 only and sends a mix of requests: home
pages, contract pages, schedule and ledger API calls, and now and then a payment recorded
through the API. Two figures:

1. 50 users each waiting 1 to 3 s between requests for 120 s (goals: 0 errors, p95 < 300 ms);
2. the same mix with no wait (saturation): requests per second and p95.

The client runs on the same machine as the server: on a small or shared machine both compete
for the processors, and the figures say so.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()  # locust's requirement, before anything opens a socket

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, ClassVar  # noqa: E402

import gevent  # noqa: E402
import psycopg  # noqa: E402
from locust import HttpUser, between, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
NAME = "cpts_load"
HOST, PORT = "127.0.0.1", 8103
PASSWORD = "Charge-mot-de-passe-2026"
AGENTS = 20  # CPAM agents (one department each) the simulated users share
BIN = Path(sys.executable).parent


def environment(var_dir: str) -> dict[str, str]:
    """The server's settings: DEBUG off as in production, plain HTTP on the loopback interface."""
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{NAME}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-test-only-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "CPTS_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "cpts.web.settings",
    }


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
        if not drop_only:
            connection.execute(f"CREATE DATABASE {NAME}")


def prepare(count: int, env: dict[str, str]) -> dict[str, Any]:
    """Database, 1 000 CPTS, the payment orders due today, and the agents; returns what the users need."""
    cpts = str(BIN / "cpts")
    for command in (["migrate"], ["generate", "--cpts", str(count)], ["payments", "run", "--on", str(dt.date.today())]):
        started = time.perf_counter()
        subprocess.run([cpts, *command], env=env, check=True, capture_output=True)
        print(f"cpts {' '.join(command):<40} {time.perf_counter() - started:6.1f} s")
    os.environ.update(env)
    import django

    django.setup()
    from cpts.api.models import ApiToken
    from cpts.contracts.models import Contract
    from cpts.core.models import Organisation
    from cpts.core.organisations import ensure_user
    from cpts.payments.models import LedgerEntry

    agents = []
    for cpam in Organisation.objects.filter(kind="cpam").order_by("department")[:AGENTS]:
        user = ensure_user(f"agent.{cpam.department}", PASSWORD, cpam)
        contracts = list(Contract.objects.filter(cpam=cpam).exclude(signed_on=None).values_list("pk", flat=True))
        orders = list(
            LedgerEntry.objects.filter(contract__cpam=cpam, entry="order", reverses=None).values_list("pk", flat=True)
        )
        agents.append(
            {
                "username": user.username,
                "token": ApiToken.issue(user, cpam, "charge")[1],
                "contracts": contracts,
                "orders": orders,
            }
        )
    return {"agents": [agent for agent in agents if agent["contracts"]]}


class Agent(HttpUser):
    """A CPAM agent: pages through a session, API calls through a token, a payment now and then."""

    agents: ClassVar[list[dict[str, Any]]] = []
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.me = random.choice(self.agents)
        self.api = {"Authorization": f"Bearer {self.me['token']}"}
        self.client.get("/connexion/", name="/connexion/")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/connexion/", {"username": self.me["username"], "password": PASSWORD, "csrfmiddlewaretoken": token}
        )

    def contract(self) -> int:
        return int(random.choice(self.me["contracts"]))

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/ (accueil)")

    @task(3)
    def contract_page(self) -> None:
        self.client.get(f"/contrats/{self.contract()}/", name="/contrats/[id]/")

    @task(2)
    def schedule(self) -> None:
        self.client.get(f"/api/contracts/{self.contract()}/schedule", headers=self.api, name="API échéancier")

    @task(2)
    def ledger(self) -> None:
        self.client.get(f"/api/contracts/{self.contract()}/ledger", headers=self.api, name="API grand livre")

    @task(1)
    def payment(self) -> None:
        if not self.me["orders"]:
            return
        order = self.me["orders"].pop()  # each order is paid once (the users share the lists)
        body = {"paid_on": str(dt.date.today()), "reference": f"VIR-CHARGE-{order}"}
        self.client.post(f"/api/ledger/{order}/payments", json=body, headers=self.api, name="API paiement")


def report(label: str, env: Environment, seconds: int) -> tuple[float, float, int]:
    """Print the figures gathered since the last reset; returns (requests per second, p95 in ms, errors)."""
    total = env.stats.total
    p95 = total.get_response_time_percentile(0.95) or 0.0
    rps = total.num_requests / seconds
    print(f"\n{label}")
    for name, entry in sorted(env.stats.entries.items()):
        print(
            f"  {name[0]:<24} {entry.num_requests:6d} requêtes  {entry.num_failures:4d} erreurs  "
            f"médiane {entry.median_response_time:6.0f} ms  p95 {entry.get_response_time_percentile(0.95):6.0f} ms"
        )
    print(f"  total : {total.num_requests} requêtes, {total.num_failures} erreurs, {rps:.1f} req/s, p95 {p95:.0f} ms")
    for error in env.stats.errors.values():
        print(f"  erreur : {error.method} {error.name} : {error.error} ({error.occurrences} fois)")
    return rps, p95, total.num_failures


def measure(args: argparse.Namespace) -> None:
    """The same users, logged in once: a warm-up (logins, not measured), then the two measurements."""
    Agent.wait_time = between(1, 3)
    env = Environment(user_classes=[Agent], host=f"http://{HOST}:{PORT}")
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    gevent.sleep(args.warmup)
    env.stats.reset_all()
    gevent.sleep(args.seconds)
    _, p95, errors = report(f"1. Temps de réflexion de 1 à 3 s, {args.seconds} s", env, args.seconds)
    print("  objectifs (0 erreur, p95 < 300 ms) :", "atteints" if errors == 0 and p95 < 300 else "NON atteints")
    Agent.wait_time = constant(0)
    env.stats.reset_all()
    gevent.sleep(args.saturation_seconds)
    rps, p95, _ = report(f"2. Sans temps de réflexion, {args.saturation_seconds} s", env, args.saturation_seconds)
    print(f"  débit de saturation : {rps:.1f} requêtes/s, p95 {p95:.0f} ms")
    runner.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpts", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4, help="processus gunicorn")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120, help="durée de la mesure avec temps de réflexion")
    parser.add_argument("--saturation-seconds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=20, help="secondes de connexion des utilisateurs, non mesurées")
    args = parser.parse_args()
    recreate_database()
    server = None
    try:
        with tempfile.TemporaryDirectory() as var_dir:
            env = environment(var_dir)
            Agent.agents = prepare(args.cpts, env)["agents"]
            server = subprocess.Popen(
                [
                    BIN / "gunicorn",
                    "cpts.web.wsgi",
                    "--bind",
                    f"{HOST}:{PORT}",
                    "--workers",
                    str(args.workers),
                    "--log-level",
                    "warning",
                ],
                env=env,
            )
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://{HOST}:{PORT}/sante/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.3)
            print(f"\ngunicorn, {args.workers} processus, {os.cpu_count()} cœurs ; {args.users} utilisateurs")
            measure(args)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        recreate_database(drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
