"""Pages of the crisis mission (docs/web.md, « Les pages de la mission crise »): the plan of a contract, a
version (edit, check, share, print, compare), declared crises (declare, who is paid, logbook, lessons learnt).
Every page that writes reads a Django form; every change goes through `cpts.crisis.services`, whose French
refusal is shown on the form with what was typed kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cpts.accord.crisis_plan import VERSION_KIND_LABELS, plan_calendar, template
from cpts.accord.envelopes import PART_LABELS
from cpts.accord.errors import AccordError
from cpts.accord.money import french
from cpts.communities.models import Community
from cpts.communities.permissions import is_ars_of, is_itself
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.forms import attach_errors
from cpts.core.models import Organisation
from cpts.core.pages import acting, contract_trail, page, visible_or_404
from cpts.crisis import services
from cpts.crisis.bridge import version_records
from cpts.crisis.forms import CheckForm, DeclareForm, ItemsForm, LessonsForm, LogForm, OpenForm, ShareForm, SubmitForm
from cpts.crisis.models import DeclaredCrisis, LessonsReview, LogbookEntry, PlanVersion
from cpts.geo import EmptyTerritory, UnknownCode, build_territory
from cpts.payments.schedules import contract_schedule
from cpts.territories.picker import chosen_places, place_rows, suggestions

PLAN_TEMPLATE = template()
CRISES = "Crises sanitaires déclarées"


def done(request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], Any], message: str) -> bool:
    """Run a service with a valid form's data. A refusal goes on the form and writes nothing (the items saved
    before a refused one included)."""
    if not form.is_valid():
        return False
    try:
        with transaction.atomic():
            action(form.cleaned_data)
    except ValidationError as error:  # a model check (an e-mail address, a text too long)
        attach_errors(form, error)
    except (TransitionRefused, NotAllowed) as refusal:
        form.add_error(None, str(refusal))
    else:
        messages.success(request, message)
        return True
    return False


def _plan_trail(contract: Contract) -> list[tuple[str, str]]:
    return [*contract_trail(contract), (reverse("contract-detail", args=[contract.pk]), "Contrat")]


# --- The plan of a contract --------------------------------------------------------------------


def plan(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract: Contract = visible_or_404(Contract.objects.select_related("community"), request, pk=contract_id)
    actor = Actor.of(request)
    form = OpenForm(request.POST or None, auto_id="%s")
    if request.method == "POST":
        opened = done(
            request, form, lambda data: services.open_version(actor, contract, data["on"]), "Version du plan ouverte."
        )
        if opened:
            return redirect("crisis-plan", contract_id=contract.pk)
    crisis_plan = services.plan_of(contract)
    mission = contract.missions.filter(key="crisis").first()
    calendar = ()
    if contract.signed_on and mission and mission.started_on:
        calendar = plan_calendar(
            contract.signed_on, mission.started_on, version_records(contract), timezone.localdate()
        )
    try:
        schedule = contract_schedule(contract) if contract.signed_on else None
    except AccordError as error:
        messages.error(request, str(error))
        schedule = None
    context = {
        "contract": contract,
        "versions": [(v, services.version_completeness(v)) for v in crisis_plan.versions.order_by("contract_year")],
        "calendar": calendar,
        "kind_labels": VERSION_KIND_LABELS,
        "payments": [
            {"payment": p, "amount": french(p.amount), "part": PART_LABELS.get(p.part, p.part)}
            for p in (schedule.payments if schedule else ())
            if p.mission == "crisis"
        ],
        "directory": services.directory(crisis_plan, timezone.localdate()),
        "can_write": is_itself(acting(request), contract.community),
        "form": form,
    }
    title = f"Plan de crise sanitaire — {contract.community.name}"
    status = 400 if form.errors else 200
    return page(request, "crisis/plan.html", title, context, trail=_plan_trail(contract), status=status)


# --- One version -------------------------------------------------------------------------------


def _load_version(request: HttpRequest, pk: int) -> PlanVersion:
    version: PlanVersion = visible_or_404(
        PlanVersion.objects.select_related("plan__contract__community"), request, pk=pk
    )
    return version


def _save_items(actor: Actor, version: PlanVersion, data: dict[str, Any]) -> None:
    for item in version.items.all():
        state = data.get(f"{item.key}-state") or item.state
        content, reason = data.get(f"{item.key}-content", ""), data.get(f"{item.key}-reason", "")
        if (state, content.strip(), reason.strip()) != (item.state, item.content, item.reason):
            services.save_item(actor, version, item.key, state, content, reason)


def version(request: HttpRequest, pk: int) -> HttpResponse:
    plan_version = _load_version(request, pk)
    actor = Actor.of(request)
    items = {item.key: item for item in plan_version.items.all()}
    bound = request.POST if request.method == "POST" else None
    action = bound.get("action", "") if bound is not None else ""

    def form_for(key: str, make: Callable[..., forms.Form], **options: Any) -> forms.Form:
        return make(bound if action == key else None, **options)

    check = CheckForm(bound if action in ("validate", "return") else None, auto_id="check-%s")
    steps: dict[str, tuple[forms.Form, Callable[[dict[str, Any]], Any], str]] = {
        "save": (
            form_for("save", ItemsForm, items=items, auto_id="%s"),
            lambda data: _save_items(actor, plan_version, data),
            "Rubriques enregistrées.",
        ),
        "submit": (
            form_for("submit", SubmitForm, auto_id="submit-%s"),
            lambda data: services.submit(actor, plan_version, data["on"]),
            "Plan transmis à l'ARS.",
        ),
        "validate": (
            check,
            lambda data: services.validate(actor, plan_version, data["on"] or timezone.localdate(), data["comment"]),
            "Plan contrôlé : il compte dans l'échéancier.",
        ),
        "return": (
            check,
            lambda data: services.return_to_cpts(actor, plan_version, data["comment"]),
            "Plan renvoyé à la CPTS.",
        ),
        "share": (
            form_for("share", ShareForm, auto_id="share-%s"),
            lambda data: services.share(actor, plan_version, data["on"]),
            "Plan diffusé.",
        ),
    }
    if action in steps and done(request, *steps[action]):
        return redirect("crisis-version", pk=plan_version.pk)
    organisation = acting(request)
    items_form = steps["save"][0]
    assert isinstance(items_form, ItemsForm)
    context = {
        **_version_context(plan_version, items, items_form),
        "items_form": items_form,
        "submit_form": steps["submit"][0],
        "check_form": check,
        "share_form": steps["share"][0],
        "can_write": plan_version.editable and is_itself(organisation, plan_version.community),
        "can_check": plan_version.status == "submitted" and is_ars_of(organisation, plan_version.community),
        "can_share": plan_version.status == "validated" and is_itself(organisation, plan_version.community),
    }
    contract = plan_version.plan.contract
    trail = [*_plan_trail(contract), (reverse("crisis-plan", args=[contract.pk]), "Plan de crise sanitaire")]
    status = 400 if action in steps else 200
    return page(request, "crisis/version.html", f"{plan_version} — plan de crise", context, trail=trail, status=status)


def _version_context(
    plan_version: PlanVersion, items: dict[str, Any], items_form: ItemsForm | None = None
) -> dict[str, Any]:
    parts = [
        {
            "part": part,
            "sections": [
                (
                    section,
                    [
                        (entry, items[entry.key], items_form.fields_of(entry) if items_form else [])
                        for entry in section.items
                    ],
                )
                for section in part.sections
            ],
        }
        for part in PLAN_TEMPLATE.parts
    ]
    return {
        "version": plan_version,
        "contract": plan_version.plan.contract,
        "parts": parts,
        "completeness": services.version_completeness(plan_version),
        "kinds": PLAN_TEMPLATE.kinds,
    }


def version_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a readable document, printable to PDF from the browser."""
    plan_version = _load_version(request, pk)
    context = _version_context(plan_version, {item.key: item for item in plan_version.items.all()})
    context["directory"] = plan_version.directory or services.directory(plan_version.plan, timezone.localdate())
    context["lessons"] = list(plan_version.lessons.select_related("crisis"))
    return render(request, "crisis/version_print.html", {"title": str(plan_version), **context})


def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan_version = _load_version(request, pk)
    context = {
        "version": plan_version,
        "previous": services.previous_version(plan_version),
        "changes": services.compare(plan_version),
    }
    contract = plan_version.plan.contract
    trail = [
        *_plan_trail(contract),
        (reverse("crisis-plan", args=[contract.pk]), "Plan de crise sanitaire"),
        (reverse("crisis-version", args=[plan_version.pk]), str(plan_version)),
    ]
    return page(request, "crisis/compare.html", f"Comparaison — {plan_version}", context, trail=trail)


# --- Declared crises ---------------------------------------------------------------------------


def _zone_communes(communes: list[str], epci: list[str]) -> list[str]:
    """The counted communes of the places chosen (an EPCI stands for its communes); refusal in French."""
    if not communes and not epci:
        return []
    return list(build_territory(communes=communes, epci=epci).communes)


def crises(request: HttpRequest) -> HttpResponse:
    actor = Actor.of(request)
    data = request.POST if request.method == "POST" else None
    communes, epci = chosen_places(data) if data is not None else ([], [])
    organisation = acting(request)
    if data is not None and not services.can_declare_crisis(organisation):
        context = {"reason": services.DECLARE_REFUSED, "back": reverse("crisis-list")}
        return page(request, "cpts/event_refused.html", f"{CRISES} — refusé", context, trail=[], status=403)
    declaring = data is not None and not any(button in data for button in ("add", "remove", "search"))
    # Adding or removing a place re-renders the form: what was typed is kept, no error is shown yet.
    form = DeclareForm(data if declaring else None, initial=_typed(data), auto_id="%s")
    if declaring:

        def declare(fields: dict[str, Any]) -> DeclaredCrisis:
            try:
                zone = _zone_communes(communes, epci)
            except (UnknownCode, EmptyTerritory) as error:
                raise TransitionRefused(str(error)) from error
            return services.declare_crisis(
                actor,
                fields["declared_on"],
                fields["kind"],
                fields["authority"],
                fields["reference"],
                communes=zone,
                departments=fields["departments"],
                regions=fields["regions"],
                title=fields["title"],
            )

        if done(request, form, declare, "Crise enregistrée."):
            return redirect("crisis-list")
    query = data.get("q", "") if data is not None else ""
    context = {
        "crises": DeclaredCrisis.objects.select_related("ars"),
        "can_declare": services.can_declare_crisis(organisation),
        "form": form,
        "communes": communes,
        "epci": epci,
        "places": place_rows(communes, epci),
        "q": query,
        "suggestions": suggestions(query),
    }
    status = 400 if declaring else 200
    return page(request, "crisis/crises.html", CRISES, context, trail=[], nav="crises", status=status)


def _typed(data: Any) -> dict[str, Any] | None:
    """What was typed in the declaration, to show it again after a place was added or removed."""
    if data is None:
        return None
    return {**data.dict(), "departments": data.getlist("departments"), "regions": data.getlist("regions")}


def _own_community(request: HttpRequest) -> Community | None:
    organisation = acting(request)
    if organisation is None or organisation.kind != Organisation.Kind.CPTS:
        return None
    return Community.objects.filter(organisation=organisation).first()


def crisis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stored = DeclaredCrisis.objects.filter(pk=pk).first()
    if stored is None:
        raise Http404("Crise introuvable.")
    actor, community = Actor.of(request), _own_community(request)
    data = request.POST if request.method == "POST" and community is not None else None
    action = data.get("action", "") if data is not None else ""
    review = LessonsReview.objects.filter(crisis=stored, community=community).first() if community else None
    log_form = LogForm(data if action == "log" else None, auto_id="%s")
    initial = (
        {"written_on": review.written_on, **{f: getattr(review, f) for f in services.REVIEW_ITEMS}} if review else None
    )
    lessons_form = LessonsForm(data if action == "review" else None, initial=initial, auto_id="%s")
    if community is not None and action == "log":
        logged = done(
            request,
            log_form,
            lambda fields: services.log_action(actor, stored, community, fields["at"], fields["what"], fields["who"]),
            "Action ajoutée au journal de bord.",
        )
        if logged:
            return redirect("crisis-detail", pk=stored.pk)
    if community is not None and action == "review":
        written = done(
            request,
            lessons_form,
            lambda fields: services.write_review(
                actor, stored, community, fields["written_on"], **lessons_form.texts()
            ),
            "Retour d'expérience enregistré : il sera repris dans la prochaine version du plan.",
        )
        if written:
            return redirect("crisis-detail", pk=stored.pk)
    visible = {str(pk) for pk in Community.objects.visible_to(acting(request)).values_list("pk", flat=True)}
    decisions = [decision for decision in services.crisis_decisions(stored) if decision.key in visible]
    context = {
        "crisis": stored,
        "decisions": decisions,
        "community": community,
        "touched": community is not None and any(d.key == str(community.pk) for d in decisions),
        "logbook": LogbookEntry.objects.filter(crisis=stored, community=community) if community else [],
        "log_form": log_form,
        "lessons_form": lessons_form,
        "plan_url": _plan_url(community),
    }
    trail = [(reverse("crisis-list"), CRISES)]
    status = 400 if action in ("log", "review") else 200
    return page(request, "crisis/crisis.html", str(stored), context, trail=trail, nav="crises", status=status)


def texts(fields: dict[str, Any]) -> dict[str, str]:
    return {field: fields[field] for field in services.REVIEW_ITEMS}


def _plan_url(community: Community | None) -> str:
    if community is None:
        return ""
    contract = community.contracts.filter(signed_on__isnull=False).order_by("-signed_on").first()
    return reverse("crisis-plan", args=[contract.pk]) if contract else ""
