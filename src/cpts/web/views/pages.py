"""Pages that belong to no object: the accessibility statement."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from cpts.web.views.common import page


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, reachable without login (settings.LOGIN_EXEMPT_URL_NAMES)."""
    return page(request, "cpts/accessibility.html", "Déclaration d'accessibilité", trail=[])
