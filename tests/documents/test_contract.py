"""The contract as a PDF (002 annexe 1): read back as text, it holds the parties, dates and amounts exactly as
the database and the engine's schedule hold them, for a demo contract of each regime."""

from __future__ import annotations

import pytest
from tests.documents.conftest import REGIMES, contract_of, plain, text_of

from cpts.accord.money import french
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
