"""Members of a CPTS: list, add one, import a file (refused whole with its error table)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cpts.communities import services
from cpts.communities.members import member_count, size4_bonus_rate_on
from cpts.communities.models import Community, Member
from cpts.contracts.models import Contract, MembersList
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.forms import attach_errors
from cpts.core.pages import acting, community_trail, page, visible_or_404
from cpts.web.forms import ImportForm, MemberForm
from cpts.web.imports import COLUMNS, import_members
from cpts.web.views.home import today


def members(request: HttpRequest, pk: int) -> HttpResponse:
    community: Community = visible_or_404(Community.objects.select_related("territory"), request, pk=pk)
    on = today()
    may_declare = community.can_declare_members(acting(request))
    add_form = MemberForm(request.POST if "add" in request.POST else None)
    import_form = ImportForm(request.POST if "import" in request.POST else None, request.FILES or None)
    import_errors: list[Any] = []
    if request.method == "POST":
        if not may_declare:
            return page(
                request,
                "cpts/event_refused.html",
                f"Membres de {community.name} — refusé",
                {"reason": "Seule la CPTS déclare la liste de ses membres (002 §5.1).", "back": request.path},
                status=403,
            )
        if "add" in request.POST and add_form.is_valid():
            try:
                services.add_member(Actor.of(request), community, **add_form.cleaned_data)
            except ValidationError as error:
                attach_errors(add_form, error)
            except (TransitionRefused, NotAllowed) as refusal:
                add_form.add_error(None, str(refusal))
            else:
                messages.success(request, "Membre ajouté.")
                return redirect(request.path)
        if "import" in request.POST and import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            result = import_members(Actor.of(request), community, upload.name, upload)
            if result.ok:
                messages.success(request, f"{len(result.created)} membre(s) importé(s).")
                return redirect(request.path)
            import_errors = result.errors
    size = community.territory.size if community.territory else None
    count = member_count(community, on)
    # The yearly lists transmitted (002 §5.1, rule MEMBERS_LIST_YEARLY), and where to record the next one.
    lists = MembersList.objects.filter(contract__community=community).order_by("-received_on", "-id")
    contract = Contract.objects.filter(community=community, signed_on__isnull=False).order_by("-signed_on").first()
    may_record = contract is not None and contract.can_record_members_list(acting(request))
    context = {
        "community": community,
        "members": Member.objects.filter(community=community).order_by("left_on", "kind", "name"),
        "count": count,
        "size": size,
        "bonus": size is not None and size4_bonus_rate_on(size, count, on) > 0,
        "on": on,
        "may_declare": may_declare,
        "add_form": add_form,
        "import_form": import_form,
        "import_errors": import_errors,
        "columns": list(COLUMNS),
        "lists": list(lists),
        "list_contract": contract if may_record else None,
    }
    status = 400 if request.method == "POST" else 200
    title = f"Membres de {community.name}"
    trail = community_trail(community)
    return page(request, "cpts/communities/members.html", title, context, trail=trail, status=status)


