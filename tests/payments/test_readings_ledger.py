"""Readings the texts require, through the application: stored contract, payment run, ledger and API.

The same worked examples as tests/accord/test_text_readings.py (rules of docs/interpretations.md:
DEADLINES_AFTER_END, SIZE4_BONUS_FROM_AMENDMENT, TERMINATION_NET_SETTLEMENT,
SAS_TRANSITION_BEFORE_AVENANT_2).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.test import Client

from cpts.api.models import ApiToken
from cpts.api.testing import World
from cpts.contracts.models import Amendment, Attainment, Contract, Mission, Termination
from cpts.contracts.services import amend
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


def year_ordered(contract: Contract, year: int, mission: str = "access") -> Decimal:
    return sum((v for (y, m, _, _), v in ordered(contract).items() if (y, m) == (year, mission)), Decimal(0))


def bearer(world: World, role: str) -> Client:
    token = ApiToken.issue(world.user(role), world.organisation(role), "tests")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_sas_transition_in_the_ledger(world: World, file_documents: Any) -> None:
    """SAS_TRANSITION_BEFORE_AVENANT_2, case 1 (002 §2.3 « dont le solde doit être versé après cette même date,
    celui-ci sera calculé sur la base du montant de l'avenant n° 2 »): size 2 signed 01/10/2020, SAS since
    01/06/2021, the avenant n° 2 amendment signed through the service on 15/11/2022. The run of 31/12/2022
    orders year 2's advances (13 125 + 9 000, 2019 rates) and its balances on the avenant n° 2 amounts:
    70 000 − 13 125 = 56 875, variable 30 000 at 100 %, compensation −9 000: 100 000 for the year."""
    contract = reshape(world, {"access": dt.date(2020, 10, 1)}, signed_on=dt.date(2020, 10, 1),
                       sas_from=dt.date(2021, 6, 1))  # fmt: skip
    amend(Actor(world.user("cpam"), world.organisation("cpam")), contract, dt.date(2022, 11, 15), avenant_2=True)
    Attainment.objects.create(contract=contract, contract_year=2, mission="access", rate=Decimal(1),
                              validated_on=dt.date(2022, 11, 20))  # fmt: skip
    for year in (1, 2):
        file_documents(world, contract, year)
    run_payments(COMMAND, dt.date(2022, 12, 31))
    found = ordered(contract)
    assert found[(2, "access", "fixed", "balance")] == Decimal("56875.00")
    assert found[(2, "access", "variable", "balance")] == Decimal("30000.00")
    assert found[(2, "access", "snp_compensation", "balance")] == Decimal("-9000.00")
    assert year_ordered(contract, 2) == Decimal("100000.00")


def test_sas_date_set_by_the_ars_then_the_complementary_amendment(world: World, file_documents: Any) -> None:
    """SAS_TRANSITION_BEFORE_AVENANT_2, case 2 (002 §2.1 « Il appartient à l'ARS de qualifier l'opérationnalité
    du dispositif SAS » ; §2.3 « avenant complémentaire pour acter le passage au nouveau dispositif ... Dans
    l'attente, ... les rémunérations existantes sont maintenues »): a 2020 contract (size 2, access started
    01/10/2020) moved to avenant n° 2 on 15/11/2022 without SAS. The ARS sets the SAS date (01/03/2024)
    through the API (the CPTS may not): year 4 (01/10/2023–01/10/2024) stays at 2019 rates, 47 000 at 100 %.
    The complementary amendment of 01/06/2024, through the API, settles year 4 on the SAS amounts: the next run
    orders the difference, 100 000 for the year."""
    contract = reshape(world, {"access": dt.date(2020, 10, 1)}, signed_on=dt.date(2020, 10, 1), sas_from=None)
    amend(Actor(world.user("cpam"), world.organisation("cpam")), contract, dt.date(2022, 11, 15), avenant_2=True)
    Attainment.objects.create(contract=contract, contract_year=4, mission="access", rate=Decimal(1),
                              validated_on=dt.date(2024, 10, 20))  # fmt: skip
    for year in range(1, 5):
        file_documents(world, contract, year)
    refused = bearer(world, "cpts").post(f"/api/contracts/{contract.pk}/sas", {"sas_from": "2024-03-01"},
                                         content_type="application/json")  # fmt: skip
    assert refused.status_code == 403
    set_by_ars = bearer(world, "ars").post(f"/api/contracts/{contract.pk}/sas", {"sas_from": "2024-03-01"},
                                           content_type="application/json")  # fmt: skip
    assert set_by_ars.status_code == 200 and set_by_ars.json()["sas_from"] == "2024-03-01"
    run_payments(COMMAND, dt.date(2024, 12, 31))
    assert year_ordered(contract, 4) == Decimal("47000.00")
    recorded = bearer(world, "cpts").post(f"/api/contracts/{contract.pk}/amendments",
                                          {"signed_on": "2024-06-01", "records_sas": True},
                                          content_type="application/json")  # fmt: skip
    assert recorded.status_code == 200
    run_payments(COMMAND, dt.date(2024, 12, 31))
    assert year_ordered(contract, 4) == Decimal("100000.00")
