"""Forms of the crisis mission pages (docs/web.md, « Les pages de la mission crise »). They only read the
input; what is allowed is decided by `cpts.crisis.services`, whose French refusals the views attach to the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from cpts.accord.crises import AUTHORITIES
from cpts.accord.crisis_plan import ITEM_STATE_LABELS, TemplateItem, template
from cpts.core import dates
from cpts.core.forms import Form, date_field
from cpts.crisis.models import LessonsReview
from cpts.crisis.services import REVIEW_ITEMS
from cpts.geo import load

TEXT = 200  # the longest short text stored (model fields of 200 characters)


def _area_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(departments, regions) as (code, « code — name ») choices, from the INSEE geography (cpts.geo)."""
    geo = load()
    codes = geo.departments()
    departments = [(code, f"{code} — {geo.department_name(code)}") for code in sorted(codes)]
    regions = [(code, f"{code} — {geo.region_name(code)}") for code in sorted(set(codes.values()))]
    return departments, regions


class OpenForm(Form):
    on = date_field("Date d'ouverture")


class SubmitForm(Form):
    on = date_field("Date de transmission")


class ShareForm(Form):
    on = date_field("Date de diffusion")


class CheckForm(Form):
    on = date_field("Date du contrôle", required=False, help_text="vide : aujourd'hui ; inutile pour un renvoi")
    comment = forms.CharField(
        label="Avis (cohérence avec les autres plans du territoire)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclareForm(Form):
    """The decision that qualifies an exceptional health situation (002 annexe 4, préambule). The communes and
    EPCI of the zone are chosen with the place search (cpts.territories.picker), outside the form's fields."""

    declared_on = date_field("Date de la décision")
    title = forms.CharField(label="Intitulé", max_length=TEXT, required=False)
    kind = forms.ChoiceField(label="Typologie", choices=[])
    authority = forms.ChoiceField(label="Autorité qui a pris la décision", choices=list(AUTHORITIES.items()))
    reference = forms.CharField(label="Référence de la décision", max_length=TEXT)
    departments = forms.MultipleChoiceField(
        label="Départements entiers", required=False, help_text="plusieurs choix possibles (Ctrl ou Cmd)"
    )
    regions = forms.MultipleChoiceField(
        label="Régions entières", required=False, help_text="plusieurs choix possibles (Ctrl ou Cmd)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments, regions = _area_choices()
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in template().kinds]  # type: ignore[attr-defined]
        self.fields["departments"].choices = departments  # type: ignore[attr-defined]
        self.fields["regions"].choices = regions  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("declared_on", timezone.localdate())


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class LogForm(Form):
    """One line of the logbook: date, action, who (002 annexe 4, partie 3)."""

    at = forms.DateTimeField(
        label="Date et heure", required=False, widget=DateTimeInput(), help_text="vide : maintenant"
    )
    what = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}))
    who = forms.CharField(label="Qui", max_length=TEXT)

    def clean_at(self) -> dt.datetime:
        at: dt.datetime | None = self.cleaned_data.get("at")
        if at is None:
            return timezone.now()
        dates.validator(dates.DONE, "date et heure")(timezone.localdate(at))
        return at


class LessonsForm(Form):
    """The lessons-learnt review (002 annexe 4, partie 4), its labels those of the stored review."""

    written_on = date_field("Rédigé le")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in REVIEW_ITEMS:
            label = str(LessonsReview._meta.get_field(field).verbose_name)
            self.fields[field] = forms.CharField(
                label=label[0].upper() + label[1:],
                required=field == "description",
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class ItemsForm(Form):
    """The items of a plan version (002 annexe 4): for each, its state, content and, when it may be not
    applicable, the reason. Field names « <item>-state », « <item>-content », « <item>-reason »."""

    def __init__(self, *args: Any, items: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for entry in template().items:
            stored = items[entry.key]
            states = [(key, label) for key, label in ITEM_STATE_LABELS.items()]
            if not entry.not_applicable_allowed:
                states = [(key, label) for key, label in states if key != "not_applicable"]
            self.fields[f"{entry.key}-state"] = forms.ChoiceField(
                label="État", choices=states, initial=stored.state, required=False
            )
            self.fields[f"{entry.key}-content"] = forms.CharField(
                label="Contenu", initial=stored.content, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            if entry.not_applicable_allowed:
                self.fields[f"{entry.key}-reason"] = forms.CharField(
                    label="Motif si sans objet", initial=stored.reason, required=False, max_length=TEXT
                )

    def fields_of(self, entry: TemplateItem) -> list[forms.BoundField]:
        names = (f"{entry.key}-state", f"{entry.key}-content", f"{entry.key}-reason")
        return [self[name] for name in names if name in self.fields]
