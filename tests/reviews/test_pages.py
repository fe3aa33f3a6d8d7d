"""The objectives and annual review pages (docs/reviews.md): define, fill in, review, validate."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from app.conftest import World
from cpts.contracts.models import Attainment
from cpts.reviews import samples
from cpts.reviews.models import AnnualReview, ContractIndicator, IndicatorObjective, MeasuredValue

Clients = Callable[[str], Client]
PDF = samples.pdf()
SAS = "access_sas_doctors"
EMERGENCY = "access_emergency_without_admission"


def text(response: Any) -> str:
    """The page as a reader sees it: entities decoded, narrow no-break spaces as spaces."""
    return unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def base(world: World) -> str:
    return f"/revues/contrats/{world.contract.pk}/"


def year1(world: World) -> str:
    return f"{base(world)}annees/1/"


def define_objectives(world: World, client: Client) -> None:
    """Emergency visits 80 -> 70 % linear (weight 3); SAS doctors >= 30 all or nothing (weight 1)."""
    url = base(world) + "indicateurs/"
    ids = {i.code: i.pk for i in ContractIndicator.objects.filter(contract=world.contract)}
    assert {EMERGENCY, SAS} <= set(ids)  # followed from the signature (cpts.reviews.prefill)
    common = {"objective": "1", "objective-contract_year": "1"}
    response = client.post(
        url,
        {
            **common,
            "objective-indicator": ids[EMERGENCY],
            "objective-weight": "3",
            "objective-rule": "linear",
            "objective-target": "70",
            "objective-baseline_value": "80",
            "objective-baseline_on": "2022-12-31",
            "objective-baseline_source": "ATIH",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    response = client.post(
        url,
        {
            **common,
            "objective-indicator": ids[SAS],
            "objective-weight": "1",
            "objective-rule": "all_or_nothing",
            "objective-target": "30",
        },
    )
    assert response.status_code == 302


@pytest.fixture
def defined(world: World, client_for: Clients) -> World:
    define_objectives(world, client_for("cpam"))
    return world


def test_objectives_are_defined_by_the_parties(defined: World, client_for: Clients) -> None:
    """002 annexe 1, art. 4.2.2: objectives are set per contract year, with baseline, target, weight and rule."""
    objective = IndicatorObjective.objects.get(indicator__code=EMERGENCY)
    assert (objective.weight, objective.rule, objective.target) == (Decimal(3), "linear", Decimal(70))
    page = client_for("cnam").get(base(defined) + "indicateurs/").content.decode()
    assert "Passages aux urgences" in page or "urgences" in page
    assert "Fixer l'objectif" not in page  # the CNAM reads, does not define


def test_objective_errors_are_tied_to_their_fields(defined: World, client_for: Clients) -> None:
    """A weighted indicator needs a target and a rule; the linear rule needs a baseline (DSFR field errors)."""
    indicator = ContractIndicator.objects.get(contract=defined.contract, code=SAS)
    response = client_for("ars").post(
        base(defined) + "indicateurs/",
        {
            "objective": "1",
            "objective-indicator": indicator.pk,
            "objective-contract_year": "2",
            "objective-weight": "2",
            "objective-rule": "linear",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_objective-target-desc-error"' in page
    assert "Indiquez la cible" in page and "La règle linéaire part de la valeur de référence" in page
    assert not IndicatorObjective.objects.filter(contract_year=2).exists()


def test_follow_up_only_indicator_needs_no_target(defined: World, client_for: Clients) -> None:
    """002 annexe 1, art. 4.2.2.2: indicators kept for follow-up carry no weight."""
    indicator = ContractIndicator.objects.get(contract=defined.contract, code=SAS)
    response = client_for("cpts").post(
        base(defined) + "indicateurs/",
        {
            "objective": "1",
            "objective-indicator": indicator.pk,
            "objective-contract_year": "2",
            "objective-weight": "0",
        },
    )
    assert response.status_code == 302
    assert IndicatorObjective.objects.get(indicator=indicator, contract_year=2).weight == 0


def test_local_indicator_requires_its_definition(defined: World, client_for: Clients) -> None:
    url = base(defined) + "indicateurs/"
    data = {
        "local": "1",
        "local-code": "prevention-ateliers",
        "local-mission": "prevention",
        "local-label": "Ateliers de prévention",
        "local-kind": "means",
        "local-direction": "increasing",
        "local-unit": "nombre",
        "local-definition": "",
        "local-computation": "somme",
        "local-data_source": "CPTS",
    }
    response = client_for("cpts").post(url, data)
    assert response.status_code == 400 and 'id="id_local-definition-desc-error"' in response.content.decode()
    data["local-definition"] = "Ateliers tenus dans l'année"
    assert client_for("cpts").post(url, data).status_code == 302
    assert ContractIndicator.objects.get(code="prevention-ateliers").scope == "local"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def fill(world: World, client: Client, sas: str = "31") -> None:
    ids = {i.code: i.pk for i in ContractIndicator.objects.filter(contract=world.contract)}
    url = year1(world) + "saisie/"
    values = {"values": "1", f"value_{ids[EMERGENCY]}": "75", f"value_{ids[SAS]}": sas}
    assert client.post(url, values).status_code == 302
    for kind in ("activity_report", "accounts"):
        document = upload(f"{kind}.pdf", PDF)
        assert client.post(url, {"evidence": "1", "kind": kind, "document": document}).status_code == 302
    assert client.post(url, {"spending": "1", "operating": "40000", "access": "12000,50"}).status_code == 302


def test_review_cycle_through_the_pages(defined: World, client_for: Clients) -> None:
    """The CPTS submits, the CPAM asks a correction, the CPTS resubmits, CPAM and ARS validate;
    the validated rate is written for the schedule (62,5 %: 50 % x 3/4 + 100 % x 1/4)."""
    cpts, cpam, ars = client_for("cpts"), client_for("cpam"), client_for("ars")
    fill(defined, cpts, sas="29")
    assert cpts.post(year1(defined) + "soumission/", {"comment": "Revue 2023"}).status_code == 302
    assert cpam.post(year1(defined) + "correction/", {"reason": "Extraction SAS à joindre"}).status_code == 302
    page = cpts.get(year1(defined)).content.decode()
    assert "Extraction SAS à joindre" in page and "Renseigner la revue" in page
    fill(defined, cpts, sas="31")
    assert cpts.post(year1(defined) + "soumission/", {}).status_code == 302
    assert cpam.post(year1(defined) + "validation/", {"on": "2024-04-02"}).status_code == 302
    assert not Attainment.objects.filter(contract=defined.contract).exists()
    assert ars.post(year1(defined) + "validation/", {"on": "2024-04-03"}).status_code == 302
    assert Attainment.objects.get(contract=defined.contract, contract_year=1, mission="access").rate == Decimal("0.625")
    page = cpam.get(year1(defined)).content.decode()
    assert "62,5 %" in page and "validée" in page
    assert "Contribution" in page and "Chemin parcouru" in page  # each indicator's contribution, explained


def test_override_with_reason(defined: World, client_for: Clients) -> None:
    """Rule JOINT_DECISION_OVERRIDE: a joint decision replaces the computed rate, with its reason."""
    cpts, cpam, ars = client_for("cpts"), client_for("cpam"), client_for("ars")
    fill(defined, cpts)
    cpts.post(year1(defined) + "soumission/", {})
    wrong = {"mission": "access", "rate": "120", "reason": "", "on": "2024-04-01"}
    bad = cpam.post(year1(defined) + "decision-conjointe/", wrong)
    assert bad.status_code == 400
    assert 'id="id_rate-desc-error"' in bad.content.decode() and 'id="id_reason-desc-error"' in bad.content.decode()
    data = {"mission": "access", "rate": "80", "reason": "Données SAS incomplètes", "on": "2024-04-01"}
    assert cpam.post(year1(defined) + "decision-conjointe/", data).status_code == 302
    cpam.post(year1(defined) + "validation/", {"on": "2024-04-02"})
    ars.post(year1(defined) + "validation/", {"on": "2024-04-02"})
    assert Attainment.objects.get(contract=defined.contract, contract_year=1, mission="access").rate == Decimal("0.8")
    assert "Données SAS incomplètes" in cpts.get(year1(defined)).content.decode()


def test_refused_file_and_import_errors(defined: World, client_for: Clients) -> None:
    """Uploads are checked (type and size) with the error on the file field; an import with an error is
    refused whole with its (line, column, reason) table."""
    cpts = client_for("cpts")
    url = year1(defined) + "saisie/"
    response = cpts.post(url, {"evidence": "1", "kind": "accounts", "document": upload("comptes.exe", b"MZ")})
    assert response.status_code == 400
    assert 'id="id_document-desc-error"' in response.content.decode()
    csv = f"indicateur;valeur\n{SAS};31\ninconnu;2\n{EMERGENCY};abc\n".encode()
    response = cpts.post(url, {"import": "1", "values_file": upload("valeurs.csv", csv)})
    page = response.content.decode()
    assert response.status_code == 400 and "Fichier refusé" in page
    assert "<td>3</td><td>indicateur</td>" in page and "<td>4</td><td>valeur</td>" in page
    assert not MeasuredValue.objects.exists()
    good = f"indicateur;valeur;commentaire\n{SAS};31;extraction SAS\n{EMERGENCY};74,5;ATIH\n".encode()
    assert cpts.post(url, {"import": "1", "values_file": upload("valeurs.csv", good)}).status_code == 302
    assert MeasuredValue.objects.get(indicator__code=EMERGENCY).value == Decimal("74.5")


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("other_cpts", "", 404),
        ("other_cpam", "indicateurs/", 404),
        ("other_ars", "annees/1/", 404),
        ("other_cpts", "annees/1/saisie/", 404),
        ("cnam", "annees/1/", 200),
        ("cnam", "annees/1/saisie/", 403),
        ("cpam", "annees/1/saisie/", 403),
        ("cpts", "annees/1/validation/", 403),
        ("cpts", "annees/1/decision-conjointe/", 403),
        ("cpts", "annees/9/", 404),
    ],
)
def test_scope_and_rights(world: World, client_for: Clients, role: str, path: str, status: int) -> None:
    """Another territory's contract does not exist (404); a visible page that is not one's to act on is a 403."""
    assert client_for(role).get(base(world) + path).status_code == status


def test_withheld_balance_shown_on_the_contract_page(defined: World, client_for: Clients, settings: Any) -> None:
    """Policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS, switched on: labelled as outside the agreement on the page,
    released once the review is validated with its activity report and accounts."""
    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    cpts = client_for("cpts")
    url = f"/contrats/{defined.contract.pk}/"
    page = text(cpts.get(url))
    assert "Solde de l'année 1 retenu" in page and "Objectifs, revues et dépenses" in page
    assert "politique de gestion hors accord" in page
    fill(defined, cpts)
    page = text(cpts.get(url))
    assert "Solde de l'année 1 retenu : revue annuelle non validée" in page  # uploaded, not validated
    assert cpts.post(year1(defined) + "soumission/", {}).status_code == 302
    assert client_for("cpam").post(year1(defined) + "validation/", {"on": "2024-04-02"}).status_code == 302
    assert client_for("ars").post(year1(defined) + "validation/", {"on": "2024-04-03"}).status_code == 302
    page = text(cpts.get(url))
    assert "Solde de l'année 1 retenu" not in page and "Solde de l'année 2 retenu" in page


def test_no_withheld_balance_with_the_policy_off(defined: World, client_for: Clients) -> None:
    """Off by default: the contract and review pages withhold nothing."""
    page = text(client_for("cpts").get(f"/contrats/{defined.contract.pk}/"))
    assert "retenu" not in page.replace("Indicateurs retenus", "") and "politique de gestion hors accord" not in page


def test_spending_against_envelopes(defined: World, client_for: Clients) -> None:
    fill(defined, client_for("cpts"))
    page = text(client_for("cnam").get(base(defined)))
    assert "40 000,00" in page and "12 000,50" in page and "non déclaré" in page
    assert AnnualReview.objects.get(contract=defined.contract).status == "draft"


def test_submit_without_review_is_refused(world: World, client_for: Clients) -> None:
    response = client_for("cpts").post(year1(world) + "soumission/", {})
    assert response.status_code == 400 and "pas encore commencé" in response.content.decode()
