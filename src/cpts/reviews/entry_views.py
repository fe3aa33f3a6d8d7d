"""« Saisir vos valeurs »: the CPTS fills in its annual review: a checklist of what it provides and what each
item changes (`cpts.reviews.checklist`), measured values (typed or imported) for every indicator of the
contract, whether or not its target is set (rule TARGET_NOT_SET_NOT_COUNTED), evidence files (removable while
the review is a draft), activity report, budget and accounts, spending per mission and operating costs
(002 annexe 1, art. 4.2.2.1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cpts.accord.envelopes import MISSIONS
from cpts.accord.indicators import INDICATOR_MISSIONS
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.pages import acting, page
from cpts.reviews import imports, services
from cpts.reviews.checklist import checklist
from cpts.reviews.forms import EvidenceForm, RemoveFileForm, SpendingForm, ValuesForm, ValuesImportForm
from cpts.reviews.models import AnnualReview, ContractIndicator, EvidenceFile, IndicatorObjective
from cpts.reviews.pages import refused, signed_contract, trail, year_or_404

FORMS = ("values", "spending", "evidence", "import")


def is_cpts(contract: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk == contract.community.organisation_id


def year_indicators(contract: Any, year: int) -> list[ContractIndicator]:
    """Every indicator of the contract, by mission, each with `objective`: its objective for the year or None
    (target « à fixer »): a value is entered from the first day, whether or not the target is set."""
    found = list(ContractIndicator.objects.filter(contract=contract))
    found.sort(key=lambda indicator: (INDICATOR_MISSIONS.index(indicator.mission), indicator.pk))
    objectives = {
        o.indicator_id: o for o in IndicatorObjective.objects.filter(indicator__contract=contract, contract_year=year)
    }
    for indicator in found:
        indicator.objective = objectives.get(indicator.pk)  # type: ignore[attr-defined]
    return found


def spending_missions(contract: Any) -> list[str]:
    chosen = {"operating", *contract.missions.values_list("key", flat=True)}
    return [mission for mission in MISSIONS if mission in chosen]


def review_entry(request: HttpRequest, contract_pk: int, year: int) -> HttpResponse:
    contract = signed_contract(request, contract_pk)
    year_or_404(contract, year)
    review = AnnualReview.objects.filter(contract=contract, contract_year=year).first()
    back = trail(contract, year)[-1][0]
    if not is_cpts(contract, acting(request)):
        return refused(request, f"Revue de l'année {year}", "Seule la CPTS renseigne sa revue annuelle.", back)
    if review is not None and not review.editable:
        reason = f"La revue est {review.get_status_display()} : elle ne peut plus être modifiée."
        return refused(request, f"Revue de l'année {year}", reason, back)
    posted = next((name for name in FORMS if name in request.POST), None)
    data = request.POST if request.method == "POST" else None
    found = year_indicators(contract, year)
    values = {v.indicator_id: (v.value, v.comment) for v in review.values.all()} if review else {}
    spent = dict(review.spending.values_list("mission", "amount")) if review else {}
    forms: dict[str, Any] = {
        "values": ValuesForm(data if posted == "values" else None, indicators=found, initial_values=values),
        "spending": SpendingForm(
            data if posted == "spending" else None, missions=spending_missions(contract), initial_amounts=spent
        ),
        "evidence": EvidenceForm(data if posted == "evidence" else None, request.FILES or None),
        "import": ValuesImportForm(data if posted == "import" else None, request.FILES or None),
    }
    import_errors: list[imports.RowError] = []
    form = forms.get(posted or "")
    if form is not None and form.is_valid():
        actor = Actor.of(request)
        try:
            with transaction.atomic():  # a refusal also rolls back the draft review opened for it
                review = services.open_review(contract, year)
                done = _save(actor, review, posted or "", form)
        except imports.ImportRejected as rejected:
            import_errors = rejected.errors
        except (TransitionRefused, NotAllowed) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect(request.path)
    context = {
        "contract": contract,
        "year": year,
        "review": review,
        "forms": forms,
        "indicators": found,
        "import_errors": import_errors,
        "missing": services.missing_documents(review) if services.withholding_on() else [],  # policy only
        "files": review.files.all() if review is not None else [],
        "removable": review is not None and review.status == AnnualReview.Status.DRAFT,
        "remove_form": RemoveFileForm(),
        "checklist": checklist(contract, year, review, acting(request)),
    }
    status = 400 if request.method == "POST" else 200
    title = f"Saisir vos valeurs de l'année {year} — {contract.community.name}"
    return page(request, "reviews/entry.html", title, context, trail=trail(contract, year), status=status)


def _save(actor: Actor, review: AnnualReview, posted: str, form: Any) -> str:
    """Perform what the posted form asks; the French confirmation."""
    if posted == "values":
        entered = form.values()
        services.set_values(
            actor, review, {c: v for c, (v, _) in entered.items()}, {c: text for c, (_, text) in entered.items()}
        )
        return "Valeurs enregistrées."
    if posted == "spending":
        services.set_spending(actor, review, form.amounts())
        return "Dépenses enregistrées."
    if posted == "evidence":
        upload = form.cleaned_data["document"]
        services.attach_file(actor, review, form.cleaned_data["kind"], upload.name, form.content)
        return f"Pièce « {upload.name} » déposée."
    upload = form.cleaned_data["values_file"]
    count = imports.import_values(actor, review, upload.name, upload)
    return f"{count} valeur(s) importée(s)."



def remove_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a document from a draft review (POST only); the refusal's reason otherwise (403)."""
    evidence = EvidenceFile.objects.select_related("review__contract__community").filter(pk=pk).first()
    if evidence is None or not evidence.review.contract.is_party(acting(request)):  # as its download
        raise Http404("Pièce introuvable.")
    review = evidence.review
    back = reverse("reviews:entry", args=[review.contract_id, review.contract_year]) + "#pieces"
    form = RemoveFileForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return redirect(back)
    name = evidence.original_name
    try:
        services.remove_file(Actor.of(request), evidence)
    except (TransitionRefused, NotAllowed) as refusal:
        return refused(request, f"Retirer la pièce « {name} »", str(refusal), back)
    messages.success(request, f"Pièce « {name} » retirée.")
    return redirect(back)
