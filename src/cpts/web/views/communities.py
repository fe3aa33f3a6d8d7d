"""CPTS pages: list with search and filters, detail (territory, timeline, members, contract)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS
from cpts.communities.members import member_count
from cpts.communities.models import Community
from cpts.core.pages import acting, page, visible_or_404
from cpts.web import lifecycle
from cpts.web.views.home import today

PAGE_SIZE = 50
# The steering page links each amount to the CPTS whose stored schedule lines make it (docs/steering.md, « Liens »):
# list parameter -> field of `cpts.steering.models.ScheduleLine`.
SCHEDULE_FILTERS = {"annee": "year", "annee_contrat": "contract_year", "mission": "mission", "volet": "part"}
SCHEDULE_LABELS = {"annee": "année civile", "annee_contrat": "année du contrat", "mission": "mission", "volet": "volet"}





def community_list(request: HttpRequest) -> HttpResponse:
    on = today()
    query = request.GET.get("q", "").strip()
    department = request.GET.get("departement", "")
    region = request.GET.get("region", "")
    size = request.GET.get("taille", "")
    stage = request.GET.get("etape", "")
    communities = Community.objects.visible_to(acting(request))
    departments = sorted(set(communities.values_list("department", flat=True)))
    if query:
        communities = communities.filter(Q(name__icontains=query) | Q(rna=query) | Q(siren=query))
    if department in departments:
        communities = communities.filter(department=department)
    if region:  # the steering page links a region's figures here (docs/steering.md)
        communities = communities.filter(region=region)
    if size in {"1", "2", "3", "4"}:
        communities = communities.filter(territory__size=int(size))
    communities, schedule = with_schedule_lines(communities, request)
    listed = list(lifecycle.with_lifecycle(communities))
    rows = list(zip(listed, lifecycle.stages_of(listed, on), strict=True))
    if stage in lifecycle.STAGE_LABELS:
        rows = [(c, s) for c, s in rows if s[0] == stage]
    paginator = Paginator(rows, PAGE_SIZE)
    current = paginator.get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page_obj": current,
        "rows": [{"community": c, "stage": s} for c, s in current.object_list],
        "count": paginator.count,
        "query": query,
        "department": department,
        "size": size,
        "stage": stage,
        "departments": departments,
        "stages": list(lifecycle.STAGE_LABELS.items()),
        "schedule": schedule,
    }
    title = "Liste des CPTS" if current.number == 1 else f"Liste des CPTS — page {current.number}"
    return page(request, "cpts/communities/list.html", title, context, trail=[], nav="communities")


def with_schedule_lines(communities: Any, request: HttpRequest) -> tuple[Any, list[tuple[str, str]]]:
    """The CPTS with a stored schedule line matching every schedule parameter (`echeancier=1`: any line), and the
    parameters applied, as (label, value) for the page."""
    lines: dict[str, Any] = {}
    applied = []
    for parameter, name in SCHEDULE_FILTERS.items():
        value = request.GET.get(parameter, "").strip()
        if not value or (name.endswith("year") and not value.isdigit()):
            continue
        lines[f"contracts__schedule_lines__{name}"] = int(value) if name.endswith("year") else value
        shown = MISSION_LABELS.get(value, value) if name == "mission" else PART_LABELS.get(value, value)
        applied.append((SCHEDULE_LABELS[parameter], shown))
    if lines or request.GET.get("echeancier"):
        communities = communities.filter(contracts__schedule_lines__isnull=False, **lines).distinct()
        applied = applied or [("échéancier", "au moins une ligne")]
    return communities, applied


def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    on = today()
    community = visible_or_404(lifecycle.with_lifecycle(Community.objects.all()), request, pk=pk)
    organisation = acting(request)
    contracts = list(community.contracts.all())
    context = {
        "community": community,
        "stage": lifecycle.stage_of(community, on),
        "timeline": lifecycle.timeline(community, on),
        "territory": community.territory,
        "members": member_count(community, on),
        "contracts": contracts,
        "on": on,
        "can_edit": community.can_edit(organisation),
        "actions": community_actions(community, organisation, on),
        **early_mission_context(community, on),
    }
    return page(
        request,
        "cpts/communities/detail.html",
        community.name,
        context,
        trail=[(reverse("community-list"), "CPTS")],
        nav="communities",
    )


def early_mission_context(community: Community, on: dt.date) -> dict[str, Any]:
    """The early-mission contract and its aid (002 §3.2, annexe 2), with or without an ACI contract; without
    one, the aid's lines against the early-mission account of the ledger (`early_lines`)."""
    from cpts.accord.early_mission import aci_deadline, counted_missions
    from cpts.accord.schedule import early_mission_schedule
    from cpts.communities.models import EarlyMissionContract
    from cpts.contracts.bridge import early_alone
    from cpts.payments.balances import statement
    from cpts.payments.ledger import booked_early

    stored = EarlyMissionContract.objects.filter(community=community).first()
    if stored is None:
        return {}
    engine = early_alone([stored])[0]
    schedule = early_mission_schedule(engine)
    lines = None
    if engine.aci_signed_on is None:  # with an ACI contract, its first contract's ledger holds the aid (year 0)
        lines = statement(schedule.payments, booked_early([stored.pk]).get(stored.pk, {}), on)
    return {
        "early": stored,
        "early_schedule": schedule,
        "early_lines": lines,
        "early_deadline": aci_deadline(engine),
        "early_missions": counted_missions(engine),
    }


def community_actions(community: Community, organisation: Any, on: Any) -> list[Any]:
    """The lifecycle events the organisation may record now, the next step first (events.offered)."""
    from cpts.web.views.events import COMMUNITY_EVENTS, offered

    return offered(community, organisation, COMMUNITY_EVENTS, "community-event", on)
