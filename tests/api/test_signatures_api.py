"""The per-party signature through the API (rule SIGNATURES_THREE_PARTIES): each organisation signs for itself, by
the representative it names or the one given; the contract takes effect on the last of the three signatures."""

from __future__ import annotations

import datetime as dt

from tests.api.test_api import as_role, post

from cpts.api.testing import World
from cpts.communities import services as lifecycle
from cpts.communities.models import Member
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.organisations import name_representative

COMMAND = Actor.command("tests")


def draft(world: World, members: bool = True) -> Contract:
    lifecycle.set_territory(COMMAND, world.home, ["75056"], [])
    if members:
        Member.objects.create(community=world.home, kind="health_centre", name="Centre", joined_on=dt.date(2022, 1, 1))
    return Contract.objects.create(community=world.home, cpam=world.signed.cpam, ars=world.signed.ars, size=2)


def test_the_three_parties_sign_through_the_api(world: World) -> None:
    contract = draft(world)
    url = f"/api/contracts/{contract.pk}/signature"
    name_representative(COMMAND, world.organisation("ars"), "M. Laurent Girard", "directeur général")
    first = post(as_role(world, "ars"), url, {"on": "2024-03-01"})
    assert first.status_code == 200, first.json()
    assert first.json()["signed_on"] is None
    [ars] = first.json()["signatures"]
    assert (ars["party"], ars["signer_name"], ars["signer_capacity"], ars["signed_on"]) == (
        "ars", "M. Laurent Girard", "directeur général", "2024-03-01")  # fmt: skip
    again = post(as_role(world, "ars"), url, {"on": "2024-03-02"})
    assert again.status_code == 409 and "L'ARS a déjà signé le contrat le 01/03/2024" in again.json()["detail"]
    post(
        as_role(world, "cpts"),
        url,
        {"on": "2024-03-12", "signer_name": "Dr Anne Lefèvre", "signer_capacity": "présidente"},
    )
    last = post(
        as_role(world, "cpam"),
        url,
        {"on": "2024-03-05", "signer_name": "Mme Hélène Roussel", "signer_capacity": "directrice"},
    )
    assert last.status_code == 200
    assert last.json()["signed_on"] == "2024-03-12"  # the latest of the three dates
    assert {s["party"] for s in last.json()["signatures"]} == {"cpam", "ars", "cpts"}


def test_a_signature_without_a_named_signer_or_without_members_is_refused(world: World) -> None:
    contract = draft(world, members=False)
    url = f"/api/contracts/{contract.pk}/signature"
    nobody = post(as_role(world, "cpam"), url, {"on": "2024-03-01"})
    assert nobody.status_code == 409 and "aucun membre" in nobody.json()["detail"]
    Member.objects.create(community=world.home, kind="health_centre", name="Centre", joined_on=dt.date(2022, 1, 1))
    unnamed = post(as_role(world, "cpam"), url, {"on": "2024-03-01"})
    assert unnamed.status_code == 409 and "nom du signataire" in unnamed.json()["detail"]
    outside = post(as_role(world, "cnam"), url, {"on": "2024-03-01", "signer_name": "X"})
    assert outside.status_code == 403
