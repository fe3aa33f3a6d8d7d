"""The indicators and yearly objectives of a contract (002 annexe 1, art. 4.2.2, 4.2.2.2): list and define.

Everyone who sees the contract reads them; its three signatories define them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.pages import acting, page
from cpts.reviews import objectives
from cpts.reviews.forms import LocalIndicatorForm, NationalIndicatorForm, ObjectiveForm
from cpts.reviews.models import ContractIndicator, IndicatorObjective
from cpts.reviews.pages import refused, signed_contract, trail, years

FORMS = ("national", "local", "objective")


def _run(form: Any, action: Any) -> bool:
    """Run a service with the form's data; its French refusal goes above the form. True when done."""
    try:
        with transaction.atomic():  # a refusal writes nothing
            action()
    except (TransitionRefused, NotAllowed) as refusal:
        form.add_error(None, str(refusal))
        return False
    return True


def indicators(request: HttpRequest, pk: int) -> HttpResponse:
    contract = signed_contract(request, pk)
    may_define = contract.is_party(acting(request))
    posted = next((name for name in FORMS if name in request.POST), None)
    if request.method == "POST" and not may_define:
        reason = "Seuls les signataires du contrat (CPTS, CPAM, ARS) fixent ses objectifs."
        return refused(request, "Indicateurs et objectifs", reason, request.path)
    found = list(contract.indicators.order_by("mission", "id"))  # type: ignore[attr-defined]
    count = len(years(contract))
    data = request.POST if request.method == "POST" else None
    forms = {
        "national": NationalIndicatorForm(data if posted == "national" else None, prefix="national"),
        "local": LocalIndicatorForm(data if posted == "local" else None, prefix="local"),
        "objective": ObjectiveForm(
            data if posted == "objective" else None, prefix="objective", indicators=found, years=count
        ),
    }
    actor = Actor.of(request)
    form = forms.get(posted or "")
    if form is not None and form.is_valid():
        d = form.cleaned_data
        if posted == "national":
            done = _run(form, lambda: objectives.add_national_indicator(actor, contract, d["code"]))
        elif posted == "local":
            done = _run(form, lambda: objectives.add_local_indicator(actor, contract, **d))
        else:
            indicator = ContractIndicator.objects.get(pk=d["indicator"], contract=contract)
            fields = {k: d[k] for k in d if k not in ("indicator", "contract_year")}
            done = _run(form, lambda: objectives.set_objective(actor, indicator, d["contract_year"], **fields))
        if done:
            messages.success(request, "Enregistré.")
            return redirect(request.path)
    by_indicator: dict[int, list[IndicatorObjective]] = defaultdict(list)
    for objective in IndicatorObjective.objects.filter(indicator__contract=contract).order_by("contract_year"):
        by_indicator[objective.indicator_id].append(objective)
    context = {
        "contract": contract,
        "rows": [(indicator, by_indicator.get(indicator.pk, [])) for indicator in found],
        "may_define": may_define,
        "forms": forms,
        "posted": posted,
    }
    status = 400 if request.method == "POST" else 200
    title = f"Indicateurs et objectifs — {contract.community.name}"
    return page(request, "reviews/indicators.html", title, context, trail=trail(contract), status=status)
