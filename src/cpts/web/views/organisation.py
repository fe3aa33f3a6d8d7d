"""The representative of the acting organisation, printed on the documents of the agreement (« représenté(e)
par … », 002 annexe 1 and annexe 2; docs/documents.md, « Représentants »): each organisation names its own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.organisations import NOT_ITSELF, name_representative
from cpts.core.pages import acting, page
from cpts.web.forms import RepresentativeForm


def representative(request: HttpRequest) -> HttpResponse:
    organisation = acting(request)
    title = "Représentant de votre organisation"
    if organisation is None or not organisation.can_name_representative(organisation):
        context = {"reason": NOT_ITSELF + " Choisissez d'abord une organisation.", "back": "/"}
        return page(request, "cpts/event_refused.html", title, context, status=403)
    initial = {"representative": organisation.representative, "representative_title": organisation.representative_title}
    form = RepresentativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            name_representative(
                Actor.of(request), organisation, form.cleaned_data["representative"],
                form.cleaned_data["representative_title"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        except (TransitionRefused, NotAllowed) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Représentant enregistré : il figure sur les prochains documents.")
            return redirect(request.path)
    context = {"organisation": organisation, "form": form}
    return page(
        request, "cpts/organisation_representative.html", f"Représentant — {organisation.name}", context, trail=[]
    )
