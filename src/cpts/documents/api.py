"""`GET /api/documents/{kind}/{id}`: a document as PDF, with the same scopes as the pages; the signed originals
of a contract: list, download, deposit (docs/api.md, docs/documents.md « Originaux signés »)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, File, Form, Router, Schema, UploadedFile

from cpts.accord.errors import AccordError
from cpts.api.schemas import Error, Id, Key
from cpts.contracts.models import Contract
from cpts.core.access import actor_of, get_visible, organisation_of
from cpts.documents import originals
from cpts.documents.kinds import DocumentNotFound, document_for
from cpts.documents.models import SignedOriginal
from cpts.documents.original_views import original_file
from cpts.documents.views import pdf_response

router = Router(tags=["Documents"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
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


class OriginalOut(Schema):
    id: int
    document: str = Field(description="contract, amendment ou decision")
    document_id: int = Field(description="le contrat, l'avenant ou la revue annuelle")
    generated: str = Field(description="le document généré, en PDF (GET /api/documents/{kind}/{id})")
    version: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by: str
    download: str


class OriginalIn(Schema):
    document: Literal["contract", "amendment", "decision"]
    document_id: Key


def original_out(original: SignedOriginal) -> dict[str, Any]:
    return {
        "id": original.pk,
        "document": original.subject,
        "document_id": original.subject_id,
        "generated": f"/api/documents/{original.subject}/{original.subject_id}",
        "version": original.version,
        "name": original.original_name,
        "content_type": original.content_type,
        "size": original.size,
        "sha256": original.sha256,
        "uploaded_at": original.uploaded_at,
        "uploaded_by": original.uploaded_by_name,
        "download": f"/api/originals/{original.pk}",
    }


def visible_contract(request: HttpRequest, contract_id: int) -> Contract:
    return get_visible(Contract.objects.select_related("community", "cpam", "ars"), request, contract_id)


@router.get(
    "/contracts/{contract_id}/originals",
    response={200: list[OriginalOut], **ERRORS},
    summary="Originaux signés déposés pour un contrat, ses avenants et ses décisions de revue annuelle",
)
def list_originals(request: HttpRequest, contract_id: Id) -> list[dict[str, Any]]:
    contract = visible_contract(request, contract_id)
    found = SignedOriginal.objects.filter(contract=contract).order_by("subject", "subject_id", "version")
    return [original_out(original) for original in found]


@router.post(
    "/contracts/{contract_id}/originals",
    response={200: OriginalOut, **ERRORS},
    summary="Déposer le scan d'un original signé (parties au contrat) : PDF, PNG ou JPEG, 10 Mo au plus ; "
    "chaque dépôt est une nouvelle version",
)
def deposit_original(
    request: HttpRequest, contract_id: Id, payload: Form[OriginalIn], file: File[UploadedFile]
) -> dict[str, Any]:
    contract = visible_contract(request, contract_id)
    name = file.name or ""
    original = originals.deposit(actor_of(request), contract, payload.document, payload.document_id, name, file.read())
    return original_out(original)


SCAN = {
    200: {
        "description": "le scan tel que déposé (PDF, PNG ou JPEG)",
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in ("application/pdf", "image/png", "image/jpeg")
        },
    }
}


@router.get(
    "/originals/{id}",
    response={401: Error, 404: Error},
    summary="Le fichier d'un original signé, pour quiconque voit son contrat",
    openapi_extra={"responses": SCAN},
)
def get_original(request: HttpRequest, id: Id) -> HttpResponse:
    return original_file(organisation_of(request), id)
