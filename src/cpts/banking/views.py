"""The bank details page of a CPTS: the current version and its history, shown in full only to the CPTS and its
CPAM; the CPTS enters a new version, its CPAM verifies the current one (docs/bank-details.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cpts.banking import services
from cpts.banking.forms import BankDetailsForm, VerificationForm
from cpts.banking.models import BankDetails
from cpts.communities.models import Community
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.pages import acting, community_trail, page, visible_or_404


def bank_details(request: HttpRequest, pk: int) -> HttpResponse:
    community: Community = visible_or_404(Community.objects.all(), request, pk=pk)
    organisation = acting(request)
    versions = list(BankDetails.objects.filter(community=community).order_by("-entered_at", "-id"))
    latest = versions[0] if versions else None
    probe = latest or BankDetails(community=community)
    enter_form = BankDetailsForm(request.POST if "enter" in request.POST else None)
    verify_form = VerificationForm(request.POST if "verify" in request.POST else None)
    if request.method == "POST":
        allowed = probe.can_enter(organisation) if "enter" in request.POST else probe.can_verify(organisation)
        if not allowed or ("verify" in request.POST and latest is None):
            reason = services.NOT_CPTS if "enter" in request.POST else services.NOT_CPAM
            return page(
                request,
                "cpts/event_refused.html",
                f"Coordonnées bancaires de {community.name} — refusé",
                {"reason": reason, "back": request.path},
                status=403,
            )
        form = enter_form if "enter" in request.POST else verify_form
        if form.is_valid():
            try:
                if form is enter_form:
                    services.enter_details(Actor.of(request), community, **form.cleaned_data)
                    messages.success(request, "Coordonnées enregistrées ; elles seront vérifiées par la CPAM.")
                else:
                    assert latest is not None
                    services.verify_details(Actor.of(request), latest, form.cleaned_data["against"])
                    messages.success(request, "Coordonnées vérifiées.")
            except ValidationError as error:
                form.add_error(None, error)
            except (TransitionRefused, NotAllowed) as refusal:
                form.add_error(None, str(refusal))
            else:
                return redirect(request.path)
    context = {
        "community": community,
        "versions": [(version, version.shown_to(organisation)) for version in versions],
        "latest": latest,
        "may_enter": probe.can_enter(organisation),
        "may_verify": latest is not None and not latest.verified and probe.can_verify(organisation),
        "enter_form": enter_form,
        "verify_form": verify_form,
    }
    title = f"Coordonnées bancaires de {community.name}"
    return page(request, "banking/details.html", title, context, trail=community_trail(community))
