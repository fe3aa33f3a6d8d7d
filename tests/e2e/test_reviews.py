"""The annual review in headless Chromium (docs/reviews.md): a coordinator submits a review with a file,
the CPAM asks a correction, the coordinator resubmits, CPAM and ARS validate, and the schedule's variable
balance changes accordingly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cpts.accord.money import french
from cpts.contracts import services as contract_services
from cpts.payments.schedules import clear_cache, contract_schedule
from cpts.reviews import objectives, samples
from cpts.reviews.models import ContractIndicator

from .conftest import World, act, audited, log_in, log_out, screenshot

SAS, EMERGENCY = "access_sas_doctors", "access_emergency_without_admission"
PDF = samples.pdf("rapport d'activite 2023")


@pytest.fixture
def objectives_set(world: World, settings: Any, tmp_path: Path) -> World:
    """Access started at signature; emergency visits 80 -> 70 % linear (weight 3), SAS >= 30 all or nothing.
    The management policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS is switched on (it is off by default)."""
    settings.CPTS_PRIVATE_DIR = tmp_path / "private"
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    clear_cache()
    cpam = world.actor("cpam")
    contract = world.contract
    contract_services.start_mission(cpam, contract, "access", contract.signed_on)
    emergency = ContractIndicator.objects.get(contract=contract, code=EMERGENCY)  # followed from the signature
    sas = ContractIndicator.objects.get(contract=contract, code=SAS)
    objectives.set_objective(
        cpam, emergency, 1, weight=Decimal(3), rule="linear", target=Decimal(70),
        baseline_value=Decimal(80), baseline_on=dt.date(2022, 12, 31), baseline_source="ATIH", baseline_version="2022",
    )
    objectives.set_objective(cpam, sas, 1, weight=Decimal(1), rule="all_or_nothing", target=Decimal(30))
    return world


def open_review(page: Any, world: World) -> None:
    page.goto(f"/contrats/{world.contract.pk}/")
    page.click("a:has-text('Objectifs, revues et dépenses')")
    page.click("a:has-text('Année 1')")
    page.wait_for_selector("h1:has-text('Revue de l')")


def action(page: Any, link: str, fields: dict[str, str]) -> None:
    act(page, link, fields)
    page.wait_for_selector(".fr-alert--success, .fr-notice, h1:has-text('Revue de l')")


def year_one(page: Any) -> str:
    """The text of the contract's year 1, unfolded if the year is past (folded by default)."""
    section = page.locator("section[aria-labelledby='year-1']")
    section.locator("> details").evaluate_all("folds => folds.forEach(d => d.open = true)")
    return str(section.inner_text())


def test_review_submitted_corrected_validated_sets_the_variable_balance(page: Any, objectives_set: World) -> None:
    world = objectives_set
    ids = {i.code: i.pk for i in ContractIndicator.objects.filter(contract=world.contract)}
    pending = contract_schedule(world.contract).pending
    maximum = next(p.maximum for p in pending if (p.contract_year, p.mission) == (1, "access"))

    # The coordinator sees the year's balance withheld and the variable part pending, then fills in the review.
    log_in(page, "agent-cpts")
    page.goto(f"/contrats/{world.contract.pk}/")
    assert "Solde de l'année 1 retenu" in year_one(page) and "politique de gestion hors accord" in year_one(page)
    assert "volet variable" not in year_one(page)
    open_review(page, world)
    page.click("a.fr-btn:has-text('Renseigner la revue')")
    page.fill(f"#id_value_{ids[EMERGENCY]}", "75")
    page.fill(f"#id_value_{ids[SAS]}", "28")
    page.click("button:has-text('Enregistrer les valeurs')")
    page.wait_for_selector("text=Valeurs enregistrées.")
    for kind, name in (("activity_report", "rapport-activite-2023.pdf"), ("accounts", "comptes-2023.pdf")):
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_document", files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}])
        page.click("button:has-text('Déposer la pièce')")
        page.wait_for_selector(f"a:has-text('{name}')")
    page.fill("#id_operating", "41000")
    page.fill("#id_access", "15000")
    page.click("button:has-text('Enregistrer les dépenses')")
    page.wait_for_selector("text=Dépenses enregistrées.")
    assert audited(page, "revue-saisie-cpts") == []
    action(page, "Soumettre la revue", {"#id_comment": "Revue de la première année"})
    assert "soumise" in page.inner_text("main")
    log_out(page)

    # The CPAM reads the objectives, the computed attainment and its explanation, and asks for a correction.
    log_in(page, "agent-cpam")
    page.goto(f"/revues/contrats/{world.contract.pk}/indicateurs/")
    assert "linéaire entre la référence et la cible" in page.inner_text("main")
    assert audited(page, "revue-objectifs") == []
    open_review(page, world)
    main = page.inner_text("main")
    assert "Accès aux soins : 37,5 %" in main and "rapport-activite-2023.pdf" in main
    page.click("summary:has-text('Explication détaillée')")
    assert "Chemin parcouru" in page.inner_text("details")
    assert audited(page, "revue-examen-cpam") == []
    action(page, "Demander une correction", {"#id_reason": "Le nombre de médecins participant au SAS est à revoir."})
    log_out(page)

    # The coordinator corrects and resubmits.
    log_in(page, "agent-cpts")
    open_review(page, world)
    assert "Le nombre de médecins participant au SAS est à revoir." in page.inner_text("main")
    page.click("a.fr-btn:has-text('Renseigner la revue')")
    page.fill(f"#id_value_{ids[SAS]}", "31")
    page.click("button:has-text('Enregistrer les valeurs')")
    page.wait_for_selector("text=Valeurs enregistrées.")
    action(page, "Soumettre la revue", {})
    assert "soumise à nouveau" in page.inner_text("main")
    log_out(page)

    # The CPAM and the ARS validate: the rate 62,5 % is written and the variable balance appears.
    for role in ("cpam", "ars"):
        log_in(page, f"agent-{role}")
        open_review(page, world)
        action(page, "Valider la revue", {"#id_on": "2024-04-02"})
        log_out(page)
    log_in(page, "agent-cpts")
    open_review(page, world)
    assert "Accès aux soins : 62,5 %" in page.inner_text("main") and "validée" in page.inner_text("main")
    screenshot(page, "revue-validee")
    page.goto(f"/contrats/{world.contract.pk}/")
    section = year_one(page)
    balance = next(
        p for p in contract_schedule(world.contract).payments if p.key[:3] == (1, "access", "variable")
    )
    assert abs(balance.amount - maximum * Decimal("0.625")) <= Decimal("0.01")
    assert "volet variable" in section and french(balance.amount) in section
    assert "Solde de l'année 1 retenu" not in section
    screenshot(page, "contrat-apres-revue")
