"""The early-mission aid in the ledger after a payment run (002 §3.2, annexe 2; rule EARLY_MISSION_CONTRACT)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpts.accord.schedule import early_mission_schedule
from cpts.api.testing import World
from cpts.communities.models import EarlyMissionContract, HealthProject
from cpts.contracts import bridge
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed
from cpts.core.models import AuditEvent
from cpts.payments import entries
from cpts.payments.balances import statement
from cpts.payments.ledger import booked_early, contract_entries, contract_statement
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments

COMMAND = Actor.command("tests")


def early_orders(world: World) -> list[tuple[str, Decimal, dt.date | None]]:
    rows = LedgerEntry.objects.filter(contract=world.signed, contract_year=0, entry="order").order_by("due_on")
    return [(row.kind, row.amount, row.due_on) for row in rows]


@pytest.mark.parametrize(
    ("by", "ground", "refund"),
    [("cpts", "", []), ("cpam", "non_deployment", [("reimbursement", Decimal("-35000.00"), dt.date(2023, 3, 1))])],
)
def test_the_run_orders_the_aid_and_a_refund_only_after_a_cpam_termination(
    world: World, by: str, ground: str, refund: list[tuple[str, Decimal, dt.date]]
) -> None:
    """Annexe 2, art. 2.2: « Le montant de l'aide est versé dès la signature du contrat »; art. 4.3: « En cas de
    résiliation du contrat, quelle qu'en soit l'origine, le versement de l'aide est interrompu. Dans le cas où la
    résiliation intervient à l'initiative de l'organisme local d'Assurance maladie lorsqu'il est constaté le non
    déploiement des actions ..., [les porteurs sont] tenu(s) de procéder au remboursement de la somme versée ...
    dans un délai de deux mois à compter de la date effective de la résiliation ».

    By hand: size 2, pathways and prevention started: 2 × 17 500 = 35 000,00 € on 01/10/2022. Notified
    01/12/2022, effective one month later (art. 4.2) 01/01/2023: by the CPTS nothing comes back; by the CPAM for
    non-deployment the whole 35 000,00 € is refunded by 01/03/2023. The run of 31/03/2023 orders both lines
    on the CPTS's first ACI contract (signed 15/01/2023)."""
    EarlyMissionContract.objects.create(
        community=world.community, cpam=world.organisation("cpam"), signed_on=dt.date(2022, 10, 1), size=2,
        started_missions=["pathways", "prevention"], terminated_notified_on=dt.date(2022, 12, 1), terminated_by=by,
        termination_ground=ground,
    )  # fmt: skip
    run_payments(COMMAND, dt.date(2023, 3, 31))
    assert early_orders(world) == [("payment", Decimal("35000.00"), dt.date(2022, 10, 1)), *refund]


def early_alone(world: World, **termination: object) -> EarlyMissionContract:
    """The CPTS in project (no ACI contract) signs an early-mission contract with the CPAM of Paris: size 1,
    pathways and prevention started, signed 01/02/2024."""
    return EarlyMissionContract.objects.create(
        community=world.project, cpam=world.organisation("cpam"), signed_on=dt.date(2024, 2, 1), size=1,
        started_missions=["pathways", "prevention"], **termination,
    )  # fmt: skip


def first_aci(world: World, size: int) -> Contract:
    """The CPTS in project's health project is validated on 01/04/2024 and its first ACI contract signed on
    01/06/2024."""
    HealthProject.objects.create(
        community=world.project, submitted_on=dt.date(2024, 3, 1), validated_on=dt.date(2024, 4, 1)
    )
    return Contract.objects.create(
        community=world.project, cpam=world.organisation("cpam"), ars=world.organisation("ars"),
        signed_on=dt.date(2024, 6, 1), size=size,
    )  # fmt: skip


def account(early: EarlyMissionContract) -> list[tuple[str, str, Decimal, int]]:
    rows = LedgerEntry.objects.filter(early_mission=early).order_by("id")
    return [(row.entry, row.kind, row.amount, row.sequence) for row in rows]


def test_a_cpts_without_aci_is_ordered_its_aid_on_the_early_mission_account(world: World) -> None:
    """002 §3.2: « Le montant de l'aide est versé dès la signature du contrat », with no ACI contract yet
    (annexe 2, art. 2.2). By hand: size 1, pathways and prevention: 2 × 15 000 = 30 000,00 € (annexe 2, art.
    2.2, table of the sizes), ordered by the run of 01/03/2024 on the early-mission contract's account, once:
    a second run orders nothing; the CPAM of Paris records the payment, the CPAM of Lyon may not."""
    early = early_alone(world)
    summary = run_payments(COMMAND, dt.date(2024, 3, 1))
    assert account(early) == [("order", "payment", Decimal("30000.00"), 1)]
    assert summary.orders == 1 + LedgerEntry.objects.filter(run=summary.run, contract__isnull=False).count()
    assert run_payments(COMMAND, dt.date(2024, 3, 2)).run.orders.filter(early_mission=early).count() == 0
    order = LedgerEntry.objects.get(early_mission=early)
    lyon = Actor(world.user("other_cpam"), world.organisation("other_cpam"))
    with pytest.raises(NotAllowed):
        entries.record_payment(lyon, order, dt.date(2024, 3, 5))
    paris = Actor(world.user("cpam"), world.organisation("cpam"))
    payment = entries.record_payment(paris, order, dt.date(2024, 3, 5), "VIR-DEM-1")
    assert account(early)[-1] == ("payment", "payment", Decimal("30000.00"), 1)
    entries.reverse(paris, payment, dt.date(2024, 3, 6), "virement rejeté")  # the database guard sees one account
    entries.record_payment(paris, order, dt.date(2024, 3, 7), "VIR-DEM-2")
    assert [row[2] for row in account(early) if row[0] == "payment"] == [
        Decimal("30000.00"),
        Decimal("-30000.00"),
        Decimal("30000.00"),
    ]
    scope = f"communities.community:{world.project.pk}"
    assert AuditEvent.objects.filter(scope=scope, action="ordres de paiement de la campagne").count() == 1


def test_the_first_aci_contract_never_orders_the_aid_again(world: World) -> None:
    """Annexe 2, art. 1.2: the aid is paid « qu'une seule fois ». By hand: the 30 000,00 € ordered and paid on the
    early-mission account before the ACI; once the CPTS signs its first ACI contract, that contract's schedule
    carries the aid (year 0) and its statement counts it as ordered and paid: the next run orders nothing for
    it."""
    early = early_alone(world)
    run_payments(COMMAND, dt.date(2024, 3, 1))
    entries.record_payment(
        Actor(world.user("cpam"), world.organisation("cpam")), LedgerEntry.objects.get(early_mission=early),
        dt.date(2024, 3, 5),
    )  # fmt: skip
    aci = first_aci(world, size=1)
    summary = run_payments(COMMAND, dt.date(2024, 7, 1))
    assert not summary.run.orders.filter(contract=aci, contract_year=0).exists()
    assert not summary.run.orders.filter(early_mission=early).exists()
    year_0 = [line for line in contract_statement(aci, dt.date(2024, 7, 1)).lines if line.key[0] == 0]
    assert [(line.scheduled, line.ordered, line.paid) for line in year_0] == [(Decimal("30000.00"),) * 3]
    assert LedgerEntry.objects.get(early_mission=early, entry="order") in contract_entries(aci)


def test_a_cpam_termination_for_non_deployment_recovers_the_aid_from_the_early_account(world: World) -> None:
    """Annexe 2, art. 4.3: after a termination by the CPAM for non-deployment, « remboursement de la somme versée
    ... dans un délai de deux mois à compter de la date effective de la résiliation ». By hand: notified
    01/04/2024, effective one month later, 01/05/2024 (art. 4.2); the 30 000,00 € come back by 01/07/2024: the
    run of 01/07/2024 orders − 30 000,00 € on the same account."""
    early = early_alone(
        world, terminated_notified_on=dt.date(2024, 4, 1), terminated_by="cpam", termination_ground="non_deployment"
    )
    run_payments(COMMAND, dt.date(2024, 7, 1))
    assert account(early) == [
        ("order", "payment", Decimal("30000.00"), 1),
        ("order", "reimbursement", Decimal("-30000.00"), 1),
    ]
    assert LedgerEntry.objects.get(early_mission=early, kind="reimbursement").due_on == dt.date(2024, 7, 1)


def test_an_early_account_row_belongs_to_exactly_one_account(world: World) -> None:
    """docs/ledger.md: a row names an ACI contract or an early-mission contract, never both nor neither; the
    early-mission account holds only the aid's line (year 0)."""
    early = early_alone(world)
    common = {
        "contract_year": 0, "mission": "early_mission", "part": "early_mission", "kind": "payment",
        "entry": "order", "sequence": 1, "amount": Decimal("1.00"), "ordered_on": dt.date(2024, 3, 1),
    }  # fmt: skip
    for account_ in ({}, {"contract": world.signed, "early_mission": early}):
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry.objects.create(**common, **account_)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(**{**common, "contract_year": 1}, early_mission=early)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    missions=st.lists(st.sampled_from(("access", "pathways", "prevention", "crisis")), unique=True),
    termination=st.sampled_from(((), ("cpts", ""), ("cpam", "non_deployment"))),
    aci=st.booleans(),
)
def test_the_aid_is_ordered_exactly_once_with_or_without_an_aci(
    world: World, missions: list[str], termination: tuple[str, ...], aci: bool
) -> None:
    """002 annexe 2, art. 1.2 and 2.2 (rule EARLY_MISSION_CONTRACT), over generated early-mission contracts:
    whatever the missions, the termination and whether an ACI contract follows, after the runs the ledger holds,
    for each line of the aid, exactly what its schedule says: the early-mission account alone without an ACI,
    that account and the first ACI contract together with one; never an order twice."""
    with transaction.atomic():
        by = dict(zip(("terminated_by", "termination_ground"), termination, strict=False))
        notified = {"terminated_notified_on": dt.date(2024, 4, 1)} if termination else {}
        early = EarlyMissionContract.objects.create(
            community=world.project, cpam=world.organisation("cpam"), signed_on=dt.date(2024, 2, 1), size=2,
            started_missions=missions, **notified, **by,
        )  # fmt: skip
        run_payments(COMMAND, dt.date(2024, 3, 1))
        contract = None
        if aci:
            contract = first_aci(world, size=2)
        run_payments(COMMAND, dt.date(2024, 9, 1))
        run_payments(COMMAND, dt.date(2024, 9, 2))
        if contract is None:
            engine = bridge.early_alone([early])[0]
            lines = statement(early_mission_schedule(engine).payments, booked_early([early.pk])[early.pk], ON_LAST)
        else:
            lines = [line for line in contract_statement(contract, ON_LAST).lines if line.key[0] == 0]
        assert all(line.ordered == line.scheduled for line in lines)
        orders = LedgerEntry.objects.filter(Q(early_mission=early) | Q(contract=contract, contract_year=0))
        assert sum(row.amount for row in orders) == sum(line.scheduled for line in lines)
        transaction.set_rollback(True)


ON_LAST = dt.date(2024, 9, 2)
