"""Who sees and does what (docs/permissions.md), per role, on our CPTS and on another one."""

from __future__ import annotations

import datetime as dt

import pytest

from cpts.communities import services as cs
from cpts.communities.models import Community, Member
from cpts.communities.permissions import can_create_community
from cpts.contracts import services as ks
from cpts.contracts.models import Contract, Mission
from cpts.core.errors import NotAllowed

from .conftest import ROLES

pytestmark = pytest.mark.django_db

# role -> sees our CPTS?   (CPAM: its department; ARS: its region; CNAM: all; CPTS: itself)
SEES_OURS = {"cpam": True, "ars": True, "cnam": True, "cpts": True,
             "other_cpam": False, "other_ars": False, "other_cpts": False}  # fmt: skip

# action -> roles allowed on OUR objects (everything else is refused)
ALLOWED = {
    "can_view": {"cpam", "ars", "cnam", "cpts"},
    "can_edit": {"cpam", "ars", "cpts"},
    "can_submit": {"ars", "cpts"},
    "can_validate_letter": {"ars"},
    "can_validate_health_project": {"ars"},
    "can_declare_members": {"cpts"},
    "can_sign_early_contract": {"cpam", "cpts"},
}
CONTRACT_ALLOWED = {
    "can_view": {"cpam", "ars", "cnam", "cpts"},
    "can_sign": {"cpam", "ars", "cpts"},
    "can_amend": {"cpam", "ars", "cpts"},
    "can_record_mission": {"cpam", "ars", "cpts"},
    "can_terminate": {"cpam", "ars", "cpts"},
    "can_validate_attainment": {"cpam", "ars"},
    "can_record_payment": {"cpam"},
}


@pytest.mark.parametrize("role", ROLES)
def test_visible_to_per_role(world, role):
    organisation = world.organisations[role]
    visible = set(Community.objects.visible_to(organisation))
    assert (world.community in visible) is SEES_OURS[role]
    mirrored = role.replace("other_", "") if role.startswith("other_") else f"other_{role}"
    assert (world.other_community in visible) is (role == "cnam" or SEES_OURS.get(mirrored, False))
    contracts = set(Contract.objects.visible_to(organisation))
    assert (world.contract in contracts) is SEES_OURS[role]
    missions = Mission.objects.visible_to(organisation).filter(contract=world.contract)
    assert missions.exists() is SEES_OURS[role]


def test_nobody_sees_anything_without_an_organisation(world):
    assert not Community.objects.visible_to(None).exists()
    assert not Contract.objects.visible_to(None).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_community_rights(world, role, action):
    organisation = world.organisations[role]
    assert getattr(world.community, action)(organisation) is (role in ALLOWED[action])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(CONTRACT_ALLOWED))
def test_contract_rights(world, role, action):
    organisation = world.organisations[role]
    assert getattr(world.contract, action)(organisation) is (role in CONTRACT_ALLOWED[action])
    mission = world.contract.missions.first()
    if hasattr(mission, action):
        assert getattr(mission, action)(organisation) is (getattr(world.contract, action)(organisation))


@pytest.mark.parametrize("role", ROLES)
def test_create_community_only_for_the_territorial_agents(world, role):
    assert can_create_community(world.organisations[role], "55") is (role in {"cpam", "ars"})


@pytest.mark.parametrize("role", [r for r in ROLES if r != "ars"])
def test_services_refuse_a_letter_validation_by_anyone_but_the_ars(world, role):
    community = world.community
    with pytest.raises(NotAllowed, match="Seule l'ARS de la région"):
        cs.validate_letter(world.actor(role), community, dt.date(2024, 1, 1))


@pytest.mark.parametrize("role", [r for r in ROLES if r != "cpts"])
def test_only_the_cpts_declares_its_members(world, role):
    with pytest.raises(NotAllowed, match="Seule la CPTS"):
        cs.add_member(world.actor(role), world.community, kind="other", name="X", joined_on=dt.date(2024, 1, 1))
    assert not Member.objects.filter(name="X").exists()


def test_a_party_terminates_only_on_its_own_initiative(world):
    with pytest.raises(Exception, match="sa propre initiative"):
        ks.terminate(world.actor("cpam"), world.contract, dt.date(2024, 1, 10), "cpts")
    termination = ks.terminate(world.actor("cpam"), world.contract, dt.date(2024, 1, 10), "cpam")
    assert termination.initiator == "cpam"
