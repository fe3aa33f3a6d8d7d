"""Pages render for each role, with a unique title, skip links and the accessibility link (docs/web.md)."""

from __future__ import annotations

import html as html_module
import re

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import World


def title_of(html: str) -> str:
    found = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S)
    assert found, "page without <title>"
    return html_module.unescape(found.group(1))


def test_login_page_is_dsfr_and_public(db: None) -> None:
    response = Client().get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert title_of(html) == "Connexion — CPTS · ACI"
    assert 'class="fr-skiplinks"' in html and 'href="#content"' in html
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in html  # served locally, no CDN
    assert reverse("accessibility") in html


def test_login_error_is_shown(world: World) -> None:
    response = Client().post(reverse("login"), {"username": "agent-cpam", "password": "faux"})
    assert response.status_code == 200
    assert "Connexion refusée" in response.content.decode()


def test_login_then_home(world: World) -> None:
    from .conftest import PASSWORD

    client = Client()
    response = client.post(reverse("login"), {"username": "agent-cpam", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "CPTS du Barrois" in response.content.decode()


def test_pages_require_login(db: None) -> None:
    response = Client().get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_accessibility_statement_is_public_with_its_status(db: None) -> None:
    response = Client().get(reverse("accessibility"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "non conforme" in html and "axe-core" in html
    assert title_of(html).startswith("Déclaration d'accessibilité")


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        ("cpam", "CPTS du Barrois", "CPTS de Bordeaux Centre"),
        ("ars", "CPTS du Barrois", "CPTS de Bordeaux Centre"),
        ("cpts", "CPTS du Barrois", "CPTS de Bordeaux Centre"),
        ("cnam", "Vue nationale", "CPTS du Barrois"),
    ],
)
def test_home_per_role(client_for, role: str, expected: str, absent: str) -> None:  # type: ignore[no-untyped-def]
    response = client_for(role).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert absent not in html


def test_agent_home_lists_money_and_deadlines(client_for) -> None:  # type: ignore[no-untyped-def]
    html = client_for("cpam").get(reverse("home")).content.decode()
    assert "Paiements en retard" in html
    assert "Paiements des 60 prochains jours" in html
    assert "Échéances de déploiement proches ou dépassées" in html


def test_titles_are_unique_across_main_pages(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cpam")
    urls = [
        reverse("home"),
        reverse("community-list"),
        reverse("community-create"),
        reverse("community-detail", args=[world.community.pk]),
        reverse("community-members", args=[world.community.pk]),
        reverse("contract-detail", args=[world.contract.pk]),
        reverse("contract-history", args=[world.contract.pk]),
        reverse("accessibility"),
    ]
    titles = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        titles.append(title_of(response.content.decode()))
    assert len(set(titles)) == len(titles), titles
