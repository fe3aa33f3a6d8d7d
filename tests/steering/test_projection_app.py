"""The budget projection of the application: equal to the committed money where a year is fully scheduled,
the same through `cpts projection`, `/api/projection` and the page, within the caller's scope (docs/steering.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from tests.steering.conftest import TODAY
from tests.steering.test_cli_api import client_of

from cpts.cli import main
from cpts.contracts.models import Attainment
from cpts.core.organisations import cnam, cpam_for
from cpts.steering.figures import money
from cpts.steering.forecast import forecast
from cpts.steering.models import PendingPart, ScheduleLine
from cpts.steering.projection import Scenario, as_json
from cpts.steering.scope import Filters
from cpts.steering.store import refresh_all

YEAR = 2024
RATE = Decimal("0.6")


def committed(year):
    rows = money(cnam(), Filters(on=TODAY))["years"]
    return next((Decimal(row["committed"]) for row in rows if row["year"] == year), Decimal("0.00"))


def test_a_fully_scheduled_year_projects_to_its_committed_money(demo):
    """The projection of a year whose every part is scheduled, with the validated rates where they exist and 100 %
    elsewhere, equals the committed money of that year (steering figures, the sum of the engine's lines); a
    validated rate (002 annexe 1, art. 4.2.2) is the one its line carries, whatever the scenario."""
    for part in PendingPart.objects.filter(settles_on__year=YEAR, part="variable"):
        Attainment.objects.create(contract_id=part.contract_id, contract_year=part.contract_year,
                                  mission=part.mission, rate=RATE, validated_on=part.settles_on)  # fmt: skip
    refresh_all()  # the engine's lines with the validated rates (the services do it through the audit trail)
    assert not PendingPart.objects.filter(settles_on__year=YEAR).exists()
    assert ScheduleLine.objects.filter(year=YEAR, part="variable").exists()
    for attainment in ("100", "0", "observed"):
        scenario = Scenario(YEAR, 1, attainment, renewals=False, pipeline=False)
        row = forecast(cnam(), Filters(on=TODAY), scenario)["years"][0]
        assert row["total"] == row["known"] == committed(YEAR) > 0


def test_years_with_pending_parts_add_their_maximum_at_100_percent(demo):
    """Elsewhere the projection at 100 % is the committed money plus the pending parts' maximum, at 0 % the
    committed money alone (002 annexe 1, art. 6.2: the variable part waits for its validated rate). The signed
    contracts as recorded: no scenario hypothesis starts their missions not started."""
    recorded = {"renewals": False, "pipeline": False, "start_missions": False}
    full = forecast(cnam(), Filters(on=TODAY), Scenario(2019, 10, "100", **recorded))
    none = forecast(cnam(), Filters(on=TODAY), Scenario(2019, 10, "0", **recorded))
    pending_years = set()
    for high, low in zip(full["years"], none["years"], strict=True):
        year = high["year"]
        maximum = sum((p.maximum for p in PendingPart.objects.filter(settles_on__year=year)), Decimal("0.00"))
        variable = sum((p.maximum for p in PendingPart.objects.filter(settles_on__year=year, part="variable")),
                       Decimal("0.00"))  # fmt: skip
        assert high["total"] == committed(year) + maximum
        assert low["total"] == committed(year) + maximum - variable
        if maximum:
            pending_years.add(year)
    assert pending_years


def test_renewals_keep_a_ten_year_horizon_from_falling_to_nothing(demo):
    with_renewals = forecast(cnam(), Filters(on=TODAY), Scenario(2027, 10, "100", pipeline=False))
    without = forecast(cnam(), Filters(on=TODAY), Scenario(2027, 10, "100", renewals=False, pipeline=False))
    assert without["years"][-1]["total"] == 0
    assert with_renewals["years"][-1]["total"] > 0
    assert with_renewals["explanation"]["inputs"]["renewals"] > 0


def test_cli_json_is_the_cnam_projection(demo, capsys):
    arguments = ["projection", "--from", "2026", "--years", "5", "--attainment", "observed", "--draws", "50",
                 "--seed", "3", "--on", TODAY.isoformat(), "--json"]  # fmt: skip
    assert main(arguments) == 0
    printed = json.loads(capsys.readouterr().out)
    scenario = Scenario(2026, 5, "observed", draws=50, seed=3)
    assert printed == json.loads(json.dumps(as_json(forecast(cnam(), Filters(on=TODAY), scenario))))
    assert [row["year"] for row in printed["years"]] == list(range(2026, 2031))
    assert all(Decimal(r["p10"]) <= Decimal(r["median"]) <= Decimal(r["p90"]) for r in printed["years"])
    assert main(["projection", "--from", "2026", "--years", "11"]) == 2
    assert "horizon invalide" in capsys.readouterr().err
    assert main(["projection", "--from", "2026", "--years", "2", "--on", TODAY.isoformat()]) == 0
    assert "Projection au" in capsys.readouterr().out


def test_api_projection_is_scoped_and_documented(demo):
    line = ScheduleLine.objects.filter(year=2025).select_related("contract__community").first()
    department = line.contract.community.department
    query = {"year_from": 2025, "years": 3, "attainment": "50", "on": TODAY.isoformat()}
    response = client_of(cpam_for(department)).get("/api/projection", query)
    assert response.status_code == 200
    body = response.json()
    scenario = Scenario(2025, 3, "50")
    assert body == json.loads(json.dumps(as_json(forecast(cpam_for(department), Filters(on=TODAY), scenario))))
    national = client_of(cnam()).get("/api/projection", query).json()
    assert 0 < Decimal(body["years"][0]["total"]) < Decimal(national["years"][0]["total"])
    assert client_of(cnam()).get("/api/projection", {"year_from": 2025, "years": 11}).status_code == 422
    assert Client().get("/api/projection", query).status_code == 401
    assert "/api/projection" in client_of(cnam()).get("/api/openapi.json").json()["paths"]


def test_projection_page_shows_the_chart_its_tables_and_exports(demo):
    client = client_of(cnam())
    scenario = {"year_from": 2025, "years": 4, "attainment": "100", "draws": 20, "seed": 1, "delay_months": 0}
    response = client.get("/pilotage/projection/", scenario | {"renewals": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<line-chart" in html and 'aria-describedby="tableau-projection"' in html
    assert "Barèmes de l&#x27;avenant n° 2" in html or "Barèmes de l'avenant n° 2" in html
    assert "P90" in html and "<script>" not in html
    assert client.get("/pilotage/").content.decode().count("/pilotage/projection/") == 1
    export = client.get("/pilotage/projection/export/projection.csv", {"year_from": 2025, "years": 4})
    assert export.status_code == 200 and "Dépense attendue" in export.content.decode("utf-8-sig")
    assert client.get("/pilotage/projection/export/projection-plafonds.xlsx").status_code == 200
    assert client.get("/pilotage/projection/export/autre.csv").status_code == 404
    assert client.get("/pilotage/projection/", {"years": 99}).status_code == 200  # invalid: the default scenario


def test_scenario_switches_through_the_command_the_api_and_the_page(demo, capsys):
    """Missions not started (on the calendar or late), SAS arrival, crises a year and renewals: the same scenario
    through `cpts projection`, `/api/projection` and the page form (docs/steering.md, « Interrupteurs »)."""
    scenario = Scenario(2026, 4, "100", renewals=False, delay_months=6, start_missions=False,
                        sas_on=dt.date(2027, 1, 1), crises=2)  # fmt: skip
    expected = json.loads(json.dumps(as_json(forecast(cnam(), Filters(on=TODAY), scenario))))
    arguments = ["projection", "--from", "2026", "--years", "4", "--attainment", "100", "--no-renewals",
                 "--delay", "6", "--no-start-missions", "--sas-on", "2027-01-01", "--crises", "2",
                 "--on", TODAY.isoformat(), "--json"]  # fmt: skip
    assert main(arguments) == 0
    assert json.loads(capsys.readouterr().out) == expected
    query = {"year_from": 2026, "years": 4, "attainment": "100", "renewals": "false", "delay_months": 6,
             "start_missions": "false", "sas_on": "2027-01-01", "crises": 2, "on": TODAY.isoformat()}  # fmt: skip
    assert client_of(cnam()).get("/api/projection", query).json() == expected
    assert client_of(cnam()).get("/api/projection", query | {"crises": 13}).status_code == 422
    switches = {key: expected["scenario"][key] for key in ("start_missions", "sas_on", "crises", "delay_months")}
    assert switches == {"start_missions": False, "sas_on": "2027-01-01", "crises": 2, "delay_months": 6}
    crises = forecast(cnam(), Filters(on=TODAY), dataclasses.replace(scenario, crises=0))
    assert sum(r["total"] for r in crises["years"]) < sum(Decimal(r["total"]) for r in expected["years"])
    form = {"year_from": 2026, "years": 4, "attainment": "100", "draws": 0, "seed": 0, "delay_months": 6,
            "pipeline": "on", "sas": "on", "sas_on": "2027-01-01", "crises": 2}  # fmt: skip
    html = client_of(cnam()).get("/pilotage/projection/", form).content.decode()
    assert 'name="start_missions"' in html and 'name="crises"' in html and 'name="sas_on"' in html
    shown = forecast(cnam(), Filters(on=timezone.localdate()), scenario)  # the page observes today
    assert shown["scenario"] == expected["scenario"]
    for row in shown["years"]:
        assert f"<td>{Template('{{ v }}').render(Context({'v': row['total']}))}</td>" in html
