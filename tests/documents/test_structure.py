"""Every document is a PDF/A-3u with a tag tree, in French, with the Marianne font embedded, its reference and
page numbers on each page (docs/documents.md, « Format »); reachable by the command line and the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.documents.conftest import REGIMES, check_structure, contract_of, text_of

from cpts.cli import main
from cpts.documents.kinds import document_for
from cpts.documents.render import render_pdf


@pytest.mark.django_db
def test_pdf_a3u_tagged_french_marianne(demo):
    """Every kind goes through `check_structure` in test_kinds.py; here the reference on the page as well."""
    contract = contract_of(REGIMES["avenant 2 avec SAS"])
    document = document_for("contract", contract.pk, None, everyone=True)
    pdf = render_pdf(document)
    check_structure(pdf, document.title)
    assert f"Réf. {document.reference}" in text_of(pdf)


@pytest.mark.django_db
def test_command_writes_the_pdf(demo, tmp_path, capsys):
    contract = contract_of(REGIMES["2019"])
    target = tmp_path / "contrat.pdf"
    assert main(["document", "contract", str(contract.pk), "-o", str(target)]) == 0
    assert contract.community.name in text_of(target.read_bytes())
    assert "contrat.pdf" in capsys.readouterr().out
    assert main(["document", "contract", "999999"]) == 2
    assert "aucun objet n° 999999" in capsys.readouterr().err


@pytest.mark.django_db
def test_page_serves_the_pdf_to_those_who_see_the_contract(demo):
    from cpts.core.organisations import cpam_for, ensure_user

    contract = contract_of(REGIMES["2019"])
    client = Client()
    client.force_login(ensure_user("agent-57", "Essai-mot-de-passe-1", cpam_for("57")))
    response = client.get(f"/documents/contract/{contract.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    other = Client()
    other.force_login(ensure_user("agent-10", "Essai-mot-de-passe-1", cpam_for("10")))
    assert other.get(f"/documents/contract/{contract.pk}.pdf").status_code == 404
