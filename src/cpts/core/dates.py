"""The date rules of the core (cpts.accord.dates) as Django sees them: form fields, services.

A service that knows the contract checks its window and raises a ValidationError on the
field, which the pages attach to the form field and the API answers as a 422.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone

from cpts.accord import dates

# Kinds of date fields: what a form or a schema can check without the contract.
DONE = "done"  # a fact already done: not after today, not before the law of 2016
EVENT = "event"  # a contract event or a planned date: at most five years and six months from today


def today() -> dt.date:
    return timezone.localdate()


def check_kind(kind: str, label: str, value: dt.date) -> dt.date:
    """Raise DateRefused (French, naming `label`) if `value` cannot be a date of this kind."""
    rule = dates.done if kind == DONE else dates.plausible
    return rule(label, value, today())


def validator(kind: str, label: str) -> Callable[[dt.date], None]:
    """A form field validator: the refusal without the label, which the page shows next to the field."""

    def validate(value: dt.date) -> None:
        try:
            check_kind(kind, label, value)
        except dates.DateRefused as refusal:
            raise ValidationError(refusal.reason[0].upper() + refusal.reason[1:] + ".") from refusal

    return validate


def on_field(name: str, check: Callable[..., dt.date], label: str, value: dt.date, *context: dt.date) -> dt.date:
    """Run a rule of cpts.accord.dates; its refusal as a ValidationError on the field `name`."""
    try:
        return check(label, value, *context)
    except dates.DateRefused as refusal:
        raise ValidationError({name: str(refusal)}) from refusal
