"""What every page view shares: the acting organisation, breadcrumbs, 404 outside one's scope."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

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
