"""The few views of the core: switching the current organisation, the health check."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cpts.core.current import choose_organisation, organisations_of


@require_http_methods(["GET", "POST"])
def organisation_choice(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            choose_organisation(request, int(request.POST.get("organisation", "")))
        except ValueError as error:
            return HttpResponseBadRequest(str(error))
        target = request.POST.get("next", "/")
        safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        return redirect(target if safe else "/")
    context = {"organisations": organisations_of(request.user), "current": request.organisation}  # type: ignore[attr-defined]
    return render(request, "core/organisation_choice.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """/sante/ for the load balancer and the monitoring: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"statut": "indisponible", "base": "injoignable"}, status=503)
    return JsonResponse({"statut": "ok", "base": "ok"})
