"""The API of a CPTS's bank details (docs/bank-details.md) and of a contract's signed originals (docs/documents.md,
« Originaux signés »): the same services and checks as the pages, 401/403/404/409/422 in French, audited writes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cpts.api.testing import World
from cpts.banking.iban import masked
from cpts.banking.models import BankDetails
from cpts.core.models import AuditEvent
from cpts.documents.models import SignedOriginal

IBAN = "FR7630006000011234567890189"
TYPED = {"holder": "CPTS Paris 20", "iban": "fr76 3000 6000 0112 3456 7890 189", "bic": "agrifrpp"}
SCAN = b"%PDF-1.4 contrat signe par les trois parties"


def as_role(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def bank_url(world: World, suffix: str = "") -> str:
    return f"/api/cpts/{world.home.pk}/bank-details{suffix}"


def test_the_cpts_enters_its_cpam_verifies_and_each_write_is_audited(world: World) -> None:
    entered = post(as_role(world, "cpts"), bank_url(world), TYPED)
    assert entered.status_code == 200, entered.content
    body = entered.json()
    assert (body["iban"], body["iban_masked"], body["bic"], body["verified"]) == (
        "FR76 3000 6000 0112 3456 7890 189",
        False,
        "AGRIFRPP",
        False,
    )
    assert body["current"] and body["entered_by"] == "cpts-user"
    verified = post(as_role(world, "cpam"), bank_url(world, "/verification"), {"against": "RIB du 02/01/2025"})
    assert verified.status_code == 200, verified.content
    assert verified.json()["verified"] and verified.json()["verified_against"] == "RIB du 02/01/2025"
    again = post(as_role(world, "cpam"), bank_url(world, "/verification"), {"against": "RIB"})
    assert again.status_code == 409 and again.json()["detail"] == "Ces coordonnées sont déjà vérifiées."
    actions = AuditEvent.objects.filter(object_type="banking.bankdetails").values_list("action", "actor_name")
    assert sorted(actions) == [
        ("saisir les coordonnées bancaires", "cpts-user"),
        ("vérifier les coordonnées bancaires", "cpam-user"),
    ]


def test_a_change_is_a_new_version_to_verify_again(world: World) -> None:
    cpts = as_role(world, "cpts")
    post(cpts, bank_url(world), TYPED)
    post(as_role(world, "cpam"), bank_url(world, "/verification"), {"against": "RIB"})
    post(cpts, bank_url(world), {**TYPED, "iban": "FR1420041010050500013M02606", "bic": "PSSTFRPPPAR"})
    versions = cpts.get(bank_url(world)).json()
    assert [(v["current"], v["verified"], v["bic"]) for v in versions] == [
        (True, False, "PSSTFRPPPAR"),
        (False, True, "AGRIFRPP"),
    ]


def test_the_iban_is_given_in_full_to_the_cpts_and_its_cpam_only(world: World) -> None:
    post(as_role(world, "cpts"), bank_url(world), TYPED)
    for role in ("cpts", "cpam"):
        (version,) = as_role(world, role).get(bank_url(world)).json()
        assert version["iban"] == "FR76 3000 6000 0112 3456 7890 189" and not version["iban_masked"]
    for role in ("ars", "cnam"):
        (version,) = as_role(world, role).get(bank_url(world)).json()
        assert version["iban"] == masked(IBAN) and version["iban_masked"]
    for role in ("other_cpam", "other_ars", "other_cpts"):
        assert as_role(world, role).get(bank_url(world)).status_code == 404


@pytest.mark.parametrize(
    ("role", "url", "body", "status", "message"),
    [
        ("cpam", "", TYPED, 403, "Seule la CPTS saisit"),
        ("ars", "", {**TYPED, "iban": "FR7630006000011234567890188"}, 403, "Seule la CPTS saisit"),
        ("cpts", "", {**TYPED, "iban": "FR7630006000011234567890188"}, 422, "la clé de contrôle ne correspond pas"),
        ("cpts", "", {**TYPED, "bic": "AGRI FR"}, 422, "BIC invalide"),
        ("cpts", "", {**TYPED, "holder": "  "}, 422, "ne peut pas être vide"),
        ("cpts", "", {"iban": IBAN}, 422, "Données invalides"),
        ("cpts", "/verification", {"against": "RIB"}, 403, "Seule la CPAM"),
        ("ars", "/verification", {"against": "RIB"}, 403, "Seule la CPAM"),
        ("cpam", "/verification", {"against": "RIB"}, 409, "rien à vérifier"),
        ("cpam", "/verification", {"against": ""}, 422, "Données invalides"),
    ],
)
def test_refusals_write_nothing(
    world: World, role: str, url: str, body: dict[str, Any], status: int, message: str
) -> None:
    response = post(as_role(world, role), bank_url(world, url), body)
    assert response.status_code == status, response.content
    assert message in response.json()["detail"]
    assert not BankDetails.objects.exists()
    assert not AuditEvent.objects.filter(object_type="banking.bankdetails").exists()


def test_without_credentials_401(world: World) -> None:
    assert Client().get(bank_url(world)).status_code == 401
    assert post(Client(), bank_url(world), TYPED).status_code == 401
    assert Client().get(f"/api/contracts/{world.signed.pk}/originals").status_code == 401


def originals_url(world: World) -> str:
    return f"/api/contracts/{world.signed.pk}/originals"


def deposit(client: Client, world: World, name: str = "contrat.pdf", content: bytes = SCAN, **fields: Any) -> Any:
    data = {"document": "contract", "document_id": world.signed.pk, **fields}
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(originals_url(world), {**data, "file": upload})


def test_a_party_deposits_a_version_that_everyone_who_sees_the_contract_reads(
    world: World, private_folder: Path
) -> None:
    first = deposit(as_role(world, "cpam"), world)
    assert first.status_code == 200, first.content
    body = first.json()
    assert (body["document"], body["document_id"], body["version"], body["name"]) == (
        "contract",
        world.signed.pk,
        1,
        "contrat.pdf",
    )
    assert body["sha256"] == hashlib.sha256(SCAN).hexdigest() and body["size"] == len(SCAN)
    assert body["generated"] == f"/api/documents/contract/{world.signed.pk}"
    stored = SignedOriginal.objects.get()
    assert (private_folder / "originals" / stored.stored_name).read_bytes() == SCAN
    second = deposit(as_role(world, "cpts"), world, "contrat-v2.pdf", SCAN + b"!")
    assert second.json()["version"] == 2
    listed = as_role(world, "cnam").get(originals_url(world)).json()
    assert [(o["version"], o["uploaded_by"]) for o in listed] == [(1, "cpam-user"), (2, "cpts-user")]
    download = as_role(world, "ars").get(body["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == SCAN
    assert download["Content-Type"] == "application/pdf"
    assert as_role(world, "other_cpam").get(body["download"]).status_code == 404
    assert as_role(world, "other_cpts").get(originals_url(world)).status_code == 404
    assert AuditEvent.objects.filter(action="déposer un original signé").count() == 2


@pytest.mark.parametrize(
    ("role", "kwargs", "status", "message"),
    [
        ("cnam", {}, 403, "Seules les parties au contrat"),
        ("cpam", {"name": "contrat.csv", "content": b"a;b"}, 409, "PDF ou une image"),
        ("cpam", {"content": b"pas un pdf"}, 422, "ne correspond pas"),
        ("cpam", {"document": "amendment"}, 409, "n'appartient pas"),
        ("cpam", {"document": "avenant"}, 422, "Données invalides"),
    ],
)
def test_deposit_refusals_write_nothing(
    world: World, role: str, kwargs: dict[str, Any], status: int, message: str
) -> None:
    response = deposit(as_role(world, role), world, **kwargs)
    assert response.status_code == status, response.content
    assert message in response.json()["detail"]
    assert not SignedOriginal.objects.exists()
    assert not AuditEvent.objects.filter(action="déposer un original signé").exists()


def test_another_territorys_contract_is_a_404_for_a_deposit(world: World) -> None:
    response = deposit(as_role(world, "cpam"), world)
    assert response.status_code == 200
    other = world.other_contract
    assert other is not None
    upload = SimpleUploadedFile("contrat.pdf", SCAN, content_type="application/pdf")
    refused = as_role(world, "cpam").post(
        f"/api/contracts/{other.pk}/originals", {"document": "contract", "document_id": other.pk, "file": upload}
    )
    assert refused.status_code == 404
