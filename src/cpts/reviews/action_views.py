"""The steps of the annual review, one form page each (as the lifecycle events of the web app):
the CPTS submits; the CPAM or the ARS asks for a correction, validates, or records a joint decision
overriding a computed rate (002 annexe 1, art. 4.2.2, 4.2.2.1; rule JOINT_DECISION_OVERRIDE)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.pages import acting, page
from cpts.reviews import services
from cpts.reviews.forms import CommentForm, CorrectionForm, OverrideForm, ValidationForm
from cpts.reviews.models import AnnualReview
from cpts.reviews.pages import refused, signed_contract, trail, year_or_404


@dataclass(frozen=True)
class Step:
    label: str
    form: type[forms.Form]
    allowed: Callable[[Any, Any], bool]  # (contract, organisation) -> bool
    who: str  # French: who may take this step
    run: Callable[[Actor, AnnualReview, dict[str, Any]], object]
    done: str
    intro: str = ""


def _is_cpts(contract: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk == contract.community.organisation_id


def _validate(actor: Actor, review: AnnualReview, data: dict[str, Any]) -> object:
    return services.validate(actor, review, data["on"])


STEPS: dict[str, Step] = {
    "submit": Step(
        "Soumettre la revue",
        CommentForm,
        _is_cpts,
        "Seule la CPTS soumet sa revue annuelle.",
        lambda a, r, d: services.submit(a, r, d["comment"]),
        "Revue soumise à la CPAM et à l'ARS.",
        "La CPAM et l'ARS examinent ensuite les valeurs, les pièces et les dépenses (002 annexe 1, art. 4.2.2.1).",
    ),
    "correction": Step(
        "Demander une correction",
        CorrectionForm,
        lambda c, o: c.can_validate_attainment(o),
        "Seules la CPAM et l'ARS du contrat examinent la revue.",
        lambda a, r, d: services.request_correction(a, r, d["reason"]),
        "Correction demandée : la revue revient à la CPTS.",
        "La revue revient à la CPTS ; les validations déjà données sont annulées.",
    ),
    "validate": Step(
        "Valider la revue",
        ValidationForm,
        lambda c, o: c.can_validate_attainment(o),
        "Seules la CPAM et l'ARS du contrat valident la revue.",
        _validate,
        "Validation enregistrée.",
        "Quand la CPAM et l'ARS ont toutes deux validé, les taux d'atteinte sont enregistrés et le volet "
        "variable de l'échéancier est calculé (002 annexe 1, art. 4.2.2).",
    ),
    "override": Step(
        "Décision conjointe sur un taux",
        OverrideForm,
        lambda c, o: c.can_validate_attainment(o),
        "Seules la CPAM et l'ARS du contrat enregistrent une décision conjointe.",
        lambda a, r, d: services.set_override(a, r, d["mission"], d["rate"], d["reason"], d["on"]),
        "Décision conjointe enregistrée : elle remplace le taux calculé.",
        "Les signataires peuvent retenir un autre taux que le taux calculé ; le motif est conservé "
        "(règle JOINT_DECISION_OVERRIDE).",
    ),
}


def review_step(request: HttpRequest, contract_pk: int, year: int, step: str) -> HttpResponse:
    contract = signed_contract(request, contract_pk)
    year_or_404(contract, year)
    action = STEPS[step]
    back = trail(contract, year)[-1][0]
    if not action.allowed(contract, acting(request)):
        return refused(request, action.label, action.who, back)
    review = AnnualReview.objects.filter(contract=contract, contract_year=year).first()
    form = action.form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if review is None:
                raise services.ReviewError("La CPTS n'a pas encore commencé cette revue.")
            with transaction.atomic():  # a refused step writes nothing
                action.run(Actor.of(request), review, form.cleaned_data)
        except (TransitionRefused, NotAllowed) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, action.done)
            return redirect(back)
    subject = f"Revue de l'année {year} — {contract.community}"
    context = {"event": action, "form": form, "subject": subject, "back": back}
    status = 400 if request.method == "POST" else 200
    title = f"{action.label} — année {year} — {contract.community.name}"
    return page(request, "cpts/event.html", title, context, trail=trail(contract, year), status=status)
