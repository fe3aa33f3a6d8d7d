"""The crisis pages as their users meet them (docs/web.md, « Les pages de la mission crise »): DSFR tables, a
breadcrumb, the zone chosen with the place search (an EPCI stands for its communes), what was typed kept after a
refusal, and the declared crisis on the home page of the CPTS whose territory it touches."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cpts.crisis import services
from cpts.crisis.models import DeclaredCrisis
from cpts.geo import build_territory, load

from .crisis_sites import Site
from .test_pages import client_for, text

pytestmark = pytest.mark.django_db

TULLE_AGGLO = next(p.code for p in load().search("Tulle Agglo", 5) if p.kind == "epci")


def declaration(**changes: str) -> dict[str, str]:
    fields = {
        "declared_on": str(timezone.localdate() - dt.timedelta(days=10)),
        "title": "Épidémie de grippe",
        "kind": "sick",
        "authority": "ars_director_general",
        "reference": "ARS-NA-2026-3",
    }
    return {**fields, **changes}


def test_the_zone_is_chosen_with_the_place_search_and_an_epci_counts_for_its_communes(plateau: Site) -> None:
    ars = client_for(plateau.ars.organisation, "ars")  # type: ignore[arg-type]
    found = text(ars.post(reverse("crisis-list"), {**declaration(), "q": "Tulle Agglo", "search": "1"}))
    assert f'value="epci:{TULLE_AGGLO}"' in found and 'value="Épidémie de grippe"' in found  # typed text kept
    added = text(ars.post(reverse("crisis-list"), {**declaration(), "add": f"epci:{TULLE_AGGLO}"}))
    assert f'name="epci" value="{TULLE_AGGLO}"' in added and "Retirer" in added
    ars.post(reverse("crisis-list"), {**declaration(), "epci": TULLE_AGGLO})
    stored = DeclaredCrisis.objects.get()
    assert stored.communes == list(build_territory(epci=[TULLE_AGGLO]).communes)
    assert "19272" in stored.communes  # Tulle


def test_a_refused_declaration_keeps_what_was_typed_and_names_the_field(plateau: Site) -> None:
    ars = client_for(plateau.ars.organisation, "ars")  # type: ignore[arg-type]
    page = ars.post(reverse("crisis-list"), {**declaration(reference=""), "departments": ["19"]})
    assert page.status_code == 400 and not DeclaredCrisis.objects.exists()
    shown = text(page)
    assert 'value="Épidémie de grippe"' in shown and re.search(r'<option value="19"[^>]*selected', shown)
    assert "Ce champ est obligatoire" in shown
    far = text(ars.post(reverse("crisis-list"), {**declaration(declared_on="2999-01-01"), "departments": ["19"]}))
    assert "Date de la décision" in far and not DeclaredCrisis.objects.exists()


def test_crisis_pages_use_dsfr_tables_and_a_breadcrumb(plateau: Site) -> None:
    coordinator = client_for(plateau.contract.community.organisation, "coordination")
    ars = client_for(plateau.ars.organisation, "ars")  # type: ignore[arg-type]
    ars.post(reverse("crisis-list"), {**declaration(), "departments": ["19"]})
    pages = {
        reverse("crisis-list"): "Crises sanitaires déclarées",
        reverse("crisis-detail", args=[DeclaredCrisis.objects.get().pk]): "Crises sanitaires déclarées",
        reverse("crisis-plan", args=[plateau.contract.pk]): "CPTS du plateau",
    }
    for url, crumb in pages.items():
        shown = text(coordinator.get(url))
        assert 'class="fr-breadcrumb"' in shown and crumb in shown.split('class="fr-breadcrumb"')[1], url
        assert '<table class="fr-table"' not in shown and '<div class="fr-table"' in shown, url


def test_a_cpts_sees_the_crisis_declared_over_its_territory_on_its_home(plateau: Site, lyon: Site) -> None:
    """With what it means for the « survenue d'une crise » part (002 annexe 1, art. 6.2; 002 §1.3)."""
    ars = client_for(plateau.ars.organisation, "ars")  # type: ignore[arg-type]
    ars.post(reverse("crisis-list"), {**declaration(), "departments": ["19"]})
    declared = timezone.localdate() - dt.timedelta(days=10)
    home = text(client_for(plateau.contract.community.organisation, "coordination").get(reverse("home")))
    assert f"Crise sanitaire déclarée le {declared:%d/%m/%Y} sur votre territoire : Épidémie de grippe" in home
    assert "Pas de versement : aucun plan de crise rédigé" in home  # no plan yet: nothing paid (002 §1.3)
    elsewhere = text(client_for(lyon.contract.community.organisation, "lyon").get(reverse("home")))
    assert "Crise sanitaire déclarée" not in elsewhere


def test_only_an_ars_declares_a_crisis(plateau: Site) -> None:
    cpam = client_for(plateau.cpam.organisation, "cpam")  # type: ignore[arg-type]
    page = cpam.post(reverse("crisis-list"), {**declaration(), "departments": ["19"]})
    assert page.status_code == 403 and services.DECLARE_REFUSED in text(page)
    assert not DeclaredCrisis.objects.exists()
