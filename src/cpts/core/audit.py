"""The audit trail: every change that can move money goes through `audited()` (docs/ledger.md:
who, when, what before and after, kept if the user is deleted).

    with audited(actor, "valider la lettre d'intention", letter) as change:
        letter.validated_on = on
        letter.save()

A creation passes no instance and sets `change.instance` inside the block.
The event is written in the same transaction as the change, or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from cpts.core.actors import Actor
from cpts.core.changes import changed
from cpts.core.models import AuditEvent


def snapshot(instance: models.Model | None) -> dict[str, Any] | None:
    """The stored values of an instance as JSON data (dates ISO, Decimal as "18750.00").

    A model may name fields the trail keeps masked (`audit_masked`: field name -> masking function), such as
    an IBAN (docs/bank-details.md): the full value stays in the model's own row, never in the trail.
    """
    if instance is None or instance.pk is None:
        return None
    values = {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    for name, mask in getattr(instance, "audit_masked", {}).items():
        if values.get(name):
            values[name] = mask(values[name])
    loaded: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return loaded


def label(instance: models.Model) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def scope_of(instance: models.Model) -> str:
    """The history an event belongs to: the object's `audit_scope` (its contract, its CPTS) or itself."""
    owner = getattr(instance, "audit_scope", None) or instance
    return label(owner)


@dataclass
class Change:
    instance: models.Model | None
    before: dict[str, Any] | None
    scope: str = ""  # remembered at the start, so a deletion keeps its history


@contextmanager
def audited(actor: Actor, action: str, instance: models.Model | None = None) -> Iterator[Change]:
    with transaction.atomic():
        if instance is not None and instance.pk is not None:
            instance.refresh_from_db()  # compare with what is stored, not with unsaved edits
            change = Change(instance, snapshot(instance), scope_of(instance))
        else:
            change = Change(instance, None)
        yield change
        if change.instance is not None:
            record(actor, action, change.instance, change.before, change.scope)


def record(
    actor: Actor, action: str, instance: models.Model, before: dict[str, Any] | None = None, scope: str = ""
) -> AuditEvent:
    """Write one event; an instance whose pk is None was deleted, its values are in `before`."""
    object_id = instance.pk if instance.pk is not None else (before or {}).get("id", "")
    if instance.pk is not None:
        instance.refresh_from_db()  # record what is stored (Decimal places, defaults), not the Python values
    event = AuditEvent.objects.create(
        actor=actor.user if actor.user is not None and actor.user.pk else None,
        actor_name=actor.name,
        organisation=actor.organisation,
        organisation_name=str(actor.organisation or ""),
        object_type=instance._meta.label_lower,
        object_id=str(object_id),
        scope=scope or (scope_of(instance) if instance.pk is not None else ""),
        action=action,
        before=before,
        after=snapshot(instance),
    )
    changed(instance)  # stored figures derived from it follow (cpts.core.changes)
    return event
