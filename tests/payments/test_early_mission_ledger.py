"""The early-mission aid in the ledger after a payment run (002 §3.2, annexe 2; rule EARLY_MISSION_CONTRACT)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cpts.api.testing import World
from cpts.communities.models import EarlyMissionContract
from cpts.core.actors import Actor
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
