"""The steering page and its exports, for the CNAM, an ARS and a CPAM (docs/steering.md)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook
from tests.steering.conftest import TODAY
from tests.steering.test_cli_api import client_of

from cpts.contracts.models import Contract
from cpts.core.organisations import ars_for, cnam, cpam_for
from cpts.geo import load
from cpts.steering.figures import money
from cpts.steering.scope import Filters

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
