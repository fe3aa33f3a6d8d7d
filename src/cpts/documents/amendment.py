"""An amendment as a document (002 annexe 1, art. 7): what it changes, from when, and the annual amounts of
art. 5 before and after it, both read from the engine under the contract's terms of the day before and of the
day of its signature (`TermsTimeline`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.money import ZERO
from cpts.contracts.bridge import describe
from cpts.contracts.models import Amendment
from cpts.documents.contract import amounts_context
from cpts.documents.contract import reference as contract_reference
from cpts.documents.parties import parties_of, signatures_of
from cpts.documents.render import Document


@dataclass(frozen=True)
class Change:
    mission: str
    part: str
    before: Decimal | None
    after: Decimal | None


def changes_of(amendment: Amendment) -> list[str]:
    """The terms the amendment sets, in French (only the fields it changes are set)."""
    found = []
    if amendment.size is not None:
        found.append(f"taille de la communauté : {amendment.size}")
    if amendment.changes_sas:
        found.append(
            f"service d'accès aux soins (SAS) opérationnel depuis le {amendment.sas_from:%d/%m/%Y}"
            if amendment.sas_from
            else "service d'accès aux soins (SAS) : plus opérationnel"
        )
    if amendment.members is not None:
        found.append(f"membres de la communauté : {amendment.members} (décompte de 002 §5.1 à la signature)")
    if amendment.orientation_service is not None:
        organised = "organisé" if amendment.orientation_service else "non organisé"
        found.append(f"service d'orientation des demandes de soins non programmés : {organised}")
    if amendment.avenant_2:
        found.append("application de l'avenant n° 2 à l'accord conventionnel interprofessionnel (002 §2.3)")
    if amendment.covid_2021_actions is not None:
        found.append("actions de gestion de crise COVID-19 en 2021 (dérogation 002 §1.3)")
    if amendment.note:
        found.append(f"objet : {amendment.note}")
    return found


def amount_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    old = {(row.mission, row.part): row.amount for row in before["amount_rows"]}
    new = {(row.mission, row.part): row.amount for row in after["amount_rows"]}
    keys = list(dict.fromkeys([*new, *old]))
    return [Change(mission, part, old.get((mission, part)), new.get((mission, part))) for mission, part in keys]


def amendment_document(amendment: Amendment) -> Document:
    contract = amendment.contract
    description = describe(contract)
    missions = {mission.key for mission in contract.missions.all()}  # type: ignore[attr-defined]
    before = amounts_context(description, amendment.signed_on - dt.timedelta(days=1), missions)
    after = amounts_context(description, amendment.signed_on, missions)
    number = list(contract.amendments.order_by("signed_on", "id")).index(amendment) + 1  # type: ignore[attr-defined]
    return Document(
        "amendment",
        f"{contract_reference(contract)}-AV{number:02d}",
        f"Avenant n° {number} au contrat de la {contract.community.name}",
        "documents/amendment.html",
        {
            "contract": contract,
            "amendment": amendment,
            "number": number,
            "parties": parties_of(contract),
            "changes": changes_of(amendment),
            "amount_changes": amount_changes(before, after),
            "before": before,
            "after": after,
            "totals": (before["annual_total"], after["annual_total"], after["annual_total"] - before["annual_total"]),
            "signatures": signatures_of(contract),
            "signed_on": amendment.signed_on,
            "zero": ZERO,
        },
        author=f"{contract.cpam.name}, {contract.ars.name}, {contract.community.name}",
    )
