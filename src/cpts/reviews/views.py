"""Evidence files are served only here, to the parties of the contract (issue 6)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from cpts.reviews import files
from cpts.reviews.models import EvidenceFile


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
