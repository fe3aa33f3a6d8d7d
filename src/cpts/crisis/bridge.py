"""From the stored crisis plan and declared crises to the engine's inputs.

`with_crisis(contract, description)` is what `cpts.contracts.bridge.describe`
calls last: it fills `crisis_plan_drafted_on`, `crisis_plan_updates` (validated
versions, rule CRISIS_PLAN_DRAFTED_ON) and `crises` (the declarations that open
the occurrence payment for this CPTS, `cpts.accord.crises`). The amounts are
then the schedule's (one figure, one place).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from cpts.accord.contract import ContractDescription
from cpts.accord.crises import Area, Candidate, Crisis, occurrence_dates
from cpts.accord.crisis_plan import ScheduleInputs, VersionRecord, schedule_inputs

if TYPE_CHECKING:
    from cpts.communities.models import Community
    from cpts.contracts.models import Contract
    from cpts.crisis.models import DeclaredCrisis


def version_records(contract: Contract) -> list[VersionRecord]:
    return versions_by_contract([contract.pk]).get(contract.pk, [])


def versions_by_contract(contract_ids: Iterable[int]) -> dict[int, list[VersionRecord]]:
    """The plan versions of several contracts in one query, each contract's by contract year."""
    from cpts.crisis.models import PlanVersion

    versions = PlanVersion.objects.filter(plan__contract_id__in=list(contract_ids)).order_by("contract_year", "id")
    found: dict[int, list[VersionRecord]] = defaultdict(list)
    for v in versions.values("plan__contract_id", "contract_year", "kind", "submitted_on", "validated_on"):
        found[v["plan__contract_id"]].append(
            VersionRecord(v["contract_year"], v["kind"], v["submitted_on"], v["validated_on"])
        )
    return found


def plan_inputs(contract: Contract) -> ScheduleInputs:
    return schedule_inputs(version_records(contract))


def territory_area(community: Community) -> Area:
    """The CPTS's territory snapshot; without one, its department and region (rule CRISIS_AREA_TOUCHES)."""
    territory = community.territory
    if territory is not None:
        return Area(frozenset(territory.communes), frozenset(territory.departments), frozenset(territory.regions))
    return Area(departments=frozenset({community.department}), regions=frozenset({community.region}))


def as_crisis(stored: DeclaredCrisis) -> Crisis:
    area = Area(frozenset(stored.communes), frozenset(stored.departments), frozenset(stored.regions))
    return Crisis(stored.declared_on, stored.kind, area, stored.authority, stored.reference)


def all_crises() -> list[Crisis]:
    from cpts.crisis.models import DeclaredCrisis

    return [as_crisis(stored) for stored in DeclaredCrisis.objects.all()]


def candidate(contract: Contract, description: ContractDescription) -> Candidate:
    community = contract.community
    return Candidate(community.name, territory_area(community), description, key=str(community.pk))


def with_crisis(
    contract: Contract,
    description: ContractDescription,
    versions: list[VersionRecord] | None = None,
    crises: list[Crisis] | None = None,
) -> ContractDescription:
    """`description` with the crisis fields taken from the plan versions and the declared crises.

    `versions` and `crises`, when given, were read once for many contracts (`describe_many`).
    """
    inputs = schedule_inputs(version_records(contract) if versions is None else versions)
    described = replace(
        description,
        crisis_plan_drafted_on=inputs.crisis_plan_drafted_on,
        crisis_plan_updates=inputs.crisis_plan_updates,
    )
    found = all_crises() if crises is None else crises
    return replace(described, crises=occurrence_dates(found, candidate(contract, described)))
