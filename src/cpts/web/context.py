"""Template context shared by every page: who acts, for which organisation, and the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cpts.core.models import Organisation


def navigation(request: HttpRequest) -> dict[str, Any]:
    organisation: Organisation | None = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "organisation": organisation,
        "has_several_organisations": user.memberships.count() > 1,
        # Only a CPAM or an ARS agent registers a CPTS project (cpts.communities.permissions.can_create_community).
        "can_create_community": organisation is not None
        and organisation.kind in (Organisation.Kind.CPAM, Organisation.Kind.ARS),
    }
