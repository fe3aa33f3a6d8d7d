"""Hygiene of the pages (docs/security.md, « En-têtes et pages d'erreur »): Content-Security-Policy with
no inline script anywhere, Permissions-Policy, Swagger UI from the installed package, French error pages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import permission_denied, server_error

from app.conftest import World

SOURCES = Path(__file__).resolve().parents[2] / "src" / "cpts"


class InlineCode(HTMLParser):
    """Collects what the CSP refuses: <script> without src (but JSON data) and on* attributes (style attributes are
    allowed: docs/security.md)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.found.append(f"<script> en ligne à la ligne {self.getpos()[0]}")
        self.found += [f"attribut {name} sur <{tag}>" for name in names if name.startswith("on")]


def directives(policy: str) -> dict[str, str]:
    """{"script-src": "'self'", ...} from the header's text."""
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in pairs}


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def pages(world: World) -> list[str]:
    return [
        "/",
        "/cpts/",
        f"/cpts/{world.community.pk}/",
        f"/cpts/{world.community.pk}/membres/",
        f"/contrats/{world.contract.pk}/",
        f"/contrats/{world.contract.pk}/historique/",
        "/cpts/nouvelle/",
        "/crise/",
    ]


@pytest.mark.parametrize("role", ["cpam", "cpts"])
def test_pages_carry_the_csp_and_permissions_policy_and_no_inline_script(
    client_for: Any, world: World, role: str
) -> None:
    client = client_for(role)
    for url in pages(world):
        response = client.get(url)
        if response.status_code != 200:
            continue  # a page this role may not open is checked as an error page below
        policy = directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == policy["style-src-elem"] == policy["default-src"] == "'self'", url
        assert policy["frame-ancestors"] == policy["object-src"] == "'none'"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.django_db
def test_the_login_page_too() -> None:
    response = Client().get("/connexion/")
    assert "Content-Security-Policy" in response.headers
    assert inline_code(response.content.decode()) == []


def test_no_template_has_inline_code() -> None:
    """Every template of the project, including those no test renders yet."""
    found = {
        str(template.relative_to(SOURCES)): inline_code(template.read_text(encoding="utf-8"))
        for template in SOURCES.rglob("templates/**/*.html")
    }
    assert {name: problems for name, problems in found.items() if problems} == {}


@pytest.mark.django_db
def test_swagger_ui_is_served_from_the_package(client: Client) -> None:
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert inline_code(html) == []
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_the_api_documentation_asks_for_a_login_in_production(client_for: Any, world: World, settings: Any) -> None:
    settings.API_DOCS_LOGIN_REQUIRED = True
    for url in ("/api/docs", "/api/openapi.json"):
        assert Client().get(url).url.startswith("/connexion/")
        assert client_for("cpam").get(url).status_code == 200


def test_another_cpts_contract_gets_the_french_404_page(client_for: Any, world: World) -> None:
    response = client_for("cpts").get(f"/contrats/{world.other_contract.pk}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in html and "hors du périmètre de votre organisation" in html
    assert "fr-header" in html and "Se déconnecter" in html  # the DSFR layout, with the user's header
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
def test_403_and_500_pages_are_french_with_the_dsfr_layout() -> None:
    request = RequestFactory().get("/")
    refused = permission_denied(request, PermissionError()).content.decode()
    assert "Accès refusé" in refused and "fr-header" in refused
    failed = server_error(request)  # rendered without a request context: the layout must not need one
    assert failed.status_code == 500
    assert "Le service a rencontré une erreur" in failed.content.decode() and "fr-footer" in failed.content.decode()
