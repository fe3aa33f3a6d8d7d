"""The agent home and the contract page read the database a bounded number of times (docs/web.md: pages stay
fast with 1 000 CPTS; benchmarks/pages.py times them).

A behaviour test, not a timing test: the home reads each table once for all the CPTS of the territory
(`describe_many`, `stages`), so its query count does not grow with the number of CPTS; the contract page
reads a fixed number of rows whatever its history. The bounds are today's counts plus a small margin:
a change that adds a query per CPTS or per line fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from app.conftest import COMMAND, signed_community
from cpts.contracts import services as ks
from cpts.core.actors import Actor
from cpts.payments.runs import run_payments

from .conftest import World

D = dt.date
# 26 today: 21 before the « À traiter » lists and the dossier reads, 25 before the yearly lists of members (47 before
# describe_many)
HOME_MAX_QUERIES = 27
# 26 today: 22 before the dossier (its row and updates, read by the schedule, shown), 25 before the lists of members
CONTRACT_MAX_QUERIES = 27


def busy_cpts(number: int) -> None:
    """One more signed CPTS of the Meuse whose contract has a row in every table `describe` reads."""
    community = signed_community(f"CPTS chargée n° {number}", "55", f"5520000{number}", communes=["55545"])
    contract = community.contracts.get()
    ks.start_mission(COMMAND, contract, "access", D(2023, 4, 1))
    ks.deploy_mission(COMMAND, contract, "access", D(2024, 3, 1))
    ks.amend(COMMAND, contract, D(2024, 1, 15), size=2)
    ks.set_attainment(COMMAND, contract, 1, "access", Decimal("0.8"), D(2024, 4, 1))
    if number % 2:
        ks.terminate(COMMAND, contract, D(2025, 2, 1), "cpts")


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warms per-process caches (parameters, the DSFR configuration) like any served page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_agent_home_reads_each_table_once_whatever_the_number_of_cpts(  # type: ignore[no-untyped-def]
    client_for, world: World, django_assert_max_num_queries
) -> None:
    client = client_for("cpam")
    alone = count(client, "/")
    for number in range(1, 4):
        busy_cpts(number)
    run_payments(Actor.command("tests"), D(2025, 6, 30))  # ledger rows for the overdue and due columns
    html = client.get("/").content.decode()
    assert all(f"CPTS chargée n° {number}" in html for number in range(1, 4))
    assert count(client, "/") == alone
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        client.get("/")


def test_contract_page_reads_a_bounded_number_of_rows(  # type: ignore[no-untyped-def]
    client_for, world: World, django_assert_max_num_queries
) -> None:
    contract = world.contract
    ks.start_mission(COMMAND, contract, "access", D(2023, 4, 1))
    ks.amend(COMMAND, contract, D(2024, 1, 15), size=2)
    ks.set_attainment(COMMAND, contract, 1, "access", Decimal("0.8"), D(2024, 4, 1))
    run_payments(Actor.command("tests"), D(2025, 6, 30))
    client = client_for("cpam")
    url = reverse("contract-detail", args=[contract.pk])
    client.get(url)
    with django_assert_max_num_queries(CONTRACT_MAX_QUERIES):
        assert client.get(url).status_code == 200


def test_national_home_counts_stages_in_a_fixed_number_of_queries(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cnam")
    alone = count(client, "/")
    for number in range(1, 3):
        busy_cpts(number)
    assert count(client, "/") == alone
