"""The contract as a PDF (002 annexe 1): read back as text, it holds the parties, dates and amounts exactly as
the database and the engine's schedule hold them, for a demo contract of each regime."""

from __future__ import annotations

import pytest
from tests.documents.conftest import REGIMES, contract_of, plain, text_of

from cpts.accord.money import french
from cpts.core.actors import Actor
from cpts.core.organisations import name_representative
from cpts.documents.contract import contract_document
from cpts.documents.render import render_pdf
from cpts.payments.schedules import contract_schedule

# Cells of the table of 002 annexe 1, art. 5 for a size-4 CPTS with a SAS: operating, access fixed and
# variable, crisis occurrence; 550 000 € is the annual total of its missions (all but the optional support).
TABLES = {"taille 4 +10 %": ["90 000,00 €", "110 000,00 €", "45 000,00 €", "75 000,00 €", "550 000,00 €"]}


@pytest.mark.django_db
@pytest.mark.parametrize("regime", REGIMES)
def test_contract_pdf_holds_parties_dates_and_amounts(demo, regime):
    """002 annexe 1: parties (« Il est conclu entre »), art. 3 deadlines, art. 5 amounts, art. 6 first year."""
    contract = contract_of(REGIMES[regime])
    text = text_of(render_pdf(contract_document(contract)))
    community = contract.community
    for expected in (community.name, community.siren, contract.cpam.name, contract.ars.name, f"CTR-{contract.pk:06d}"):
        assert expected in text
    assert f"Signé le {contract.signed_on:%d/%m/%Y}" in text
    assert f"taille {contract.size}" in text
    schedule = contract_schedule(contract)
    first_year = [line for line in schedule.payments if line.contract_year == 1]
    assert first_year
    for line in first_year:
        assert f"{line.due_on:%d/%m/%Y}" in text
        assert plain(french(line.amount)) in text
    assert plain(french(sum(line.amount for line in first_year))) in text
    for deadline in schedule.deadlines:
        if deadline.due_on is not None:
            assert f"{deadline.due_on:%d/%m/%Y}" in text
    for cell in TABLES.get(regime, []):
        assert cell in text


@pytest.mark.django_db
@pytest.mark.parametrize("regime", REGIMES)
def test_contract_pdf_names_the_representatives(demo, regime):
    """002 annexe 1, « Il est conclu entre »: each party « représenté(e) par » the representative its organisation
    named (name and capacity); the CPTS's « agissant en qualité de représentant(s) » follows its own."""
    contract = contract_of(REGIMES[regime])
    text = text_of(render_pdf(contract_document(contract)))
    cpam, ars, cpts = contract.cpam, contract.ars, contract.community.organisation
    assert cpam.representative and ars.representative and cpts.representative  # named by the demo data
    assert f"{cpam.name} Département : " in text and f"représenté par {cpam.represented_by}" in text
    assert f"représenté par {ars.represented_by}" in text
    assert f"représentée par {cpts.represented_by}, agissant en qualité de représentant(s)" in text


@pytest.mark.django_db
def test_a_renamed_representative_is_printed_and_none_leaves_a_line_to_fill(demo):
    """The document reads the organisation when it is generated: a new representative is printed at once; an
    organisation that names nobody keeps the contrat type's line to fill in by hand."""
    contract = contract_of(REGIMES["2019"])
    cpam = contract.cpam
    name_representative(Actor(None, cpam), cpam, "Mme Odile  Marchal", " directrice par intérim ")
    name_representative(Actor.command("tests"), contract.ars, "", "")
    contract.refresh_from_db()
    text = text_of(render_pdf(contract_document(contract)))
    assert "représenté par Mme Odile Marchal, directrice par intérim" in text
    ars_block = text.split(contract.ars.name, 1)[1]
    assert ars_block.split("représenté par", 1)[1].lstrip().startswith("Et d'autre part")


@pytest.mark.django_db
@pytest.mark.parametrize("regime", ["2019", "taille 4 +10 %"])
def test_contract_pdf_prints_the_three_signatures_recorded(demo, regime):
    """The signature block of the contrat type (« Pour le directeur de … »), one per party, with the signature the
    application recorded for it: signer, capacity, date; the contract takes effect on the last (rule
    SIGNATURES_THREE_PARTIES)."""
    contract = contract_of(REGIMES[regime])
    text = text_of(render_pdf(contract_document(contract)))
    block = text.split("Signatures Fait en 3 exemplaires", 1)[1]
    assert f"dernière signature enregistrée le {contract.signed_on:%d/%m/%Y}" in block
    signatures = list(contract.signatures.all())
    assert {s.party for s in signatures} == {"cpam", "ars", "cpts"}
    for signature in signatures:
        assert signature.signer_name and signature.signer_capacity  # the demo's named representatives
        assert f"Signé le {signature.signed_on:%d/%m/%Y} Nom : {signature.signer_name}" in block
        assert f"Qualité : {signature.signer_capacity}" in block
    assert "Nom, qualité, date :" not in block


@pytest.mark.django_db
def test_a_party_without_a_recorded_signature_keeps_blank_lines(demo):
    """A contract signed before the signatures were recorded by party: its blocks stay blank lines to fill in."""
    contract = contract_of(REGIMES["avenant 2 avec SAS"])
    contract.signatures.filter(party="ars").delete()
    text = text_of(render_pdf(contract_document(contract)))
    block = text.split("Signatures Fait en 3 exemplaires", 1)[1]
    assert block.count("Nom, qualité, date :") == 1
    assert block.count("Signé le ") == 2
