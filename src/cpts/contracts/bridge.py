"""THE one bridge from the database to the rules engine: `describe(contract)`.

Every schedule, deadline or amount shown for a stored contract comes from
`cpts.accord.schedule.compute_schedule(describe(contract))` (ARCHITECTURE.md,
"Data flows one way": "nothing recomputes amounts elsewhere"). Apps
that store more of what the schedule depends on (crisis plans and declared
crises, reviews) extend this function, never build a description elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any, TypeVar

from django.db.models import Min, Model, prefetch_related_objects

from cpts.accord import contract as engine
from cpts.accord.errors import AccordError
from cpts.communities.models import EarlyMissionContract
from cpts.contracts.models import (
    Amendment,
    Attainment,
    Contract,
    Dossier,
    DossierUpdate,
    MembersList,
    Mission,
    Termination,
)
from cpts.crisis.bridge import all_crises, versions_by_contract, with_crisis

T = TypeVar("T")


def as_termination(stored: Termination | None) -> engine.Termination | None:
    if stored is None:
        return None
    return engine.Termination(
        notified_on=stored.notified_on,
        by=stored.initiator,  # type: ignore[arg-type]
        effective_on=stored.effective_on or stored.commission_decided_on,
        referred_to_commission=stored.referred_to_commission,
    )


def termination_of(contract: Contract) -> engine.Termination | None:
    """The stored termination, read now (never a cached one: transitions check it)."""
    return as_termination(Termination.objects.filter(contract=contract).first())


def as_early_mission(
    stored: EarlyMissionContract | None, aci_signed_on: dt.date | None
) -> engine.EarlyMissionContract | None:
    """The engine's early-mission contract; `aci_signed_on`: the CPTS's first ACI signature, None without one."""
    if stored is None:
        return None
    return engine.EarlyMissionContract(
        signed_on=stored.signed_on,
        size=stored.size,
        started_missions=tuple(stored.started_missions),
        aci_signed_on=aci_signed_on,
        terminated_notified_on=stored.terminated_notified_on,
        terminated_by=stored.terminated_by or None,  # type: ignore[arg-type]
        registered_on=stored.registered_on,
        termination_ground=stored.termination_ground or None,  # type: ignore[arg-type]
    )


def early_alone(stored: Sequence[EarlyMissionContract]) -> list[engine.EarlyMissionContract]:
    """The engine's early-mission contracts, each with its CPTS's first ACI signature if any, in one query (pages
    of the CPTS, the CPAM home: the aid is described even without an ACI contract, 002 §3.2)."""
    rows = Contract.objects.filter(community_id__in=[row.community_id for row in stored], signed_on__isnull=False)
    firsts = dict(
        rows.order_by().values("community_id").annotate(first=Min("signed_on")).values_list("community_id", "first")
    )
    return [as_early_mission(row, firsts.get(row.community_id)) for row in stored]  # type: ignore[misc]


def first_contracts(community_ids: list[int]) -> set[int]:
    """The first signed ACI contract of each CPTS: the only one whose schedule carries the early-mission aid
    (002 annexe 2, art. 1.2: « qu'une seule fois »); a later ACI contract never pays it again."""
    firsts: dict[int, tuple[object, int]] = {}
    rows = Contract.objects.filter(community_id__in=community_ids, signed_on__isnull=False)
    for pk, community_id, signed_on in rows.values_list("pk", "community_id", "signed_on"):
        if community_id not in firsts or (signed_on, pk) < firsts[community_id]:  # type: ignore[operator]
            firsts[community_id] = (signed_on, pk)
    return {pk for _, pk in firsts.values()}


def same_fields(cls: type[T], row: Model) -> T:
    """The engine's dataclass from the stored row's fields of the same names (dates of a mission, an amendment)."""
    return cls(**{field.name: getattr(row, field.name) for field in fields(cls)})  # type: ignore[arg-type]


def by_contract(rows: Any) -> defaultdict[int, list[Any]]:
    grouped: defaultdict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.contract_id].append(row)
    return grouped


def describe(contract: Contract) -> engine.ContractDescription:
    """The engine's description of a signed contract, from its stored rows."""
    return describe_many([contract])[0]


def describe_many(contracts: Sequence[Contract]) -> list[engine.ContractDescription]:
    """`describe` of each contract, in order, reading each table once for all of them.

    Pages and payment runs list many contracts: a fixed number of queries
    (one per table) instead of a few per contract. Always reads the rows now,
    whatever the contract objects have cached, so a description is never stale.
    """
    for contract in contracts:
        if contract.signed_on is None:
            raise AccordError(f"le contrat de {contract.community} n'est pas signé : pas d'échéancier")
    ids = [contract.pk for contract in contracts]
    prefetch_related_objects(list(contracts), "community__territory")  # the crisis area (skipped when fetched)
    missions = by_contract(Mission.objects.filter(contract_id__in=ids))
    amendments = by_contract(Amendment.objects.filter(contract_id__in=ids).order_by("signed_on", "id"))
    attainments = by_contract(Attainment.objects.filter(contract_id__in=ids))
    terminations = {row.contract_id: row for row in Termination.objects.filter(contract_id__in=ids)}
    community_ids = [contract.community_id for contract in contracts]
    early = {row.community_id: row for row in EarlyMissionContract.objects.filter(community_id__in=community_ids)}
    firsts = first_contracts(list(early)) if early else set()  # read only when a CPTS has an early contract
    versions = versions_by_contract(ids)
    crises = all_crises() if contracts else []
    dossiers = dossiers_of(ids)
    lists = members_lists_of([contract.pk for contract in contracts if contract.members_lists_followed])
    return [
        with_crisis(  # plan versions and declared crises (docs/interpretations.md)
            contract,
            replace(
                description(
                    contract,
                    missions[contract.pk],
                    amendments[contract.pk],
                    attainments[contract.pk],
                    as_termination(terminations.get(contract.pk)),
                    as_early_mission(
                        early.get(contract.community_id) if contract.pk in firsts else None, contract.signed_on
                    ),
                ),
                dossier=dossiers.get(contract.pk),
                members_lists=lists.get(contract.pk),
            ),
            versions.get(contract.pk, []),
            crises,
        )
        for contract in contracts
    ]


def dossiers_of(ids: list[int]) -> dict[int, engine.Dossier]:
    """The followed dossiers (002 annexe 1, art. 1 and 6.1) by contract id; the updates are read only for complete
    dossiers. A contract without a dossier row (recorded before dossiers were followed) has none: its year-1
    operating payment is at signature."""
    rows = list(Dossier.objects.filter(contract_id__in=ids))
    complete = [row.contract_id for row in rows if row.complete_on is not None]
    updates = by_contract(DossierUpdate.objects.filter(contract_id__in=complete).order_by("received_on"))
    return {
        row.contract_id: engine.Dossier(row.complete_on, tuple(u.received_on for u in updates[row.contract_id]))
        for row in rows
    }


def members_lists_of(ids: list[int]) -> dict[int, tuple[engine.MembersList, ...]]:
    """The yearly lists of members (002 §5.1, rule MEMBERS_LIST_YEARLY) of the contracts that follow them, by
    contract id (an empty tuple: none received yet); a contract signed before they were followed has none."""
    if not ids:
        return {}
    rows = by_contract(MembersList.objects.filter(contract_id__in=ids).order_by("contract_year", "received_on", "id"))
    return {
        pk: tuple(engine.MembersList(row.contract_year, row.received_on, row.members) for row in rows[pk])
        for pk in ids
    }


def description(
    contract: Contract,
    missions: list[Mission],
    amendments: list[Amendment],
    attainments: list[Attainment],
    termination: engine.Termination | None,
    early_mission: engine.EarlyMissionContract | None,
) -> engine.ContractDescription:
    """The engine's input from one contract's rows (amendments in signature order)."""
    assert contract.signed_on is not None
    return engine.ContractDescription(
        signed_on=contract.signed_on,
        size=contract.size,
        sas_from=contract.sas_from,
        orientation_service=contract.orientation_service,
        members=contract.members_at_signature,
        missions={mission.key: same_fields(engine.MissionDates, mission) for mission in missions},
        attainment={(row.contract_year, row.mission): row.rate for row in attainments},
        attainment_validated_on={(row.contract_year, row.mission): row.validated_on for row in attainments},
        amendments=tuple(same_fields(engine.Amendment, amendment) for amendment in amendments),
        termination=termination,
        covid_2021_actions=contract.covid_2021_actions,
        early_mission_contract=early_mission,
        follows_contract=contract.previous_id is not None,
    )
