"""Shared fixtures of the application tests (also used by the API and web permission matrices).

`world` holds two CPTS in different departments and regions, each with a
signed contract: "ours" in the Meuse (55, Grand Est) and "theirs" in the
Gironde (33, Nouvelle-Aquitaine), one organisation and one user per role for
each side, and the CNAM. `client_for(role)` returns a logged-in test client
acting for that role's organisation. Roles: see ROLES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from cpts.communities.models import Community
from cpts.contracts.models import Contract
from cpts.contracts.scenarios import found_cpts
from cpts.core.actors import Actor
from cpts.core.current import SESSION_KEY
from cpts.core.identifiers import with_luhn_key
from cpts.core.models import Organisation
from cpts.core.organisations import ars_for, cnam, cpam_for, ensure_user

# Role -> which organisation of the world it acts for.
ROLES = ("cpam", "ars", "cnam", "cpts", "other_cpam", "other_ars", "other_cpts")
PASSWORD = "Essai-mot-de-passe-1"  # satisfies the CNIL validator (cpts.core.passwords)
COMMAND = Actor.command("tests")

OUR_EPCI = "200033025"  # CA de Bar-le-Duc - Sud Meuse (55), 33 281 inhabitants in 2026: size 1
THEIR_COMMUNE = "33063"  # Bordeaux (33)


@dataclass
class World:
    organisations: dict[str, Organisation]
    users: dict[str, Any]
    community: Community
    other_community: Community
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def contract(self) -> Contract:
        return Contract.objects.get(community=self.community)

    @property
    def other_contract(self) -> Contract:
        return Contract.objects.get(community=self.other_community)

    def actor(self, role: str) -> Actor:
        return Actor(user=self.users[role], organisation=self.organisations[role])


def signed_community(name: str, department: str, seed: str, **territory: Any) -> Community:
    """A CPTS taken through letter, health project and signature in 2023 (avenant 2 in force)."""
    return found_cpts(
        COMMAND,
        name=name,
        department=department,
        siren=with_luhn_key(seed),
        letter_on=dt.date(2022, 10, 3),
        letter_validated_on=dt.date(2022, 11, 2),
        project_on=dt.date(2023, 1, 9),
        project_validated_on=dt.date(2023, 2, 1),
        signed_on=dt.date(2023, 3, 15),
        sas_from=dt.date(2023, 3, 15),
        **territory,
    )


@pytest.fixture
def world(db: Any) -> World:
    ours = signed_community("CPTS du Barrois", "55", "55100000", epci=[OUR_EPCI])
    theirs = signed_community("CPTS de Bordeaux Centre", "33", "33100000", communes=[THEIR_COMMUNE])
    organisations = {
        "cpam": cpam_for("55"),
        "ars": ars_for("44"),
        "cnam": cnam(),
        "cpts": ours.organisation,
        "other_cpam": cpam_for("33"),
        "other_ars": ars_for("75"),
        "other_cpts": theirs.organisation,
    }
    users = {role: ensure_user(f"agent-{role}", PASSWORD, organisation) for role, organisation in organisations.items()}
    return World(organisations, users, ours, theirs)


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A logged-in client acting for `role`'s organisation."""

    def make(role: str) -> Client:
        return logged_in(world.users[role], world.organisations[role])

    return make


def logged_in(user: Any, organisation: Organisation) -> Client:
    """A test client of `user`, acting for `organisation`."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return client
