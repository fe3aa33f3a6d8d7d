"""Contract page, event forms, exports and history through Django's test client."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html import unescape

from django.urls import reverse
from openpyxl import load_workbook

from cpts.payments.ledger import contract_statement
from cpts.payments.runs import run_payments

from .conftest import World


def test_contract_page_shows_schedule_with_explanations_and_ledger(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    html = client_for("cpts").get(reverse("contract-detail", args=[world.contract.pk])).content.decode()
    statement = contract_statement(world.contract, dt.date.today())
    first = statement.schedule.payments[0]
    assert html.count("<details") >= len(statement.schedule.payments)
    explained = reverse("contract-line-explanation", args=[world.contract.pk, 0])  # each line's, loaded when opened
    assert f'hx-get="{explained}"' in html
    assert first.explanation.rule in client_for("cpts").get(explained).content.decode()
    assert "Totaux par mission" in html and "Grand livre" in html
    assert "fr-badge" in html  # deadlines as DSFR badges


def test_impossible_transition_is_explained_on_the_field_form(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    url = reverse("contract-event", args=[world.contract.pk, "deployer-mission"])
    response = client_for("cpam").post(url, {"mission": "quality", "on": "2023-06-01"})
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Action impossible" in html and "avant d'avoir démarré" in html


def test_field_errors_are_tied_to_their_field(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    url = reverse("contract-event", args=[world.contract.pk, "atteinte"])
    response = client_for("ars").post(url, {"contract_year": "9", "mission": "access", "percent": "120", "on": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="id_percent-desc-error"' in html
    assert 'id="id_percent-desc-error"' in html


def test_attainment_form_records_the_rate(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    url = reverse("contract-event", args=[world.contract.pk, "atteinte"])
    data = {"contract_year": "1", "mission": "access", "percent": "75", "on": "2024-03-20"}
    response = client_for("ars").post(url, data)
    assert response.status_code == 302
    assert world.contract.attainments.get().rate == 0.75  # type: ignore[attr-defined]
    history = client_for("cpam").get(reverse("contract-history", args=[world.contract.pk])).content.decode()
    assert "valider un taux d'atteinte" in unescape(history)


def test_exports_csv_and_xlsx_match_the_statement(client_for, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    """The exports carry each line's withheld amount and reason (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS,
    switched on here: it is off by default)."""
    from cpts.core.actors import Actor

    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    run_payments(Actor.command("tests"), dt.date.today())
    client = client_for("cpam")
    statement = contract_statement(world.contract, dt.date.today())
    url = reverse("contract-export-table", args=[world.contract.pk, "echeancier", "csv"])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "année du contrat" and len(rows) == 1 + len(statement.lines)
    assert sum(float(r[5]) for r in rows[1:]) == float(statement.totals["scheduled"])
    withheld = [r for r in rows[1:] if r[12] == "retenu"]
    assert withheld, "the year-1 balances wait for the validated review (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS)"
    assert all(r[13].startswith("Solde de l'année") and float(r[11]) > 0 for r in withheld)
    assert all("politique de gestion hors accord" in r[13] for r in withheld)
    ledger = client.get(reverse("contract-export-table", args=[world.contract.pk, "grand-livre", "csv"]))
    assert len(ledger.content.decode("utf-8-sig").strip().splitlines()) == 1 + len(statement.entries)
    book = load_workbook(
        io.BytesIO(client.get(reverse("contract-export-table", args=[world.contract.pk, "echeancier", "xlsx"])).content)
    )
    assert book.sheetnames == ["Échéancier", "Grand livre"]
    assert book["Échéancier"].max_row == 1 + len(statement.lines)


def test_other_cpts_objects_answer_404(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cpts")
    for url in (
        reverse("contract-detail", args=[world.other_contract.pk]),
        reverse("contract-history", args=[world.other_contract.pk]),
        reverse("contract-export-table", args=[world.other_contract.pk, "echeancier", "csv"]),
        reverse("community-detail", args=[world.other_community.pk]),
        reverse("community-members", args=[world.other_community.pk]),
        reverse("contract-event", args=[world.other_contract.pk, "avenant"]),
    ):
        assert client.get(url).status_code == 404, url


def test_list_filters(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cnam")
    html = client.get(reverse("community-list"), {"departement": "33"}).content.decode()
    assert "CPTS de Bordeaux Centre" in html and "CPTS du Barrois" not in html
    html = client.get(reverse("community-list"), {"q": "barrois", "etape": "contract_signed"}).content.decode()
    assert "CPTS du Barrois" in html and "Bordeaux" not in html
    html = client.get(reverse("community-list"), {"taille": "4"}).content.decode()  # Bordeaux: > 175 000
    assert "CPTS de Bordeaux Centre" in html and "CPTS du Barrois" not in html


def test_places_search_suggests_real_communes(client_for) -> None:  # type: ignore[no-untyped-def]
    html = client_for("cpam").get(reverse("places-search"), {"q": "42218"}).content.decode()
    assert "Saint-Étienne" in html and 'value="commune:42218"' in html
