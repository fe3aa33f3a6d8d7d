"""The JSON API under /api/ (docs/api.md): OpenAPI 3.1 at /api/openapi.json.

Every endpoint needs a token or a session (401 otherwise). Objects outside the
caller's territory answer 404, as the pages do; a refused action answers 403
(not allowed) or 409 (impossible in the current state); bad input 422. Every
message is French. The endpoints are in `cpts.api.communities`,
`cpts.api.contracts` and `cpts.api.ledger`, and in the apps' own routers (reviews, steering,
documents and signed originals, bank details) mounted below.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from cpts.accord.errors import AccordError
from cpts.accord.parameters import NotInForce
from cpts.api.auth import SessionCsrfAuth, TokenAuth
from cpts.core.errors import TransitionRefused
from cpts.payments.models import LedgerImmutable


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """/api/openapi.json and /api/docs (Swagger UI from the installed package, no CDN): behind the login
    when settings.API_DOCS_LOGIN_REQUIRED (production)."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.API_DOCS_LOGIN_REQUIRED and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="API CPTS",
    version="1",
    description=(
        "Lecture des CPTS, contrats, échéanciers expliqués, échéances et grand livre ; enregistrement des "
        "événements du cycle de vie. Authentification : jeton (`Authorization: Bearer …`) ou session du site "
        "(avec l'en-tête `X-CSRFToken` pour les écritures). Voir docs/api.md."
    ),
    auth=[TokenAuth(), SessionCsrfAuth()],
    urls_namespace="api",
    docs_decorator=docs_access,
)


def error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 401, "Authentification requise : jeton d'API (Authorization: Bearer …) ou session.")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, "Introuvable (ou hors de votre territoire).")


@api.exception_handler(PermissionDenied)
def not_allowed(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, str(exc) or "Action non autorisée pour votre organisation.")


@api.exception_handler(TransitionRefused)
def refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 409, str(exc))


@api.exception_handler(LedgerImmutable)
def immutable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 409, str(exc))


@api.exception_handler(IntegrityError)
def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(
        request, 409, "Enregistrement refusé : il contredit une règle de la base (doublon, dates incohérentes)."
    )


@api.exception_handler(ValidationError)
def invalid_model(request: HttpRequest, exc: Exception) -> HttpResponse:
    assert isinstance(exc, ValidationError)
    return error(request, 422, " ".join(exc.messages))


@api.exception_handler(NotInForce)
@api.exception_handler(AccordError)
def accord_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 422, str(exc))


@api.exception_handler(DataError)
def bad_data(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 422, "Donnée refusée par la base (valeur hors limites ou caractère interdit).")


@api.exception_handler(InputError)
def bad_input(request: HttpRequest, exc: Exception) -> HttpResponse:
    assert isinstance(exc, InputError)
    fields = [".".join(str(part) for part in item.get("loc", ())) for item in exc.errors]
    return error(request, 422, "Données invalides : " + ", ".join(fields), errors=exc.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    assert isinstance(exc, HttpError)
    return error(request, exc.status_code, str(exc))


@api.exception_handler(ValueError)
def value_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 422, str(exc))


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def all_or_nothing(operation: Callable[..., Any]) -> Callable[..., Any]:
    """Run a write operation in one transaction: a refused request writes nothing.

    Applied to every operation of every router (`add_decorator`, mode "operation": inside
    django-ninja's exception handling). A refusal raised by a service (403, 404, 409, 422)
    leaves the `atomic` block by its exception, which rolls back whatever was already
    written (a draft review opened before its values were refused, say); the exception
    handlers above turn it into the French 4xx answer outside the block (principle: "A
    rejected import or form names the line and the field, and writes nothing"). Reads run
    without a transaction.
    """

    @functools.wraps(operation)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method not in WRITES:
            return operation(request, *args, **kwargs)
        with transaction.atomic():
            return operation(request, *args, **kwargs)

    run.all_or_nothing = True  # type: ignore[attr-defined]  # for the test that every write is wrapped
    return run


def mount() -> NinjaAPI:
    from cpts.api import communities, contracts, ledger
    from cpts.banking import api as banking_api
    from cpts.documents import api as documents_api
    from cpts.reviews import api as reviews_api
    from cpts.steering import api as steering_api

    api.add_decorator(all_or_nothing)
    api.add_router("/", communities.router)
    api.add_router("/", contracts.router)
    api.add_router("/", ledger.router)
    api.add_router("/", reviews_api.router)  # objectives and annual reviews (docs/reviews.md)
    api.add_router("/", steering_api.router)  # national steering (docs/steering.md)
    api.add_router("/", documents_api.router)  # the documents as PDF, signed originals (docs/documents.md)
    api.add_router("/", banking_api.router)  # bank details of a CPTS (docs/bank-details.md)
    return api


mount()
