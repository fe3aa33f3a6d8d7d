"""Small helpers shared by the services of every app."""

from __future__ import annotations

import datetime as dt

from django.db import models

from cpts.core.errors import TransitionRefused


def french_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def refuse_if(condition: bool, message: str) -> None:
    """Refuse a lifecycle move with a French message."""
    if condition:
        raise TransitionRefused(message)


def check_text_lengths(instance: models.Model) -> None:
    """A text longer than its column: a French refusal naming the field (rather than a DataError on PostgreSQL)."""
    for field in instance._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        value = getattr(instance, field.attname)
        if limit and isinstance(value, str) and len(value) > limit:
            raise TransitionRefused(f"« {field.verbose_name} » : {len(value)} caractères, {limit} au plus.")


def checked_save(instance: models.Model) -> None:
    """Validate fields and constraints (French messages) before saving; a ValidationError lists them."""
    instance.full_clean()
    instance.save()
