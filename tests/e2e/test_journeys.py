"""Each role's main job walked by clicking only, from its home page, counting the clicks (docs/web.md): the
ARS reads then validates a health project, the CPAM pays its CPTS by one transfer, the three parties sign a
contract, a coordinator terminates after seeing the refund or balance, a coordinator enters her values and
submits her review; every new page passes the axe check and is captured at 1280 and 390 px wide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.conftest import COMMAND, PASSWORD
from cpts.communities.models import HealthProject
from cpts.contracts.models import Contract, Termination
from cpts.contracts.scenarios import found_cpts
from cpts.core.identifiers import with_luhn_key
from cpts.core.organisations import ensure_user, name_representative
from cpts.payments.models import LedgerEntry
from cpts.reviews.models import AnnualReview, ContractIndicator, IndicatorObjective

from .conftest import World, log_in, log_out, screenshot, serious_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class Clicks:
    """Clicks through the page like a person, counting them."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.page.wait_for_load_state()
        self.count += 1


def checked(page: Any, name: str) -> None:
    """No serious accessibility violation; screenshots at desktop and phone widths."""
    assert serious_violations(page) == [], name
    screenshot(page, name)
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_the_ars_reads_and_validates_a_health_project_in_at_most_four_clicks(page: Any, world: World) -> None:
    today = dt.date.today()
    community = found_cpts(
        COMMAND, name="CPTS du Val d'Ornain", department="55", siren=with_luhn_key("55500000"), communes=["55029"],
        letter_on=today - dt.timedelta(days=90), letter_validated_on=today - dt.timedelta(days=80),
        project_on=today - dt.timedelta(days=10),
    )  # fmt: skip
    log_in(page, "agent-ars")
    checked(page, "accueil-ars-a-traiter")
    clicks = Clicks(page)
    clicks.click("#tasks-title ~ .fr-table a:has-text('Lire et valider le projet de santé')")
    document = page.inner_text("section[aria-labelledby=document-title]")
    assert "Déposé le" in document and "CPTS du Val d'Ornain" in document and "habitants" in document
    checked(page, "valider-projet-de-sante")
    clicks.click("form button[type=submit]:has-text('Valider le projet de santé')")
    assert "Projet de santé validé." in page.inner_text(".fr-alert--success")
    assert clicks.count <= 4, clicks.count
    assert HealthProject.objects.get(community=community).validated_on == today
    page.goto("/")
    assert "CPTS du Val d'Ornain" not in page.inner_text("#tasks-title + *, #tasks-title ~ *")


def test_the_cpam_pays_the_orders_of_its_cpts_in_one_transfer_in_at_most_six_clicks(page: Any, world: World) -> None:
    """From « À traiter », the payments desk previews what is payable today (nothing written), orders it once
    the box is ticked, then pays the orders of the CPTS du Barrois by one transfer, its total checked."""
    log_in(page, "agent-cpam")
    assert "Ordonnancer et payer" in page.inner_text("main")
    checked(page, "accueil-cpam-a-traiter")
    clicks = Clicks(page)
    clicks.click("#tasks-title ~ .fr-table tr:has-text('CPTS du Barrois') a:has-text('Ordonnancer et payer')")
    assert "Aperçu au" in page.inner_text("#preview-title")
    assert LedgerEntry.objects.count() == 0
    checked(page, "guichet-des-paiements")
    clicks.click("label:has-text(\"J'ai vérifié l'aperçu\")")
    clicks.click("form button[type=submit]:has-text('Ordonnancer ces')")
    assert "ordre(s) de paiement créé(s)" in page.inner_text(".fr-alert--success")
    clicks.click("#payees-title ~ .fr-table tr:has-text('CPTS du Barrois') a:has-text('Payer par un virement')")
    contract = world.contract
    total = sum(order.amount for order in LedgerEntry.objects.filter(contract=contract, entry="order"))
    page.fill("#id_reference", "VIR-2026-BAR")
    page.fill("#id_total", f"{total}".replace(".", ","))
    checked(page, "virement-groupe")
    clicks.click("form button[type=submit]:has-text('Enregistrer le virement')")
    assert "Virement VIR-2026-BAR enregistré" in page.inner_text(".fr-alert--success")
    assert clicks.count <= 6, clicks.count
    paid = LedgerEntry.objects.filter(contract=contract, entry="payment", reference="VIR-2026-BAR")
    assert sum(row.amount for row in paid) == total


def test_the_contract_at_a_glance_and_the_glossary(page: Any, world: World) -> None:
    from playwright.sync_api import expect

    log_in(page, "agent-cpam")
    page.goto(f"/contrats/{world.contract.pk}/")
    assert "En bref" in page.inner_text("#glance-title")
    checked(page, "contrat-en-bref")
    # An amount's explanation is loaded when its line is opened (htmx, under the Content-Security-Policy).
    line = page.locator("details.cpts-explained").last
    line.locator("summary").click()
    expect(line.locator(".cpts-explanation").first).to_be_visible()
    page.goto("/glossaire/")
    checked(page, "glossaire")


def test_the_three_parties_sign_a_contract_each_in_at_most_three_clicks(page: Any, world: World) -> None:
    """Rule SIGNATURES_THREE_PARTIES: the CPAM, the ARS and the CPTS each sign from their « À traiter », their
    representative pre-filled, after ticking the confirmation; the contract takes effect on the last signature."""
    today = dt.date.today()
    days = dt.timedelta
    community = found_cpts(
        COMMAND, name="CPTS de l'Argonne", department="55", siren=with_luhn_key("55600000"), communes=["55545"],
        letter_on=today - days(200), letter_validated_on=today - days(170), project_on=today - days(100),
        project_validated_on=today - days(60), drafted_on=today - days(30),
    )  # fmt: skip
    contract = Contract.objects.get(community=community)
    ensure_user("agent-argonne", PASSWORD, community.organisation)
    signers = {
        "agent-cpam": (contract.cpam, "Mme Hélène Roussel", "directrice"),
        "agent-ars": (contract.ars, "M. Laurent Girard", "directeur général"),
        "agent-argonne": (community.organisation, "Dr Anne Lefèvre", "présidente de l'association"),
    }
    for number, (username, (organisation, name, capacity)) in enumerate(signers.items(), start=1):
        name_representative(COMMAND, organisation, name, capacity)
        log_in(page, username)
        clicks = Clicks(page)
        clicks.click("#tasks-title ~ .fr-table tr:has-text(\"CPTS de l'Argonne\") a:has-text('Signer le contrat')")
        assert "Avant de signer" in page.inner_text("#preview-title")
        assert page.input_value("#id_signer_name") == name  # the representative the organisation named
        if number == 3:
            assert f"prend effet le {today:%d/%m/%Y}" in page.inner_text("#consequences")
            checked(page, "signer-le-contrat")
        clicks.click("label:has-text('je confirme sa signature')")
        clicks.click("form button[type=submit]:has-text('Signer le contrat')")
        assert "Signature enregistrée." in page.inner_text(".fr-alert--success")
        assert clicks.count <= 3, (username, clicks.count)
        log_out(page)
    contract.refresh_from_db()
    assert contract.signed_on == today
    assert {s.signer_name for s in contract.signatures.all()} == {name for _, name, _ in signers.values()}


def test_a_coordinator_terminates_seeing_the_refund_or_balance_before_confirming(page: Any, world: World) -> None:
    """002 annexe 1, art. 8.1 and 8.3: the CPTS terminates with a reason; the engine's prorated amounts, the refund
    or the balance and its due date are shown before anything is written (rule TERMINATION_PRORATA)."""
    contract = world.contract
    log_in(page, "agent-cpts")
    clicks = Clicks(page)
    clicks.click("main a:has-text('Contrat signé le')")
    clicks.click('a.fr-btn:has-text("Résilier le contrat")')
    page.fill("#id_notified_on", dt.date.today().isoformat())
    page.fill("#id_reason", "Dissolution de l'association votée en assemblée générale.")
    clicks.click("form button[type=submit]:has-text('Voir les conséquences financières')")
    consequences = page.inner_text("#consequences")
    assert "Prise d'effet : le" in consequences and "Déjà versé" in consequences
    assert "à rembourser par la CPTS" in consequences or "à verser à la CPTS" in consequences
    assert not Termination.objects.filter(contract=contract).exists()  # nothing written before the confirmation
    checked(page, "resilier-apercu")
    clicks.click("label:has-text('je confirme la résiliation')")
    clicks.click("form button[type=submit]:has-text('Résilier le contrat')")
    assert "Résiliation enregistrée." in page.inner_text(".fr-alert--success")
    assert clicks.count <= 5, clicks.count
    assert Termination.objects.get(contract=contract).initiator == "cpts"


def test_a_coordinator_enters_her_values_and_submits_her_review_in_at_most_six_clicks(
    page: Any, world: World, settings: Any, tmp_path: Any
) -> None:
    """From « À traiter », « Saisir vos valeurs » opens on its checklist (values, list of members, documents, and
    what each changes) with a field for each of the six national indicators followed since the signature, their
    targets still « à fixer » (rule TARGET_NOT_SET_NOT_COUNTED): she types her values, saves them and submits."""
    settings.CPTS_PRIVATE_DIR = tmp_path / "private"
    indicators = list(ContractIndicator.objects.filter(contract=world.contract))
    assert len(indicators) == 6
    log_in(page, "agent-cpts")
    clicks = Clicks(page)
    clicks.click("#tasks-title ~ .fr-table a:has-text(\"Saisir vos valeurs de l'année 1\")")
    assert "Saisir vos valeurs de l'année 1" in page.inner_text("h1")
    checklist = page.inner_text("section[aria-labelledby=checklist-title]")
    assert "Liste des adhérents de l'année" in checklist and "volet variable" in checklist
    checked(page, "saisir-vos-valeurs")
    for number, indicator in enumerate(indicators, start=1):
        page.fill(f"#id_value_{indicator.pk}", f"{10 * number},5")
    clicks.click("form button[type=submit]:has-text('Enregistrer les valeurs')")
    assert "Valeurs enregistrées." in page.inner_text(".fr-alert--success")
    assert "6 sur 6 renseignée(s)" in page.inner_text("section[aria-labelledby=checklist-title]")
    clicks.click("a.fr-btn:has-text('Soumettre la revue')")
    clicks.click("form button[type=submit]:has-text('Soumettre la revue')")
    assert "Revue soumise à la CPAM et à l'ARS." in page.inner_text(".fr-alert--success")
    assert clicks.count <= 6, clicks.count
    review = AnnualReview.objects.get(contract=world.contract, contract_year=1)
    assert review.status == "submitted" and review.values.filter(value__isnull=False).count() == 6


def test_the_parties_set_the_targets_of_a_year_at_their_meeting(page: Any, world: World) -> None:
    """The yearly meeting (002 annexe 1, art. 4.2.2.1): every indicator of the year on one form."""
    sas = ContractIndicator.objects.get(contract=world.contract, code="access_sas_doctors")
    log_in(page, "agent-cpam")
    page.goto(f"/revues/contrats/{world.contract.pk}/")
    page.click("a:has-text(\"Fixer les cibles de l'année 2\")")
    assert "6 cible(s) à fixer" in page.inner_text("main")
    checked(page, "fixer-les-cibles")
    index = list(ContractIndicator.objects.filter(contract=world.contract).order_by("id")).index(sas)
    page.fill(f"#id_cibles-{index}-target", "30")
    page.click("form button[type=submit]:has-text(\"Enregistrer les cibles de l'année 2\")")
    assert "Cibles de l'année 2 enregistrées" in page.inner_text(".fr-alert--success")
    assert IndicatorObjective.objects.get(indicator=sas, contract_year=2).target == 30
