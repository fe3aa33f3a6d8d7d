"""Input refused before any view reads it (docs/input-limits.md): a French 4xx, never a 500.

- a body over its byte limit: 413 (an upload form: CPTS_MAX_UPLOAD_BYTES; anything
  else, the API's JSON included: Django's DATA_UPLOAD_MAX_MEMORY_SIZE), decided on
  the announced length before the body is read;
- a NUL character in the query string, a form field or a JSON string: 400 (PostgreSQL
  cannot store it, and no French text holds one);
- too many fields or a malformed multipart body: 400.
Pages get the DSFR refusal page, /api/ gets `{"detail": "..."}` like every API error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

from cpts.core.tabular import size_label

UPLOAD = "multipart/form-data"


class InputRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class InputLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_size(request)
            check_characters(request)
        except InputRefused as refusal:
            return refused(request, refusal.status, str(refusal))
        return self.get_response(request)


def check_size(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as error:
        raise InputRefused(400, "En-tête Content-Length invalide.") from error
    if request.content_type == UPLOAD:
        limit, what = settings.CPTS_MAX_UPLOAD_BYTES, "envoi de fichier"
    else:
        limit, what = settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "formulaire ou appel d'API"
    if length > limit:
        raise InputRefused(413, f"Requête trop volumineuse : {size_label(limit)} au plus ({what}).")


def check_characters(request: HttpRequest) -> None:
    try:
        fields = list(_fields(request))
    except RequestDataTooBig as error:  # a body sent without its length
        raise InputRefused(413, "Requête trop volumineuse.") from error
    except (TooManyFieldsSent, TooManyFilesSent) as error:
        raise InputRefused(400, "Requête refusée : trop de champs ou de fichiers.") from error
    except MultiPartParserError as error:
        raise InputRefused(400, "Envoi de fichier illisible.") from error
    for name, value in fields:
        if "\x00" in name or "\x00" in value:
            raise InputRefused(400, f"Caractère nul refusé dans le champ « {name.replace(chr(0), '')} ».")


def _fields(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(name, value) of every text the request carries: path, query string, form fields, JSON strings."""
    yield "adresse", request.path
    for name, values in request.GET.lists():
        yield from ((name, value) for value in values)
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return
    if request.content_type == "application/json":
        try:
            document = json.loads(request.body)
        except ValueError:
            return  # not JSON: the API answers 422 itself
        yield from _json_strings("corps", document)
    else:
        for name, values in request.POST.lists():
            yield from ((name, value) for value in values)


def _json_strings(path: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path, key
            yield from _json_strings(f"{path}.{key}", item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(f"{path}.{index}", item)


def refused(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    from cpts.core.pages import page

    return page(request, "cpts/event_refused.html", "Requête refusée", {"reason": message, "back": "/"}, status=status)
