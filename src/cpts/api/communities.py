"""CPTS: list, detail with lifecycle, and the ARS's validation of the letter of intent."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from cpts.api.schemas import CommunityDetail, CommunityOut, Error, Id, Me, OnIn, OrganisationOut, StepOut
from cpts.communities import services
from cpts.communities.models import Community
from cpts.core.access import actor_of, get_visible, organisation_of, visible
from cpts.core.current import organisations_of

router = Router(tags=["CPTS"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def organisation_out(organisation: object) -> OrganisationOut:
    return OrganisationOut.model_validate(organisation, from_attributes=True)


@router.get("/me", response=Me, summary="Utilisateur et organisation courante")
def me(request: HttpRequest) -> Me:
    current = organisation_of(request)
    return Me(
        username=request.user.get_username(),
        organisation=organisation_out(current) if current else None,
        organisations=[organisation_out(o) for o in organisations_of(request.user)],
    )


def community_out(community: Community) -> dict[str, object]:
    territory = community.territory
    return {
        "id": community.pk,
        "name": community.name,
        "rna": community.rna,
        "siren": community.siren,
        "finess": community.finess,
        "department": community.department,
        "region": community.region,
        "population": territory.population if territory else None,
        "size": territory.size if territory else None,
    }


@router.get("/cpts", response=list[CommunityOut], summary="CPTS visibles")
def list_communities(request: HttpRequest) -> list[dict[str, object]]:
    communities = visible(Community.objects.select_related("territory"), request).order_by("name")
    return [community_out(community) for community in communities]


def lifecycle(community: Community) -> list[StepOut]:
    letter = getattr(community, "letter_of_intent", None)
    project = getattr(community, "health_project", None)
    early = getattr(community, "early_mission_contract", None)
    return [
        StepOut(name="lettre d'intention déposée", done_on=letter.submitted_on if letter else None),
        StepOut(name="lettre d'intention validée par l'ARS", done_on=letter.validated_on if letter else None),
        StepOut(name="projet de santé déposé", done_on=project.submitted_on if project else None),
        StepOut(
            name="projet de santé validé par l'ARS",
            done_on=project.validated_on if project else None,
            detail=f"opposition : {project.objection}" if project and project.objected_on else "",
        ),
        StepOut(name="contrat de démarrage des missions", done_on=early.signed_on if early else None),
    ]


@router.get("/cpts/{cpts_id}", response={200: CommunityDetail, **ERRORS}, summary="Une CPTS et son cycle de vie")
def get_community(request: HttpRequest, cpts_id: Id) -> dict[str, object]:
    community = get_visible(Community.objects.select_related("territory"), request, cpts_id)
    return {
        **community_out(community),
        "address": community.address,
        "lifecycle": lifecycle(community),
        "contracts": list(community.contracts.order_by("signed_on").values_list("pk", flat=True)),  # type: ignore[attr-defined]
    }


@router.post(
    "/cpts/{cpts_id}/letter-of-intent/validation",
    response={200: CommunityDetail, **ERRORS},
    summary="Valider la lettre d'intention (ARS)",
)
def validate_letter(request: HttpRequest, cpts_id: Id, payload: OnIn) -> dict[str, object]:
    community = get_visible(Community.objects.all(), request, cpts_id)
    services.validate_letter(actor_of(request), community, payload.on)
    return get_community(request, cpts_id)
