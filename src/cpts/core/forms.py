"""What every writing page's form shares: the DSFR form base, dates checked by their kind, numbers as
French people type them (docs/input-limits.md). The forms only read the input; what is allowed is decided
by the services, whose French refusals the views attach to the form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cpts.core import dates
from cpts.core.words import SPACES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, required: bool = True, help_text: str = "", kind: str = dates.DONE) -> forms.DateField:
    """A date input checked by the date rules of its kind (docs/input-limits.md, « Dates »)."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        validators=[dates.validator(kind, label)],
    )


class NumberField(forms.DecimalField):
    """A number as French people type it: « 70 000 », « 70 000,50 » (spaces, no-break spaces), « 85,5 », « 85.5 »."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)  # a text input: a browser's number input refuses « 70 000 »
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = SPACES.sub("", value).replace(",", ".")
        return super().to_python(value)


class Form(DsfrBaseForm):
    """A DSFR form whose `on` date field, if any, defaults to today."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "on" in self.fields and not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the matching fields, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
