"""The tripartite contract as a document, following the contrat type (002 annexe 1, art. 1 to 8).

Every amount is the engine's: the annual amounts of art. 5 are `annual_envelopes` under the contract's
terms on its signature (`TermsTimeline`), the calendar of art. 3 is the schedule's deadlines, the
payments of art. 6 are the schedule's first-year lines (`contract_schedule`). Nothing is recomputed here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.contract import ContractDescription
from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.deadlines import CORE_MISSIONS
from cpts.accord.envelopes import MISSION_LABELS, Envelopes, Terms, annual_envelopes, size4_bonus_rate
from cpts.accord.errors import AccordError
from cpts.accord.money import ZERO
from cpts.accord.schedule import Schedule
from cpts.contracts.bridge import describe
from cpts.contracts.models import Contract
from cpts.documents.parties import parties_of, recorded_signatures, signatures_of
from cpts.documents.render import Document
from cpts.geo import load
from cpts.geo.errors import UnknownCode, UnknownVintage
from cpts.payments.schedules import schedule_for


@dataclass(frozen=True)
class AmountRow:
    mission: str
    part: str
    amount: Decimal


@dataclass(frozen=True)
class MissionRow:
    key: str
    label: str
    core: bool
    started_on: Any
    deployed_on: Any
    start_due: Any
    deployment_due: Any


def reference(contract: Contract) -> str:
    return f"CTR-{contract.pk:06d}"


def territory_of(contract: Contract) -> dict[str, Any] | None:
    """Communes (code, name, population) of the stored territory snapshot, with its vintage and size."""
    territory = contract.community.territory
    if territory is None:
        return None
    try:
        data = load(territory.vintage)
    except UnknownVintage:
        data = load()
    communes = []
    for code in territory.communes:
        try:
            place = data.unit(code)
            communes.append((code, place.name, place.population))
        except UnknownCode:
            communes.append((code, "", None))
    return {"territory": territory, "communes": communes}


def amount_rows(envelopes: Envelopes, missions: set[str], update: Envelopes | None) -> list[AmountRow]:
    """Art. 5 table: the parts of the contract's missions, in the order of the tables; the crisis plan's
    yearly update (`update`, terms of a later year) after its first drafting."""
    rows = [AmountRow(line.mission, line.part, line.amount) for line in envelopes.lines if line.mission in missions]
    if update is not None and "crisis" in missions:
        fixed = update.by_mission().get("crisis", {}).get("fixed")
        if fixed is not None:
            index = next(i for i, row in enumerate(rows) if row.mission == "crisis" and row.part == "fixed") + 1
            rows.insert(index, AmountRow("crisis", "fixed_update", fixed))
    return rows


def mission_rows(contract: Contract, schedule: Schedule) -> list[MissionRow]:
    due: dict[tuple[str, str], Any] = {(d.mission, d.kind): d.due_on for d in schedule.deadlines}
    rows = []
    for mission in contract.missions.all():  # type: ignore[attr-defined]
        rows.append(
            MissionRow(
                mission.key,
                MISSION_LABELS[mission.key],
                mission.key in CORE_MISSIONS,
                mission.started_on,
                mission.deployed_on,
                due.get((mission.key, "start")) or mission.planned_start_on,
                due.get((mission.key, "deployment")) or mission.planned_deployed_on,
            )
        )
    return rows


def indicators_of(contract: Contract) -> list[Any]:
    """The indicators of art. 4.2.2.2 set for this contract, with their objectives by contract year."""
    return list(contract.indicators.prefetch_related("objectives").order_by("mission", "id"))  # type: ignore[attr-defined]


def terms_at(description: ContractDescription, on: Any) -> tuple[Terms, Envelopes, Envelopes | None]:
    """The terms in force on a date and the annual amounts under them (with the crisis plan's update year)."""
    terms = TermsTimeline(description).on(on)
    envelopes = annual_envelopes(terms, description.signed_on)
    update = annual_envelopes(dataclasses.replace(terms, crisis_year="later")) if terms.avenant_2 else None
    return terms, envelopes, update


def amounts_context(description: ContractDescription, on: Any, missions: set[str]) -> dict[str, Any]:
    terms, envelopes, update = terms_at(description, on)
    rows = amount_rows(envelopes, {"operating", *missions}, update)
    return {
        "terms": terms,
        "amount_rows": rows,
        "annual_total": sum((row.amount for row in rows if row.part != "fixed_update"), ZERO),
        "one_off": envelopes.one_off,
        "bonus_rate": size4_bonus_rate(terms),
    }


def first_year(schedule: Schedule) -> dict[str, Any]:
    """Art. 6 for this contract: the lines of its first year, their total, and the year's span."""
    lines = [payment for payment in schedule.payments if payment.contract_year == 1]
    pending = [item for item in schedule.pending if item.contract_year == 1]
    return {
        "year": schedule.years[0] if schedule.years else None,
        "lines": lines,
        "total": sum((line.amount for line in lines), ZERO),
        "pending": pending,
    }


def contract_context(contract: Contract) -> dict[str, Any]:
    description = describe(contract)
    schedule = schedule_for(description)
    missions = mission_rows(contract, schedule)
    return {
        "contract": contract,
        "community": contract.community,
        "parties": parties_of(contract),
        "territory": territory_of(contract),
        "missions": missions,
        **amounts_context(description, contract.signed_on, {row.key for row in missions}),
        "indicators": indicators_of(contract),
        "first_year": first_year(schedule),
        "ends_on": schedule.years[-1].end if schedule.years else None,
        "signatures": signatures_of(contract, recorded=recorded_signatures(contract)),
        "signed_on": contract.signed_on,
        "amendments": list(contract.amendments.all()),  # type: ignore[attr-defined]
        "termination": getattr(contract, "termination", None),
        "schedule": schedule,
    }


def contract_document(contract: Contract) -> Document:
    if contract.signed_on is None:
        raise AccordError(f"le contrat de {contract.community} n'est pas signé : pas de document de contrat")
    return Document(
        "contract",
        reference(contract),
        f"Contrat tripartite de la {contract.community.name}",
        "documents/contract.html",
        contract_context(contract),
        author=f"{contract.cpam.name}, {contract.ars.name}, {contract.community.name}",
    )
