"""The organisation a user currently acts for, kept in the session (docs/permissions.md: a user may
belong to several organisations and picks the current one)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cpts.core.models import Organisation

SESSION_KEY = "cpts_organisation_id"


def organisations_of(user: Any) -> list[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organisation.objects.filter(memberships__user=user).order_by("kind", "name"))


def current_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation chosen in the session if the user still belongs to it, else their first one."""
    user = request.user
    if not user.is_authenticated:
        return None
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        found = Organisation.objects.filter(pk=chosen, memberships__user=user).first()
        if found is not None:
            return found
    first = Organisation.objects.filter(memberships__user=user).order_by("kind", "name").first()
    if first is not None:
        request.session[SESSION_KEY] = first.pk
    return first


def choose_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    """Switch the current organisation; a French ValueError if the user is not a member."""
    found = Organisation.objects.filter(pk=organisation_id, memberships__user=request.user).first()
    if found is None:
        raise ValueError("Vous n'appartenez pas à cette organisation.")
    request.session[SESSION_KEY] = found.pk
    return found
