"""The signed originals of a contract beside their generated PDF; deposit by the parties, download by whoever
sees the contract (docs/documents.md, « Originaux signés »)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.models import Organisation
from cpts.core.pages import acting, contract_trail, page, visible_or_404
from cpts.documents import originals
from cpts.documents.forms import OriginalForm
from cpts.documents.links import contract_links
from cpts.documents.models import SignedOriginal
from cpts.reviews import files


def subjects(contract: Contract) -> list[tuple[str, str, str]]:
    """(choice value, label, URL of the generated PDF) of each document of the contract that is signed."""
    found = []
    for url, label in contract_links(contract):
        kind, pk = url.rstrip("/").rsplit("/", 2)[-2:]
        if kind in SignedOriginal.Subject.values:
            found.append((f"{kind}:{pk.removesuffix('.pdf')}", label, url))
    return found


def contract_originals(request: HttpRequest, pk: int) -> HttpResponse:
    contract: Contract = visible_or_404(Contract.objects.select_related("community"), request, pk=pk)
    documents = subjects(contract)
    form = OriginalForm(request.POST or None, request.FILES or None, choices=[(v, label) for v, label, _ in documents])
    may_deposit = contract.can_sign(acting(request))
    if request.method == "POST":
        if not may_deposit:
            return page(
                request,
                "cpts/event_refused.html",
                f"Originaux signés du contrat de {contract.community.name} — refusé",
                {"reason": "Seules les parties au contrat déposent ses originaux signés.", "back": request.path},
                status=403,
            )
        if form.is_valid():
            subject, subject_id = form.cleaned_data["document"].split(":")
            upload = form.cleaned_data["file"]
            try:
                originals.deposit(Actor.of(request), contract, subject, int(subject_id), upload.name, upload.read())
            except (files.FileRefused, TransitionRefused, NotAllowed) as refusal:
                form.add_error("file", str(refusal))
            else:
                messages.success(request, "Original signé déposé.")
                return redirect(request.path)
    deposited: dict[str, list[SignedOriginal]] = {}
    for original in SignedOriginal.objects.filter(contract=contract).order_by("version"):
        deposited.setdefault(f"{original.subject}:{original.subject_id}", []).append(original)
    rows: list[dict[str, Any]] = [
        {"label": label, "url": url, "originals": deposited.get(value, [])} for value, label, url in documents
    ]
    title = f"Originaux signés du contrat de {contract.community.name}"
    trail = [*contract_trail(contract), (f"/contrats/{contract.pk}/", "Contrat")]
    context = {"contract": contract, "rows": rows, "form": form, "may_deposit": may_deposit}
    return page(request, "documents/originals.html", title, context, trail=trail)


def original_download(request: HttpRequest, pk: int) -> FileResponse:
    return original_file(acting(request), pk)


def original_file(organisation: Organisation | None, pk: int) -> FileResponse:
    """The scan as deposited, for whoever sees its contract (the page and the API); 404 otherwise."""
    visible = Contract.objects.visible_to(organisation)
    original = SignedOriginal.objects.filter(pk=pk, contract__in=visible).first()
    path = files.path_of(original.stored_name, originals.FOLDER) if original else None
    if original is None or path is None or not path.is_file():
        raise Http404("Original introuvable.")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=original.original_name, content_type=original.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
