"""Read pages of the objectives and annual reviews; evidence files are served only here, to the parties.

- `contract_reviews`: the contract's years with their review status, the withheld balances
  and the spending against envelopes per year (docs/reviews.md);
- `review_detail`: one year's review: status, documents, values, each mission's attainment with
  its explanation (value, target, rule, contribution of each indicator), spending, trail, and
  the actions the acting organisation may take now.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse

from cpts.accord.envelopes import MISSION_LABELS
from cpts.core.pages import acting, page
from cpts.reviews import files, services
from cpts.reviews.figures import spending_report
from cpts.reviews.models import AnnualReview, EvidenceFile
from cpts.reviews.pages import signed_contract, trail, year_or_404, years

ACTION_LABELS = {
    "submitted": "soumise par la CPTS",
    "resubmitted": "soumise à nouveau par la CPTS",
    "correction_requested": "correction demandée",
    "validated_cpam": "validée par la CPAM",
    "validated_ars": "validée par l'ARS",
    "override": "décision conjointe",
}


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, as an attachment, if the current organisation signed the contract; 404 otherwise
    (outside one's scope a file does not exist, docs/permissions.md)."""
    evidence = EvidenceFile.objects.select_related("review__contract__community").filter(pk=pk).first()
    organisation = getattr(request, "organisation", None)
    if evidence is None or not evidence.review.contract.is_party(organisation):
        raise Http404("Pièce introuvable.")
    path = files.path_of(evidence.stored_name)
    if not path.is_file():
        raise Http404("Pièce introuvable.")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def contract_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    """The years of a contract: review status, withheld balance, spending against envelopes."""
    contract = signed_contract(request, pk)
    reviews = {review.contract_year: review for review in AnnualReview.objects.filter(contract=contract)}
    withheld = services.withheld_balances(contract)
    rows = [
        {
            "span": span,
            "review": reviews.get(span.number),
            "withheld": withheld.get(span.number),
            "spending": spending_report(contract, span.number),
        }
        for span in years(contract)
    ]
    context = {
        "contract": contract,
        "rows": rows,
        "indicator_count": contract.indicators.count(),  # type: ignore[attr-defined]
        "may_set_targets": contract.is_party(acting(request)),
    }
    title = f"Objectifs et revues annuelles — {contract.community.name}"
    return page(request, "reviews/contract.html", title, context, trail=trail(contract)[:-1])


def available_actions(contract: Any, review: AnnualReview | None, organisation: Any) -> list[tuple[str, str]]:
    """The (URL name suffix, label) of what the acting organisation may do now on this review."""
    year = review.contract_year if review is not None else None
    actions: list[tuple[str, str]] = []
    is_cpts = organisation is not None and organisation.pk == contract.community.organisation_id
    if is_cpts and (review is None or review.editable):
        actions.append(("entry", "Renseigner la revue"))
        if review is not None:
            actions.append(("submit", "Soumettre la revue"))
    if contract.can_validate_attainment(organisation) and review is not None and review.under_review and year:
        party = "cpam" if organisation.pk == contract.cpam_id else "ars"
        if getattr(review, f"{party}_validated_on") is None:
            actions.append(("validate", "Valider la revue"))
        actions += [("correction", "Demander une correction"), ("override", "Décision conjointe sur un taux")]
    return actions


def attainment_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"mission": mission, "label": MISSION_LABELS[mission], "result": result}
        for mission, result in results.items()
    ]


def review_detail(request: HttpRequest, contract_pk: int, year: int) -> HttpResponse:
    """The review of a contract year as its parties and the CNAM see it, with the actions allowed now."""
    contract = signed_contract(request, contract_pk)
    span = year_or_404(contract, year)
    organisation = acting(request)
    review = AnnualReview.objects.filter(contract=contract, contract_year=year).first()
    errors: list[str] = []
    results: dict[str, Any] = {}
    if review is not None:
        try:
            results = services.attainments(review)
        except services.ReviewError as error:  # an objective made inconsistent since: shown, not a 500
            errors.append(str(error))
    context = {
        "contract": contract,
        "year": year,
        "span": span,
        "review": review,
        "withheld": services.withheld_reason(contract, year),
        "values": review.values.select_related("indicator") if review is not None else [],
        "files": review.files.select_related("indicator") if review and contract.is_party(organisation) else [],
        "attainments": attainment_rows(results),
        "errors": errors,
        "spending": spending_report(contract, year),
        "events": [(event, ACTION_LABELS.get(event.action, event.action)) for event in review.events.all()]
        if review is not None
        else [],
        "overrides": review.overrides.all() if review is not None else [],
        "actions": [
            (reverse(f"reviews:{name}", args=[contract.pk, year]), label)
            for name, label in available_actions(contract, review, organisation)
        ],
    }
    title = f"Revue de l'année {year} — {contract.community.name}"
    return page(request, "reviews/review.html", title, context, trail=trail(contract))
