"""The JSON API: authentication, content of each endpoint, French errors with 4xx codes (docs/api.md)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cpts.accord.money import as_text
from cpts.api.models import ApiToken
from cpts.api.testing import World
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.models import AuditEvent
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.payments.schedules import contract_schedule


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def as_role(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def test_openapi_document_is_3_1(client: Client) -> None:
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert "/api/contracts/{contract_id}/schedule" in document["paths"]


def test_without_credentials_the_api_answers_401_in_french(world: World) -> None:
    response = Client().get("/api/contracts")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")


def test_a_token_acts_for_its_user_and_organisation(world: World, token: str) -> None:
    me = bearer(token).get("/api/me").json()
    assert me["username"] == "cpam-user" and me["organisation"]["name"] == "CPAM de Paris"
    assert [c["id"] for c in bearer(token).get("/api/contracts").json()] == [world.signed.pk]
    assert ApiToken.objects.get().last_used_at is not None


def test_only_the_digest_of_a_token_is_stored(world: World, token: str) -> None:
    stored = ApiToken.objects.get()
    assert token not in stored.key_digest and len(stored.key_digest) == 64


def test_a_wrong_or_revoked_token_is_refused(world: World, token: str) -> None:
    assert bearer("not-a-token").get("/api/contracts").status_code == 401
    ApiToken.objects.update(revoked_at=timezone.now())
    assert bearer(token).get("/api/contracts").status_code == 401


def test_a_token_of_a_former_member_is_refused(world: World, token: str) -> None:
    world.user("cpam").memberships.all().delete()
    assert bearer(token).get("/api/contracts").status_code == 401


def test_a_session_write_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("ars"))
    client.get("/api/me")  # any page would do; the test sets the cookie below
    url = f"/api/cpts/{world.project.pk}/letter-of-intent/validation"  # type: ignore[union-attr]
    refused = post(client, url, {"on": "2024-02-01"})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    from django.middleware.csrf import _get_new_csrf_string

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    accepted = client.post(
        url, json.dumps({"on": "2024-02-01"}), content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["lifecycle"][1]["done_on"] == "2024-02-01"


def test_the_schedule_is_the_engines_output_with_explanations(world: World, token: str) -> None:
    document = bearer(token).get(f"/api/contracts/{world.signed.pk}/schedule?text=true").json()
    engine = contract_schedule(world.signed)
    assert [(p["due_on"], p["mission"], p["part"], p["kind"], p["amount"]) for p in document["payments"]] == [
        (p.due_on.isoformat(), p.mission, p.part, p.kind, as_text(p.amount)) for p in engine.payments
    ]
    first = document["payments"][0]
    assert first["amount"] == "60000.00" and first["explanation"]["source"]
    assert first["explanation_text"].startswith(first["explanation"]["label"])
    assert document["pending"][0]["reason"].startswith("revue annuelle")
    plain = bearer(token).get(f"/api/contracts/{world.signed.pk}/schedule?explain=false").json()
    assert plain["payments"][0]["explanation"] is None


def test_deadlines(world: World, token: str) -> None:
    deadlines = bearer(token).get(f"/api/contracts/{world.signed.pk}/deadlines?on=2024-01-01").json()
    access = [d for d in deadlines if d["mission"] == "access"]
    assert {d["kind"] for d in access} == {"start", "deployment"}
    assert next(d for d in access if d["kind"] == "start")["status"] == "met"


def test_the_ledger_sets_the_schedule_against_the_orders(world: World, token: str) -> None:
    run_payments(Actor.command("tests"), dt.date(2024, 3, 31))
    ledger = bearer(token).get(f"/api/contracts/{world.signed.pk}/ledger?on=2024-04-30").json()
    operating = ledger["lines"][0]  # year 1 operating funding, due at signature (15/01/2023)
    assert (operating["status"], operating["status_label"], operating["overdue"]) == (
        "overdue",
        "en retard",
        "60000.00",
    )
    assert len(ledger["entries"]) == LedgerEntry.objects.filter(contract=world.signed).count()
    assert ledger["totals"]["ordered"] == ledger["totals"]["overdue"]


def test_recording_and_reversing_a_payment(world: World, token: str) -> None:
    run_payments(Actor.command("tests"), dt.date(2024, 3, 31))
    order = LedgerEntry.objects.filter(contract=world.signed, mission="operating", contract_year=1).get()
    paid = post(bearer(token), f"/api/ledger/{order.pk}/payments", {"paid_on": "2024-04-02", "reference": "VIR-7"})
    assert paid.status_code == 200
    assert (paid.json()["amount"], paid.json()["settles"], paid.json()["recorded_by"]) == (
        "60000.00",
        order.pk,
        "cpam-user",
    )
    again = post(bearer(token), f"/api/ledger/{order.pk}/payments", {"paid_on": "2024-04-03"})
    assert again.status_code == 409 and again.json()["detail"] == "Cet ordre de paiement est déjà entièrement payé."
    cancel = post(bearer(token), f"/api/ledger/{paid.json()['id']}/reversal", {"on": "2024-04-04", "note": "rejet"})
    assert cancel.status_code == 200 and cancel.json()["amount"] == "-60000.00"
    ledger = bearer(token).get(f"/api/contracts/{world.signed.pk}/ledger?on=2024-04-30").json()
    assert next(e for e in ledger["entries"] if e["id"] == paid.json()["id"])["reversed_by"] == cancel.json()["id"]


def test_lifecycle_events_call_the_services_and_are_audited(world: World) -> None:
    cpts = as_role(world, "cpts")
    started = post(cpts, f"/api/contracts/{world.signed.pk}/missions/quality/start", {"on": "2024-05-02"})
    assert started.status_code == 200
    assert next(m for m in started.json()["missions"] if m["key"] == "quality")["started_on"] == "2024-05-02"
    assert AuditEvent.objects.filter(action="démarrer une mission", actor_name="cpts-user").exists()
    amended = post(cpts, f"/api/contracts/{world.signed.pk}/amendments", {"signed_on": "2024-05-03", "size": 3})
    assert amended.json()["amendments"][0]["size"] == 3
    rate = post(
        as_role(world, "ars"),
        f"/api/contracts/{world.signed.pk}/attainments",
        {"contract_year": 1, "mission": "access", "rate": "0.75", "on": "2024-03-01"},
    )
    assert rate.json()["attainments"][0]["rate"] == "0.7500"
    schedule = as_role(world, "ars").get(f"/api/contracts/{world.signed.pk}/schedule?explain=false").json()
    assert any(p["part"] == "variable" and p["mission"] == "access" for p in schedule["payments"])
    ended = post(
        cpts, f"/api/contracts/{world.signed.pk}/termination", {"notified_on": "2024-06-01", "initiator": "cpts"}
    )
    assert ended.json()["termination"]["initiator"] == "cpts"


@pytest.mark.parametrize(
    ("url", "body", "status", "message"),
    [
        ("missions/access/deployment", {"on": "2023-02-01"}, 409, "Le déploiement ne peut précéder"),
        ("missions/quality/deployment", {"on": "2024-02-01"}, 409, "avant d'avoir démarré"),
        ("missions/quality/start", {"on": "2022-01-01"}, 409, "ne peut précéder la signature"),
        ("missions/quality/start", {"on": "01/02/2024"}, 422, "Données invalides"),
        ("missions/unknown/start", {"on": "2024-02-01"}, 422, "Données invalides"),
        ("amendments", {"signed_on": "2024-02-01"}, 409, "Cet avenant ne modifie rien."),
        ("termination", {"notified_on": "2024-02-01", "initiator": "cpam"}, 409, "à sa propre initiative"),
    ],
)
def test_refusals_are_4xx_with_a_french_message(
    world: World, url: str, body: dict[str, Any], status: int, message: str
) -> None:
    response = post(as_role(world, "cpts"), f"/api/contracts/{world.signed.pk}/{url}", body)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_the_schedule_of_an_unsigned_contract_is_a_422(world: World, token: str) -> None:
    draft = Contract.objects.create(community=world.home, cpam=world.signed.cpam, ars=world.signed.ars, size=2)
    response = bearer(token).get(f"/api/contracts/{draft.pk}/schedule")
    assert response.status_code == 422 and "n'est pas signé" in response.json()["detail"]


def test_a_cpts_filter_beyond_a_64_bit_key_is_a_422_not_a_500(world: World, token: str) -> None:
    """SQLite cannot bind an integer of 2**63 or more: the query string is bounded like the path ids."""
    response = bearer(token).get(f"/api/contracts?cpts={2**63}")
    assert response.status_code == 422 and "Données invalides" in response.json()["detail"]


def test_another_territorys_ids_are_404_for_every_read(world: World, token: str) -> None:
    other = world.other_contract
    assert other is not None
    for path in ("", "/schedule", "/deadlines", "/ledger"):
        assert bearer(token).get(f"/api/contracts/{other.pk}{path}").status_code == 404
    assert bearer(token).get(f"/api/cpts/{world.other_community.pk}").status_code == 404  # type: ignore[union-attr]
    assert bearer(token).get(f"/api/contracts?cpts={world.other_community.pk}").json() == []  # type: ignore[union-attr]


def test_an_anonymous_write_answers_401_not_a_csrf_403(world: World) -> None:
    """Docs/api.md: without a token or a session, 401 — for writes too."""
    client = Client(enforce_csrf_checks=True)
    url = f"/api/cpts/{world.project.pk}/letter-of-intent/validation"  # type: ignore[union-attr]
    refused = post(client, url, {"on": "2024-02-01"})
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith("Authentification requise")


def test_the_early_mission_account_of_a_cpts_without_aci(world: World, token: str) -> None:
    """002 §3.2, annexe 2 art. 2.2 (docs/ledger.md, « Le compte du contrat de démarrage »): a CPTS in project
    with only an early-mission contract has its aid ordered by the run on that account; the CPAM reads it by
    `/api/cpts/{id}/early-mission/ledger` and pays the order by `/api/ledger/{id}/payments`. By hand: size 1,
    pathways: 15 000,00 €. A CPTS with no early-mission contract has no such account (404), nor does this one
    for another CPAM."""
    from cpts.communities.models import EarlyMissionContract

    EarlyMissionContract.objects.create(
        community=world.project, cpam=world.organisation("cpam"), signed_on=dt.date(2024, 2, 1), size=1,
        started_missions=["pathways"],
    )  # fmt: skip
    run_payments(Actor.command("tests"), dt.date(2024, 3, 1))
    url = f"/api/cpts/{world.project.pk}/early-mission/ledger?on=2024-03-01"
    ledger = bearer(token).get(url).json()
    assert [(line["kind"], line["scheduled"], line["ordered"]) for line in ledger["lines"]] == [
        ("payment", "15000.00", "15000.00")
    ]
    order = ledger["entries"][0]["id"]
    paid = post(bearer(token), f"/api/ledger/{order}/payments", {"paid_on": "2024-03-05", "reference": "VIR-D1"})
    assert paid.status_code == 200 and paid.json()["amount"] == "15000.00"
    assert bearer(token).get(url).json()["totals"]["paid"] == "15000.00"
    assert bearer(token).get(f"/api/cpts/{world.community.pk}/early-mission/ledger").status_code == 404
    lyon = ApiToken.issue(world.user("other_cpam"), world.organisation("other_cpam"), "tests")[1]
    assert bearer(lyon).get(url).status_code == 404



def test_a_token_last_use_is_written_at_most_once_a_minute(world: World, token: str) -> None:
    """Reading the API does not write the token's row at every call (docs/api.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bearer(token).get("/api/me")
    first = ApiToken.objects.get().last_used_at
    with CaptureQueriesContext(connection) as second:
        assert bearer(token).get("/api/me").status_code == 200
    assert first is not None and ApiToken.objects.get().last_used_at == first
    assert not [query for query in second if query["sql"].startswith("UPDATE")]
