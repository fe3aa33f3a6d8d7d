"""Pages of the annual review; evidence files are served only here, to the parties of the contract (issue 6)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cpts.accord.envelopes import MISSION_LABELS
from cpts.contracts.models import Contract
from cpts.reviews import files, services
from cpts.reviews.figures import spending_report
from cpts.reviews.models import AnnualReview, EvidenceFile


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


def review_detail(request: HttpRequest, contract_pk: int, year: int) -> HttpResponse:
    """The review of a contract year as its parties and the CNAM see it: status, documents, values,
    attainment with its explanation, spending against envelopes (read-only)."""
    organisation = getattr(request, "organisation", None)
    contract = Contract.objects.visible_to(organisation).filter(pk=contract_pk).first()
    if contract is None or contract.signed_on is None:
        raise Http404("Contrat introuvable ou hors de votre périmètre.")
    review = AnnualReview.objects.filter(contract=contract, contract_year=year).first()
    try:
        spending = spending_report(contract, year)
        results = services.attainments(review) if review is not None else {}
    except services.ReviewError as error:
        raise Http404(str(error)) from error
    context = {
        "title": f"Revue annuelle — année {year} — {contract.community}",
        "contract": contract,
        "year": year,
        "review": review,
        "withheld": services.withheld_reason(contract, year),
        "values": review.values.select_related("indicator") if review is not None else [],
        "files": review.files.all() if review is not None and contract.is_party(organisation) else [],
        "attainments": [(MISSION_LABELS[m], r, r.explanation.to_text()) for m, r in results.items()],
        "spending": spending,
        "events": review.events.all() if review is not None else [],
    }
    return render(request, "reviews/review.html", context)
