"""API of a CPTS's bank details (docs/bank-details.md, docs/api.md), mounted by `cpts.api.api`.

Same services and checks as the page: a CPTS outside the caller's territory answers 404; the CPTS alone enters
a new version, its CPAM alone verifies the current one (403 otherwise); a version already verified or an
IBAN whose key is wrong is refused (409, 422). The IBAN is given in full to the CPTS and its CPAM only, masked
to everyone else (`BankDetails.shown_to`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from cpts.api.schemas import Error, Id
from cpts.banking import services
from cpts.banking.models import BankDetails
from cpts.communities.models import Community
from cpts.core.access import actor_of, get_visible, organisation_of

router = Router(tags=["Coordonnées bancaires"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class BankDetailsOut(Schema):
    id: int
    current: bool = Field(description="la version des prochains versements (la dernière saisie)")
    holder: str
    iban: str = Field(description="complet pour la CPTS et sa CPAM, masqué pour les autres (FR76 •••• … 189)")
    iban_masked: bool
    bic: str
    entered_at: dt.datetime
    entered_by: str
    verified: bool
    verified_at: dt.datetime | None
    verified_by: str
    verified_against: str = Field(description="la pièce contre laquelle la CPAM a vérifié")


class BankDetailsIn(Schema):
    holder: str = Field(min_length=1, max_length=200)
    iban: str = Field(min_length=1, max_length=42, description="espaces permis : « FR76 3000 6000 … »")
    bic: str = Field(min_length=1, max_length=14)


class VerificationIn(Schema):
    against: str = Field(min_length=1, max_length=200, description="p. ex. « RIB original du 02/01/2025 »")


def details_out(details: BankDetails, request: HttpRequest, current: bool) -> dict[str, Any]:
    organisation = organisation_of(request)
    return {
        "id": details.pk,
        "current": current,
        "holder": details.holder,
        "iban": details.shown_to(organisation),
        "iban_masked": not details.can_see_in_full(organisation),
        "bic": details.bic,
        "entered_at": details.entered_at,
        "entered_by": details.entered_by_name,
        "verified": details.verified,
        "verified_at": details.verified_at,
        "verified_by": details.verified_by_name,
        "verified_against": details.verified_against,
    }


def community_of(request: HttpRequest, cpts_id: int) -> Community:
    return get_visible(Community.objects.all(), request, cpts_id)


@router.get(
    "/cpts/{cpts_id}/bank-details",
    response={200: list[BankDetailsOut], **ERRORS},
    summary="Coordonnées bancaires d'une CPTS : toutes les versions, la plus récente d'abord",
)
def list_bank_details(request: HttpRequest, cpts_id: Id) -> list[dict[str, Any]]:
    community = community_of(request, cpts_id)
    versions = BankDetails.objects.filter(community=community).order_by("-entered_at", "-id")
    return [details_out(details, request, current=index == 0) for index, details in enumerate(versions)]


@router.post(
    "/cpts/{cpts_id}/bank-details",
    response={200: BankDetailsOut, **ERRORS},
    summary="Saisir de nouvelles coordonnées bancaires (la CPTS) ; à vérifier par sa CPAM",
)
def enter_bank_details(request: HttpRequest, cpts_id: Id, payload: BankDetailsIn) -> dict[str, Any]:
    community = community_of(request, cpts_id)
    details = services.enter_details(actor_of(request), community, payload.iban, payload.bic, payload.holder)
    return details_out(details, request, current=True)


@router.post(
    "/cpts/{cpts_id}/bank-details/verification",
    response={200: BankDetailsOut, **ERRORS},
    summary="Vérifier la version courante des coordonnées bancaires contre une pièce (la CPAM de la CPTS)",
)
def verify_bank_details(request: HttpRequest, cpts_id: Id, payload: VerificationIn) -> dict[str, Any]:
    community = community_of(request, cpts_id)
    details = services.verify_current(actor_of(request), community, payload.against)
    return details_out(details, request, current=True)
