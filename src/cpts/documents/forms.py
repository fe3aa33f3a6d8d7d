"""The deposit form of the signed originals page, on the house DSFR form (cpts.web.forms.Form)."""

from __future__ import annotations

from typing import Any

from django import forms

from cpts.core.forms import Form


class OriginalForm(Form):
    """Which document of the contract, and its scan (the choices are the contract's own documents)."""

    document = forms.ChoiceField(label="Document signé")
    file = forms.FileField(label="Scan de l'original signé", help_text="PDF, PNG ou JPEG, 10 Mo au plus")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = choices  # type: ignore[attr-defined]
