"""The documents as PDF downloads, for whoever sees their contract or CPTS (docs/permissions.md)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from cpts.accord.errors import AccordError
from cpts.core.pages import acting
from cpts.documents.kinds import DocumentNotFound, document_for
from cpts.documents.render import Document, render_pdf


def pdf_response(document: Document) -> HttpResponse:
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


def document_pdf(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    try:
        document = document_for(kind, pk, acting(request))
    except (DocumentNotFound, AccordError) as error:
        raise Http404(str(error)) from error
    return pdf_response(document)
