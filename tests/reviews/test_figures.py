"""Spending against envelopes per CPTS and contract year (docs/reviews.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cpts.contracts.models import Mission
from cpts.core.actors import Actor
from cpts.payments.entries import record_payment
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.reviews import services
from cpts.reviews.figures import spending_report
from cpts.reviews.services import ReviewError


def test_envelope_paid_spent_and_unspent(parties: Any) -> None:
    """002 annexe 1, art. 5: operating costs of a size-2 CPTS are 60 000 € a year: paid vs spent."""
    p = parties
    Mission.objects.create(contract=p.contract, key="access", started_on=p.contract.signed_on)
    run_payments(Actor.command("test"), dt.date(2023, 2, 1))
    for order in LedgerEntry.objects.filter(contract=p.contract, contract_year=1, entry="order", mission="operating"):
        record_payment(p.as_cpam, order, dt.date(2023, 2, 10))
    paid = sum(e.amount for e in LedgerEntry.objects.filter(entry="payment", mission="operating"))
    assert paid > 0
    review = services.open_review(p.contract, 1)
    services.set_spending(p.as_cpts, review, {"operating": Decimal("10000.00")})
    lines = {line.mission: line for line in spending_report(p.contract, 1)}
    assert set(lines) == {"operating", "access"}  # the contract's missions only
    operating = lines["operating"]
    assert operating.envelope == Decimal("60000.00")
    assert (operating.paid, operating.spent, operating.unspent) == (paid, Decimal("10000.00"), paid - 10000)
    assert operating.unspent_share == ((paid - 10000) / paid).quantize(Decimal("0.0001"))
    assert lines["access"].spent is None and lines["access"].unspent is None
    assert lines["access"].paid == 0 and lines["access"].envelope > 0
    assert operating.to_dict()["envelope"] == "60000.00"


def test_unknown_year_is_refused(parties: Any) -> None:
    """002 annexe 1, art. 7: the contract lasts five years."""
    with pytest.raises(ReviewError, match="de 1 à 5"):
        spending_report(parties.contract, 6)
