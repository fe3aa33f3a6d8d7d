"""A small world for the payments, API and permission-matrix tests: two territories, every role.

Territory "home" (Paris, 75, Île-de-France) holds CPTS Paris 20 with a signed
contract (its CPAM, ARS and coordinator are the main roles); territory "away"
(Rhône, 69) holds CPTS Lyon 8 with its own contract, CPAM, ARS and coordinator,
so that an "away" role reaching a "home" object by id gets a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from cpts.communities.models import Community, HealthProject, LetterOfIntent
from cpts.contracts.models import Contract, Mission, Signature
from cpts.core.models import Membership, Organisation
from cpts.core.regions import region_of

ROLES = ("cpam", "ars", "cnam", "cpts", "other_cpam", "other_ars", "other_cpts")
SIGNED_ON = dt.date(2023, 1, 15)


@dataclass
class World:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    community: Community | None = None
    contract: Contract | None = None
    other_community: Community | None = None
    other_contract: Contract | None = None
    project: Community | None = None  # a CPTS whose letter of intent awaits the ARS

    def user(self, role: str) -> User:
        return self.users[role]

    def organisation(self, role: str) -> Organisation:
        return self.organisations[role]

    @property
    def home(self) -> Community:
        assert self.community is not None
        return self.community

    @property
    def signed(self) -> Contract:
        assert self.contract is not None
        return self.contract


def community(organisation: Organisation, department: str, rna: str) -> Community:
    created = Community.objects.create(
        organisation=organisation,
        name=organisation.name,
        rna=rna,
        address="1 place de la Mairie",
        department=department,
    )
    HealthProject.objects.create(community=created, submitted_on=dt.date(2022, 9, 1), validated_on=dt.date(2022, 10, 1))
    LetterOfIntent.objects.create(community=created, submitted_on=dt.date(2022, 6, 1), validated_on=dt.date(2022, 7, 1))
    return created


def signed_contract(community: Community, cpam: Organisation, ars: Organisation, size: int = 2) -> Contract:
    contract = Contract.objects.create(
        community=community, cpam=cpam, ars=ars, signed_on=SIGNED_ON, size=size, sas_from=SIGNED_ON
    )
    for key in ("access", "pathways", "prevention", "crisis"):
        Mission.objects.create(contract=contract, key=key, started_on=dt.date(2023, 3, 1))
    for party in Signature.ORDER:  # the three parties signed on the same day (rule SIGNATURES_THREE_PARTIES)
        Signature.objects.create(contract=contract, party=party, signed_on=SIGNED_ON, recorded_by_name="tests")
    return contract


def member(role: str, organisation: Organisation, **extra: Any) -> User:
    user = User.objects.create_user(f"{role}-user", **extra)  # no password: tests log in with force_login
    Membership.objects.create(user=user, organisation=organisation)
    return user


def build_world() -> World:
    world = World()
    orgs = world.organisations
    orgs["cpam"] = Organisation.objects.create(kind="cpam", name="CPAM de Paris", department="75")
    orgs["ars"] = Organisation.objects.create(kind="ars", name="ARS Île-de-France", region=region_of("75"))
    orgs["cnam"] = Organisation.objects.create(kind="cnam", name="CNAM")
    orgs["cpts"] = Organisation.objects.create(kind="cpts", name="CPTS Paris 20")
    orgs["other_cpam"] = Organisation.objects.create(kind="cpam", name="CPAM du Rhône", department="69")
    orgs["other_ars"] = Organisation.objects.create(kind="ars", name="ARS Auvergne-Rhône-Alpes", region=region_of("69"))
    orgs["other_cpts"] = Organisation.objects.create(kind="cpts", name="CPTS Lyon 8")
    project = Organisation.objects.create(kind="cpts", name="CPTS Paris 12 (en projet)")
    world.community = community(orgs["cpts"], "75", "W751000001")
    world.contract = signed_contract(world.community, orgs["cpam"], orgs["ars"])
    world.other_community = community(orgs["other_cpts"], "69", "W691000001")
    world.other_contract = signed_contract(world.other_community, orgs["other_cpam"], orgs["other_ars"], size=3)
    world.project = Community.objects.create(
        organisation=project, name=project.name, rna="W751000002", address="2 rue de Picpus", department="75"
    )
    LetterOfIntent.objects.create(community=world.project, submitted_on=dt.date(2024, 1, 10), declared_size=1)
    for role in ROLES:
        world.users[role] = member(role, orgs[role])
    return world
