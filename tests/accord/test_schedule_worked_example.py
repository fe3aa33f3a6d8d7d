"""WORKED-EXAMPLE.md, reproduced figure by figure (../shared/guide/WORKED-EXAMPLE.md, beside the repository).

The contract is docs/examples/worked-example.yaml: the rural CPTS of 000
(55 000 inhabitants, size 2), signed 2023-03-01 under avenant n° 2 with a SAS.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cpts.accord.contract_file import load_contract
from cpts.accord.schedule import Schedule, compute_schedule

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "worked-example.yaml"
d = dt.date

# (due on, contract year, mission, part, kind, amount): every line of the worked example.
EXPECTED = [
    # Year 1 (366 days, it holds 29 Feb 2024).
    (d(2023, 3, 1), 1, "operating", "operating", "payment", "60000.00"),
    (d(2023, 6, 1), 1, "access", "fixed", "advance", "39303.28"),
    (d(2023, 6, 1), 1, "crisis", "fixed", "advance", "19651.64"),
    (d(2024, 1, 15), 1, "pathways", "fixed", "advance", "3299.18"),
    (d(2024, 1, 15), 1, "prevention", "fixed", "advance", "1413.93"),
    # Settlement of year 1, due by 2024-05-01.
    (d(2024, 5, 1), 1, "access", "fixed", "balance", "13101.09"),
    (d(2024, 5, 1), 1, "access", "variable", "balance", "17967.21"),
    (d(2024, 5, 1), 1, "crisis", "fixed", "balance", "6550.55"),
    (d(2024, 5, 1), 1, "pathways", "fixed", "balance", "1099.73"),
    (d(2024, 5, 1), 1, "pathways", "variable", "balance", "4398.91"),
    (d(2024, 5, 1), 1, "prevention", "fixed", "balance", "471.32"),
    (d(2024, 5, 1), 1, "prevention", "variable", "balance", "942.62"),
    # Year-2 advances with that settlement.
    (d(2024, 5, 1), 2, "operating", "operating", "advance", "45000.00"),
    (d(2024, 5, 1), 2, "access", "fixed", "advance", "52500.00"),
    (d(2024, 5, 1), 2, "crisis", "fixed", "advance", "13125.00"),
    (d(2024, 5, 1), 2, "pathways", "fixed", "advance", "26250.00"),
    (d(2024, 5, 1), 2, "prevention", "fixed", "advance", "11250.00"),
    # Crisis declared 2024-11-10, paid within a month.
    (d(2024, 12, 10), 2, "crisis", "crisis_occurrence", "payment", "52500.00"),
    # Settlement of year 2, due by 2025-05-01.
    (d(2025, 5, 1), 2, "operating", "operating", "balance", "15000.00"),
    (d(2025, 5, 1), 2, "access", "fixed", "balance", "17500.00"),
    (d(2025, 5, 1), 2, "access", "variable", "balance", "24000.00"),
    (d(2025, 5, 1), 2, "crisis", "fixed", "balance", "4375.00"),
    (d(2025, 5, 1), 2, "pathways", "fixed", "balance", "8750.00"),
    (d(2025, 5, 1), 2, "pathways", "variable", "balance", "28000.00"),
    (d(2025, 5, 1), 2, "prevention", "fixed", "balance", "3750.00"),
    (d(2025, 5, 1), 2, "prevention", "variable", "balance", "12000.00"),
    # Year 3: quality starts on its first day.
    (d(2025, 3, 1), 3, "quality", "fixed", "advance", "7500.00"),
]


@pytest.fixture(scope="module")
def schedule() -> Schedule:
    return compute_schedule(load_contract(EXAMPLE))


def test_every_figure_of_the_worked_example(schedule: Schedule) -> None:
    """Each line of WORKED-EXAMPLE.md, with its due date, year, mission, part, kind and amount."""
    by_key = {payment.key: payment for payment in schedule.payments}
    for due_on, year, mission, part, kind, amount in EXPECTED:
        payment = by_key[(year, mission, part, kind)]
        assert (payment.due_on, payment.amount) == (due_on, Decimal(amount)), (year, mission, part, kind)


def test_nothing_else_is_paid_in_years_1_and_2(schedule: Schedule) -> None:
    """The worked example lists all the money of years 1 and 2: no operating balance in year 1 (paid in full)."""
    listed = {(year, mission, part, kind) for _, year, mission, part, kind, _ in EXPECTED if year <= 2}
    assert {p.key for p in schedule.payments if p.contract_year <= 2} == listed


def test_year_1_has_366_days_and_year_2_has_365(schedule: Schedule) -> None:
    assert [(y.start, y.end, y.days) for y in schedule.years[:3]] == [
        (d(2023, 3, 1), d(2024, 3, 1), 366),
        (d(2024, 3, 1), d(2025, 3, 1), 365),
        (d(2025, 3, 1), d(2026, 3, 1), 365),
    ]


def test_explanation_shows_the_arithmetic(schedule: Schedule) -> None:
    """The access advance explains "75 % × 70 000,00 € × 274/366" with its table cell and clause."""
    advance = next(p for p in schedule.payments if p.key == (1, "access", "fixed", "advance"))
    step = advance.explanation.steps[0]
    assert step.formula == "75 % × 70\u202f000,00 € × 274/366"
    assert advance.explanation.cell is not None and advance.explanation.cell.parameter == "access_sas_fixed"
    assert "art. 6.2" in advance.explanation.source
    balance = next(p for p in schedule.payments if p.key == (1, "access", "fixed", "balance"))
    assert [s.result for s in balance.explanation.steps] == [Decimal("52404.37"), Decimal("13101.09")]
