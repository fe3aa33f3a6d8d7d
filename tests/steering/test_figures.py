"""The steering figures agree with the engine and the ledger, and stay within the caller's scope (docs/steering.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum
from tests.steering.conftest import signed_cpts

from cpts.accord.money import ZERO
from cpts.accord.schedule import compute_schedule
from cpts.contracts.bridge import describe
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.models import Organisation
from cpts.core.organisations import ars_for, cnam, cpam_for
from cpts.geo import load
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.steering.figures import coverage, money, steering
from cpts.steering.scope import Filters

ON = dt.date(2026, 11, 24)


def by_year(rows, measure):
    return {row["year"]: Decimal(row[measure]) for row in rows}


def test_committed_money_of_a_year_is_the_sum_of_the_engine_lines(demo):
    figures = money(cnam(), Filters(on=ON))
    expected: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for contract in Contract.objects.filter(signed_on__isnull=False):
        for payment in compute_schedule(describe(contract)).payments:
            expected[payment.due_on.year] += payment.amount
    assert by_year(figures["years"], "committed") == dict(expected)
    assert figures["contracts"] == Contract.objects.filter(signed_on__isnull=False).count()


def test_contract_year_basis_sums_the_same_money(demo):
    calendar = money(cnam(), Filters(on=ON))
    contract = money(cnam(), Filters(on=ON, basis="contract"))
    for measure in ("committed", "ordered", "paid", "late"):
        assert sum(by_year(calendar["years"], measure).values()) == sum(by_year(contract["years"], measure).values())


def test_ordered_and_paid_are_the_ledger_sums(demo):
    run_payments(Actor.command("tests"), dt.date(2025, 6, 30))
    figures = money(cnam(), Filters(on=ON))
    ledger = dict(LedgerEntry.objects.order_by().values_list("entry").annotate(total=Sum("amount")))
    assert sum(by_year(figures["years"], "ordered").values()) == ledger["order"] != 0
    assert sum(by_year(figures["years"], "paid").values()) == ledger.get("payment", ZERO)
    for dimension, rows in figures["by"].items():  # every breakdown adds up to the same totals
        for measure in ("committed", "ordered", "paid", "late", "to_recover", "withheld"):
            assert sum(Decimal(r[measure]) for r in rows) == sum(by_year(figures["years"], measure).values()), dimension


def test_a_cpam_sees_the_money_of_its_department_only(demo):
    department = Contract.objects.filter(signed_on__isnull=False).first().community.department
    mine = money(cpam_for(department), Filters(on=ON))
    narrowed = money(cnam(), Filters(on=ON, department=department))
    assert mine == narrowed
    assert {row["key"] for row in mine["by"]["department"]} == {department}
    elsewhere = "2A" if department != "2A" else "01"
    assert money(cpam_for(department), Filters(on=ON, department=elsewhere))["years"] == []


def test_region_coverage_is_the_sum_of_its_departments_counting_a_shared_commune_once(demo):
    figures = coverage(cnam(), Filters(on=ON))
    assert figures["contracts_in_force"] > 0
    for region in figures["regions"]:
        mine = [row for row in figures["departments"] if row["region"] == region["code"]]
        assert region["covered"] == sum(row["covered"] for row in mine)
        assert region["population"] == sum(row["population"] for row in mine)
    assert figures["total"]["covered"] == sum(row["covered"] for row in figures["regions"])
    assert figures["total"]["population"] == sum(load().population_by_department().values())


@pytest.mark.django_db
def test_a_commune_shared_by_two_cpts_counts_once():
    """Two CPTS in force on the same commune: its inhabitants are covered once, in its department."""
    data = load()
    bordeaux, lormont = data.unit("33063").population, data.unit("33069").population
    signed_cpts("CPTS de Bordeaux Centre", "33", "33100000", communes=["33063"])
    first = coverage(cnam(), Filters(on=ON, department="33"))
    assert first["total"]["covered"] == bordeaux
    signed_cpts("CPTS Bordeaux Rive droite", "33", "33200000", communes=["33063", "33069"])
    second = coverage(cnam(), Filters(on=ON, region="75"))
    assert second["contracts_in_force"] == 2
    assert second["total"]["covered"] == bordeaux + lormont
    gironde = next(row for row in second["departments"] if row["code"] == "33")
    assert gironde["covered"] == bordeaux + lormont
    assert Decimal(gironde["share"]) == (Decimal(bordeaux + lormont) / gironde["population"]).quantize(
        Decimal("0.0001")
    )


def test_steering_gathers_every_figure_for_an_ars(demo):
    region = Contract.objects.filter(signed_on__isnull=False).first().community.region
    figures = steering(ars_for(region), Filters(on=ON))
    assert figures["scope"] == f"région {load().region_name(region)}"
    assert {row["code"] for row in figures["coverage"]["regions"]} == {region}
    assert all(row["region"] == region for row in figures["deployment"]["late_by_region"])
    assert steering(Organisation.objects.create(kind="cpts", name="sans CPTS"), Filters(on=ON))["money"]["years"] == []
