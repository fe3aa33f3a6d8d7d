"""The money figures summed by the database (docs/steering.md, « Vitesse »).

`cpts.payments.balances.statement` states each line of a contract: its scheduled amount,
the ledger's ordered and paid sums of the same line identity, what is late, to recover
and withheld on a date. Read line by line in Python, a thousand contracts are some sixty
thousand rows per request; here the database does the same arithmetic, line by line, in
one query, and returns only the sums grouped by year and by year and one dimension:

- the lines: every stored schedule line joined to the ledger sums of its identity
  (`booked_for`: the contract's own entries, and the early-mission account of its
  CPTS for its first ACI contract, 002 annexe 2, art. 1.2), then every ledger line the
  schedule no longer has (due at once, counted in the year « hors échéancier »);
- each line's state as `line_status` computes it: payable from its due date, late when
  owed to the CPTS after its due date, to recover when paid beyond what is scheduled,
  withheld when it is the balance of a year whose documents are missing (rule
  BALANCE_WITHHELD_WITHOUT_DOCUMENTS, 002 annexe 1, art. 6.2), then neither due nor late;
- the sums: UNION ALL of one GROUP BY per grouping over the same lines.

tests/steering/test_figures.py compares the result with `statement` line by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Context, Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from cpts.communities.models import Community, EarlyMissionContract
from cpts.contracts.models import Contract
from cpts.payments.balances import WITHHELD_KIND
from cpts.payments.models import LedgerEntry
from cpts.steering.models import ScheduleLine, StoredSchedule

CENT = Decimal("0.01")
FLOATS = Context(prec=15)  # SQLite returns sums of decimals as floats: read as Django's DecimalField does
# The groupings: the year alone (None) and the year with each dimension, as `figures.DIMENSIONS`.
# Every key as text, so that the branches of the UNION share one type (sizes are read back as integers).
COLUMNS = {"mission": "mission", "part": "part", "size": "CAST(size AS VARCHAR(2))", "region": "region",
           "department": "department"}  # fmt: skip


def pairs(rows: Iterable[tuple[int, int]], first: str, second: str) -> tuple[str, list[int]]:
    """A derived table of integer pairs, written as SELECT … UNION ALL (VALUES lists differ between databases)."""
    rows = list(rows)
    if not rows:
        return f"SELECT CAST(NULL AS INTEGER) AS {first}, CAST(NULL AS INTEGER) AS {second} WHERE 1 = 0", []
    sql = " UNION ALL ".join(f"SELECT %s AS {first}, %s AS {second}" for _ in rows)
    return sql, [value for row in rows for value in row]


def early_accounts(contracts: QuerySet[Contract]) -> list[tuple[int, int]]:
    """(early-mission contract, first ACI contract in scope) pairs: whose ledger counts with that contract."""
    from cpts.contracts.bridge import first_contracts

    ids = set(contracts.values_list("pk", flat=True))
    with_early = (
        EarlyMissionContract.objects.filter(
            community_id__in=contracts.values("community_id"), ledger_entries__isnull=False
        )
        .values_list("pk", "community_id")
        .distinct()
    )
    early = list(with_early)
    if not early:
        return []
    firsts = dict(
        Contract.objects.filter(pk__in=first_contracts([c for _, c in early]) & ids).values_list("community_id", "pk")
    )
    return [(pk, firsts[community]) for pk, community in early if community in firsts]


def money_sums(
    contracts: QuerySet[Contract],
    on: dt.date,
    basis: str,
    year_from: int | None,
    year_to: int | None,
    withheld: Mapping[int, Mapping[int, str]],
) -> dict[str | None, dict[tuple[Any, Any], list[Decimal]]]:
    """{grouping: {(year, key): [committed, ordered, paid, late, to recover, withheld]}}; grouping None: by year."""
    ids_sql, ids_params = contracts.order_by().values("pk").query.sql_with_params()
    early_sql, early_params = pairs(early_accounts(contracts), "early", "cid")
    held_sql, held_params = pairs(
        ((contract, year) for contract, years in withheld.items() for year in years), "cid", "contract_year"
    )
    day = connection.ops.adapt_datefield_value(on)
    ledger, lines = LedgerEntry._meta.db_table, ScheduleLine._meta.db_table
    key = "contract_year, mission, part, kind"
    year = "l.contract_year" if basis == "contract" else "l.year"
    period, period_params = [], []
    if year_from is not None:
        period.append(f"({year} IS NULL OR {year} >= %s)")
        period_params.append(year_from)
    if year_to is not None:
        period.append(f"({year} IS NULL OR {year} <= %s)")
        period_params.append(year_to)
    where = " AND ".join(period) or "1 = 1"
    measures = ("committed", "ordered", "paid", "late", "to_recover", "withheld")
    summed = ", ".join(f"SUM({name}) AS {name}" for name in measures)
    groupings = [
        f"SELECT {'NULL' if name is None else repr(name)} AS grouping, year, {column} AS item, {summed} "
        f"FROM cells GROUP BY year{'' if name is None else ', ' + column}"
        for name, column in [(None, "NULL"), *COLUMNS.items()]
    ]
    sql = f"""
        WITH ids AS ({ids_sql}),
        early AS ({early_sql}),
        held AS ({held_sql}),
        entries AS (
            SELECT contract_id AS cid, {key}, entry, amount FROM {ledger} WHERE contract_id IN (SELECT * FROM ids)
            UNION ALL
            SELECT early.cid, {key}, entry, amount FROM {ledger} e JOIN early ON e.early_mission_id = early.early
        ),
        booked AS (
            SELECT cid, {key},
                SUM(CASE WHEN entry = %s THEN amount ELSE 0 END) AS ordered,
                SUM(CASE WHEN entry = %s THEN 0 ELSE amount END) AS paid
            FROM entries GROUP BY cid, {key}
        ),
        lines AS (
            SELECT s.contract_id AS cid, s.contract_year, s.mission, s.part, s.year, s.due_on,
                s.amount AS scheduled, COALESCE(b.ordered, 0) AS ordered, COALESCE(b.paid, 0) AS paid,
                CASE WHEN s.due_on <= %s THEN 1 ELSE 0 END AS is_due,
                CASE WHEN s.kind = %s AND EXISTS (
                    SELECT 1 FROM held h WHERE h.cid = s.contract_id AND h.contract_year = s.contract_year
                ) THEN 1 ELSE 0 END AS held
            FROM {lines} s LEFT JOIN booked b ON b.cid = s.contract_id AND b.contract_year = s.contract_year
                AND b.mission = s.mission AND b.part = s.part AND b.kind = s.kind
            WHERE s.contract_id IN (SELECT * FROM ids)
            UNION ALL
            SELECT b.cid, b.contract_year, b.mission, b.part, NULL, NULL, 0, b.ordered, b.paid, 1, 0
            FROM booked b WHERE (b.ordered <> 0 OR b.paid <> 0) AND NOT EXISTS (
                SELECT 1 FROM {lines} s WHERE s.contract_id = b.cid AND s.contract_year = b.contract_year
                    AND s.mission = b.mission AND s.part = b.part AND s.kind = b.kind
            )
        ),
        cells AS (
            SELECT {year} AS year, l.mission, l.part, st.size, c.region, c.department,
                SUM(l.scheduled) AS committed, SUM(l.ordered) AS ordered, SUM(l.paid) AS paid,
                SUM(CASE WHEN l.is_due = 1 AND l.held = 0 AND l.due_on < %s AND l.scheduled - l.paid > 0
                    THEN l.scheduled - l.paid ELSE 0 END) AS late,
                SUM(CASE WHEN l.is_due = 1 AND l.scheduled - l.paid < 0 THEN l.paid - l.scheduled ELSE 0 END)
                    AS to_recover,
                SUM(CASE WHEN l.is_due = 1 AND l.held = 1 AND l.scheduled - l.paid > 0
                    THEN l.scheduled - l.paid ELSE 0 END) AS withheld
            FROM lines l JOIN {StoredSchedule._meta.db_table} st ON st.contract_id = l.cid
                JOIN {Contract._meta.db_table} k ON k.id = l.cid
                JOIN {Community._meta.db_table} c ON c.id = k.community_id
            WHERE {where}
            GROUP BY {year}, l.mission, l.part, st.size, c.region, c.department
        )
        {" UNION ALL ".join(groupings)}
    """
    params = [
        *ids_params, *early_params, *held_params, LedgerEntry.Entry.ORDER, LedgerEntry.Entry.ORDER, day,
        WITHHELD_KIND, day, *period_params,
    ]  # fmt: skip
    found: dict[str | None, dict[tuple[Any, Any], list[Decimal]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for grouping, year_value, item, *values in cursor.fetchall():
            item = int(item) if grouping == "size" else item
            found.setdefault(grouping, {})[(year_value, item)] = [amount(value) for value in values]
    return found


def amount(value: Any) -> Decimal:
    """A sum as Decimal cents (PostgreSQL returns Decimal; SQLite an integer or a float)."""
    if value is None:
        return Decimal("0.00")
    if isinstance(value, float):
        return FLOATS.create_decimal_from_float(value).quantize(CENT)
    return Decimal(value).quantize(CENT)
