"""Taking a CPTS through its lifecycle with the real services (demo data and test fixtures).

Each step runs only if its date is given, in the order of the texts: letter of
intent, its validation by the ARS, health project, its validation, contract
drafted and signed by the three parties (`sign_contract`), its dossier complete
on the day of signature unless told otherwise (002 annexe 1, art. 6.1). The public
organisations of the territory are created if missing.

A contract is signed only by a CPTS with members (002 annexe 1, art. 1): `members`
are the rows added before the contract; without them, a CPTS whose contract is
drafted or signed here (or `founders=True`) gets FOUNDERS founding professionals
who joined with its letter of intent (or its contract).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from cpts.communities import services as lifecycle
from cpts.communities.models import Community
from cpts.contracts import dossier
from cpts.contracts.models import Contract, Dossier
from cpts.contracts.services import draft_contract, sign_contract
from cpts.core.actors import Actor
from cpts.core.identifiers import with_luhn_key
from cpts.core.organisations import ars_for, cpam_for
from cpts.core.regions import region_of


def found_cpts(
    actor: Actor,
    *,
    name: str,
    department: str,
    siren: str = "",
    rna: str = "",
    communes: Sequence[str] = (),
    epci: Sequence[str] = (),
    letter_on: dt.date | None = None,
    letter_validated_on: dt.date | None = None,
    project_on: dt.date | None = None,
    project_validated_on: dt.date | None = None,
    drafted_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    sas_from: dt.date | None = None,
    orientation_service: bool = False,
    dossier_complete: bool = True,
    members: Sequence[dict[str, object]] | None = None,
    founders: bool | None = None,
    before_contract: Callable[[Community], None] | None = None,
) -> Community:
    cpam_for(department)
    ars_for(region_of(department))
    community = lifecycle.create_community(
        actor, name=name, department=department, address=f"1 place de la Mairie, {department}", siren=siren, rna=rna
    )
    if communes or epci:
        lifecycle.set_territory(actor, community, communes, epci)
    steps = [
        (letter_on, lambda on: lifecycle.submit_letter(actor, community, on)),
        (letter_validated_on, lambda on: lifecycle.validate_letter(actor, community, on)),
        (project_on, lambda on: lifecycle.submit_health_project(actor, community, on)),
        (project_validated_on, lambda on: lifecycle.validate_health_project(actor, community, on)),
    ]
    for on, step in steps:
        if on is not None:
            step(on)
    if members is None and (founders if founders is not None else bool(drafted_on or signed_on)):
        members = founding_members(community, letter_on or drafted_on or signed_on or dt.date.today())
    if members:
        lifecycle.add_members(actor, community, members)
    if before_contract is not None:  # e.g. the demo names the representatives who will sign
        before_contract(community)
    if drafted_on or signed_on:
        draft_contract(
            actor,
            community,
            today=drafted_on or signed_on,  # type: ignore[arg-type]
            sas_from=sas_from,
            orientation_service=orientation_service,
        )
    if signed_on is not None:
        contract = sign_contract(actor, Contract.objects.get(community=community, signed_on__isnull=True), signed_on)
        if dossier_complete:  # every piece of art. 1 handed in with the signature
            for piece, _ in Dossier.PIECES:
                dossier.receive_piece(actor, contract, piece, signed_on)
            dossier.declare_complete(actor, contract, signed_on)
    return community


FOUNDERS = 3
FOUNDER_PROFESSIONS = ("Médecin généraliste", "Infirmier", "Pharmacien")


def founding_members(community: Community, joined_on: dt.date) -> list[dict[str, object]]:
    """The founding professionals of a CPTS whose scenario names no members (RPPS numbers unique to it)."""
    return [
        {
            "kind": "professional",
            "name": f"Membre fondateur {number}",
            "profession": FOUNDER_PROFESSIONS[number - 1],
            "rpps": with_luhn_key(f"9{community.pk:07d}{number:02d}"),
            "joined_on": joined_on,
        }
        for number in range(1, FOUNDERS + 1)
    ]
