"""Who calls the API: a bearer token (machines) or the browser session with its CSRF token.

A token acts for one user within one organisation (`ApiToken`); a session acts
for the organisation the user chose (`request.organisation`, set by
`cpts.core.middleware.CurrentOrganisationMiddleware`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from cpts.api.models import ApiToken, digest

# How stale a token's last use may be before it is written again: reading the API does not write the database
# at every call (as the session's last request, cpts.core.sessions).
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user", "organisation")
            .filter(key_digest=digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None or not found.organisation.memberships.filter(user=found.user).exists():
            return None
        request.user = found.user
        request.organisation = found.organisation  # type: ignore[attr-defined]
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USE_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


class SessionCsrfAuth(SessionAuth):
    """Django's session; writes need the CSRF token (header X-CSRFToken), as the pages' forms do.
    Without a logged-in session there is nobody to protect: the caller gets 401, not a CSRF 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "Jeton CSRF absent ou invalide : envoyez l'en-tête X-CSRFToken de la session.")
        return request.COOKIES.get(self.param_name)
