"""End-to-end journeys in headless Chromium (docs/web.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.conftest import COMMAND
from cpts.communities.services import add_members
from cpts.contracts.models import Contract
from cpts.contracts.scenarios import founding_members
from cpts.contracts.services import sign

from .conftest import World, act, fill_form, htmx_idle, log_in, log_out, screenshot, serious_violations

VERDUN = "55545"  # Verdun (Meuse), a real commune of the department of the world's CPAM
BAR_LE_DUC = "55029"  # Bar-le-Duc (Meuse)


@pytest.mark.parametrize(
    ("role", "heading"),
    [("cpam", "CPAM"), ("ars", "ARS"), ("cpts", "CPTS du Barrois"), ("cnam", "Vue nationale")],
)
def test_each_role_logs_in_and_sees_its_home(page: Any, world: World, role: str, heading: str) -> None:
    log_in(page, f"agent-{role}")
    assert heading in page.inner_text("h1")
    assert page.title().startswith("Accueil")
    screenshot(page, f"accueil-{role}")
    log_out(page)


def test_create_a_cpts_sign_start_schedule_and_pay(page: Any, world: World) -> None:
    from playwright.sync_api import expect

    # An ARS agent registers a CPTS from real communes and sees its size.
    log_in(page, "agent-ars")
    page.goto("/cpts/nouvelle/")
    page.fill("#q", "Verdun")
    page.wait_for_selector(f"button[value='commune:{VERDUN}']")  # htmx suggestions as one types
    page.click(f"button[value='commune:{VERDUN}']")
    page.wait_for_selector("#territory-summary:has-text('Taille 1')")
    htmx_idle(page)
    page.fill("#q", BAR_LE_DUC)
    page.wait_for_selector(f"button[value='commune:{BAR_LE_DUC}']")
    page.click(f"button[value='commune:{BAR_LE_DUC}']")
    page.wait_for_selector("#territory-summary:has-text('2 communes comptées')")
    summary = page.inner_text("#territory-summary")
    assert "Taille 1" in summary
    assert page.locator("#create-form").count() == 1  # htmx swapped the form in place
    assert page.locator(".fr-error-text").count() == 0  # no error before « Créer la CPTS »
    screenshot(page, "creer-une-cpts")
    fill_form(
        page,
        {
            "#id_name": "CPTS du Verdunois",
            "#id_siren": "552100554",
            "#id_address": "1 place de la Nation, 55100 Verdun",
            "#id_department": "55",
        },
    )
    page.click("button[name=create]")
    page.wait_for_selector("h1:has-text('CPTS du Verdunois')")
    assert "taille 1" in page.inner_text("main")

    # Letter of intent, health project, contract: each through its form. The project, filed long before
    # today, is deemed validated by the ARS's silence after two months: nobody is asked to validate it.
    act(page, "Déposer la lettre d'intention", {"#id_on": "2023-10-02"})
    act(page, "Valider la lettre d'intention", {"#id_on": "2023-10-16"})
    act(page, "Déposer le projet de santé", {"#id_on": "2023-11-02"})
    assert "Projet de santé réputé validé (silence de l'ARS)" in page.inner_text("main")
    assert page.locator('a.fr-btn:has-text("Valider le projet de santé")').count() == 0
    act(page, "Préparer le contrat ACI", {})
    page.click("a:has-text('Contrat de CPTS du Verdunois')")
    # The CPTS has declared its members and, with the CPAM, signed on its side (each party signs for itself,
    # tests/e2e/test_journeys.py walks their clicks); the ARS signs last, after the confirmation.
    contract = Contract.objects.get(community__name="CPTS du Verdunois")
    add_members(COMMAND, contract.community, founding_members(contract.community, dt.date(2023, 10, 2)))
    sign(COMMAND, contract, "cpts", dt.date(2024, 2, 20), "Dr Anne Lefèvre", "présidente")
    sign(COMMAND, contract, "cpam", dt.date(2024, 2, 26), "Mme Hélène Roussel", "directrice")
    page.reload()
    page.click('a.fr-btn:has-text("Signer le contrat")')
    assert "la dernière des trois" in page.inner_text("#consequences")
    fill_form(page, {"#id_on": "2024-03-01", "#id_signer_name": "M. Laurent Girard", "#id_signer_capacity": "DG"})
    page.click("label:has-text('je confirme sa signature')")
    page.click('form button[type=submit]:has-text("Signer le contrat")')
    assert "signé le 01/03/2024" in page.inner_text("main").lower()

    # An impossible move is explained, not hidden: deploying a mission not started.
    act(page, "Déployer une mission", {"#id_mission": "access", "#id_on": "2024-03-20"})
    assert "ne peut être déployée avant d'avoir démarré" in page.inner_text(".fr-alert--error")
    page.click("a:has-text('Annuler')")

    for mission in ("access", "pathways", "prevention", "crisis"):
        act(page, "Démarrer une mission", {"#id_mission": mission, "#id_on": "2024-03-15"})
    assert "Démarrage de la mission enregistré" in page.inner_text(".fr-alert--success")

    # The schedule: unfold the explanation of the first line shown (past years are folded).
    first = page.locator("table.cpts-schedule details:visible").first
    first.locator("> summary").click()
    expect(first).to_contain_text("Règle")  # loaded when opened (htmx)
    assert "source" in first.inner_text()
    screenshot(page, "contrat-echeancier")
    contract_url = page.url
    log_out(page)

    # The CPAM orders what is due and records a payment.
    log_in(page, "agent-cpam")
    page.goto(contract_url)
    act(page, "Ordonnancer les échéances dues", {})
    act(page, "Enregistrer un paiement", {"#id_reference": "VIR-2024-001"})
    assert "Paiement enregistré au grand livre" in page.inner_text(".fr-alert--success")
    assert "VIR-2024-001" in page.inner_text("#grand-livre + .fr-table")
    screenshot(page, "contrat-grand-livre")
    page.goto(contract_url + "historique/")
    assert "enregistrer un paiement" in page.inner_text("main")
    screenshot(page, "contrat-historique")


def test_members_import_with_an_error_shows_the_table(page: Any, world: World, tmp_path: Any) -> None:
    members = tmp_path / "membres.csv"
    members.write_text(
        "type;nom;profession;rpps;professionnels;adhesion\n"
        "professionnel;Dr Claire Martin;médecin généraliste;10000000007;;01/02/2024\n"
        "msp;MSP des Côtes;;;;01/02/2024\n"
        "professionnel;Paul Durand;infirmier;12345678901;;32/01/2024\n",
        encoding="utf-8",
    )
    log_in(page, "agent-cpts")
    page.goto(f"/cpts/{world.community.pk}/membres/")
    before = page.inner_text(".fr-callout__title")
    page.set_input_files("#id_file", str(members))
    page.click("button:has-text('Importer')")
    page.wait_for_selector("#import-errors")
    table = page.inner_text("table:has(caption:has-text('Erreurs du fichier'))")
    assert "professionnels" in table  # line 3: an MSP without its number of professionals
    assert "adhesion" in table  # line 4: 32/01/2024
    assert page.inner_text(".fr-callout__title") == before  # nothing written
    screenshot(page, "membres-import-refuse")


def test_another_cpts_contract_is_refused(page: Any, world: World) -> None:
    log_in(page, "agent-cpts")
    response = page.goto(f"/contrats/{world.other_contract.pk}/")
    assert response is not None and response.status == 404
    response = page.goto(f"/contrats/{world.contract.pk}/")
    assert response is not None and response.status == 200


def test_main_pages_have_no_serious_accessibility_violation(page: Any, world: World) -> None:
    pages = {"connexion": "/connexion/", "accessibilite": "/accessibilite/"}
    found = {}
    for name, url in pages.items():
        page.goto(url)
        found[name] = serious_violations(page)
    log_in(page, "agent-cpam")
    pages = {
        "accueil-cpam": "/",
        "liste-cpts": "/cpts/",
        "fiche-cpts": f"/cpts/{world.community.pk}/",
        "membres": f"/cpts/{world.community.pk}/membres/",
        "creer-cpts": "/cpts/nouvelle/",
        "contrat": f"/contrats/{world.contract.pk}/",
        "historique": f"/contrats/{world.contract.pk}/historique/",
        "paiement": f"/contrats/{world.contract.pk}/evenement/paiement/",
    }
    for name, url in pages.items():
        page.goto(url)
        page.locator("details").first.evaluate("d => d && (d.open = true)") if page.locator("details").count() else None
        found[name] = serious_violations(page)
        if name in ("liste-cpts", "fiche-cpts", "contrat"):
            screenshot(page, name)
    assert {name: v for name, v in found.items() if v} == {}


def test_keyboard_skip_link_and_explanation(page: Any, world: World) -> None:
    """The first Tab reaches the skip link to the content; an explanation unfolds with Enter."""
    log_in(page, "agent-cpts")
    page.goto(f"/contrats/{world.contract.pk}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    year = page.locator("section[aria-labelledby='year-1'] > details")  # a past year, folded
    year.locator("> summary").focus()
    page.keyboard.press("Enter")
    assert year.evaluate("d => d.open")
    explanation = year.locator("table.cpts-schedule details").first
    explanation.locator("> summary").focus()
    page.keyboard.press("Enter")
    assert explanation.evaluate("d => d.open")
