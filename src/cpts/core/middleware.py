"""Login required everywhere but an explicit allow-list, and `request.organisation`.

The allow-list is in the settings (LOGIN_EXEMPT_URL_NAMES, LOGIN_EXEMPT_PATH_PREFIXES):
the login page, static files, the accessibility statement; /api/ checks its own
authentication (session or token) and answers 401.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from cpts.core.current import current_organisation


def is_exempt(path: str) -> bool:
    if path.startswith(tuple(settings.LOGIN_EXEMPT_PATH_PREFIXES)):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in settings.LOGIN_EXEMPT_URL_NAMES


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not is_exempt(request.path_info):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class CurrentOrganisationMiddleware:
    """Sets `request.organisation`: the organisation the user acts for, or None.

    Not lazy on purpose: `request.organisation is None` must be a reliable test.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = current_organisation(request)  # type: ignore[attr-defined]
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header of every response (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
