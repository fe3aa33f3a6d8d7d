"""The stored schedules equal the engine's output, and follow every audited change (docs/steering.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from cpts.accord.schedule import compute_schedule
from cpts.contracts import services
from cpts.contracts.bridge import describe
from cpts.contracts.models import Contract
from cpts.contracts.synthetic import generate
from cpts.core.actors import Actor
from cpts.steering.models import PendingPart, ScheduleLine, StoredDeadline, StoredSchedule
from cpts.steering.store import refresh_all, stale

COMMAND = Actor.command("tests")


def stored_lines(contract: Contract) -> list[tuple[object, ...]]:
    rows = ScheduleLine.objects.filter(contract=contract).values_list(
        "contract_year", "mission", "part", "kind", "due_on", "amount"
    )
    return sorted(rows)


def engine_lines(contract: Contract) -> list[tuple[object, ...]]:
    schedule = compute_schedule(describe(contract))
    return sorted((p.contract_year, p.mission, p.part, p.kind, p.due_on, p.amount) for p in schedule.payments)


def test_every_demo_contract_is_stored_as_the_engine_computes_it(demo):
    """Loaded through the services only: the audit hook alone must have written every schedule."""
    contracts = list(Contract.objects.filter(signed_on__isnull=False))
    assert len(contracts) >= 8
    assert stale() == []
    for contract in contracts:
        schedule = compute_schedule(describe(contract))
        assert stored_lines(contract) == engine_lines(contract), contract
        pending = sorted(PendingPart.objects.filter(contract=contract).values_list(
            "contract_year", "mission", "part", "settles_on", "maximum"))  # fmt: skip
        assert pending == sorted(
            (p.contract_year, p.mission, p.part, p.settles_on, p.maximum) for p in schedule.pending
        )
        deadlines = sorted(StoredDeadline.objects.filter(contract=contract).values_list(
            "mission", "kind", "due_on", "done_on"), key=str)  # fmt: skip
        assert deadlines == sorted(((d.mission, d.kind, d.due_on, d.done_on) for d in schedule.deadlines), key=str)


def test_an_amendment_rewrites_the_stored_lines(demo):
    """Going to size 4 by amendment (002 annexe 1, art. 7) raises the amounts: the stored copy follows."""
    contract = Contract.objects.filter(signed_on__isnull=False, termination__isnull=True, size__lt=4).first()
    before = stored_lines(contract)
    services.amend(COMMAND, contract, signed_on=contract.signed_on + dt.timedelta(days=400), size=4)
    after = stored_lines(contract)
    assert after != before
    assert after == engine_lines(contract)
    assert StoredSchedule.objects.get(contract=contract).size == 4


def test_a_termination_cuts_the_stored_schedule(demo):
    contract = Contract.objects.filter(signed_on__isnull=False, termination__isnull=True).first()
    notified = contract.signed_on + dt.timedelta(days=500)
    services.terminate(COMMAND, contract, notified_on=notified, initiator="cpts")
    assert stored_lines(contract) == engine_lines(contract)
    assert StoredSchedule.objects.get(contract=contract).ends_on <= notified + dt.timedelta(days=62)


def test_a_declared_crisis_reaches_the_contracts_of_its_area(demo):
    """A crisis opens an occurrence payment (002 annexe 1, art. 4.1.4) without touching any contract row."""
    from cpts.core.organisations import ars_for
    from cpts.crisis import services as crisis_services

    contract = Contract.objects.filter(signed_on__isnull=False, termination__isnull=True).order_by("-signed_on").first()
    department = contract.community.department
    ars = Actor(None, ars_for(contract.community.region))
    crisis_services.declare_crisis(
        ars, contract.signed_on + dt.timedelta(days=700), "sick", "ars_director_general", "ARS-T1",
        departments=[department],
    )  # fmt: skip
    assert stored_lines(contract) == engine_lines(contract)
    assert stale() == []


@pytest.mark.django_db
def test_generated_contracts_are_stored_by_the_command():
    """Bulk-created contracts are not audited: `manage.py generate` stores them, `cpts steering refresh` rebuilds."""
    call_command("generate", cpts=5, stdout=StringIO())
    assert StoredSchedule.objects.count() == 5 and stale() == []
    generate(3, seed=1)  # bypasses the command: nothing stored yet
    assert len(stale()) == 3
    assert refresh_all() == 8
    assert stale() == []
    total = sum(p.amount for c in Contract.objects.all() for p in compute_schedule(describe(c)).payments)
    assert sum(ScheduleLine.objects.values_list("amount", flat=True)) == total != Decimal(0)
