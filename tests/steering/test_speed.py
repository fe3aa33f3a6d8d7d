"""The steering figures summed by the database equal the line-by-line statement, and the page and the API read
the database a fixed number of times whatever the number of CPTS (docs/steering.md, « Vitesse »).

The reference below states every stored line with `cpts.payments.balances.statement`, as the contract page does;
`cpts.steering.sums` must give the same sums, measure by measure, for every grouping and both bases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.steering.conftest import TODAY, signed_cpts
from tests.steering.test_cli_api import client_of

from cpts.accord.money import ZERO
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.organisations import cnam
from cpts.core.withholding import withheld_years
from cpts.payments.balances import statement
from cpts.payments.ledger import booked_for
from cpts.payments.runs import run_payments
from cpts.steering.figures import DIMENSIONS, MEASURES, money
from cpts.steering.models import ScheduleLine
from cpts.steering.scope import Filters
from cpts.steering.tables import PAGE_ROWS

Sums = dict[str | None, dict[tuple[Any, Any], list[Decimal]]]


def line_by_line(filters: Filters) -> Sums:
    """The money of every signed contract, stating each stored line in Python."""
    contracts = list(Contract.objects.filter(signed_on__isnull=False).select_related("stored", "community"))
    booked = booked_for([c.pk for c in contracts])
    withheld = withheld_years(contracts)
    found: Sums = defaultdict(lambda: defaultdict(lambda: [ZERO] * len(MEASURES)))
    for contract in contracts:
        lines = list(ScheduleLine.objects.filter(contract=contract).order_by("due_on", "pk"))
        years = {line.key: line.year for line in lines}
        keys = {"mission": None, "part": None, "size": contract.stored.size, "region": contract.community.region,
                "department": contract.community.department}  # fmt: skip
        for status in statement(lines, booked.get(contract.pk, {}), filters.on, withheld.get(contract.pk)):  # type: ignore[arg-type]
            contract_year, mission, part, _ = status.key
            year = contract_year if filters.basis == "contract" else years.get(status.key)
            if not filters.in_period(year):
                continue
            keys |= {"mission": mission, "part": part}
            values = (status.scheduled, status.ordered, status.paid, status.overdue, status.overpaid, status.withheld)
            for grouping in (None, *DIMENSIONS):
                row = found[grouping][(year, keys[grouping] if grouping else None)]
                for index, value in enumerate(values):
                    row[index] += value
    return found


def as_sums(figures: dict[str, Any]) -> Sums:
    def rows(grouping: str | None, table: list[dict[str, Any]]) -> dict[tuple[Any, Any], list[Decimal]]:
        return {(r["year"], r.get("key")): [Decimal(r[m]) for m in MEASURES] for r in table}

    return {None: rows(None, figures["years"]), **{d: rows(d, figures["by"][d]) for d in DIMENSIONS}}


@pytest.mark.parametrize("basis", ["calendar", "contract"])
@pytest.mark.parametrize("on", [dt.date(2024, 5, 2), TODAY])
def test_the_database_sums_equal_the_statement_of_every_line(demo, basis, on):
    run_payments(Actor.command("tests"), dt.date(2025, 12, 31))
    filters = Filters(on=on, basis=basis)
    expected = {grouping: dict(rows) for grouping, rows in line_by_line(filters).items()}
    assert as_sums(money(cnam(), filters)) == {grouping: expected.get(grouping, {}) for grouping in (None, *DIMENSIONS)}
    assert any(values[3] for values in expected[None].values()), "aucun retard : le test ne compare pas les retards"


def test_a_period_keeps_the_same_sums(demo):
    filters = Filters(on=TODAY, year_from=2024, year_to=2025)
    expected = line_by_line(filters)
    assert as_sums(money(cnam(), filters))[None] == dict(expected[None])


def queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warms per-process caches like any served page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_page_and_api_queries_do_not_grow_with_the_number_of_cpts(demo):
    client = client_of(cnam())
    urls = [f"/pilotage/?on={TODAY}", f"/api/steering?on={TODAY}"]
    before = [queries(client, url) for url in urls]
    for number in range(3):
        signed_cpts(f"CPTS de plus n° {number}", "55", f"5530000{number}", communes=["55545"])
    run_payments(Actor.command("tests"), dt.date(2025, 12, 31))
    assert [queries(client, url) for url in urls] == before


def test_the_page_shows_a_bounded_number_of_rows_per_table(demo):
    html = client_of(cnam()).get("/pilotage/", {"on": TODAY.isoformat()}).content.decode()
    for table in html.split("<tbody>")[1:]:
        assert table.split("</tbody>")[0].count("<tr>") <= PAGE_ROWS


def test_withheld_balances_sum_the_same_with_the_policy_on(demo, settings):
    """Policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS (off by default): a withheld balance is neither due nor late."""
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    filters = Filters(on=TODAY)
    expected = line_by_line(filters)
    assert as_sums(money(cnam(), filters))[None] == dict(expected[None])
    assert any(values[5] for values in expected[None].values()), "rien de retenu : le test ne compare pas le retenu"
