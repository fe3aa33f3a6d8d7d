"""No 500 on input: every page form and API write, fed NUL characters, 10 000-character strings,
malformed dates and times and far-future dates, answers below 500 (docs/input-limits.md).

The pages and their field names are found from the forms themselves (event registries, review and
crisis pages); the API writes from its OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from cpts.api.api import api
from cpts.core.actors import Actor
from cpts.crisis import services as crisis_services
from cpts.payments.runs import run_payments
from cpts.reviews import entry_views, objective_views
from cpts.reviews.forms import (
    CorrectionForm,
    EvidenceForm,
    LocalIndicatorForm,
    NationalIndicatorForm,
    OverrideForm,
    SpendingForm,
    ValidationForm,
)
from cpts.web.forms import MemberForm
from cpts.web.views.create import CommunityForm
from cpts.web.views.events import COMMUNITY_EVENTS, CONTRACT_EVENTS

from .conftest import World

BAD = {
    "long": "x" * 10_000,
    "time": "01/02/2024 10:00",
    "far": "9999-12-31",
    "number": "1e999",
}
NUL = "A\x00B"
ROLES = ("cnam", "ars", "cpam", "cpts")
CRISIS_FIELDS = (
    "on", "comment", "declared_on", "kind", "authority", "reference", "communes", "departments", "regions",
    "title", "at", "what", "who", "written_on", *crisis_services.REVIEW_ITEMS,
)  # fmt: skip


def _names(*form_classes: Any, prefix: str = "") -> list[str]:
    return [f"{prefix}{name}" for form_class in form_classes for name in form_class.base_fields]


def _pages(world: World) -> Iterator[tuple[str, list[str], dict[str, str]]]:
    """(url, field names, fixed fields such as the submit button) of every writing page."""
    for key, event in COMMUNITY_EVENTS.items():
        yield reverse("community-event", args=[world.community.pk, key]), _names(event.form), {}
    for key, event in CONTRACT_EVENTS.items():
        yield reverse("contract-event", args=[world.contract.pk, key]), _names(event.form), {}
    yield reverse("community-members", args=[world.community.pk]), _names(MemberForm), {"add": "1"}
    yield reverse("community-create"), _names(CommunityForm), {}
    reviews = f"/revues/contrats/{world.contract.pk}/"
    for posted in entry_views.FORMS:
        yield reviews + "annees/1/saisie/", [*_names(SpendingForm, EvidenceForm), "value_1", "comment_1"], {posted: "1"}
    indicators = _names(NationalIndicatorForm, prefix="national-") + _names(LocalIndicatorForm, prefix="local-")
    for posted in objective_views.FORMS:
        yield reviews + "indicateurs/", indicators, {posted: "1"}
    for slug in ("soumission", "correction", "validation", "decision-conjointe"):
        yield reviews + f"annees/1/{slug}/", _names(CorrectionForm, ValidationForm, OverrideForm), {}
    yield reverse("crisis-plan", args=[world.contract.pk]), list(CRISIS_FIELDS), {}
    yield reverse("crisis-list"), list(CRISIS_FIELDS), {}
    for action in ("log", "review"):
        yield reverse("crisis-detail", args=[world.extra["crisis"].pk]), list(CRISIS_FIELDS), {"action": action}


def _api_writes(world: World) -> Iterator[tuple[str, str, list[str]]]:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if method in {"post", "put", "patch"} and body is not None:
                url = path.format(
                    cpts_id=world.community.pk, contract_id=world.contract.pk, mission="quality", entry_id=1, year=1
                )
                yield method, url, list(components[body["$ref"].rsplit("/", 1)[-1]].get("properties", {}))


@pytest.fixture
def busy_world(world: World) -> World:
    """Orders to pay and a crisis to log, so that the forms behind them are reached."""
    run_payments(Actor.command("tests"), world.contract.signed_on)  # type: ignore[arg-type]
    department = world.community.territory.departments[0]  # type: ignore[union-attr]
    world.extra["crisis"] = crisis_services.declare_crisis(
        world.actor("ars"), dt.date(2024, 11, 10), "sick", "ars_director_general", "ARS-1", departments=[department]
    )
    return world


def test_no_page_form_answers_500(client_for, busy_world: World) -> None:  # type: ignore[no-untyped-def]
    failures = []
    clients = {role: client_for(role) for role in ROLES}
    for url, names, fixed in _pages(busy_world):
        for role, client in clients.items():
            for label, value in BAD.items():
                response = client.post(url, {**{name: value for name in names}, **fixed})
                if response.status_code >= 500:
                    failures.append((role, url, label, response.status_code))
        response = clients["cpts"].post(url, {**{name: NUL for name in names}, **fixed})
        assert response.status_code == 400, (url, response.status_code)
    assert not failures, failures


def test_no_list_or_search_answers_500(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cnam")
    for value in (*BAD.values(), "%", "'; --"):
        for url in (reverse("community-list"), reverse("places-search")):
            params = {"q": value, "taille": value, "departement": value, "etape": value}
            assert client.get(url, params).status_code < 500, (url, value[:20])


def test_no_api_write_answers_500(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cpam")
    failures = []
    for method, url, names in _api_writes(world):
        for label, value in (*BAD.items(), ("nul", NUL)):
            body = json.dumps({name: value for name in names})
            response = getattr(client, method)(url, body, content_type="application/json")
            if response.status_code >= 500 or "detail" not in response.json():
                failures.append((method, url, label, response.status_code))
    assert not failures, failures
