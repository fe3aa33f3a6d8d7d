"""Pages of the crisis mission: the plan of a contract, a version (edit, check, share, print, compare),
declared crises (declare, who is paid, logbook, lessons learnt). Every change goes through
`cpts.crisis.services`; a refusal is shown in French on the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cpts.accord.crises import AUTHORITIES
from cpts.accord.crisis_plan import ITEM_STATE_LABELS, VERSION_KIND_LABELS, plan_calendar, template
from cpts.accord.envelopes import PART_LABELS
from cpts.accord.errors import AccordError
from cpts.accord.money import french
from cpts.communities.models import Community
from cpts.communities.permissions import is_ars_of, is_itself
from cpts.contracts.models import Contract
from cpts.core import dates
from cpts.core.actors import Actor
from cpts.core.models import Organisation
from cpts.crisis import services
from cpts.crisis.bridge import version_records
from cpts.crisis.models import DeclaredCrisis, LessonsReview, LogbookEntry, PlanVersion
from cpts.payments.schedules import contract_schedule

PLAN_TEMPLATE = template()


def _organisation(request: HttpRequest) -> Organisation | None:
    return getattr(request, "organisation", None)


def _visible(manager: Any, request: HttpRequest, pk: int) -> Any:
    found = manager.visible_to(_organisation(request)).filter(pk=pk).first()
    if found is None:
        raise Http404("Objet introuvable ou hors de votre périmètre.")
    return found


def _date(request: HttpRequest, name: str = "on") -> dt.date:
    """A date of the crisis pages: a fact already done (cpts.accord.dates), today if left empty."""
    raw = request.POST.get(name, "")
    try:
        on = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        raise ValueError(f"Date invalide : « {raw} » (format AAAA-MM-JJ).") from None
    return dates.check_kind(dates.DONE, "date", on)


def _moment(raw: str) -> dt.datetime:
    """The time of a logbook line (AAAA-MM-JJTHH:MM, as the browser sends it), now if left empty."""
    if not raw:
        return timezone.now()
    try:
        at = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"Date et heure invalides : « {raw} » (format AAAA-MM-JJ HH:MM).") from None
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    dates.check_kind(dates.DONE, "date et heure", timezone.localdate(at))
    return at


def _act(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    """Run a service; its French refusal becomes an error message on the page."""
    try:
        with transaction.atomic():  # a refusal writes nothing (e.g. the items saved before a refused one)
            action()
    except (ValueError, PermissionDenied) as error:
        messages.error(request, str(error))
    except ValidationError as error:  # a model check (an e-mail address, a text too long)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


def _page(request: HttpRequest, name: str, title: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"crisis/{name}.html", {"title": title, **context})


# --- The plan of a contract --------------------------------------------------------------------


def plan(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract: Contract = _visible(Contract.objects.select_related("community"), request, contract_id)
    actor = Actor.of(request)
    if request.method == "POST":
        _act(request, lambda: services.open_version(actor, contract, _date(request)), "Version du plan ouverte.")
        return redirect("crisis-plan", contract_id=contract.pk)
    crisis_plan = services.plan_of(contract)
    versions = list(crisis_plan.versions.order_by("contract_year"))
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
    crisis_payments = [
        {"payment": p, "amount": french(p.amount), "part": PART_LABELS.get(p.part, p.part)}
        for p in (schedule.payments if schedule else ())
        if p.mission == "crisis"
    ]
    context = {
        "contract": contract,
        "versions": [(v, services.version_completeness(v)) for v in versions],
        "calendar": calendar,
        "kind_labels": VERSION_KIND_LABELS,
        "payments": crisis_payments,
        "directory": services.directory(crisis_plan, timezone.localdate()),
        "can_write": is_itself(_organisation(request), contract.community),
    }
    return _page(request, "plan", f"Plan de crise sanitaire — {contract.community.name}", context)


# --- One version -------------------------------------------------------------------------------


def _load_version(request: HttpRequest, pk: int) -> PlanVersion:
    queryset = PlanVersion.objects.select_related("plan__contract__community")
    version: PlanVersion = _visible(queryset, request, pk)
    return version


def _save_items(actor: Actor, version: PlanVersion, data: Any) -> int:
    saved = 0
    current = {item.key: item for item in version.items.all()}
    for key, item in current.items():
        state = data.get(f"{key}-state", item.state)
        content, reason = data.get(f"{key}-content", item.content), data.get(f"{key}-reason", item.reason)
        if (state, content.strip(), reason.strip()) != (item.state, item.content, item.reason):
            services.save_item(actor, version, key, state, content, reason)
            saved += 1
    return saved


def version(request: HttpRequest, pk: int) -> HttpResponse:
    plan_version = _load_version(request, pk)
    actor = Actor.of(request)
    if request.method == "POST":
        action = request.POST.get("action", "")
        steps: dict[str, tuple[Callable[[], Any], str]] = {
            "save": (lambda: _save_items(actor, plan_version, request.POST), "Rubriques enregistrées."),
            "submit": (lambda: services.submit(actor, plan_version, _date(request)), "Plan transmis à l'ARS."),
            "validate": (
                lambda: services.validate(actor, plan_version, _date(request), request.POST.get("comment", "")),
                "Plan contrôlé : il compte dans l'échéancier.",
            ),
            "return": (
                lambda: services.return_to_cpts(actor, plan_version, request.POST.get("comment", "")),
                "Plan renvoyé à la CPTS.",
            ),
            "share": (lambda: services.share(actor, plan_version, _date(request)), "Plan diffusé."),
        }
        if action in steps:
            _act(request, *steps[action])
        return redirect("crisis-version", pk=plan_version.pk)
    organisation = _organisation(request)
    context = _version_context(plan_version)
    context["can_write"] = plan_version.editable and is_itself(organisation, plan_version.community)
    context["can_check"] = plan_version.status == "submitted" and is_ars_of(organisation, plan_version.community)
    context["can_share"] = plan_version.status == "validated" and is_itself(organisation, plan_version.community)
    context["states"] = list(ITEM_STATE_LABELS.items())
    return _page(request, "version", f"{plan_version} — plan de crise", context)


def _version_context(plan_version: PlanVersion) -> dict[str, Any]:
    items = {item.key: item for item in plan_version.items.all()}
    parts = [
        {
            "part": part,
            "sections": [
                (section, [(entry, items[entry.key]) for entry in section.items]) for section in part.sections
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
    """The version as a readable document, printable to PDF from the browser (issue 7)."""
    plan_version = _load_version(request, pk)
    context = _version_context(plan_version)
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
    return _page(request, "compare", f"Comparaison — {plan_version}", context)


# --- Declared crises ---------------------------------------------------------------------------


def _list(raw: str) -> list[str]:
    return [code for code in raw.replace(";", ",").replace(" ", ",").split(",") if code]


def crises(request: HttpRequest) -> HttpResponse:
    actor = Actor.of(request)
    if request.method == "POST":
        data = request.POST

        def declare() -> DeclaredCrisis:
            return services.declare_crisis(
                actor,
                _date(request, "declared_on"),
                data.get("kind", ""),
                data.get("authority", ""),
                data.get("reference", ""),
                communes=_list(data.get("communes", "")),
                departments=_list(data.get("departments", "")),
                regions=_list(data.get("regions", "")),
                title=data.get("title", ""),
            )

        _act(request, declare, "Crise enregistrée.")
        return redirect("crisis-list")
    organisation = _organisation(request)
    context = {
        "crises": DeclaredCrisis.objects.select_related("ars"),
        "can_declare": organisation is not None and organisation.kind == Organisation.Kind.ARS,
        "kinds": PLAN_TEMPLATE.kinds,
        "authorities": list(AUTHORITIES.items()),
    }
    return _page(request, "crises", "Crises sanitaires déclarées", context)


def _own_community(request: HttpRequest) -> Community | None:
    organisation = _organisation(request)
    if organisation is None or organisation.kind != Organisation.Kind.CPTS:
        return None
    return Community.objects.filter(organisation=organisation).first()


def crisis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stored = DeclaredCrisis.objects.filter(pk=pk).first()
    if stored is None:
        raise Http404("Crise introuvable.")
    actor, community = Actor.of(request), _own_community(request)
    if request.method == "POST" and community is not None:
        data = request.POST
        if data.get("action") == "log":
            _act(
                request,
                lambda: services.log_action(
                    actor, stored, community, _moment(data.get("at", "")), data.get("what", ""), data.get("who", "")
                ),
                "Action ajoutée au journal de bord.",
            )
        elif data.get("action") == "review":
            texts = {field: data.get(field, "") for field in services.REVIEW_ITEMS}
            _act(
                request,
                lambda: services.write_review(actor, stored, community, _date(request, "written_on"), **texts),
                "Retour d'expérience enregistré : il sera repris dans la prochaine version du plan.",
            )
        return redirect("crisis-detail", pk=stored.pk)
    visible = {str(pk) for pk in Community.objects.visible_to(_organisation(request)).values_list("pk", flat=True)}
    decisions = [decision for decision in services.crisis_decisions(stored) if decision.key in visible]
    review = LessonsReview.objects.filter(crisis=stored, community=community).first() if community else None
    context = {
        "crisis": stored,
        "decisions": decisions,
        "community": community,
        "touched": community is not None and any(d.key == str(community.pk) for d in decisions),
        "logbook": LogbookEntry.objects.filter(crisis=stored, community=community) if community else [],
        "review": review,
        "review_fields": [
            (field, LessonsReview._meta.get_field(field).verbose_name, getattr(review, field, ""))
            for field in services.REVIEW_ITEMS
        ],
        "plan_url": _plan_url(community),
    }
    return _page(request, "crisis", str(stored), context)


def _plan_url(community: Community | None) -> str:
    if community is None:
        return ""
    contract = community.contracts.filter(signed_on__isnull=False).order_by("-signed_on").first()
    return reverse("crisis-plan", args=[contract.pk]) if contract else ""
