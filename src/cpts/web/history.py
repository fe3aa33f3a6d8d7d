"""The values of the audit trail (cpts.core.audit, stored as JSON) read back in French for the history page.

The trail stores what the database holds: "75000.00", "2026-12-01T13:33:46.921Z", "payment", a user's id.
People read « 75 000,00 € », « 01/12/2026 à 14:33 », « paiement »; the ids of the users who recorded
a change are not shown (their names are kept beside them), nor the row's own id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from cpts.accord.money import french
from cpts.core import words

Fields = dict[str, Any]  # attname -> models.Field

# Values of the ledger and contract fields named by the engine's keys (cpts.core.words).
KEYED = {"mission": words.MISSION_LABELS, "part": words.PART_LABELS, "kind": words.KIND_LABELS}
MONEY = {"amount", "scheduled", "total"}  # Decimal fields that are euros; other decimals are rates or values
# Values an event stores beside the model's fields (a payment run's orders per contract, cpts.payments.runs).
EXTRA_LABELS = {"run": "campagne de paiement", "orders": "ordres de paiement créés", "total": "montant total"}


def fields_of(object_type: str) -> tuple[str, Fields]:
    """The French name of a model ("app.model") and its concrete fields by attname."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type, {}
    return str(model._meta.verbose_name), {f.attname: f for f in model._meta.concrete_fields}


def shown(fields: Fields, name: str) -> bool:
    """Not the row's id, nor a link to a user or an organisation whose name is stored beside it."""
    field = fields.get(name)
    if name == "id" or field is None:
        return name != "id"
    return not (field.is_relation and f"{field.name}_name" in {f.name for f in fields.values()})


def field_label(fields: Fields, name: str) -> str:
    """The field's French name; for a link left with Django's default (English) name, the linked model's."""
    field = fields.get(name)
    if field is None:
        return EXTRA_LABELS.get(name, name)
    if field.is_relation and field.verbose_name == field.name.replace("_", " "):
        return str(field.related_model._meta.verbose_name)  # type: ignore[union-attr]
    return str(field.verbose_name)


def value_text(fields: Fields, name: str, value: Any) -> str | None:
    """A stored JSON value as people read it; None (shown « — ») when empty."""
    if value is None or value == "":
        return None
    field = fields.get(name)
    if name in KEYED:
        return words.label(KEYED[name], value, str(value))
    if isinstance(field, models.BooleanField):
        return "oui" if value else "non"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")))
        return f"{moment:%d/%m/%Y à %H:%M}"
    if isinstance(field, models.DateField):
        return f"{dt.date.fromisoformat(str(value)):%d/%m/%Y}"
    if name in MONEY and field is None:
        return french(Decimal(str(value)))
    if name == "run" and field is None:
        return f"n° {value}"
    if isinstance(field, models.DecimalField):
        amount = Decimal(str(value))
        return french(amount) if name in MONEY else words.number(amount.normalize()).replace(".", ",")
    if isinstance(field, models.ForeignKey):
        return related_text(field, value)
    if isinstance(value, int) and not isinstance(value, bool):
        return words.number(value)
    return str(value)


def related_text(field: models.ForeignKey[Any, Any], pk: Any) -> str:
    """The related row as its French name (« écriture n° 12 » if it is gone)."""
    found = field.related_model._default_manager.filter(pk=pk).first()  # type: ignore[union-attr]
    return str(found) if found is not None else f"{field.related_model._meta.verbose_name} n° {pk}"  # type: ignore[union-attr]
