"""Rule MEMBERS_LIST_YEARLY through the application: stored contract, the list recorded by its service, payment runs
and the ledger. The same worked example as tests/accord/test_members_lists.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from test_readings_ledger import COMMAND, ordered, reshape

from cpts.api.testing import World
from cpts.communities.models import Member
from cpts.contracts.members_lists import record_members_list
from cpts.contracts.models import Attainment, Contract
from cpts.core.actors import Actor
from cpts.payments.ledger import contract_statement
from cpts.payments.runs import run_payments

D = dt.date


def size4(world: World, followed: bool = True) -> Contract:
    """Size 4 signed 15/10/2022 with 120 members (an MSP of 120 professionals, 002 §5.1), pathways started that
    day, year-1 attainment 100 % validated on 01/11/2023."""
    contract = reshape(world, {"pathways": D(2022, 10, 15)}, signed_on=D(2022, 10, 15), size=4,
                       members_at_signature=120, members_lists_followed=followed)  # fmt: skip
    Member.objects.create(community=contract.community, kind="msp", name="MSP", professionals=120,
                          joined_on=D(2022, 1, 1))  # fmt: skip
    Attainment.objects.create(contract=contract, contract_year=1, mission="pathways", rate=Decimal(1),
                              validated_on=D(2023, 11, 1))  # fmt: skip
    return contract


def test_a_missing_list_holds_the_bonus_until_it_is_received(world: World) -> None:
    """MEMBERS_LIST_YEARLY. 002 §5.1: « En justificatif, l'association CPTS transmettra tous les ans, la liste
    exhaustive de ses adhérents » ; « Les 10 % supplémentaires s'appliquent sur l'ensemble des rémunérations
    éligibles ... versées à date anniversaire (solde de l'année en cours, avance de l'année à venir ...) ».

    The run of 31/10/2022 orders the advance 75 % × 55 000 = 41 250 €. No list of year 1 by its anniversary
    (15/10/2023): the run of 31/12/2023 orders the settlement without the bonus, fixed balance (50 000 − 37 500)
    = 12 500 € and variable 50 000 €, and the year-2 advance 75 % × 55 000 = 41 250 €; 1 250 € + 5 000 € wait.
    The CPAM records the list received on 10/01/2024 (120 members in the register): the run of 31/01/2024 orders
    the two « majoration » lines, 1 250 € and 5 000 €. Year 1's fixed part is then 41 250 + 12 500 + 1 250 =
    55 000 €, its variable 50 000 + 5 000 = 55 000 €, as with a list on time.
    """
    contract = size4(world)
    run_payments(COMMAND, D(2022, 10, 31))
    assert ordered(contract)[(1, "pathways", "fixed", "advance")] == Decimal("41250.00")
    run_payments(COMMAND, D(2023, 12, 31))
    found = ordered(contract)
    assert found[(1, "pathways", "fixed", "balance")] == Decimal("12500.00")
    assert found[(1, "pathways", "variable", "balance")] == Decimal("50000.00")
    assert found[(2, "pathways", "fixed", "advance")] == Decimal("41250.00")
    assert not [key for key in found if key[3] == "size4_bonus"]
    pending = contract_statement(contract, D(2023, 12, 31)).schedule.pending
    assert sorted((p.part, p.maximum) for p in pending if p.contract_year == 1) == [
        ("fixed", Decimal("1250.00")),
        ("variable", Decimal("5000.00")),
    ]
    cpam = Actor(world.user("cpam"), world.organisation("cpam"))
    assert record_members_list(cpam, contract, 1, D(2024, 1, 10)).members == 120
    run_payments(COMMAND, D(2024, 1, 31))
    found = ordered(contract)
    assert found[(1, "pathways", "fixed", "size4_bonus")] == Decimal("1250.00")
    assert found[(1, "pathways", "variable", "size4_bonus")] == Decimal("5000.00")
    fixed = sum(v for (y, m, p, _), v in found.items() if (y, m, p) == (1, "pathways", "fixed"))
    variable = sum(v for (y, m, p, _), v in found.items() if (y, m, p) == (1, "pathways", "variable"))
    assert (fixed, variable) == (Decimal("55000.00"), Decimal("55000.00"))


def test_a_contract_signed_before_the_lists_were_followed_keeps_its_bonus(world: World) -> None:
    """MEMBERS_LIST_YEARLY applies to contracts whose lists are followed (from their signature); one recorded
    before keeps the bonus as SIZE4_BONUS_FROM_AMENDMENT alone says: balance 55 000 − 41 250 = 13 750 €,
    variable 55 000 €."""
    contract = size4(world, followed=False)
    run_payments(COMMAND, D(2023, 12, 31))
    found = ordered(contract)
    assert found[(1, "pathways", "fixed", "balance")] == Decimal("13750.00")
    assert found[(1, "pathways", "variable", "balance")] == Decimal("55000.00")
