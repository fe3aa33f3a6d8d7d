"""The annual review pages unblocked (002 annexe 1, art. 4.2.2.1, 4.2.2.2): « Saisir vos valeurs » with its
checklist and a value field for every indicator from the first day; the yearly targets screen of the three
parties (one formset); removing a document while the review is a draft (a POST form, refused after)."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from app.conftest import World
from cpts.accord.envelopes import MISSION_LABELS
from cpts.core.models import AuditEvent
from cpts.reviews import samples
from cpts.reviews.models import AnnualReview, ContractIndicator, EvidenceFile, IndicatorObjective, MeasuredValue

Clients = Callable[[str], Client]
SAS, EMERGENCY = "access_sas_doctors", "access_emergency_without_admission"


@pytest.fixture(autouse=True)
def private_dir(settings: Any, tmp_path: Path) -> None:
    settings.CPTS_PRIVATE_DIR = tmp_path / "private"


def text(response: Any) -> str:
    return unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def year1(world: World) -> str:
    return f"/revues/contrats/{world.contract.pk}/annees/1/"


def ids(world: World) -> dict[str, int]:
    return {i.code: i.pk for i in ContractIndicator.objects.filter(contract=world.contract)}


def test_saisir_vos_valeurs_offers_every_indicator_and_its_checklist(world: World, client_for: Clients) -> None:
    """No target set yet: the coordinator still enters a value for each of the six national indicators."""
    cpts = client_for("cpts")
    response = cpts.get(year1(world) + "saisie/")
    page = text(response)
    assert response.status_code == 200
    assert "Saisir vos valeurs de l'année 1" in page and "Aucun objectif n'est fixé" not in page
    assert page.count("cible à fixer") == 6
    for pk in ids(world).values():
        assert f'name="value_{pk}"' in page
    for item in ("Valeurs des indicateurs", "Liste des adhérents de l'année", "Rapport d'activité et comptes"):
        assert item in page
    assert "0 sur 6 renseignée(s)" in page and "attend la revue annuelle validée" in page
    assert "aucun versement n'en dépend" in page  # documents: no money under the texts (policy off)
    values = {"values": "1", f"value_{ids(world)[SAS]}": "31", f"value_{ids(world)[EMERGENCY]}": "74,5"}
    assert cpts.post(year1(world) + "saisie/", values).status_code == 302
    assert MeasuredValue.objects.filter(review__contract=world.contract, value__isnull=False).count() == 2
    assert "2 sur 6 renseignée(s)" in text(cpts.get(year1(world) + "saisie/"))


def targets_data(world: World, **rows: dict[str, str]) -> dict[str, str]:
    """The formset's POST: one row per indicator of the contract in the page's order, `rows` by code."""
    found = ContractIndicator.objects.filter(contract=world.contract).order_by("id")
    order = list(found.values_list("code", flat=True))
    data = {"cibles-TOTAL_FORMS": str(len(order)), "cibles-INITIAL_FORMS": "0"}
    for index, code in enumerate(order):
        for name, value in rows.get(code, {"rule": "all_or_nothing"}).items():
            data[f"cibles-{index}-{name}"] = value
    return data


def test_the_yearly_targets_screen_sets_them_all_at_once(world: World, client_for: Clients) -> None:
    url = year1(world) + "cibles/"
    cpam = client_for("cpam")
    page = text(cpam.get(url))
    assert "Fixer les cibles de l'année 1" in page and "6 cible(s) à fixer" in page
    for mission in ("access", "pathways", "prevention", "crisis"):  # the place of each mission's local indicators
        assert f"définir un indicateur local ({MISSION_LABELS[mission]})" in page
    bad = targets_data(world, **{EMERGENCY: {"target": "70", "weight": "3", "rule": "linear"}})
    response = cpam.post(url, bad)
    assert response.status_code == 400 and "La règle linéaire part de la valeur de référence" in text(response)
    assert not IndicatorObjective.objects.exists()
    good = targets_data(
        world,
        **{
            EMERGENCY: {"target": "70", "weight": "3", "rule": "linear", "baseline_value": "80",
                        "baseline_on": "31/12/2022"},
            SAS: {"target": "30", "rule": "all_or_nothing"},
        },
    )  # fmt: skip
    response = client_for("ars").post(url, good)
    assert response.status_code == 302, text(response)[-2000:]
    saved = {o.indicator.code: o for o in IndicatorObjective.objects.filter(indicator__contract=world.contract)}
    assert set(saved) == {EMERGENCY, SAS} and saved[SAS].weight == 1  # an empty weight is 1
    page = text(client_for("cpts").get(url))
    assert "4 cible(s) à fixer" in page and "cible : 30 (nombre)" in page
    assert "cible : 30 (nombre)" in text(client_for("cpts").get(year1(world) + "saisie/"))


@pytest.mark.parametrize(("role", "status"), [("cnam", 403), ("other_cpam", 404), ("cpts", 200), ("ars", 200)])
def test_the_targets_screen_is_the_parties(world: World, client_for: Clients, role: str, status: int) -> None:
    assert client_for(role).get(year1(world) + "cibles/").status_code == status


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_document_is_removed_while_the_review_is_a_draft_only(world: World, client_for: Clients) -> None:
    cpts = client_for("cpts")
    entry = year1(world) + "saisie/"
    document = {"evidence": "1", "kind": "activity_report", "document": upload("rapport.pdf", samples.pdf())}
    assert cpts.post(entry, document).status_code == 302
    evidence = EvidenceFile.objects.get(review__contract=world.contract)
    remove = f"/revues/pieces/{evidence.pk}/retirer/"
    assert f'action="{remove}"' in cpts.get(entry).content.decode()
    assert cpts.get(remove).status_code == 302 and EvidenceFile.objects.filter(pk=evidence.pk).exists()  # GET: nothing
    assert client_for("other_cpts").post(remove).status_code == 404
    assert client_for("cpam").post(remove).status_code == 403
    response = cpts.post(remove, follow=True)
    assert "Pièce « rapport.pdf » retirée." in text(response)
    assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert AuditEvent.objects.filter(action="retirer une pièce de la revue annuelle").count() == 1
    assert cpts.post(entry, {**document, "document": upload("comptes.pdf", samples.pdf())}).status_code == 302
    kept = EvidenceFile.objects.get(review__contract=world.contract)
    assert cpts.post(year1(world) + "soumission/", {}).status_code == 302
    assert AnnualReview.objects.get(contract=world.contract).status == "submitted"
    response = client_for("cpts").post(f"/revues/pieces/{kept.pk}/retirer/")
    assert response.status_code == 403 and "ne peut plus être retirée" in text(response)
    assert EvidenceFile.objects.filter(pk=kept.pk).exists()


def test_the_reviews_page_links_each_open_year_to_its_targets(world: World, client_for: Clients) -> None:
    page = client_for("cpam").get(f"/revues/contrats/{world.contract.pk}/").content.decode()
    assert f"/revues/contrats/{world.contract.pk}/annees/1/cibles/" in page
    assert "Fixer les cibles" not in client_for("cnam").get(f"/revues/contrats/{world.contract.pk}/").content.decode()

