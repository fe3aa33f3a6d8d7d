"""What every page view shares, whatever its app: the acting organisation, breadcrumbs, 404 outside one's scope."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cpts.core.models import Organisation

M = TypeVar("M", bound=Model)


def acting(request: HttpRequest) -> Organisation | None:
    """The organisation the user acts for (set by cpts.core.middleware.CurrentOrganisationMiddleware)."""
    return getattr(request, "organisation", None)


def visible_or_404(manager: Any, request: HttpRequest, **lookup: Any) -> Any:
    """The object if the acting organisation may see it, else 404 (never 403: do not reveal it exists)."""
    found = manager.visible_to(acting(request)).filter(**lookup).first()
    if found is None:
        raise Http404("Objet introuvable ou hors de votre périmètre.")
    return found


def page(
    request: HttpRequest,
    template: str,
    title: str,
    context: dict[str, Any] | None = None,
    *,
    trail: list[tuple[str, str]] | None = None,
    nav: str = "",
    status: int = 200,
) -> HttpResponse:
    """Render a page with its unique title and a breadcrumb ending on that title.

    `trail` lists the (url, label) pairs between the home page and this page.
    """
    full = {"title": title, "nav": nav, **(context or {})}
    if trail is not None:
        full["breadcrumb_data"] = {
            "links": [{"url": url, "title": label} for url, label in trail],
            "current": title,
        }
    return render(request, template, full, status=status)


def community_trail(community: Any) -> list[tuple[str, str]]:
    """Breadcrumb links down to a CPTS's page (a Community)."""
    return [
        (reverse("community-list"), "CPTS"),
        (reverse("community-detail", args=[community.pk]), community.name),
    ]


def contract_trail(contract: Any) -> list[tuple[str, str]]:
    """Breadcrumb links down to the page of a contract's CPTS."""
    return community_trail(contract.community)
