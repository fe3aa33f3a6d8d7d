"""Every page is reachable by links: the crisis pages from the main menu and the contract page, the annual
reviews from the contract page (issues 5, 6 and 7), each with its own title."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import World
from .test_pages import title_of

Clients = Callable[[str], Client]


def links(html: str) -> dict[str, str]:
    """href -> the link's text (tags removed, spaces collapsed)."""
    found = re.findall(r'<a\b[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    return {href: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for href, text in found}


@pytest.mark.parametrize("role", ["cpam", "ars", "cnam", "cpts"])
def test_the_main_menu_leads_to_the_declared_crises(client_for: Clients, role: str) -> None:
    client = client_for(role)
    menu = client.get(reverse("home")).content.decode().split('id="fr-navigation"', 1)[1].split("</nav>", 1)[0]
    assert links(menu).get(reverse("crisis-list")) == "Crises sanitaires"
    crises = client.get(reverse("crisis-list")).content.decode()
    assert title_of(crises).startswith("Crises sanitaires déclarées")
    assert re.search(rf'href="{reverse("crisis-list")}"\s+aria-current="page"', crises)  # the menu shows where we are


@pytest.mark.parametrize("role", ["cpam", "ars", "cpts"])
def test_the_contract_page_leads_to_its_crisis_plan_and_reviews(world: World, client_for: Clients, role: str) -> None:
    client = client_for(role)
    pk = world.contract.pk
    found = links(client.get(reverse("contract-detail", args=[pk])).content.decode())
    expected = {
        reverse("crisis-plan", args=[pk]): "Plan de crise sanitaire",
        reverse("reviews:contract", args=[pk]): "Objectifs, revues et dépenses",
    }
    assert {href: found.get(href) for href in expected} == expected
    for href in expected:
        assert client.get(href).status_code == 200, href


def test_titles_stay_unique_with_the_crisis_and_review_pages(world: World, client_for: Clients) -> None:
    client = client_for("cpts")
    pk = world.contract.pk
    urls = [
        reverse("home"),
        reverse("contract-detail", args=[pk]),
        reverse("contract-history", args=[pk]),
        reverse("crisis-list"),
        reverse("crisis-plan", args=[pk]),
        reverse("reviews:contract", args=[pk]),
        reverse("reviews:indicators", args=[pk]),
    ]
    titles = [title_of(client.get(url).content.decode()) for url in urls]
    assert len(set(titles)) == len(titles), titles
