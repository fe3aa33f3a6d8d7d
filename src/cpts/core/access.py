"""What the caller of the API may see and who they act as, shared by the routers of every app."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from cpts.core.actors import Actor
from cpts.core.models import Organisation

M = TypeVar("M", bound=Model)


def organisation_of(request: HttpRequest) -> Organisation | None:
    organisation = getattr(request, "organisation", None)
    if organisation:  # evaluates the middleware's lazy object; a lazy None is falsy
        return getattr(organisation, "_wrapped", organisation)  # type: ignore[no-any-return]
    return None


def actor_of(request: HttpRequest) -> Actor:
    return Actor(user=request.user, organisation=organisation_of(request))


def visible(queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
    """The objects of the caller's territory (`visible_to`): anything else does not exist for them."""
    return queryset.visible_to(organisation_of(request))  # type: ignore[attr-defined,no-any-return]


def get_visible(queryset: QuerySet[M], request: HttpRequest, pk: int) -> M:
    found: M | None = visible(queryset, request).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
