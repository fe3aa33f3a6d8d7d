"""Two CPTS of Corrèze and one of the Rhône, each with a signed contract, their CPAM and ARS.

The first contract is the one of WORKED-EXAMPLE.md (size 2, signed 2023-03-01,
crisis mission started 2023-06-01).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from cpts.communities.models import Community, Member
from cpts.contracts.models import Contract, Mission
from cpts.core.actors import Actor
from cpts.core.models import Organisation
from cpts.core.regions import region_of
from cpts.territories.models import Territory

SIGNED = dt.date(2023, 3, 1)
STARTED = dt.date(2023, 6, 1)


@dataclass
class Site:
    contract: Contract
    cpts: Actor
    ars: Actor
    cpam: Actor


def _contract(name: str, department: str, communes: list[str], cpam: Organisation, ars: Organisation) -> Contract:
    organisation = Organisation.objects.create(kind="cpts", name=name)
    territory = Territory.objects.create(
        communes=communes,
        departments=[department],
        regions=[region_of(department)],
        population=55000,
        size=2,
        vintage="test",
    )
    community = Community.objects.create(
        organisation=organisation,
        name=name,
        rna="W191234567",
        address="1 place de la Mairie",
        department=department,
        territory=territory,
    )
    contract = Contract.objects.create(community=community, cpam=cpam, ars=ars, signed_on=SIGNED, size=2)
    Mission.objects.create(contract=contract, key="crisis", started_on=STARTED)
    return contract


@pytest.fixture
def organisations(db: None) -> dict[str, Organisation]:
    return {
        "cpam19": Organisation.objects.create(kind="cpam", name="CPAM de la Corrèze", department="19"),
        "ars19": Organisation.objects.create(kind="ars", name="ARS Nouvelle-Aquitaine", region=region_of("19")),
        "cpam69": Organisation.objects.create(kind="cpam", name="CPAM du Rhône", department="69"),
        "ars69": Organisation.objects.create(kind="ars", name="ARS Auvergne-Rhône-Alpes", region=region_of("69")),
    }


def _site(contract: Contract, ars: Organisation, cpam: Organisation) -> Site:
    return Site(
        contract, Actor(organisation=contract.community.organisation), Actor(organisation=ars), Actor(organisation=cpam)
    )


@pytest.fixture
def plateau(organisations: dict[str, Organisation]) -> Site:
    """CPTS du plateau (Corrèze), with three members, one of whom left."""
    o = organisations
    contract = _contract("CPTS du plateau", "19", ["19031", "19275"], o["cpam19"], o["ars19"])
    joined = {"community": contract.community, "joined_on": dt.date(2022, 1, 1)}
    doctor = {"kind": "professional", "name": "Dr Anne Martin", "profession": "médecin", "rpps": "10001234567"}
    nurse = {"kind": "professional", "name": "Paul Durand", "profession": "infirmier", "rpps": "10007654321"}
    Member.objects.create(**joined, **doctor)
    Member.objects.create(**joined, kind="msp", name="MSP des Monédières", professionals=8)
    Member.objects.create(**joined, **nurse, left_on=dt.date(2023, 5, 1))
    return _site(contract, o["ars19"], o["cpam19"])


@pytest.fixture
def vallee(organisations: dict[str, Organisation]) -> Site:
    """Another CPTS of Corrèze, which will have no plan."""
    o = organisations
    return _site(_contract("CPTS de la vallée", "19", ["19272"], o["cpam19"], o["ars19"]), o["ars19"], o["cpam19"])


@pytest.fixture
def lyon(organisations: dict[str, Organisation]) -> Site:
    """A CPTS of the Rhône, outside a crisis declared over Corrèze."""
    o = organisations
    return _site(_contract("CPTS de Lyon 8", "69", ["69388"], o["cpam69"], o["ars69"]), o["ars69"], o["cpam69"])
