"""The three signatures of the contract (002 annexe 1, closing block « Pour le directeur de la CPAM », « Pour le
directeur de l'ARS », « Pour la communauté professionnelle »; rule SIGNATURES_THREE_PARTIES): each party signs for
itself, once; the contract takes effect on the date of the last signature; a CPTS without members or without its
territory cannot sign (002 annexe 1, art. 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from cpts.communities import services as cs
from cpts.communities.models import Member
from cpts.contracts import services as ks
from cpts.contracts.models import Contract, Signature
from cpts.contracts.scenarios import found_cpts
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.identifiers import with_luhn_key
from cpts.core.models import AuditEvent

from .conftest import COMMAND, World

D = dt.date
pytestmark = pytest.mark.django_db


def draft(**extra: object) -> Contract:
    """A CPTS of the world's Meuse, its health project validated on 01/02/2023, its contract drafted."""
    community = found_cpts(
        COMMAND, name="CPTS de l'Argonne", department="55", siren=with_luhn_key("55600000"), communes=["55545"],
        letter_on=D(2022, 10, 3), letter_validated_on=D(2022, 11, 2), project_on=D(2023, 1, 9),
        project_validated_on=D(2023, 2, 1), drafted_on=D(2023, 2, 2), **extra,
    )  # fmt: skip
    return Contract.objects.get(community=community)


def party_actor(world: World, contract: Contract, role: str):  # type: ignore[no-untyped-def]
    """A user of the contract's own CPAM, ARS or CPTS (the world's users stand for the Meuse's CPAM and ARS)."""
    from cpts.core.actors import Actor
    from cpts.core.organisations import ensure_user

    organisation = {"cpam": contract.cpam, "ars": contract.ars, "cpts": contract.community.organisation}[role]
    user = ensure_user(f"signataire-{role}", "Essai-mot-de-passe-1", organisation)
    return Actor(user=user, organisation=organisation)


def test_each_party_signs_for_itself_and_the_contract_takes_effect_on_the_last_signature(world: World) -> None:
    contract = draft()
    cpam, ars, cpts = (party_actor(world, contract, role) for role in ("cpam", "ars", "cpts"))
    ks.sign(cpts, contract, "cpts", D(2023, 3, 1), "Dr Anne Lefèvre", "présidente de l'association")
    ks.sign(ars, contract, "ars", D(2023, 3, 20), "M. Laurent Girard", "directeur général")
    contract.refresh_from_db()
    assert contract.signed_on is None  # two of three: still a draft
    ks.sign(cpam, contract, "cpam", D(2023, 3, 10), "Mme Hélène Roussel", "directrice")
    contract.refresh_from_db()
    assert contract.signed_on == D(2023, 3, 20)  # the latest of the three dates, whatever the order of recording
    assert contract.members_at_signature == 3  # the founding members on that date (002 §5.1)
    assert {m.key for m in contract.missions.all()} == {"access", "pathways", "prevention", "crisis"}
    signature = Signature.objects.get(contract=contract, party="cpam")
    assert (signature.signer_name, signature.signer_capacity, signature.signed_on) == (
        "Mme Hélène Roussel", "directrice", D(2023, 3, 10))  # fmt: skip
    assert signature.recorded_by == cpam.user and "signataire-cpam" in signature.recorded_by_name
    history = AuditEvent.objects.filter(scope=f"contracts.contract:{contract.pk}")
    actions = list(history.values_list("action", flat=True))
    assert "signer le contrat pour la CPAM" in actions and "contrat signé par les trois parties" in actions


def test_a_party_signs_once_and_never_for_another(world: World) -> None:
    contract = draft()
    cpts = party_actor(world, contract, "cpts")
    with pytest.raises(TransitionRefused, match="ne signe le contrat que pour elle-même"):
        ks.sign(cpts, contract, "cpam", D(2023, 3, 1), "Dr Anne Lefèvre", "présidente")
    ks.sign(cpts, contract, "cpts", D(2023, 3, 1), "Dr Anne Lefèvre", "présidente")
    with pytest.raises(TransitionRefused, match="La CPTS a déjà signé le contrat le 01/03/2023"):
        ks.sign(cpts, contract, "cpts", D(2023, 3, 2), "Dr Anne Lefèvre", "présidente")
    with pytest.raises(NotAllowed):  # not a party: another department's CPAM
        ks.sign(world.actor("other_cpam"), contract, "cpam", D(2023, 3, 2), "M. X", "directeur")
    with pytest.raises(TransitionRefused, match="nom du signataire"):
        ks.sign(party_actor(world, contract, "ars"), contract, "ars", D(2023, 3, 2), " ", "directeur")
    assert Signature.objects.filter(contract=contract).count() == 1


def test_no_signature_without_members_checked_at_each_signature(world: World) -> None:
    contract = draft(founders=False)
    with pytest.raises(TransitionRefused, match="la CPTS n'a aucun membre le 01/03/2023"):
        ks.sign(COMMAND, contract, "cpam", D(2023, 3, 1))
    cs.add_member(COMMAND, contract.community, kind="health_centre", name="Centre de santé", joined_on=D(2023, 2, 1))
    ks.sign(COMMAND, contract, "cpam", D(2023, 3, 1))
    Member.objects.filter(community=contract.community).update(left_on=D(2023, 3, 5))
    with pytest.raises(TransitionRefused, match="aucun membre le 10/03/2023"):
        ks.sign(COMMAND, contract, "ars", D(2023, 3, 10))
    contract.refresh_from_db()
    assert contract.signed_on is None


def test_no_signature_without_the_territory(world: World) -> None:
    contract = draft()
    type(contract.community).objects.filter(pk=contract.community_id).update(territory=None)
    contract.refresh_from_db()
    with pytest.raises(TransitionRefused, match="n'a pas de territoire"):
        ks.sign(COMMAND, contract, "ars", D(2023, 3, 1))


def test_commands_record_the_three_signatures_in_the_name_of_the_named_representatives(world: World) -> None:
    """`sign_contract`: how the demo data and the tests sign; each party's representative is the signer."""
    from cpts.core.organisations import name_representative

    contract = draft()
    name_representative(COMMAND, contract.cpam, "Mme Hélène Roussel", "directrice")
    signed = ks.sign_contract(COMMAND, contract, D(2023, 4, 3))
    assert signed.signed_on == D(2023, 4, 3)
    assert [s.party for s in signed.signatures.order_by("id")] == ["cpam", "ars", "cpts"]  # type: ignore[attr-defined]
    assert signed.signatures.get(party="cpam").signed_by == "Mme Hélène Roussel, directrice"  # type: ignore[attr-defined]
    with pytest.raises(TransitionRefused, match="déjà signé"):
        ks.sign_contract(COMMAND, contract, D(2023, 4, 4))
