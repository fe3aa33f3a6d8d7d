"""Readings the texts require, through the application: stored contract, payment run, ledger and API.

The same worked examples as tests/accord/test_text_readings.py (rules of docs/interpretations.md:
DEADLINES_AFTER_END).
"""

from __future__ import annotations

import datetime as dt

from django.test import Client

from cpts.api.testing import World
from cpts.contracts.models import Termination


def api(world: World, role: str = "cpam") -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def test_deadlines_after_the_termination_are_sans_objet_in_the_api(world: World) -> None:
    """DEADLINES_AFTER_END (002 annexe 1, art. 8.1 « effective deux mois après réception » ; art. 8.2
    « missions non mises en œuvre »): the Paris contract (signed 15/01/2023, missions started 01/03/2023, no
    plan drafted) is terminated by the CPTS on notice received 10/01/2024, effective 10/03/2024. Access
    deployment by 15/07/2024 and crisis deployment by 15/07/2024 (art. 3, 18 months) fall after it: sans
    objet on 01/09/2024, not missed; the starts (met 01/03/2023) stay met."""
    Termination.objects.create(contract=world.signed, notified_on=dt.date(2024, 1, 10), initiator="cpts")
    found = api(world).get(f"/api/contracts/{world.signed.pk}/deadlines?on=2024-09-01").json()
    states = {(d["mission"], d["kind"]): (d["due_on"], d["status"], d.get("reason")) for d in found}
    ended = "échéance après la fin du contrat : contrat résilié, résiliation effective le 10/03/2024"
    assert states[("access", "deployment")] == ("2024-07-15", "not_applicable", ended)
    assert states[("crisis", "deployment")] == ("2024-07-15", "not_applicable", ended)
    assert states[("pathways", "deployment")] == ("2025-01-15", "not_applicable", ended)
    assert states[("access", "start")] == ("2023-07-15", "met", None)
    assert "missed" not in {status for _, status, _ in states.values()}
