"""The review API (docs/reviews.md): same services and checks as the pages, 4xx in French."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from app.conftest import World
from cpts.contracts.models import Attainment
from cpts.reviews.models import AnnualReview

from .test_pages import EMERGENCY, SAS, define_objectives

Clients = Callable[[str], Client]


def call(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def api(world: World, client_for: Clients) -> Callable[[str, str, str, dict[str, Any] | None], Any]:
    define_objectives(world, client_for("cpam"))

    def request(role: str, method: str, suffix: str, body: dict[str, Any] | None = None) -> Any:
        return call(client_for(role), method, f"/api/contracts/{world.contract.pk}/{suffix}", body)

    return request


def test_indicators_and_objectives(api: Any) -> None:
    response = api("cnam", "GET", "indicators")
    assert response.status_code == 200
    found = {item["code"]: item for item in response.json()}
    assert found[EMERGENCY]["direction"] == "decreasing"
    assert found[EMERGENCY]["objectives"][0]["rule"] == "linear"
    assert found[SAS]["objectives"][0]["weight"] == "1.00"


def test_full_cycle_with_correction(api: Any, world: World, settings: Any) -> None:
    """Submit, correction, resubmit, CPAM and ARS validate: the rate is written (62,5 %), explained per indicator.

    The management policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS is switched on: validated without its documents,
    the year's balance stays withheld, and the API says why."""
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    values = {"values": [{"indicator": EMERGENCY, "value": "75"}, {"indicator": SAS, "value": "29"}]}
    assert api("cpts", "PUT", "reviews/1/values", values).status_code == 200
    assert api("cpts", "POST", "reviews/1/submission", {"comment": "revue"}).json()["status"] == "submitted"
    answer = api("ars", "POST", "reviews/1/correction", {"reason": "Valeur SAS à vérifier"}).json()
    assert answer["status"] == "correction_requested" and answer["correction_reason"] == "Valeur SAS à vérifier"
    values["values"][1]["value"] = "31"
    api("cpts", "PUT", "reviews/1/values", values)
    assert api("cpts", "POST", "reviews/1/submission").json()["status"] == "resubmitted"
    assert api("cpam", "POST", "reviews/1/validation", {"on": "2024-04-02"}).json()["status"] == "resubmitted"
    review = api("ars", "POST", "reviews/1/validation", {"on": "2024-04-03"}).json()
    assert review["status"] == "validated"
    access = review["attainments"][0]
    assert access["rate"] == "0.6250"
    assert [(i["indicator"], i["rate"], i["contribution"]) for i in access["indicators"]] == [
        (EMERGENCY, "0.5000", "0.3750"),
        (SAS, "1.0000", "0.2500"),
    ]
    assert access["explanation"]["unit"] == "rate" and access["explanation"]["children"]
    assert review["withheld"].startswith("Solde de l'année 1 retenu : rapport d'activité, comptes de l'année absent")
    assert "politique de gestion hors accord" in review["withheld"]
    assert Attainment.objects.get(contract=world.contract, mission="access").rate == Decimal("0.625")


def test_override_and_refusals(api: Any) -> None:
    """Rule JOINT_DECISION_OVERRIDE; refusals are 403 (who), 409 (state), 422 (input), each in French."""
    body = {"mission": "access", "rate": "0.8", "reason": "Décision conjointe", "on": "2024-04-01"}
    assert api("cpam", "POST", "reviews/1/overrides", body).json()["detail"] == (
        "La CPTS n'a pas encore commencé cette revue."
    )
    api("cpts", "PUT", "reviews/1/values", {"values": [{"indicator": SAS, "value": "31"}]})
    refused = api("cpam", "PUT", "reviews/1/values", {"values": []})
    assert refused.status_code == 403 and "CPTS" in refused.json()["detail"]
    assert api("cpam", "POST", "reviews/1/validation", {"on": "2024-04-01"}).status_code == 409  # still a draft
    api("cpts", "POST", "reviews/1/submission")
    assert api("cpts", "POST", "reviews/1/overrides", body).status_code == 403
    assert api("cpam", "POST", "reviews/1/overrides", {**body, "rate": "1.5"}).status_code == 422
    assert api("cpam", "POST", "reviews/1/overrides", body).json()["attainments"][0]["status"] == "overridden"
    assert api("cpts", "PUT", "reviews/1/values", {"values": []}).status_code == 409  # under review: frozen
    unknown = api("other_cpts", "GET", "reviews/1")
    assert unknown.status_code == 404 and unknown.json()["detail"].startswith("Introuvable")
    assert api("cpam", "GET", "reviews/9").status_code == 422
    bad = api("cpts", "PUT", "reviews/2/values", {"values": [{"indicator": "inconnu", "value": "1"}]})
    assert bad.status_code == 409 and "inconnu" in bad.json()["detail"]
    assert AnnualReview.objects.get(contract_year=1).overrides.get().rate == Decimal("0.8")
