"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

Skipped when /usr/bin/chromium is absent, unless the CI variable is set (then they fail).
Accessibility: axe-core (npm package pinned in package.json, `npm ci`) is injected into each page.
Screenshots go to the ignored var/screenshots/; `scripts/refresh-images` writes the committed copies in
docs/screenshots/ at a fixed date (CPTS_IMAGES_DIR, CPTS_IMAGES_DATE), so a plain test run rewrites no tracked file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.conftest import PASSWORD, World, world  # noqa: F401
from crisis.crisis_sites import organisations, plateau  # noqa: F401  (the crisis tests' Corrèze contract)

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / os.environ.get("CPTS_IMAGES_DIR", "var/screenshots")


def require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]
    if missing:
        reason = f"tests navigateur impossibles : absent(s) {', '.join(missing)} (apt install chromium ; npm ci)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="package", autouse=True)
def images_date() -> Iterator[None]:
    """The committed screenshots are taken on one fixed date, so that they change only when the pages do."""
    fixed = os.environ.get("CPTS_IMAGES_DATE")
    if not fixed:
        yield
        return
    import time_machine

    with time_machine.travel(dt.datetime.fromisoformat(fixed), tick=False):
        yield


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for the tests of this folder, stopped when they are done.

    Playwright's sync API leaves its event loop marked as running in the test thread until it stops, and Django
    refuses ORM calls beside a running loop: its guard is lifted while, and only while, the browser is alive, so
    the tests run after these ones see neither the loop nor the flag.
    """
    require_browser()
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A tab on the live server; the test fails if the page broke its Content-Security-Policy (docs/security.md)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    tab = context.new_page()
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: (
            refused.append(f"{tab.url} {message.location}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    context.close()
    assert not refused, f"la politique de sécurité du contenu a bloqué : {refused}"


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Se connecter')")
    page.wait_for_url(lambda url: "/connexion/" not in url)


def htmx_idle(page: Any) -> None:
    """Wait until htmx has swapped and settled: an input typed into before the settle phase may
    miss its trigger (seen under load on CI)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def log_out(page: Any) -> None:
    page.click("button:has-text('Se déconnecter')")
    page.wait_for_url("**/connexion/**")


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def fill_form(page: Any, fields: dict[str, str]) -> None:
    """Type each value into the field its selector names; a <select> gets the option of that value."""
    for selector, value in fields.items():
        field = page.locator(selector)
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def act(page: Any, link: str, fields: dict[str, str], button: str | None = None) -> None:
    """Open a form by its button-link on the current page, fill it and submit it (the submit button repeats the
    link's words unless `button` names it)."""
    page.click(f'a.fr-btn:has-text("{link}")')
    fill_form(page, fields)
    page.click(f'form button[type=submit]:has-text("{button or link}")')


def audited(page: Any, name: str) -> list[dict[str, Any]]:
    """Refresh the page's screenshot `name` and return its serious accessibility violations."""
    screenshot(page, name)
    return serious_violations(page)


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core violations of impact "serious" or "critical" on the current page."""
    page.evaluate(AXE.read_text())  # not a <script> tag: the Content-Security-Policy refuses inline scripts
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
