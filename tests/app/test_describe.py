"""describe(contract): the one bridge from the stored contract to the engine's ContractDescription."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cpts.accord import contract as engine
from cpts.accord.errors import AccordError
from cpts.accord.schedule import compute_schedule
from cpts.communities import services as cs
from cpts.contracts import services as ks
from cpts.contracts.bridge import describe
from cpts.contracts.scenarios import FOUNDERS, found_cpts
from cpts.core.identifiers import with_luhn_key

from .conftest import COMMAND

D = dt.date
pytestmark = pytest.mark.django_db


def test_describe_carries_every_stored_fact(world):
    contract = world.contract
    cs.add_member(COMMAND, world.community, kind="msp", name="MSP", professionals=7, joined_on=D(2023, 5, 1))
    ks.start_mission(COMMAND, contract, "access", D(2023, 4, 1))
    ks.start_access_action(COMMAND, contract, "mt", D(2023, 4, 2))
    ks.deploy_mission(COMMAND, contract, "access", D(2024, 3, 1))
    ks.plan_optional_mission(COMMAND, contract, "quality", D(2024, 1, 1), D(2025, 1, 1))
    ks.amend(COMMAND, contract, D(2024, 1, 15), size=2, update_members=True, covid_2021_actions=False)
    ks.set_attainment(COMMAND, contract, 1, "access", Decimal("0.8"), D(2024, 4, 1))
    ks.terminate(COMMAND, contract, D(2025, 2, 1), "cpts")
    contract.refresh_from_db()

    description = describe(contract)

    assert description.signed_on == D(2023, 3, 15) and description.size == 1
    assert description.sas_from == D(2023, 3, 15) and description.members == FOUNDERS  # the members at signature
    assert description.missions["access"] == engine.MissionDates(
        started_on=D(2023, 4, 1), deployed_on=D(2024, 3, 1), mt_started_on=D(2023, 4, 2)
    )
    assert description.missions["quality"] == engine.MissionDates(
        planned_start_on=D(2024, 1, 1), planned_deployed_on=D(2025, 1, 1)
    )
    assert description.amendments == (engine.Amendment(signed_on=D(2024, 1, 15), size=2, members=FOUNDERS + 7),)
    assert description.attainment == {(1, "access"): Decimal("0.8000")}
    assert description.termination == engine.Termination(notified_on=D(2025, 2, 1), by="cpts")
    assert description.early_mission_contract is None
    assert compute_schedule(description).payments  # the engine accepts it


def test_describe_refuses_an_unsigned_contract(world):
    community = found_cpts(
        COMMAND, name="CPTS en projet", department="55", siren=with_luhn_key("55300000"), communes=["55545"],
        letter_on=D(2022, 10, 3), letter_validated_on=D(2022, 11, 2), project_on=D(2023, 1, 9),
        project_validated_on=D(2023, 2, 1), drafted_on=D(2023, 2, 2),
    )  # fmt: skip
    with pytest.raises(AccordError, match="n'est pas signé"):
        describe(community.contracts.get())


def test_describe_includes_the_early_mission_contract_and_commission_decision():
    community = found_cpts(
        COMMAND, name="CPTS précoce", department="55", siren=with_luhn_key("55400000"), communes=["55545"],
        letter_on=D(2022, 10, 3), letter_validated_on=D(2022, 10, 20), founders=True,
    )  # fmt: skip
    cs.sign_early_mission_contract(COMMAND, community, D(2022, 11, 1), ["access"])
    cs.submit_health_project(COMMAND, community, D(2023, 1, 9))
    cs.validate_health_project(COMMAND, community, D(2023, 2, 1))
    contract = ks.draft_contract(COMMAND, community, today=D(2023, 2, 2))
    ks.sign_contract(COMMAND, contract, D(2023, 6, 1))
    ks.terminate(COMMAND, contract, D(2024, 5, 10), "ars")
    ks.refer_to_commission(COMMAND, contract, D(2024, 5, 20))
    ks.record_commission_decision(COMMAND, contract, D(2024, 10, 1), upheld=True)

    description = describe(contract)

    assert description.early_mission_contract == engine.EarlyMissionContract(
        signed_on=D(2022, 11, 1),
        size=community.territory.size,
        started_missions=("access",),
        aci_signed_on=D(2023, 6, 1),
    )
    assert description.termination == engine.Termination(
        notified_on=D(2024, 5, 10), by="ars", effective_on=D(2024, 10, 1), referred_to_commission=True
    )
