"""THE one bridge from the database to the rules engine: `describe(contract)`.

Every schedule, deadline or amount shown for a stored contract comes from
`cpts.accord.schedule.compute_schedule(describe(contract))` (ARCHITECTURE.md,
"Data flows one way"; issue 4: "nothing recomputes amounts elsewhere"). Apps
that store more of what the schedule depends on (crisis plans and declared
crises, reviews) extend this function, never build a description elsewhere.
"""

from __future__ import annotations

from cpts.accord import contract as engine
from cpts.accord.errors import AccordError
from cpts.communities.models import EarlyMissionContract
from cpts.contracts.models import Contract, Termination
from cpts.crisis.bridge import with_crisis


def termination_of(contract: Contract) -> engine.Termination | None:
    stored = Termination.objects.filter(contract=contract).first()
    if stored is None:
        return None
    return engine.Termination(
        notified_on=stored.notified_on,
        by=stored.initiator,  # type: ignore[arg-type]
        effective_on=stored.effective_on or stored.commission_decided_on,
        referred_to_commission=stored.referred_to_commission,
    )


def early_mission_of(contract: Contract) -> engine.EarlyMissionContract | None:
    stored = EarlyMissionContract.objects.filter(community_id=contract.community_id).first()
    if stored is None:
        return None
    return engine.EarlyMissionContract(
        signed_on=stored.signed_on,
        size=stored.size,
        started_missions=tuple(stored.started_missions),
        aci_signed_on=contract.signed_on,
        terminated_notified_on=stored.terminated_notified_on,
        terminated_by=stored.terminated_by or None,  # type: ignore[arg-type]
    )


def describe(contract: Contract) -> engine.ContractDescription:
    """The engine's description of a signed contract, from its stored rows."""
    if contract.signed_on is None:
        raise AccordError(f"le contrat de {contract.community} n'est pas signé : pas d'échéancier")
    missions = {
        mission.key: engine.MissionDates(
            started_on=mission.started_on,
            deployed_on=mission.deployed_on,
            mt_started_on=mission.mt_started_on,
            snp_started_on=mission.snp_started_on,
            planned_start_on=mission.planned_start_on,
            planned_deployed_on=mission.planned_deployed_on,
        )
        for mission in contract.missions.all()  # type: ignore[attr-defined]
    }
    amendments = tuple(
        engine.Amendment(
            signed_on=amendment.signed_on,
            size=amendment.size,
            changes_sas=amendment.changes_sas,
            sas_from=amendment.sas_from,
            members=amendment.members,
            orientation_service=amendment.orientation_service,
            avenant_2=amendment.avenant_2,
        )
        for amendment in contract.amendments.order_by("signed_on", "id")  # type: ignore[attr-defined]
    )
    attainment = {
        (row.contract_year, row.mission): row.rate
        for row in contract.attainments.all()  # type: ignore[attr-defined]
    }
    description = engine.ContractDescription(
        signed_on=contract.signed_on,
        size=contract.size,
        sas_from=contract.sas_from,
        orientation_service=contract.orientation_service,
        members=contract.members_at_signature,
        missions=missions,
        attainment=attainment,
        amendments=amendments,
        termination=termination_of(contract),
        covid_2021_actions=contract.covid_2021_actions,
        early_mission_contract=early_mission_of(contract),
    )
    return with_crisis(contract, description)  # plan versions and declared crises (issue 7)
