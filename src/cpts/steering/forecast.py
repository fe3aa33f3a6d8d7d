"""The budget projection of the caller's scope (docs/steering.md, « Projection budgétaire »).

Reads what the pure projection (`cpts.steering.projection`) needs from the database, for the
contracts and CPTS in scope (`cpts.steering.scope`): the stored engine lines and pending parts,
the signed contracts with what a follow-on contract would take, the CPTS in the pipeline with
their expected signing date, and the validated attainment rates. The page, `cpts projection`
and `/api/projection` all call `forecast`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Any

from cpts.contracts.bridge import describe_many
from cpts.contracts.lifecycle import stages, terminated_on
from cpts.contracts.models import Attainment, Contract
from cpts.core.models import Organisation
from cpts.steering import scope
from cpts.steering.models import PendingPart, ScheduleLine, StoredDeadline
from cpts.steering.projection import Known, Prospect, Running, Scenario, project
from cpts.steering.scope import Filters

# The stages of the pipeline: a letter of intent or a health project, not yet signed (003, « Gouvernance »).
LETTER_STAGES = ("letter_submitted", "letter_validated", "early_mission")
PROJECT_STAGES = ("project_submitted", "project_validated", "contract_draft")


def known_cells(contracts: list[Contract], scenario: Scenario) -> list[Known]:
    ids = [contract.pk for contract in contracts]
    years = (scenario.from_year, scenario.last_year)
    cells = [
        Known(contract, year, mission, part, amount)
        for contract, year, mission, part, amount in ScheduleLine.objects.filter(
            contract_id__in=ids, year__range=years
        ).values_list("contract_id", "year", "mission", "part", "amount")
    ]
    cells += [
        Known(contract, settles_on.year, mission, part, maximum, pending=True)
        for contract, settles_on, mission, part, maximum in PendingPart.objects.filter(
            contract_id__in=ids, settles_on__year__range=years
        ).values_list("contract_id", "settles_on", "mission", "part", "maximum")
    ]
    return cells


def running_contracts(contracts: list[Contract], on: dt.date) -> list[Running]:
    """Every signed contract with a stored schedule; the latest of its CPTS, in force on `on` and not terminated,
    is renewable, with its started missions, members and orientation service, its description and its start
    deadlines (what the scenario's hypotheses change)."""
    latest: dict[int, Contract] = {}
    for contract in contracts:
        if contract.stored.refused:
            continue
        current = latest.get(contract.community_id)
        if current is None or contract.signed_on > current.signed_on:
            latest[contract.community_id] = contract
    renewable = [
        contract for contract in latest.values()
        if contract.stored.starts_on <= on < contract.stored.ends_on and terminated_on(contract) is None
    ]  # fmt: skip
    deadlines: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    rows = StoredDeadline.objects.filter(contract__in=[c.pk for c in renewable], kind="start", due_on__isnull=False)
    for contract_id, mission, due_on in rows.values_list("contract_id", "mission", "due_on").order_by("pk"):
        deadlines[contract_id].append((mission, due_on))
    follow: dict[int, Running] = {}
    for contract, description in zip(renewable, describe_many(renewable), strict=True):
        started = tuple(sorted(m for m, dates in description.missions.items() if dates.started_on is not None))
        follow[contract.pk] = Running(
            contract.pk, contract.stored.size, contract.stored.starts_on, contract.stored.ends_on, True, started,
            description.members, description.orientation_service, description, tuple(deadlines[contract.pk]),
        )  # fmt: skip
    return [
        follow.get(c.pk) or Running(c.pk, c.stored.size, c.stored.starts_on, c.stored.ends_on, False)
        for c in contracts
        if not c.stored.refused
    ]


def reference_of(community: Any, stage: str) -> dt.date | None:
    """The date the pipeline delay runs from: the health project's submission, else the letter's."""
    project = getattr(community, "health_project", None)
    letter = getattr(community, "letter_of_intent", None)
    if stage in PROJECT_STAGES and project is not None:
        return project.submitted_on  # type: ignore[no-any-return]
    return letter.submitted_on if letter is not None else None


def observed_delays(organisation: Organisation | None, filters: Filters) -> dict[str, int | None]:
    """The median days, over the signed contracts in scope, from the letter of intent and from the health project
    to the first signature of the CPTS (None: nothing observed)."""
    firsts: dict[int, dt.date] = {}
    for community, signed_on in scope.signed_contracts(organisation, filters).values_list("community_id", "signed_on"):
        firsts[community] = min(signed_on, firsts.get(community, signed_on))
    communities = scope.communities(organisation, filters).filter(pk__in=list(firsts))
    delays: dict[str, list[int]] = {"letter": [], "project": []}
    for community in communities.select_related("letter_of_intent", "health_project"):
        letter = getattr(community, "letter_of_intent", None)
        project = getattr(community, "health_project", None)
        if letter is not None and letter.submitted_on <= firsts[community.pk]:
            delays["letter"].append((firsts[community.pk] - letter.submitted_on).days)
        if project is not None and project.submitted_on <= firsts[community.pk]:
            delays["project"].append((firsts[community.pk] - project.submitted_on).days)
    return {kind: int(statistics.median(days)) if days else None for kind, days in delays.items()}


def pipeline(organisation: Organisation | None, filters: Filters, delays: dict[str, int | None]) -> list[Prospect]:
    """The CPTS in scope at the letter of intent or the health project, signing after the observed delay (not
    before the observation date), at the size of their territory, else the size their letter declares."""
    communities = list(
        scope.communities(organisation, filters).select_related("territory", "letter_of_intent", "health_project")
    )
    prospects = []
    for community, stage in zip(communities, stages(communities, filters.on), strict=True):
        if stage not in LETTER_STAGES + PROJECT_STAGES:
            continue
        letter = getattr(community, "letter_of_intent", None)
        size = community.territory.size if community.territory is not None else None
        size = size or (letter.declared_size if letter is not None else None)
        reference = reference_of(community, stage)
        delay = delays["project" if stage in PROJECT_STAGES else "letter"]
        if size is None or reference is None or delay is None:
            continue
        prospects.append(Prospect(community.pk, size, stage, max(reference + dt.timedelta(days=delay), filters.on)))
    return prospects


def observed_rates(contracts: list[Contract]) -> dict[str, list[Decimal]]:
    rates: dict[str, list[Decimal]] = defaultdict(list)
    rows = Attainment.objects.filter(contract__in=[c.pk for c in contracts]).values_list("mission", "rate")
    for mission, rate in rows.order_by("pk"):
        rates[mission].append(rate)
    return dict(rates)


def forecast(organisation: Organisation | None, filters: Filters, scenario: Scenario) -> dict[str, Any]:
    """The projection of the caller's scope (amounts Decimal; `projection.as_json` for the API and CLI)."""
    contracts = list(
        scope.signed_contracts(organisation, filters).select_related("stored", "termination").order_by("pk")
    )
    delays = observed_delays(organisation, filters) if scenario.pipeline else {"letter": None, "project": None}
    prospects = pipeline(organisation, filters, delays) if scenario.pipeline else []
    result = project(
        known_cells(contracts, scenario),
        running_contracts(contracts, filters.on),
        prospects,
        observed_rates(contracts),
        scenario,
        inputs={"on": filters.on.isoformat(), "delays_days": delays, "prospects": len(prospects)},
        on=filters.on,
    )
    return {"filters": filters.to_dict(), "scope": scope_label(organisation)} | result


def scope_label(organisation: Organisation | None) -> str:
    from cpts.steering.figures import scope_label as label

    return label(organisation)
