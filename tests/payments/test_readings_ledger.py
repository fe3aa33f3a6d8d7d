"""Readings the texts require, through the application: stored contract, payment run, ledger and API.

The same worked examples as tests/accord/test_text_readings.py (rules of docs/interpretations.md:
DEADLINES_AFTER_END, SIZE4_BONUS_FROM_AMENDMENT, TERMINATION_NET_SETTLEMENT).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.test import Client

from cpts.api.testing import World
from cpts.contracts.models import Amendment, Attainment, Contract, Mission, Termination
from cpts.core.actors import Actor
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments

COMMAND = Actor.command("tests")


def reshape(world: World, missions: dict[str, dt.date], **fields: Any) -> Contract:
    """The Paris contract of the world, with other terms and missions (its rows replaced)."""
    Contract.objects.filter(pk=world.signed.pk).update(**fields)
    Mission.objects.filter(contract=world.signed).delete()
    for key, started_on in missions.items():
        Mission.objects.create(contract=world.signed, key=key, started_on=started_on)
    return Contract.objects.get(pk=world.signed.pk)


def ordered(contract: Contract) -> dict[tuple[int, str, str, str], Decimal]:
    """The net amount ordered per schedule line of one contract after the payment runs."""
    rows = LedgerEntry.objects.filter(contract=contract, entry="order").values(
        "contract_year", "mission", "part", "kind"
    )
    return {
        (r["contract_year"], r["mission"], r["part"], r["kind"]): r["total"] for r in rows.annotate(total=Sum("amount"))
    }


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


def test_size4_bonus_from_its_amendment_in_the_ledger(world: World, file_documents: Any) -> None:
    """SIZE4_BONUS_FROM_AMENDMENT (002 §5.1 « à partir de la signature de l'avenant et versées à date
    anniversaire (solde de l'année en cours, avance de l'année à venir ...) » ; annexe 3 « Non rétroactif »):
    size 4 signed 15/10/2022 with 80 members, pathways started that day, amendment of 15/04/2023 recording
    120 members. Runs on 31/10/2022 and 31/12/2023 order the advance 75 % × 50 000 = 37 500 €, then the
    balance (50 000 − 37 500) × 1.1 = 13 750 €: 51 250 € for the year-1 fixed part; variable at 100 %:
    50 000 × 1.1 = 55 000 €; year-2 advance 75 % × 55 000 = 41 250 €."""
    contract = reshape(world, {"pathways": dt.date(2022, 10, 15)}, signed_on=dt.date(2022, 10, 15), size=4,
                       members_at_signature=80)  # fmt: skip
    Amendment.objects.create(contract=contract, signed_on=dt.date(2023, 4, 15), members=120)
    Attainment.objects.create(contract=contract, contract_year=1, mission="pathways", rate=Decimal(1),
                              validated_on=dt.date(2023, 11, 1))  # fmt: skip
    file_documents(world, contract, 1)
    run_payments(COMMAND, dt.date(2022, 10, 31))
    assert ordered(contract)[(1, "pathways", "fixed", "advance")] == Decimal("37500.00")
    run_payments(COMMAND, dt.date(2023, 12, 31))
    found = ordered(contract)
    assert found[(1, "pathways", "fixed", "balance")] == Decimal("13750.00")
    assert found[(1, "pathways", "fixed", "advance")] + found[(1, "pathways", "fixed", "balance")] == 51250
    assert found[(1, "pathways", "variable", "balance")] == Decimal("55000.00")
    assert found[(2, "pathways", "fixed", "advance")] == Decimal("41250.00")


def test_termination_net_amount_in_the_ledger(world: World, file_documents: Any) -> None:
    """TERMINATION_NET_SETTLEMENT (002 annexe 1, art. 8.3 « remboursement de la différence ... dans un délai de
    deux mois à compter de la date effective de la résiliation »): size 2 with a SAS, signed 15/01/2023, access
    started that day, attainment 100 %; notice by the CPTS on 15/03/2023, effective 15/05/2023 (120/365).
    Paid: operating 60 000, access advance 52 500. Due: 19 726,03 + 23 013,70 + 9 863,01 = 52 602,74. The run
    of 31/07/2023 orders one recovery of 52 602,74 − 112 500 = −59 897,26 (due 15/07/2023), nothing per part."""
    contract = reshape(world, {"access": dt.date(2023, 1, 15)})
    Attainment.objects.create(contract=contract, contract_year=1, mission="access", rate=Decimal(1),
                              validated_on=dt.date(2023, 5, 1))  # fmt: skip
    Termination.objects.create(contract=contract, notified_on=dt.date(2023, 3, 15), initiator="cpts")
    file_documents(world, contract, 1)
    run_payments(COMMAND, dt.date(2023, 7, 31))
    assert ordered(contract) == {
        (1, "operating", "operating", "payment"): Decimal("60000.00"),
        (1, "access", "fixed", "advance"): Decimal("52500.00"),
        (1, "termination", "net_settlement", "reimbursement"): Decimal("-59897.26"),
    }
