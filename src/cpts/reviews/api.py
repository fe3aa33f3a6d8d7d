"""API of the objectives and annual reviews (docs/reviews.md), mounted by `cpts.api.api`.

Same services, same checks as the pages: a contract outside the caller's territory
answers 404; an organisation that may not take a step 403; a step impossible in the
review's state 409 (`ReviewError`); bad input 422. Rates are strings of fractions
("0.6250"), amounts strings in euros ("18750.00").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Path, Router, Schema

from cpts.accord.rate_explanation import RATE_PLACES
from cpts.api.schemas import Done, Error, Id
from cpts.contracts.models import Contract
from cpts.core.access import actor_of, get_visible
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed
from cpts.reviews import services
from cpts.reviews.figures import spending_report
from cpts.reviews.models import AnnualReview, IndicatorObjective
from cpts.reviews.pages import years

router = Router(tags=["Objectifs et revues annuelles"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
Year = Annotated[int, Path(ge=1, le=5)]  # five contract years (rule CONTRACT_YEARS)
RatedMission = Literal[services.RATED_MISSIONS]  # type: ignore[valid-type]
Value = Annotated[Decimal, Field(max_digits=14, decimal_places=4, ge=-(10**9), le=10**9)]


class ObjectiveOut(Schema):
    contract_year: int
    target: Decimal | None
    weight: Decimal
    rule: str
    steps: list[list[str]]
    baseline_value: Decimal | None
    baseline_on: dt.date | None
    baseline_source: str
    baseline_version: str


class IndicatorOut(Schema):
    code: str
    scope: str
    mission: str
    label: str
    direction: str
    kind: str
    unit: str
    definition: str
    computation: str
    data_source: str
    objectives: list[ObjectiveOut]


class ValueOut(Schema):
    indicator: str
    value: Decimal | None
    comment: str


class FileOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    sha256: str


class ReviewOut(Schema):
    contract: int
    contract_year: int
    status: str
    status_label: str
    correction_reason: str
    cpam_validated_on: dt.date | None
    ars_validated_on: dt.date | None
    validated_on: dt.date | None
    withheld: str | None = Field(None, description="motif du solde retenu (règle BALANCE_WITHHELD_WITHOUT_DOCUMENTS)")
    values: list[ValueOut]
    files: list[FileOut]
    attainments: list[dict[str, Any]] = Field(description="taux par mission, avec l'explication de chaque indicateur")
    spending: list[dict[str, Any]] = Field(description="enveloppe, versé, dépensé, non dépensé par mission")


class ValueIn(Schema):
    indicator: str = Field(max_length=60)
    value: Value | None
    comment: str = Field("", max_length=2000)


class ValuesIn(Schema):
    values: list[ValueIn] = Field(max_length=500)


class CommentIn(Schema):
    comment: str = Field("", max_length=2000)


class CorrectionIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class ValidationIn(Schema):
    on: Done


class OverrideIn(Schema):
    mission: RatedMission
    rate: Decimal = Field(ge=0, le=1, max_digits=5, decimal_places=4)
    reason: str = Field(min_length=1, max_length=2000)
    on: Done


def _contract(request: HttpRequest, contract_id: int, year: int | None = None) -> Contract:
    contract = get_visible(Contract.objects.select_related("community", "cpam", "ars"), request, contract_id)
    if contract.signed_on is None or (year is not None and year > len(years(contract))):
        raise Http404
    return contract


def _review(request: HttpRequest, contract_id: int, year: int, who: str) -> AnnualReview:
    """The review a step acts on; `who` is "cpts" (fills in, created as a draft) or "reviewer" (CPAM, ARS)."""
    contract = _contract(request, contract_id, year)
    organisation = actor_of(request).organisation
    if who == "cpts":
        if organisation is None or organisation.pk != contract.community.organisation_id:
            raise NotAllowed("Seule la CPTS renseigne et soumet sa revue annuelle.")
        return services.open_review(contract, year)
    if not contract.can_validate_attainment(organisation):
        raise NotAllowed("Seules la CPAM et l'ARS du contrat examinent la revue annuelle.")
    review = AnnualReview.objects.filter(contract=contract, contract_year=year).first()
    if review is None:
        raise services.ReviewError("La CPTS n'a pas encore commencé cette revue.")
    return review


def _rate(value: Decimal | None) -> str | None:
    """A fraction as a string to the basis point (rule ATTAINMENT_ROUNDED_TO_BASIS_POINT), None when absent."""
    return None if value is None else str(value.quantize(RATE_PLACES))


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def attainment_out(result: Any) -> dict[str, Any]:
    return {
        "mission": result.mission,
        "rate": _rate(result.rate),
        "computed": _rate(result.computed),
        "status": result.status,
        "indicators": [
            {
                "indicator": r.objective.indicator.code,
                "value": _number(r.value),
                "target": _number(r.objective.target),
                "rule": r.objective.rule.name if r.objective.rule else None,
                "weight": _number(r.objective.weight),
                "rate": _rate(r.rate),
                "contribution": _rate(r.contribution),
            }
            for r in result.indicators
        ],
        "explanation": result.explanation.to_dict(),
    }


def review_out(contract: Contract, year: int, review: AnnualReview | None) -> dict[str, Any]:
    results = services.attainments(review) if review is not None else {}
    return {
        "contract": contract.pk,
        "contract_year": year,
        "status": review.status if review else "not_started",
        "status_label": review.get_status_display() if review else "non commencée",
        "correction_reason": review.correction_reason if review else "",
        "cpam_validated_on": review.cpam_validated_on if review else None,
        "ars_validated_on": review.ars_validated_on if review else None,
        "validated_on": review.validated_on if review else None,
        "withheld": services.withheld_reason(contract, year),
        "values": [
            {"indicator": v.indicator.code, "value": v.value, "comment": v.comment}
            for v in (review.values.select_related("indicator") if review else [])
        ],
        "files": [
            {"id": f.pk, "kind": f.kind, "name": f.original_name, "size": f.size, "sha256": f.sha256}
            for f in (review.files.all() if review else [])
        ],
        "attainments": [attainment_out(result) for result in results.values()],
        "spending": [line.to_dict() for line in spending_report(contract, year)],
    }


@router.get(
    "/contracts/{contract_id}/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    summary="Indicateurs du contrat et objectifs annuels",
)
def get_indicators(request: HttpRequest, contract_id: Id) -> list[dict[str, Any]]:
    contract = _contract(request, contract_id)
    objectives: dict[int, list[IndicatorObjective]] = {}
    for objective in IndicatorObjective.objects.filter(indicator__contract=contract).order_by("contract_year"):
        objectives.setdefault(objective.indicator_id, []).append(objective)
    fields = [name for name in IndicatorOut.model_fields if name != "objectives"]
    return [
        {**{name: getattr(i, name) for name in fields}, "objectives": objectives.get(i.pk, [])}
        for i in contract.indicators.order_by("mission", "id")  # type: ignore[attr-defined]
    ]


@router.get(
    "/contracts/{contract_id}/reviews/{year}",
    response={200: ReviewOut, **ERRORS},
    summary="Revue annuelle : état, valeurs, taux d'atteinte expliqués, dépenses",
)
def get_review(request: HttpRequest, contract_id: Id, year: Year) -> dict[str, Any]:
    contract = _contract(request, contract_id, year)
    return review_out(contract, year, AnnualReview.objects.filter(contract=contract, contract_year=year).first())


def _step(
    request: HttpRequest, contract_id: int, year: int, who: str, run: Callable[[Actor, AnnualReview], object]
) -> dict[str, Any]:
    """Run one step of the review through its service and answer the review as it now stands."""
    review = _review(request, contract_id, year, who)
    run(actor_of(request), review)
    return review_out(review.contract, review.contract_year, review)


@router.put(
    "/contracts/{contract_id}/reviews/{year}/values",
    response={200: ReviewOut, **ERRORS},
    summary="Valeurs mesurées (CPTS)",
)
def put_values(request: HttpRequest, contract_id: Id, year: Year, payload: ValuesIn) -> dict[str, Any]:
    values = {item.indicator: item.value for item in payload.values}
    comments = {item.indicator: item.comment for item in payload.values}
    return _step(request, contract_id, year, "cpts", lambda a, r: services.set_values(a, r, values, comments))


@router.post(
    "/contracts/{contract_id}/reviews/{year}/submission",
    response={200: ReviewOut, **ERRORS},
    summary="Soumettre la revue (CPTS)",
)
def submit(request: HttpRequest, contract_id: Id, year: Year, payload: CommentIn) -> dict[str, Any]:
    return _step(request, contract_id, year, "cpts", lambda a, r: services.submit(a, r, payload.comment))


@router.post(
    "/contracts/{contract_id}/reviews/{year}/correction",
    response={200: ReviewOut, **ERRORS},
    summary="Demander une correction (CPAM, ARS)",
)
def correction(request: HttpRequest, contract_id: Id, year: Year, payload: CorrectionIn) -> dict[str, Any]:
    return _step(request, contract_id, year, "reviewer", lambda a, r: services.request_correction(a, r, payload.reason))


@router.post(
    "/contracts/{contract_id}/reviews/{year}/validation",
    response={200: ReviewOut, **ERRORS},
    summary="Valider la revue (CPAM, ARS) ; la double validation enregistre les taux",
)
def validation(request: HttpRequest, contract_id: Id, year: Year, payload: ValidationIn) -> dict[str, Any]:
    return _step(request, contract_id, year, "reviewer", lambda a, r: services.validate(a, r, payload.on))


@router.post(
    "/contracts/{contract_id}/reviews/{year}/overrides",
    response={200: ReviewOut, **ERRORS},
    summary="Décision conjointe remplaçant un taux calculé (CPAM, ARS)",
)
def override(request: HttpRequest, contract_id: Id, year: Year, payload: OverrideIn) -> dict[str, Any]:
    def run(actor: Actor, review: AnnualReview) -> object:
        return services.set_override(actor, review, payload.mission, payload.rate, payload.reason, payload.on)

    return _step(request, contract_id, year, "reviewer", run)
