"""Each kind of document on a demo contract of each regime (2019; avenant n° 2 with and without SAS; size 4
with +10 %): read back as text, it holds the dates and amounts that the database, the ledger and the engine's
schedule hold (docs/documents.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.documents.conftest import REGIMES, check_structure, contract_of, plain, text_of

from cpts.accord import termination as termination_rules
from cpts.accord.money import french
from cpts.communities import services as communities
from cpts.communities.models import EarlyMissionContract
from cpts.contracts import services as contracts
from cpts.contracts.bridge import termination_of
from cpts.core.actors import Actor
from cpts.documents.kinds import document_for
from cpts.documents.render import render_pdf
from cpts.payments import entries
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.payments.schedules import contract_schedule
from cpts.reviews.services import open_review

COMMAND = Actor.command("tests")


def read(kind: str, pk: int) -> str:
    """The document as text, once its PDF/A-3u identification, tag tree, fonts and page numbers are checked."""
    document = document_for(kind, pk, None, everyone=True)
    pdf = render_pdf(document)
    check_structure(pdf, document.title)
    return text_of(pdf)


def euros(amount) -> str:
    return plain(french(amount))


@pytest.mark.django_db
@pytest.mark.parametrize("regime", REGIMES)
def test_payment_notice_lists_the_transfer(demo, regime):
    """Avis de paiement: every payment of one transfer (same day, same reference), its amount, the total."""
    contract = contract_of(REGIMES[regime])
    run_payments(COMMAND, contract.signed_on + dt.timedelta(days=400))
    orders = list(LedgerEntry.objects.filter(contract=contract, entry="order", amount__gt=0).order_by("id")[:4])
    paid_on = max(order.ordered_on for order in orders)
    paid = [entries.record_payment(COMMAND, order, paid_on, "VIR-2024-001") for order in orders]
    text = read("notice", paid[0].pk)
    assert f"AVP-{contract.pk:06d}-{paid[0].pk:07d}" in text
    assert "VIR-2024-001" in text and f"{paid_on:%d/%m/%Y}" in text
    for row in paid:
        assert euros(row.amount) in text
    assert f"Total du virement {euros(sum(row.amount for row in paid))}" in text
    assert contract.cpam.name in text and contract.community.name in text


@pytest.mark.django_db
@pytest.mark.parametrize("regime", REGIMES)
def test_termination_letter_and_recovery(demo, regime):
    """Art. 8.2: a CPAM termination, effective two months after receipt, the commission paritaire locale and
    its suspending effect; art. 8.3: the refund of the advance over the prorata, due two months later."""
    contract = contract_of(REGIMES[regime])
    years = contract_schedule(contract).years
    notified = years[2].start + dt.timedelta(days=10)  # early in year 3: the year's advance exceeds its prorata
    reason = "Missions non mises en œuvre : la mission d'accès aux soins n'a pas démarré."
    contracts.terminate(COMMAND, contract, notified, "cpam", reason=reason)
    effective = termination_rules.effective_on(termination_of(contract))
    text = read("termination", contract.pk)
    assert f"Reçue le {notified:%d/%m/%Y}" in text
    # Who terminates and who represents the parties, on what ground (art. 8.2: its cases, then the reason).
    assert f"Expéditeur {contract.cpam.name}, représentée par {contract.cpam.represented_by}" in text
    assert f"{contract.ars.name}, à l'attention de {contract.ars.represented_by}" in text
    community = contract.community
    assert f"{community.name}, à l'attention de {community.organisation.represented_by}" in text
    assert "ne respecte pas de manière manifeste les termes du contrat" in text
    assert "ne remplit plus les conditions d'éligibilité au contrat" in text
    assert f"Motif précisé : {reason}" in text
    assert f"soit le {effective:%d/%m/%Y}" in text
    assert "commission paritaire locale" in text and "suspend l'effet" in text
    schedule = contract_schedule(contract)
    after = [p for p in schedule.payments if p.due_on >= effective]
    assert euros(sum(p.amount for p in after)) in text
    refunds = [p for p in schedule.payments if p.kind == "reimbursement"]
    assert refunds, "a termination early in a year refunds part of its advance"
    due_on = termination_rules.reimbursement_due_on(effective)
    assert f"au plus tard le {due_on:%d/%m/%Y}" in text
    recovery = read("recovery", contract.pk)
    for refund in refunds:
        assert f"{refund.due_on:%d/%m/%Y}" in recovery and euros(-refund.amount) in recovery
    assert f"Total à rembourser {euros(-sum(p.amount for p in refunds))}" in recovery


@pytest.mark.django_db
def test_termination_letter_of_the_cpts_names_its_representative_and_its_reason(demo):
    """Art. 8.1: the CPTS terminates by a letter of « le ou les représentants de la communauté professionnelle »;
    the reason it recorded is printed, the grounds of art. 8.2 (the CPAM's and the ARS's) are not."""
    contract = contract_of("CPTS du Pays de Bitche")  # terminated by the CPTS in the demo data, with its reason
    termination = termination_of(contract)
    stored = contract.termination
    text = read("termination", contract.pk)
    representative = contract.community.organisation.represented_by
    assert f"Expéditeur {contract.community.name}, représentée par {representative}" in text
    assert f"Motif : {stored.reason}" in text and stored.reason
    assert "ne remplit plus les conditions d'éligibilité" not in text
    assert f"Reçue le {termination.notified_on:%d/%m/%Y}" in text


@pytest.mark.django_db
@pytest.mark.parametrize("regime", REGIMES)
def test_review_decision(demo, regime):
    """Art. 4.2.2 and 6.2: the year's balance lines, their dates and total, signatures of the CPAM and the ARS."""
    contract = contract_of(REGIMES[regime])
    review = open_review(contract, 1)
    text = read("decision", review.pk)
    balance = [p for p in contract_schedule(contract).payments if p.contract_year == 1 and p.kind == "balance"]
    for line in balance:
        assert f"{line.due_on:%d/%m/%Y}" in text and euros(line.amount) in text
    assert f"Solde total de l'année 1 {euros(sum(p.amount for p in balance))}" in text
    assert f"Pour le directeur de la {contract.cpam.name}" in text
    assert f"Pour le directeur de l'{contract.ars.name}" in text


@pytest.mark.django_db
@pytest.mark.parametrize("regime", REGIMES)
def test_amendment(demo, regime):
    """Art. 7: what changes, from when, the annual amounts before and after (+10 % for size 4, 100 members)."""
    contract = contract_of(REGIMES[regime])
    amendment = contract.amendments.order_by("signed_on").first()
    if amendment is None:  # a demo contract without amendment: its size changes a year after signature
        on = contract.signed_on + dt.timedelta(days=365)
        amendment = contracts.amend(COMMAND, contract, on, size=3 if contract.size != 3 else 2)
    text = read("amendment", amendment.pk)
    assert f"prend effet le {amendment.signed_on:%d/%m/%Y}" in text
    assert "Avant" in text and f"À compter du {amendment.signed_on:%d/%m/%Y}" in text
    if regime == "taille 4 +10 %":
        assert "Majoration de 10 %" in text and "105 membres" in text
        assert "121 000,00 €" in text  # access fixed part 110 000 € + 10 % (002 annexe 1, art. 5; 002 §5.1)


@pytest.mark.django_db
def test_adhesion_form(demo):
    """002 annexe 2: the form filled in, registration date by the CPAM, the aid per started mission."""
    early = EarlyMissionContract.objects.select_related("community__letter_of_intent").get()
    text = read("adhesion", early.pk)
    assert early.community.name in text
    assert f"validée par l'ARS le {early.community.letter_of_intent.validated_on:%d/%m/%Y}" in text
    assert f"Adhésion enregistrée le {early.signed_on:%d/%m/%Y}" in text
    assert "pour une durée de 9 mois non renouvelable" in text
    assert f"Représentant(s) {early.community.organisation.represented_by}" in text


@pytest.mark.django_db
def test_adhesion_form_of_a_terminated_early_contract_gives_the_cpam_ground(demo):
    """002 annexe 2, art. 4.2: a termination by the CPAM names its ground (here: the actions not deployed)."""
    early = EarlyMissionContract.objects.select_related("community").get()
    notified = early.signed_on + dt.timedelta(days=30)
    communities.terminate_early_mission_contract(COMMAND, early.community, notified, "cpam", "non_deployment")
    text = read("adhesion", early.pk)
    assert f"Résiliation notifiée le {notified:%d/%m/%Y} à l'initiative de la CPAM (art. 4)" in text
    assert "motif : non déploiement des actions financées (art. 4.2)" in text
