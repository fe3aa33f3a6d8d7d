"""A far-future date through every form and API field is refused, in French, naming the field; nothing is
written (cpts.accord.dates, docs/input-limits.md « Dates »)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

import cpts
from cpts.api.api import api
from cpts.contracts.models import Termination
from cpts.core.models import AuditEvent

from .conftest import World

FAR = "9999-12-31"


def _form_classes() -> list[type[forms.Form]]:
    """Every Django form class defined in the project (pages of every app)."""
    found: dict[str, type[forms.Form]] = {}
    for module in pkgutil.walk_packages(cpts.__path__, "cpts."):
        if ".migrations" in module.name or module.name.startswith(("cpts.accord", "cpts.geo")):
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.name:
                found[f"{module.name}.{value.__name__}"] = value
    return [found[name] for name in sorted(found)]


def _date_fields(form_class: type[forms.Form]) -> list[str]:
    return [name for name, field in form_class.base_fields.items() if isinstance(field, forms.DateField)]


DATED_FORMS = [cls for cls in _form_classes() if _date_fields(cls)]


def test_the_walk_finds_the_dated_forms() -> None:
    names = {cls.__name__ for cls in DATED_FORMS}
    assert {"TerminationForm", "PaymentForm", "MemberForm", "ValidationForm", "ObjectiveForm"} <= names


def _refusal(form_class: type[forms.Form], name: str, value: str) -> str:
    """The field's own cleaning (its validators), as the bound form runs it."""
    with pytest.raises(ValidationError) as refused:
        form_class.base_fields[name].clean(value)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize("form_class", DATED_FORMS, ids=lambda cls: cls.__name__)
def test_every_form_date_field_refuses_a_far_future_date(form_class: type[forms.Form]) -> None:
    for name in _date_fields(form_class):
        message = _refusal(form_class, name, FAR)
        assert "31/12/9999" in message and ("dans le futur" in message or "trop loin" in message), (name, message)


@pytest.mark.parametrize("form_class", DATED_FORMS, ids=lambda cls: cls.__name__)
def test_every_form_date_field_refuses_a_date_before_the_law_of_2016(form_class: type[forms.Form]) -> None:
    for name in _date_fields(form_class):
        assert "loi du 26 janvier 2016" in _refusal(form_class, name, "2015-12-31"), name


def _api_date_fields() -> list[tuple[str, str, str]]:
    """(method, path, field) for every date field of every write operation's JSON body."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if method not in {"post", "put", "patch"} or body is None:
                continue
            properties = components[body["$ref"].rsplit("/", 1)[-1]].get("properties", {})
            for name, spec in properties.items():
                options = spec.get("anyOf", [spec])
                if any(option.get("format") == "date" for option in options):
                    found.append((method, path, name))
    return found


API_DATE_FIELDS = _api_date_fields()


def test_the_walk_finds_the_api_date_fields() -> None:
    fields = {name for _, _, name in API_DATE_FIELDS}
    assert {"on", "signed_on", "sas_from", "notified_on", "effective_on", "paid_on"} <= fields
    assert len(API_DATE_FIELDS) >= 13


@pytest.mark.parametrize(("method", "path", "field"), API_DATE_FIELDS, ids=lambda part: str(part))
def test_every_api_date_field_refuses_a_far_future_date(client_for, world: World, method, path, field) -> None:  # type: ignore[no-untyped-def]
    url = path.format(
        cpts_id=world.community.pk, contract_id=world.contract.pk, mission="quality", entry_id=1, year=1
    )
    events = AuditEvent.objects.count()
    response = getattr(client_for("cpam"), method)(url, json.dumps({field: FAR}), content_type="application/json")
    assert response.status_code == 422, response.content
    errors = [e for e in response.json()["errors"] if e["loc"][-1] == field]
    assert errors and "31/12/9999" in errors[0]["msg"], response.json()
    assert AuditEvent.objects.count() == events


def test_a_far_future_termination_through_the_page_is_refused_and_not_stored(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    url = reverse("contract-event", args=[world.contract.pk, "resilier"])
    response = client_for("cpts").post(url, {"notified_on": FAR})
    assert response.status_code == 400
    assert "est dans le futur" in response.content.decode()
    assert not Termination.objects.exists()


def test_the_contract_window_is_checked_by_the_service(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """Within the form's reach (today + 5 years 6 months) but after the end of this contract plus six months."""
    signed = world.contract.signed_on
    assert signed is not None
    late = dt.date(signed.year + 5, signed.month, 1) + dt.timedelta(days=200)
    today = dt.date.today()
    url = reverse("contract-event", args=[world.contract.pk, "resilier"])
    response = client_for("cpts").post(
        url, {"notified_on": today.isoformat(), "effective_on": late.isoformat(), "reason": "Fin", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "plus de 6 mois après la fin du contrat" in response.content.decode()
    assert not Termination.objects.exists()
