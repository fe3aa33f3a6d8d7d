"""What every document says about the parties and the territory (002 annexe 1, « Il est conclu entre »)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cpts.communities.models import Community
from cpts.core.models import Organisation
from cpts.geo import load

# 003 « Gouvernance »: a CPTS is constituted as an association loi 1901 (the application stores no other form).
LEGAL_FORM = "association régie par la loi du 1er juillet 1901"


@dataclass(frozen=True)
class Party:
    role: str  # "cpts" | "cpam" | "ars"
    name: str
    lines: tuple[str, ...]  # identifiers and address, one fact a line
    # « représenté(e) par … » (002 annexe 1, « Il est conclu entre »): name and capacity as the organisation
    # named them (`Organisation.represented_by`); "" prints a blank line to fill in by hand.
    representative: str = ""


def cpts_party(community: Community) -> Party:
    lines = [f"Forme juridique : {LEGAL_FORM}"]
    lines += [f"{label} : {value}" for label, value in identifiers(community) if value]
    lines.append(f"Adresse : {community.address}")
    return Party("cpts", community.name, tuple(lines), community.organisation.represented_by)


def identifiers(community: Community) -> tuple[tuple[str, str], ...]:
    return (("N° FINESS", community.finess), ("SIREN", community.siren), ("N° RNA", community.rna))


def agency_party(organisation: Organisation) -> Party:
    if organisation.kind == Organisation.Kind.CPAM:
        where = f"Département : {load().department_name(organisation.department)} ({organisation.department})"
    else:
        where = f"Région : {load().region_name(organisation.region)} ({organisation.region})"
    return Party(organisation.kind, organisation.name, (where,), organisation.represented_by)


def parties_of(contract: Any) -> list[Party]:
    """The CPAM and the ARS (« d'une part »), then the CPTS (« d'autre part »)."""
    return [agency_party(contract.cpam), agency_party(contract.ars), cpts_party(contract.community)]


@dataclass(frozen=True)
class Signature:
    """One party's signature block: blank lines until a signature is recorded for it."""

    title: str
    name: str = ""
    signed_on: dt.date | None = None
    capacity: str = ""


def signature_titles(contract: Any) -> list[tuple[str, str]]:
    """« Pour le directeur de … » of the contrat type's closing block (002 annexe 1, after art. 8.3)."""
    community = contract.community
    registered = ", ".join(f"{label} {value}" for label, value in identifiers(community) if value)
    return [
        ("cpam", f"Pour le directeur de la {contract.cpam.name}"),
        ("ars", f"Pour le directeur de l'{contract.ars.name}"),
        ("cpts", f"Pour la communauté professionnelle territoriale de santé : {community.name} ({registered})"),
    ]


def signatures_of(
    contract: Any, parties: tuple[str, ...] = ("cpam", "ars", "cpts"), recorded: dict[str, Any] | None = None
) -> list[tuple[str, Signature]]:
    """The signature blocks of `parties`, filled with the signatures `recorded` by party (the contract's own,
    `cpts.contracts.models.Signature`: rule SIGNATURES_THREE_PARTIES); a party without one keeps blank lines (an
    amendment, a letter, a decision: their signatures are not recorded in the application)."""
    recorded = recorded or {}
    blocks = []
    for role, title in signature_titles(contract):
        if role in parties:
            signed = recorded.get(role)
            if signed is None:
                blocks.append((role, Signature(title)))
            else:
                blocks.append((role, Signature(title, signed.signer_name, signed.signed_on, signed.signer_capacity)))
    return blocks


def recorded_signatures(contract: Any) -> dict[str, Any]:
    """The contract's signatures by party."""
    return {signature.party: signature for signature in contract.signatures.all()}
