"""`GET /api/documents/{kind}/{id}`: a document as PDF, with the same scopes as the pages (docs/api.md)."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router

from cpts.accord.errors import AccordError
from cpts.api.access import organisation_of
from cpts.api.schemas import Error, Id
from cpts.documents.kinds import DocumentNotFound, document_for
from cpts.documents.views import pdf_response

router = Router(tags=["Documents"])
DocumentKind = Literal["contract", "amendment", "notice", "recovery", "termination", "decision", "adhesion"]
PDF = {
    200: {
        "description": "le document en PDF/A-3u balisé",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/documents/{kind}/{id}",
    response={401: Error, 404: Error},
    summary="Un document en PDF (contrat, avenant, avis de paiement, avis de sommes à rembourser, lettre de "
    "résiliation, décision de revue annuelle, formulaire d'adhésion)",
    openapi_extra={"responses": PDF},
)
def get_document(request: HttpRequest, kind: DocumentKind, id: Id) -> HttpResponse:
    try:
        document = document_for(kind, id, organisation_of(request))
    except (DocumentNotFound, AccordError) as error:
        raise Http404(str(error)) from error
    return pdf_response(document)
