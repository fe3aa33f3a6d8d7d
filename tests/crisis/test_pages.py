"""The crisis pages through the Django test client: draft, check, declare, see the payment, print."""

from __future__ import annotations

import datetime as dt
import html as markup

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from cpts.accord.crisis_plan import template
from cpts.core.models import Membership, Organisation
from cpts.crisis.models import DeclaredCrisis, PlanVersion
from cpts.payments.schedules import clear_cache

from .crisis_sites import Site

pytestmark = pytest.mark.django_db


def text(response: HttpResponse) -> str:
    return markup.unescape(response.content.decode())


def client_for(organisation: Organisation, username: str) -> Client:
    user = User.objects.create_user(username, password="Mot-de-passe-2024!")
    Membership.objects.create(user=user, organisation=organisation)
    client = Client()
    client.force_login(user)
    return client


def test_coordinator_drafts_ars_validates_and_declares_coordinator_sees_payment(plateau: Site, lyon: Site) -> None:
    """The scenario of the browser test, page by page."""
    clear_cache()
    coordinator = client_for(plateau.contract.community.organisation, "coordination")
    ars = client_for(plateau.ars.organisation, "ars")  # type: ignore[arg-type]
    plan_url = reverse("crisis-plan", args=[plateau.contract.pk])
    assert coordinator.get(plan_url).status_code == 200
    coordinator.post(plan_url, {"on": "2023-11-02"})
    version = PlanVersion.objects.get()
    version_url = reverse("crisis-version", args=[version.pk])
    filled = {f"{item.key}-state": "filled" for item in template().items}
    filled |= {f"{item.key}-content": f"Réponse pour {item.key}" for item in template().items}
    coordinator.post(version_url, {"action": "save", **filled})
    page = coordinator.post(version_url, {"action": "submit", "on": "2023-12-01"}, follow=True)
    assert "Plan transmis à l'ARS." in text(page)
    ars.post(version_url, {"action": "validate", "on": "2023-12-20", "comment": "Cohérent"})
    version.refresh_from_db()
    assert (version.status, version.submitted_on) == ("validated", dt.date(2023, 12, 1))

    ars.post(
        reverse("crisis-list"),
        {
            "declared_on": "2024-11-10",
            "kind": "sick",
            "authority": "ars_director_general",
            "reference": "ARS-NA-2024-17",
            "departments": "19",
            "title": "Épidémie de grippe",
        },
    )
    crisis_page = text(coordinator.get(reverse("crisis-detail", args=[DeclaredCrisis.objects.get().pk])))
    assert "dû au plus tard le 10/12/2024" in crisis_page
    clear_cache()
    plan_page = text(coordinator.get(plan_url))
    assert "10/12/2024" in plan_page and "52\u202f500,00 €" in plan_page and "survenue d'une crise" in plan_page


def test_pages_refuse_and_hide_what_is_not_yours(plateau: Site, lyon: Site) -> None:
    other = client_for(lyon.contract.community.organisation, "lyon")
    assert other.get(reverse("crisis-plan", args=[plateau.contract.pk])).status_code == 404
    coordinator = client_for(plateau.contract.community.organisation, "coordination")
    page = coordinator.post(
        reverse("crisis-list"),
        {"kind": "sick", "authority": "prefect", "reference": "X", "departments": "19"},
        follow=True,
    )
    assert "Seule une ARS peut enregistrer une crise sanitaire déclarée." in text(page)


def test_print_export_is_a_readable_document(plateau: Site) -> None:
    """« Export of a plan version as a readable document (HTML page printable to PDF) »."""
    coordinator = client_for(plateau.contract.community.organisation, "coordination")
    coordinator.post(reverse("crisis-plan", args=[plateau.contract.pk]), {"on": "2023-11-02"})
    version = PlanVersion.objects.get()
    coordinator.post(
        reverse("crisis-version", args=[version.pk]),
        {
            "action": "save",
            "cell_who-state": "filled",
            "cell_who-content": "Le bureau de la CPTS",
            "strengths-state": "not_applicable",
            "strengths-reason": "Aucune crise vécue",
        },
    )
    html = text(coordinator.get(reverse("crisis-version-print", args=[version.pk])))
    assert (
        "<h2>1. Anticipation</h2>" in html and "<h2>4. Retex réalisé d'une situation de crise déjà connue</h2>" in html
    )
    assert "Le bureau de la CPTS" in html and "Sans objet : Aucune crise vécue" in html
    assert "Dr Anne Martin" in html and "Paul Durand" not in html  # directory from the active members
    assert "@media print" in html
    compare = text(coordinator.get(reverse("crisis-version-compare", args=[version.pk])))
    assert "Pas de version précédente" in compare
