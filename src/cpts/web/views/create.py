"""Create a CPTS and its territory (docs/web.md): search communes and EPCI by name or code, see the
population, size class and warnings of the territory builder (cpts.geo) as places are added.

Works without JavaScript (each button posts the whole form); with htmx the
search suggests places as one types and the form is swapped in place.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cpts.communities import services
from cpts.communities.models import Community
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.forms import Form, attach_errors
from cpts.core.models import Organisation
from cpts.core.pages import acting, page, visible_or_404
from cpts.geo import EmptyTerritory, Territory, UnknownCode, build_territory, load
from cpts.territories.picker import chosen_places, place_rows, suggestions


class CommunityForm(Form):
    name = forms.CharField(label="Nom de l'association", max_length=200)
    rna = forms.CharField(label="Numéro RNA", required=False, max_length=10, help_text="W suivi de 9 chiffres")
    siren = forms.CharField(label="SIREN", required=False, max_length=9, help_text="RNA ou SIREN obligatoire")
    finess = forms.CharField(label="FINESS", required=False, max_length=9)
    address = forms.CharField(label="Adresse", widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ChoiceField(label="Département de rattachement", choices=[])

    def __init__(self, *args: Any, departments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        geo = load()
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            (code, f"{code} — {geo.department_name(code)}") for code in departments
        ]


def preview(communes: list[str], epci: list[str]) -> tuple[Territory | None, str]:
    """The territory built from the places, or the builder's French refusal."""
    if not communes and not epci:
        return None, ""
    try:
        return build_territory(communes=communes, epci=epci), ""
    except (UnknownCode, EmptyTerritory) as error:
        return None, str(error)


def allowed_departments(organisation: Organisation | None, territory: Territory | None) -> list[str]:
    """Departments a CPTS may be attached to: those of its territory, else the CPAM's own."""
    if territory is not None and territory.departments:
        return list(territory.departments)
    if organisation is not None and organisation.department:
        return [organisation.department]
    return []


def builder_context(data: Any, communes: list[str], epci: list[str], **extra: Any) -> dict[str, Any]:
    """What the territory builder panel shows: chosen places, the built territory, suggestions."""
    territory, territory_error = preview(communes, epci)
    query = data.get("q", "") if data is not None else ""
    return {
        "communes": communes,
        "epci": epci,
        "places": place_rows(communes, epci),
        "territory": territory,
        "territory_error": territory_error,
        "q": query,
        "suggestions": suggestions(query),
        **extra,
    }


def render_builder(request: HttpRequest, context: dict[str, Any], title: str, **options: Any) -> HttpResponse:
    """The whole page, or only the form when htmx swaps it in place."""
    if request.headers.get("HX-Request") and request.method == "POST":
        return TemplateResponse(request, "cpts/communities/create_form.html", context)
    return page(request, "cpts/communities/create.html", title, context, **options)


def go(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; an htmx request is told to load the page itself rather than swap it into the form."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def search(request: HttpRequest) -> HttpResponse:
    """Htmx endpoint: the suggestions for what was typed (cpts.geo search by name or code)."""
    text = request.GET.get("q", "")
    return TemplateResponse(request, "cpts/communities/suggestions.html", {"suggestions": suggestions(text)})


def create(request: HttpRequest) -> HttpResponse:
    organisation = acting(request)
    if organisation is None or organisation.kind not in (Organisation.Kind.CPAM, Organisation.Kind.ARS):
        context = {"reason": "Seules une CPAM ou une ARS enregistrent une CPTS.", "back": reverse("home")}
        return page(request, "cpts/event_refused.html", "Créer une CPTS — refusé", context, status=403)
    data = request.POST if request.method == "POST" else None
    communes, epci = chosen_places(data) if data is not None else ([], [])
    context = builder_context(data, communes, epci)
    territory = context["territory"]
    creating = data is not None and "create" in data
    departments = allowed_departments(organisation, territory)
    # Adding or removing a place re-renders the form: keep what was typed, show no error yet.
    if creating:
        form = CommunityForm(data, departments=departments)
    else:
        form = CommunityForm(initial=data.dict() if data is not None else None, departments=departments)
    context["form"] = form
    if creating:
        if territory is None:
            form.add_error(None, context["territory_error"] or "Ajoutez au moins une commune ou un EPCI au territoire.")
        elif form.is_valid():
            created = _create(request, form, communes, epci)
            if created is not None:
                return go(request, reverse("community-detail", args=[created.pk]))
    return render_builder(request, context, "Créer une CPTS", trail=[], nav="create")


def _create(request: HttpRequest, form: CommunityForm, communes: list[str], epci: list[str]) -> Community | None:
    """Create the CPTS then its territory with the services of the core; errors go on the form."""
    actor = Actor.of(request)
    try:
        with transaction.atomic():  # a refused territory must not leave a CPTS without one
            community = services.create_community(actor, **form.cleaned_data)
            services.set_territory(actor, community, communes, epci)
    except ValidationError as error:
        attach_errors(form, error)
    except (TransitionRefused, NotAllowed, UnknownCode, EmptyTerritory) as refusal:
        form.add_error(None, str(refusal))
    else:
        return community
    return None


def territory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Redefine the territory of an existing CPTS (a new snapshot; the old one stays for history)."""
    community: Community = visible_or_404(Community.objects.select_related("territory"), request, pk=pk)
    back = reverse("community-detail", args=[community.pk])
    trail = [(reverse("community-list"), "CPTS"), (back, community.name)]
    if not community.can_edit(acting(request)):
        context = {"reason": "Vous ne pouvez pas modifier le territoire de cette CPTS.", "back": back}
        return page(request, "cpts/event_refused.html", "Territoire — refusé", context, trail=trail, status=403)
    data = request.POST if request.method == "POST" else None
    if data is not None:
        communes, epci = chosen_places(data)
    elif community.territory is not None:
        communes, epci = list(community.territory.input_communes), list(community.territory.input_epci)
    else:
        communes, epci = [], []
    context = builder_context(data, communes, epci, community=community)
    if data is not None and "create" in data:
        try:
            services.set_territory(Actor.of(request), community, communes, epci)
        except (TransitionRefused, NotAllowed, UnknownCode, EmptyTerritory) as refusal:
            context["territory_error"] = str(refusal)
        else:
            return go(request, back)
    return render_builder(request, context, f"Territoire de {community.name}", trail=trail)
