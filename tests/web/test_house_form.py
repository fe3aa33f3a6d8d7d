"""Every form of the writing pages is built on the house DSFR form (cpts.web.forms.Form, django-dsfr's
DsfrBaseForm): DSFR labels, hints and error markup on every page (docs/developers' principles, « Writing pages use
Django forms »)."""

from __future__ import annotations

import importlib

from django import forms
from django.urls import get_resolver
from dsfr.forms import DsfrBaseForm


def subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *subclasses(sub)}
    return found


def test_every_page_form_is_a_dsfr_form() -> None:
    assert get_resolver().url_patterns  # imports every view module of the site, and the forms they use
    for name in ("cpts.banking.forms", "cpts.documents.forms", "cpts.reviews.forms", "cpts.web.forms"):
        importlib.import_module(name)
    ours = {form for form in subclasses(forms.Form) if form.__module__.startswith("cpts.")}
    assert {"BankDetailsForm", "VerificationForm", "OriginalForm", "RepresentativeForm"} <= {f.__name__ for f in ours}
    plain = sorted(f"{form.__module__}.{form.__name__}" for form in ours if not issubclass(form, DsfrBaseForm))
    assert plain == []


def test_the_bank_details_and_originals_pages_render_dsfr_fields(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cpts = client_for("cpts")
    for url in (f"/cpts/{world.community.pk}/banque/", f"/documents/originaux/contrats/{world.contract.pk}/"):
        html = cpts.get(url).content.decode()
        assert 'class="fr-input-group"' in html or 'class="fr-select-group"' in html, url
