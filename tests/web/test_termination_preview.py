"""A termination shows its financial consequence before it is written, asks for a reason and a confirmation
(002 annexe 1, art. 8; rule TERMINATION_PRORATA computed by the engine, cpts.contracts.consequences)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import unescape

from django.urls import reverse

from cpts.accord.money import french
from cpts.contracts.consequences import termination_consequences
from cpts.contracts.models import Termination

from .conftest import World
from .crawl import visible_text

NOTIFIED = dt.date(2024, 6, 3)  # in year 2 of the contract signed on 15/03/2023


def test_the_engine_prorates_the_shortened_contract(world: World) -> None:
    """Notice on 03/06/2024 takes effect two months later (art. 8.1): the years after it are no longer due,
    so the contract's total falls, and nothing paid yet means the rest is still owed to the CPTS."""
    found = termination_consequences(world.contract, NOTIFIED, "cpts", None, Decimal("0.00"))
    assert found.effective_on == dt.date(2024, 8, 3)
    assert found.total_after < found.total_before
    assert found.changes and all(change.before != change.after for change in found.changes)
    assert found.balance == found.total_after
    # The operating advance of year 2 went beyond the prorata: the CPTS refunds it, two months after the effect.
    assert found.refund > 0 and found.refund_due_on == dt.date(2024, 10, 3)


def test_the_form_shows_the_consequences_then_terminates_only_once_confirmed(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    url = reverse("contract-event", args=[world.contract.pk, "resilier"])
    client = client_for("cpts")
    response = client.get(url)
    form = unescape(response.content.decode())
    assert response.status_code == 200, form[form.find("<main"):][:1500]
    assert "Voir les conséquences financières" in form and "je confirme" not in form
    data = {"notified_on": NOTIFIED.isoformat(), "reason": "Dissolution de l'association."}
    assert client.post(url, {"notified_on": NOTIFIED.isoformat()}).status_code == 400  # a reason is required
    shown = client.post(url, data)
    html = visible_text(shown.content.decode())
    assert shown.status_code == 200
    expected = termination_consequences(world.contract, NOTIFIED, "cpts", None, Decimal("0.00"))
    assert "Conséquences financières de la résiliation" in html
    assert "Prise d'effet : le 03/08/2024" in html
    assert f"→ {' '.join(french(expected.total_after).split())}" in html
    assert f"dû le {expected.refund_due_on:%d/%m/%Y}" in html and expected.refund > 0
    assert "je confirme la résiliation" in html
    assert not Termination.objects.filter(contract=world.contract).exists()  # nothing written yet
    done = client.post(url, {**data, "confirm": "on"})
    assert done.status_code == 302
    termination = Termination.objects.get(contract=world.contract)
    assert termination.reason == "Dissolution de l'association." and termination.initiator == "cpts"
