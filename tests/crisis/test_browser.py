"""Browser test (issue 7, « Must show »): a coordinator drafts a plan, the ARS validates it, the ARS declares
a crisis over a department, and the coordinator sees the payment due in the crisis mission's schedule."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from crisis_sites import Site
from django.contrib.auth.models import User

from cpts.accord.crisis_plan import template
from cpts.core.models import Membership, Organisation
from cpts.payments.schedules import clear_cache

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "Mot-de-passe-2024!"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium absent"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def browser_page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


def user(organisation: Organisation, username: str) -> str:
    created = User.objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=created, organisation=organisation)
    return username


def test_draft_validate_declare_then_see_the_payment(live_server: object, browser_page: object, plateau: Site) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    base = str(live_server)
    coordinator = user(plateau.contract.community.organisation, "coordination")
    ars = user(plateau.ars.organisation, "agent-ars")  # type: ignore[arg-type]
    clear_cache()

    def login(username: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{base}/connexion/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")

    # The coordinator drafts the first version of the plan and hands it to the ARS.
    login(coordinator)
    page.goto(f"{base}/crise/contrats/{plateau.contract.pk}/plan/")
    page.fill("#on", "2023-11-02")
    page.click("text=Ouvrir la version de l'année")
    page.get_by_role("link", name="Ouvrir", exact=True).click()
    for item in template().items:
        page.select_option(f"#{item.key}-state", "filled")
        page.fill(f"#{item.key}-content", f"Organisation prévue : {item.key}")
    page.click("button[value=save]")
    expect(page.locator(".fr-alert--success")).to_contain_text("Rubriques enregistrées")
    page.fill("#submit-on", "2023-12-01")
    page.click("button[value=submit]")
    expect(page.locator("#version-status")).to_have_text("transmise à l'ARS")
    version_url = page.url

    # The ARS checks it, then declares a crisis over the department.
    login(ars)
    page.goto(version_url)
    page.fill("#check-on", "2023-12-20")
    page.fill("#comment", "Cohérent avec le plan ORSAN du département.")
    page.click("button[value=validate]")
    expect(page.locator("#version-status")).to_have_text("contrôlée par l'ARS")
    page.goto(f"{base}/crise/crises/")
    page.fill("#declared_on", "2024-11-10")
    page.fill("#title", "Épidémie de grippe")
    page.select_option("#kind", "sick")
    page.select_option("#authority", "ars_director_general")
    page.fill("#reference", "ARS-NA-2024-17")
    page.fill("#departments", "19")
    page.click("text=Enregistrer la crise")
    expect(page.locator(".fr-alert--success")).to_contain_text("Crise enregistrée")

    # The coordinator sees the occurrence payment due within the month in the mission's schedule.
    login(coordinator)
    page.goto(f"{base}/crise/contrats/{plateau.contract.pk}/plan/")
    row = page.locator("#crisis-payments tr", has_text="survenue d'une crise sanitaire grave")
    expect(row).to_contain_text("10/12/2024")
    expect(row).to_contain_text("52\u202f500,00 €")
