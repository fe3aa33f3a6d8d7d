"""The indicators and yearly objectives of a contract (002 annexe 1, art. 4.2.2, 4.2.2.2): list and define.

Everyone who sees the contract reads them; its three signatories define them, one at a time on the detailed
page (`indicators`), or all the targets of a year at once at their yearly meeting (`year_targets`, art. 4.2.2.1).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cpts.accord.envelopes import MISSION_LABELS
from cpts.accord.indicators import INDICATOR_MISSIONS
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.pages import acting, page
from cpts.reviews import objectives
from cpts.reviews.forms import LocalIndicatorForm, NationalIndicatorForm, ObjectiveForm, TargetFormSet
from cpts.reviews.models import ContractIndicator, IndicatorObjective
from cpts.reviews.pages import refused, signed_contract, trail, year_or_404, years

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
        "national": NationalIndicatorForm(
            data if posted == "national" else None, prefix="national", followed=frozenset(i.code for i in found)
        ),
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


def year_targets(request: HttpRequest, contract_pk: int, year: int) -> HttpResponse:
    """The yearly meeting of the three parties (002 annexe 1, art. 4.2.2.1): the targets of every indicator of the
    year on one form; an empty target stays « à fixer » (rule TARGET_NOT_SET_NOT_COUNTED)."""
    contract = signed_contract(request, contract_pk)
    year_or_404(contract, year)
    back = reverse("reviews:contract", args=[contract.pk])
    if not contract.is_party(acting(request)):
        return refused(request, f"Cibles de l'année {year}", objectives.TARGET_SETTERS, back)
    if objectives.year_frozen(contract, year):
        reason = f"La revue de l'année {year} est déjà soumise : ses objectifs ne changent plus."
        return refused(request, f"Cibles de l'année {year}", reason, back)
    found = list(contract.indicators.all())  # type: ignore[attr-defined]
    found.sort(key=lambda indicator: (INDICATOR_MISSIONS.index(indicator.mission), indicator.pk))
    existing = {
        objective.indicator_id: objective
        for objective in IndicatorObjective.objects.filter(indicator__contract=contract, contract_year=year)
    }
    rows = [(indicator, existing.get(indicator.pk)) for indicator in found]
    formset = TargetFormSet(request.POST if request.method == "POST" else None, rows=rows, prefix="cibles")
    if request.method == "POST" and formset.is_valid():
        chosen = [(form.indicator, form.fields_to_save()) for form in formset.forms]
        try:
            changed = objectives.set_year_targets(Actor.of(request), contract, year, chosen)
        except (TransitionRefused, NotAllowed) as refusal:
            formset.non_form_errors().append(str(refusal))  # shown above the form
        else:
            messages.success(request, f"Cibles de l'année {year} enregistrées ({changed} objectif(s) modifié(s)).")
            return redirect(request.path)
    context = {
        "contract": contract,
        "year": year,
        "formset": formset,
        "groups": mission_groups(contract, formset.forms),
        "to_set": sum(1 for _, objective in rows if objective is None or objective.target is None),
    }
    status = 400 if request.method == "POST" else 200
    title = f"Fixer les cibles de l'année {year} — {contract.community.name}"
    return page(request, "reviews/targets.html", title, context, trail=trail(contract, year), status=status)


def mission_groups(contract: Any, forms: list[Any]) -> list[tuple[str, str, list[Any]]]:
    """(mission, its label, its indicators' forms) for the access mission and every mission of the contract that
    can have indicators, so that each mission shows the place of its local indicators even without any."""
    chosen = {"access", *contract.missions.values_list("key", flat=True)}
    return [
        (mission, MISSION_LABELS[mission], [form for form in forms if form.indicator.mission == mission])
        for mission in INDICATOR_MISSIONS
        if mission in chosen or any(form.indicator.mission == mission for form in forms)
    ]
