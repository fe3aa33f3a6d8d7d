"""Contracts: read them, their schedule (the engine's output, explained) and deadlines; record
their lifecycle events through the contracts app's services (same checks as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from cpts.accord.envelopes import MISSION_LABELS
from cpts.accord.members_lists import held_by_year
from cpts.accord.money import as_text
from cpts.api.schemas import (
    AmendmentIn,
    AttainmentIn,
    ContractDetail,
    ContractOut,
    DeadlineOut,
    Error,
    Id,
    Key,
    MembersListIn,
    MembersListsOut,
    Mission,
    OnIn,
    SasDateIn,
    ScheduleOut,
    SignatureIn,
    TerminationIn,
)
from cpts.api.schemas import Day as DayType
from cpts.contracts import members_lists, services
from cpts.contracts.models import Contract
from cpts.core.access import actor_of, get_visible, visible
from cpts.core.words import MEMBERS_LIST_STATUS_LABELS
from cpts.payments.schedules import contract_schedule

router = Router(tags=["Contrats"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def contracts() -> Any:
    return Contract.objects.select_related("community", "cpam", "ars")


def contract_out(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "cpts": contract.community_id,
        "cpts_name": contract.community.name,
        "cpam": contract.cpam.name,
        "ars": contract.ars.name,
        "signed_on": contract.signed_on,
        "size": contract.size,
        "members_at_signature": contract.members_at_signature,
        "sas_from": contract.sas_from,
        "orientation_service": contract.orientation_service,
        "avenant_2_on": contract.avenant_2_on,
    }


@router.get("/contracts", response=list[ContractOut], summary="Contrats visibles")
def list_contracts(request: HttpRequest, cpts: Query[Key] | None = None) -> list[dict[str, Any]]:
    found = visible(contracts(), request).order_by("community__name", "signed_on")
    if cpts is not None:
        found = found.filter(community_id=cpts)
    return [contract_out(contract) for contract in found]


def contract_detail(contract: Contract) -> dict[str, Any]:
    termination = getattr(contract, "termination", None)
    return {
        **contract_out(contract),
        "missions": [
            {
                **{
                    f: getattr(m, f)
                    for f in ("key", "started_on", "deployed_on", "planned_start_on", "planned_deployed_on")
                },
                "label": MISSION_LABELS.get(m.key, m.key),
            }
            for m in contract.missions.all()  # type: ignore[attr-defined]
        ],
        "signatures": [
            {
                "party": s.party,
                "signer_name": s.signer_name,
                "signer_capacity": s.signer_capacity,
                "signed_on": s.signed_on,
                "recorded_by": s.recorded_by_name,
                "recorded_at": s.recorded_at,
            }
            for s in contract.signatures.all()  # type: ignore[attr-defined]
        ],
        "amendments": list(contract.amendments.all()),  # type: ignore[attr-defined]
        "attainments": [
            {
                "contract_year": a.contract_year,
                "mission": a.mission,
                "rate": a.rate,
                "validated_on": a.validated_on,
                "validated_by": a.validated_by_name,
            }
            for a in contract.attainments.all()  # type: ignore[attr-defined]
        ],
        "termination": termination,
    }


@router.get("/contracts/{contract_id}", response={200: ContractDetail, **ERRORS}, summary="Un contrat")
def get_contract(request: HttpRequest, contract_id: Id) -> dict[str, Any]:
    return contract_detail(get_visible(contracts(), request, contract_id))


def today() -> dt.date:
    return timezone.localdate()


@router.get(
    "/contracts/{contract_id}/schedule",
    response={200: ScheduleOut, **ERRORS},
    summary="Échéancier expliqué (sortie du moteur pour le contrat enregistré)",
)
def get_schedule(
    request: HttpRequest, contract_id: Id, explain: bool = True, text: bool = False, on: Query[DayType] | None = None
) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    schedule = contract_schedule(contract, on or today())
    document = schedule.to_dict(explain=explain)
    if text:
        for line, payment in zip(document["payments"], schedule.payments, strict=True):
            line["explanation_text"] = payment.explanation.to_text()
    return {"contract": contract.pk, **document}


@router.get(
    "/contracts/{contract_id}/deadlines",
    response={200: list[DeadlineOut], **ERRORS},
    summary="Calendrier de déploiement des missions (démarrage, déploiement)",
)
def get_deadlines(request: HttpRequest, contract_id: Id, on: Query[DayType] | None = None) -> list[dict[str, Any]]:
    contract = get_visible(contracts(), request, contract_id)
    return [deadline.to_dict() for deadline in contract_schedule(contract, on or today()).deadlines]


@router.post(
    "/contracts/{contract_id}/signature",
    response={200: ContractDetail, **ERRORS},
    summary="Signer pour sa partie (CPTS, CPAM ou ARS) ; le contrat prend effet à la dernière des trois signatures",
)
def sign(request: HttpRequest, contract_id: Id, payload: SignatureIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    actor = actor_of(request)
    organisation = actor.organisation
    name, capacity = payload.signer_name, payload.signer_capacity
    if not name.strip() and organisation is not None:  # the representative the organisation named
        name, capacity = organisation.representative, capacity or organisation.representative_title
    services.sign(actor, contract, contract.party_of(organisation) or "", payload.on, name, capacity)
    return get_contract(request, contract_id)


@router.post(
    "/contracts/{contract_id}/missions/{mission}/start",
    response={200: ContractDetail, **ERRORS},
    summary="Démarrer une mission",
)
def start_mission(request: HttpRequest, contract_id: Id, mission: Mission, payload: OnIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    services.start_mission(actor_of(request), contract, mission, payload.on)
    return get_contract(request, contract_id)


@router.post(
    "/contracts/{contract_id}/missions/{mission}/deployment",
    response={200: ContractDetail, **ERRORS},
    summary="Déclarer une mission déployée",
)
def deploy_mission(request: HttpRequest, contract_id: Id, mission: Mission, payload: OnIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    services.deploy_mission(actor_of(request), contract, mission, payload.on)
    return get_contract(request, contract_id)


@router.post("/contracts/{contract_id}/amendments", response={200: ContractDetail, **ERRORS}, summary="Avenant")
def amend(request: HttpRequest, contract_id: Id, payload: AmendmentIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    fields = payload.model_dump()
    services.amend(actor_of(request), contract, fields.pop("signed_on"), **fields)
    return get_contract(request, contract_id)


@router.post(
    "/contracts/{contract_id}/sas", response={200: ContractDetail, **ERRORS}, summary="Fixer la date du SAS (ARS)"
)
def set_sas_date(request: HttpRequest, contract_id: Id, payload: SasDateIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    services.set_sas_date(actor_of(request), contract, payload.sas_from)
    return get_contract(request, contract_id)


def members_lists_out(contract: Contract, on: dt.date) -> dict[str, Any]:
    """Rule MEMBERS_LIST_YEARLY: each year's list (the engine's states on `on`) and the lists received."""
    years: list[dict[str, Any]] = []
    if contract.signed_on is not None:
        schedule = contract_schedule(contract, on)
        held = held_by_year(schedule.pending)
        years = [
            {
                **item.to_dict(),
                "status_label": MEMBERS_LIST_STATUS_LABELS[item.status],
                "held": as_text(held[item.contract_year])
                if item.status == "missing" and item.contract_year in held
                else None,
            }
            for item in schedule.members_lists
        ]
    rows = contract.members_lists.select_related("recorded_by")  # type: ignore[attr-defined]
    return {
        "contract": contract.pk,
        "followed": contract.members_lists_followed,
        "years": years,
        "lists": [
            {
                "contract_year": row.contract_year,
                "received_on": row.received_on,
                "members": row.members,
                "natural_persons": row.natural_persons,
                "legal_persons": row.legal_persons,
                "recorded_by": row.recorded_by.name if row.recorded_by else None,
                "note": row.note,
            }
            for row in rows
        ],
    }


@router.get(
    "/contracts/{contract_id}/members-lists",
    response={200: MembersListsOut, **ERRORS},
    summary="Listes annuelles des adhérents (002 §5.1) : état de chaque année, listes reçues",
)
def get_members_lists(request: HttpRequest, contract_id: Id, on: Query[DayType] | None = None) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    return members_lists_out(contract, on or today())


@router.post(
    "/contracts/{contract_id}/members-lists",
    response={200: MembersListsOut, **ERRORS},
    summary="Enregistrer la liste des adhérents d'une année (CPTS, CPAM)",
)
def record_members_list(request: HttpRequest, contract_id: Id, payload: MembersListIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    members_lists.record_members_list(
        actor_of(request), contract, payload.contract_year, payload.received_on, payload.note
    )
    return members_lists_out(contract, today())


@router.post(
    "/contracts/{contract_id}/attainments",
    response={200: ContractDetail, **ERRORS},
    summary="Valider un taux d'atteinte (CPAM, ARS)",
)
def attainment(request: HttpRequest, contract_id: Id, payload: AttainmentIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    services.set_attainment(
        actor_of(request), contract, payload.contract_year, payload.mission, payload.rate, payload.on
    )
    return get_contract(request, contract_id)


@router.post("/contracts/{contract_id}/termination", response={200: ContractDetail, **ERRORS}, summary="Résilier")
def terminate(request: HttpRequest, contract_id: Id, payload: TerminationIn) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    services.terminate(
        actor_of(request), contract, payload.notified_on, payload.initiator, payload.effective_on, payload.reason
    )
    return get_contract(request, contract_id)
