"""The crisis mission in headless Chromium (docs/interpretations.md): a coordinator drafts a plan, the ARS validates
it, the ARS declares a crisis over a department, and the coordinator sees the payment due in the mission's schedule.
Uses the Corrèze contract of the crisis tests (WORKED-EXAMPLE.md: size 2, signed 2023-03-01)."""

from __future__ import annotations

from typing import Any

from cpts.accord.crisis_plan import template
from cpts.core.organisations import ensure_user
from crisis.crisis_sites import Site

from .conftest import PASSWORD, audited, fill_form, log_in, log_out


def test_draft_validate_declare_then_see_the_payment(page: Any, plateau: Site) -> None:
    from playwright.sync_api import expect

    ensure_user("coordination", PASSWORD, plateau.contract.community.organisation)
    ensure_user("agent-ars-19", PASSWORD, plateau.ars.organisation)  # type: ignore[arg-type]
    contract_url = f"/contrats/{plateau.contract.pk}/"

    # The coordinator opens the plan from the contract page, drafts its first version and hands it to the ARS.
    log_in(page, "coordination")
    page.goto(contract_url)
    page.click("a:has-text('Plan de crise sanitaire')")
    page.fill("#on", "2023-11-02")
    page.click("text=Ouvrir la version de l'année")
    page.get_by_role("link", name="Ouvrir", exact=True).click()
    for item in template().items:
        page.select_option(f"#{item.key}-state", "filled")
        page.fill(f"#{item.key}-content", f"Organisation prévue : {item.key}")
    page.click("button[value=save]")
    expect(page.locator(".fr-alert--success")).to_contain_text("Rubriques enregistrées")
    violations = {"crise-plan-version": audited(page, "crise-plan-version")}
    page.fill("#submit-on", "2023-12-01")
    page.click("button[value=submit]")
    expect(page.locator("#version-status")).to_have_text("transmise à l'ARS")
    version_url = page.url
    log_out(page)

    # The ARS checks it, then declares a crisis over the department.
    log_in(page, "agent-ars-19")
    page.goto(version_url)
    fill_form(page, {"#check-on": "2023-12-20", "#check-comment": "Cohérent avec le plan ORSAN du département."})
    page.click("button[value=validate]")
    expect(page.locator("#version-status")).to_have_text("contrôlée par l'ARS")
    page.click("#fr-navigation a:has-text('Crises sanitaires')")  # the main menu
    violations["crises-declarees"] = audited(page, "crises-declarees")
    declaration = {
        "#declared_on": "2024-11-10",
        "#title": "Épidémie de grippe",
        "#kind": "sick",
        "#authority": "ars_director_general",
        "#reference": "ARS-NA-2024-17",
        "#departments": "19",
    }
    fill_form(page, declaration)
    page.click("text=Enregistrer la crise")
    expect(page.locator(".fr-alert--success")).to_contain_text("Crise enregistrée")
    violations["crise-declaree"] = audited(page, "crise-declaree")
    log_out(page)

    # The coordinator sees the occurrence payment due within the month in the mission's schedule.
    log_in(page, "coordination")
    page.goto(contract_url)
    page.click("a:has-text('Plan de crise sanitaire')")
    row = page.locator("#crisis-payments tr", has_text="survenue d'une crise sanitaire grave")
    expect(row).to_contain_text("10/12/2024")
    expect(row).to_contain_text("52\u202f500,00 €")
    violations["crise-plan"] = audited(page, "crise-plan")
    assert {name: found for name, found in violations.items() if found} == {}
