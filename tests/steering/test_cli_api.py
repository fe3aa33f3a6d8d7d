"""`cpts steering` and `GET /api/steering`: the same figures, the caller's scope, French errors."""

from __future__ import annotations

import json

from django.test import Client
from tests.steering.conftest import TODAY

from cpts.cli import main
from cpts.contracts.models import Contract
from cpts.core.current import SESSION_KEY
from cpts.core.organisations import cnam, cpam_for, ensure_user
from cpts.steering.figures import steering
from cpts.steering.models import ScheduleLine
from cpts.steering.scope import Filters

PASSWORD = "Essai-mot-de-passe-1"


def client_of(organisation) -> Client:
    client = Client()
    client.force_login(ensure_user(f"agent-{organisation.pk}", PASSWORD, organisation))
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return client


def test_cli_json_is_the_cnam_figures(demo, capsys):
    assert main(["steering", "--on", TODAY.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(steering(cnam(), Filters(on=TODAY))))
    assert printed["scope"] == "France entière"


def test_cli_text_and_errors(demo, capsys):
    assert main(["steering", "--on", TODAY.isoformat(), "--basis", "contract"]) == 0
    out = capsys.readouterr().out
    assert "Population couverte" in out and "année du contrat" in out
    assert main(["steering", "--department", "999"]) == 2
    assert "999" in capsys.readouterr().err


def test_cli_refresh_rewrites_every_stored_schedule(demo, capsys):
    ScheduleLine.objects.all().delete()
    assert main(["steering", "refresh"]) == 0
    signed = Contract.objects.filter(signed_on__isnull=False).count()
    assert f"{signed} contrats signés" in capsys.readouterr().out
    assert ScheduleLine.objects.exists()


def test_api_is_scoped_to_the_cpam(demo):
    department = Contract.objects.filter(signed_on__isnull=False).first().community.department
    response = client_of(cpam_for(department)).get("/api/steering", {"on": TODAY.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert body["scope"].startswith("département") and department in body["scope"]
    assert {row["code"] for row in body["coverage"]["departments"]} == {department}
    assert body == json.loads(json.dumps(steering(cpam_for(department), Filters(on=TODAY))))


def test_api_refuses_bad_filters_in_french(demo):
    client = client_of(cnam())
    assert client.get("/api/steering", {"department": "999"}).json()["detail"].startswith("code")
    assert client.get("/api/steering", {"size": 7}).status_code == 422
    assert Client().get("/api/steering").status_code == 401
