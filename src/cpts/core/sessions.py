"""Session lifetime (docs/security.md, « Comptes »): a session ends after 30 minutes without a
request, and 8 hours after the login whatever the activity (one working day).

The session keeps the time of the login and of the last request seen; the last request is
written at most once a minute, so that reading pages does not write the session each time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

LOGGED_IN_AT = "cpts_logged_in_at"
SEEN_AT = "cpts_seen_at"
SEEN_RESOLUTION = 60  # seconds: how stale the last-request time may be before it is written again


@receiver(user_logged_in)
def remember_login_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGGED_IN_AT] = request.session[SEEN_AT] = int(time.time())


def expiry_reason(session: Any, now: float) -> str | None:
    # A session opened before these times were kept (at the upgrade) starts counting now.
    logged_in_at, seen_at = session.setdefault(LOGGED_IN_AT, int(now)), session.setdefault(SEEN_AT, int(now))
    if now - logged_in_at > settings.SESSION_ABSOLUTE_AGE:
        return "Votre session a duré plus de 8 heures : reconnectez-vous."
    if now - seen_at > settings.SESSION_IDLE_AGE:
        return "Votre session a expiré après 30 minutes d'inactivité : reconnectez-vous."
    return None


class SessionTimeoutMiddleware:
    """Logs out a session idle too long or too old; after AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            reason = expiry_reason(request.session, now)
            if reason:
                logout(request)
                messages.warning(request, reason)
            elif now - request.session[SEEN_AT] >= SEEN_RESOLUTION:
                request.session[SEEN_AT] = int(now)
        return self.get_response(request)
