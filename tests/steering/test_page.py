"""The steering page and its exports, for the CNAM, an ARS and a CPAM (docs/steering.md)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook
from tests.steering.conftest import TODAY
from tests.steering.test_cli_api import client_of

from cpts.communities.models import Community
from cpts.contracts.models import Contract
from cpts.core.organisations import ars_for, cnam, cpam_for
from cpts.geo import load
from cpts.steering.figures import money, steering
from cpts.steering.scope import Filters
from cpts.steering.tables import all_tables, attainment_table, spending_table

ON = {"on": TODAY.isoformat()}


def a_department() -> str:
    return Contract.objects.filter(signed_on__isnull=False).first().community.department


def test_each_role_sees_its_scope_on_the_page(demo):
    department = a_department()
    region = load().region_of(department)
    pages = {
        "cnam": client_of(cnam()).get("/pilotage/", ON),
        "ars": client_of(ars_for(region)).get("/pilotage/", ON),
        "cpam": client_of(cpam_for(department)).get("/pilotage/", ON),
    }
    assert all(page.status_code == 200 for page in pages.values())
    text = {role: page.content.decode() for role, page in pages.items()}
    assert "France entière" in text["cnam"]
    assert f"Région {load().region_name(region)}" in text["ars"]
    assert f"Département {load().department_name(department)} ({department})" in text["cpam"]
    assert "<script>" not in text["cnam"] and "onclick" not in text["cnam"]  # data in attributes (CSP)
    assert "<bar-chart" in text["cnam"] and 'level="reg"' in text["cnam"]
    assert f"/cpts/?departement={department}" in text["cpam"]


def test_bad_filters_are_named_and_the_page_still_answers(demo):
    page = client_of(cnam()).get("/pilotage/", {"on": "2026-13-01", "size": "9"})
    assert page.status_code == 200
    assert "Saisissez une date valide" in page.content.decode() or "date" in page.content.decode()


def test_csv_export_is_the_table_of_the_page(demo):
    client = client_of(cnam())
    response = client.get("/pilotage/export/argent-annees.csv", ON)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Année civile", "engagé (échéanciers)"]
    expected = money(cnam(), Filters(on=TODAY))["years"]
    assert [Decimal(row[1]) for row in rows[1:]] == [Decimal(row["committed"]) for row in expected]
    assert client.get("/pilotage/export/inconnu.csv").status_code == 404


def test_xlsx_export_has_every_table(demo):
    response = client_of(cnam()).get("/pilotage/export/tout.xlsx", ON)
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Argent par année" in workbook.sheetnames and len(workbook.sheetnames) == 13


def test_every_amount_links_to_the_cpts_behind_it(demo):
    """Every amount of the money, spending and attainment tables, and every headline count, links to the CPTS list
    behind it: the CPTS whose stored schedule lines make that amount (year, mission, part), within the page's
    filters (docs/steering.md, « Liens »)."""
    figures = steering(cnam(), Filters(on=TODAY))
    tables = all_tables(figures)
    for slug in ("argent-annees", "argent-missions", "argent-volets", "argent-tailles", "argent-regions",
                 "argent-departements", "etapes", "retards-regions"):  # fmt: skip
        table = tables[slug]
        amounts = [cell for row in table.rows for cell in row if isinstance(cell.value, Decimal)]
        counts = [row[-1] for row in table.rows] if slug in ("etapes", "retards-regions") else []
        assert table.rows and all(cell.href.startswith("/cpts/?") for cell in amounts + counts), slug
    spent = {"contract_year": 2, "mission": "access", "label": "Accès", "committed": "10.00", "spent": "8.00",
             "unspent": "2.00"}  # fmt: skip
    assert {cell.href for cell in spending_table([spent], {"region": "44"}).rows[0][2:]} == {
        "/cpts/?region=44&annee_contrat=2&mission=access"
    }
    rates = {"mission": "access", "label": "Accès", "contract_year": 1, "count": 3,
             **dict.fromkeys(("min", "p25", "median", "p75", "max", "mean"), "0.5")}  # fmt: skip
    assert attainment_table([rates]).rows[0][2].href == "/cpts/?annee_contrat=1&mission=access&volet=variable"
    client = client_of(cnam())
    year = next(row["year"] for row in figures["money"]["by"]["mission"] if row["year"] and row["key"] == "access")
    listed = client.get("/cpts/", {"annee": year, "mission": "access"})
    expected = set(
        Community.objects.filter(
            contracts__schedule_lines__year=year, contracts__schedule_lines__mission="access"
        ).values_list("name", flat=True)
    )
    assert expected and all(name in listed.content.decode() for name in expected)
    assert listed.context["count"] == len(expected) < Community.objects.count()
    assert "année civile : " in listed.content.decode() and "Retirer ce filtre" in listed.content.decode()
    page = client.get("/pilotage/", ON | {"region": "44"}).content.decode()
    assert 'href="/cpts/?region=44"' in page and "/cpts/?region=44&amp;etape=contract_signed" in page
    assert "/cpts/?region=44&amp;annee=" in page


def test_the_cnam_home_links_to_the_steering_page_the_projection_and_its_lists(demo):
    home = client_of(cnam()).get("/").content.decode()
    assert 'href="/pilotage/"' in home and 'href="/pilotage/projection/"' in home
    assert "/cpts/?etape=contract_signed" in home and "/cpts/?taille=" in home
