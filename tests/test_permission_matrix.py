"""The permission matrix: every role against every API endpoint (and page, once listed), including
objects of another territory reached by id, which must answer 404 (docs/permissions.md).

The table is docs/permissions.md. To add a page, append a `Target(kind="page", ...)` to TARGETS:
its URL builder receives the world and returns the path; `visible` and `allowed` are role sets.
Expected status: anonymous -> 401 (API) or a redirect to the login page (page); a role that does not
see the object -> 404; sees it but may not act -> 403; otherwise `ok`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from cpts.api.testing import ROLES, World, build_world
from cpts.communities.models import Community
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments
from cpts.payments.schedules import clear_cache

HOME_VIEWERS = frozenset({"cpam", "ars", "cnam", "cpts"})  # CPAM 75, ARS Île-de-France, CNAM, the CPTS itself
PARTIES = frozenset({"cpam", "ars", "cpts"})  # the three signatories (002 annexe 1)
ON = "2024-06-01"


@dataclass(frozen=True)
class Target:
    name: str
    operation: str  # the OpenAPI path (API) or URL name (page)
    url: Callable[[World], str]
    method: str = "get"
    visible: frozenset[str] = HOME_VIEWERS
    allowed: frozenset[str] = HOME_VIEWERS
    body: Callable[[World, str], dict[str, Any]] | None = None
    kind: str = "api"  # "api" (JSON body), "api-upload" (multipart body) or "page"
    ok: int = 200
    prepare: Callable[[World], None] | None = field(default=None, compare=False)


def first_order(world: World) -> LedgerEntry:
    return LedgerEntry.objects.filter(contract=world.signed, entry="order").order_by("pk").first()  # type: ignore[return-value]


def order_due(world: World) -> None:
    run_payments(Actor.command("tests"), dt.date(2024, 3, 31))


def early_alone(world: World) -> None:
    """The CPTS in project of Paris signs an early-mission contract with the CPAM of Paris (no ACI contract)."""
    from cpts.communities.models import EarlyMissionContract

    EarlyMissionContract.objects.create(
        community=world.project, cpam=world.organisation("cpam"), signed_on=dt.date(2024, 2, 1), size=1,
        started_missions=["pathways"],
    )  # fmt: skip


def draft(world: World) -> None:
    """A draft contract its parties can sign: the CPTS has its territory and a member (002 annexe 1, art. 1)."""
    from cpts.communities.models import Member
    from cpts.communities.services import set_territory

    set_territory(Actor.command("tests"), world.home, ["75056"], [])
    Member.objects.create(community=world.home, kind="health_centre", name="Centre", joined_on=dt.date(2022, 1, 1))
    Contract.objects.create(community=world.home, cpam=world.signed.cpam, ars=world.signed.ars, size=2)


def draft_id(world: World) -> int:
    return Contract.objects.get(community=world.home, signed_on__isnull=True).pk


def initiator(world: World, role: str) -> dict[str, Any]:
    return {"notified_on": ON, "initiator": role if role in PARTIES else "cpam"}


EVERYONE = frozenset(ROLES)
AGENTS = frozenset({"cpam", "ars", "other_cpam", "other_ars"})


def page_target(name: str, url_name: str, url: Callable[[World], str], **options: Any) -> Target:
    """A web page (docs/web.md): same expectations, anonymous users are redirected to the login page."""
    return Target(f"page: {name}", url_name, url, kind="page", **options)


def contract_page(w: World, suffix: str = "") -> str:
    return f"/contrats/{w.signed.pk}/{suffix}"


def review_page(w: World, suffix: str = "") -> str:
    """Pages of the objectives and annual reviews (docs/reviews.md, cpts.reviews)."""
    return f"/revues/contrats/{w.signed.pk}/{suffix}"


def review_api(w: World) -> str:
    return f"/api/contracts/{w.signed.pk}/"


def submitted_review(world: World) -> None:
    from cpts.reviews.models import AnnualReview

    AnnualReview.objects.create(contract=world.signed, contract_year=1, status="submitted")


def evidence_id(world: World) -> int:
    from cpts.reviews import files
    from cpts.reviews.models import AnnualReview, EvidenceFile

    review = AnnualReview.objects.get_or_create(contract=world.signed, contract_year=1)[0]
    stored = files.store("rapport.pdf", b"%PDF-1.4 rapport")
    return EvidenceFile.objects.create(
        review=review, kind="activity_report", original_name="rapport.pdf", stored_name=stored.stored_name,
        content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
    ).pk


REVIEWERS = frozenset({"cpam", "ars"})
COORDINATOR = frozenset({"cpts"})


def plan_version_id(world: World) -> int:
    """The first drafting of the signed contract's crisis plan, opened by its CPTS (cpts.crisis)."""
    from cpts.crisis import services

    cpts = Actor(world.user("cpts"), world.organisation("cpts"))
    return services.open_version(cpts, world.signed, dt.date(2023, 11, 2)).pk


def declared_crisis_id(world: World) -> int:
    """A crisis declared by the ARS over Paris, where the signed contract's CPTS is."""
    from cpts.crisis import services

    ars = Actor(world.user("ars"), world.organisation("ars"))
    declared = services.declare_crisis(
        ars, dt.date(2024, 11, 10), "sick", "ars_director_general", "ARS-1", departments=["75"]
    )
    return declared.pk


def amendment_id(world: World) -> int:
    from cpts.contracts import services

    return services.amend(Actor.command("tests"), world.signed, dt.date(2024, 1, 20), size=3).pk


def terminated_id(world: World) -> int:
    """A CPAM termination early in year 2: its advance exceeds the prorata, hence a refund (002 annexe 1, art. 8.3)."""
    from cpts.contracts import services

    services.terminate(Actor.command("tests"), world.signed, dt.date(2024, 2, 1), "cpam")
    return world.signed.pk


def payment_id(world: World) -> int:
    from cpts.payments.entries import record_payment

    order_due(world)
    return record_payment(Actor.command("tests"), first_order(world), dt.date(2024, 4, 2), "VIR-1").pk


def review_id(world: World) -> int:
    from cpts.reviews.services import open_review

    return open_review(world.signed, 1).pk


def early_mission_id(world: World) -> int:
    from cpts.communities.models import EarlyMissionContract

    return EarlyMissionContract.objects.create(
        community=world.project, cpam=world.organisation("cpam"), signed_on=dt.date(2024, 2, 1), size=1,
        started_missions=["pathways"],
    ).pk  # fmt: skip


def original_id(world: World) -> int:
    from cpts.documents.originals import deposit

    contract = world.signed
    return deposit(Actor.command("tests"), contract, "contract", contract.pk, "contrat.pdf", b"%PDF-1.4 signe").pk


def original_list(world: World) -> str:
    return f"/api/contracts/{world.signed.pk}/originals"


def scan() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("contrat.pdf", b"%PDF-1.4 signe", content_type="application/pdf")


def bank_details(world: World) -> None:
    """The CPTS's bank details, entered by the CPTS, for its CPAM to verify (docs/bank-details.md)."""
    from cpts.banking.services import enter_details

    cpts = Actor(world.user("cpts"), world.organisation("cpts"))
    enter_details(cpts, world.home, "FR7630006000011234567890189", "AGRIFRPP", "CPTS Paris 20")


# The documents as PDF (docs/documents.md): each kind, how to find the id of one in the world, who sees it.
DOCUMENTS: list[tuple[str, Callable[[World], int], frozenset[str]]] = [
    ("contract", lambda w: w.signed.pk, HOME_VIEWERS),
    ("amendment", amendment_id, HOME_VIEWERS),
    ("notice", payment_id, HOME_VIEWERS),
    ("recovery", terminated_id, HOME_VIEWERS),
    ("termination", terminated_id, HOME_VIEWERS),
    ("decision", review_id, HOME_VIEWERS),
    ("adhesion", early_mission_id, frozenset({"cpam", "ars", "cnam"})),  # a project of Paris, not the CPTS's own
]

PAGE_TARGETS = [
    page_target("home", "home", lambda w: "/", visible=EVERYONE, allowed=EVERYONE),
    page_target("CPTS list", "community-list", lambda w: "/cpts/", visible=EVERYONE, allowed=EVERYONE),
    page_target("create CPTS", "community-create", lambda w: "/cpts/nouvelle/", visible=EVERYONE, allowed=AGENTS),
    page_target("places search", "places-search", lambda w: "/lieux/?q=paris", visible=EVERYONE, allowed=EVERYONE),
    page_target(
        "own representative", "organisation-representative", lambda w: "/representant/",
        visible=EVERYONE, allowed=EVERYONE,
    ),
    page_target(
        "name own representative (post)", "organisation-representative", lambda w: "/representant/",
        method="post", visible=EVERYONE, allowed=EVERYONE, ok=302,
        body=lambda w, r: {"representative": "Mme Claire Martin", "representative_title": "directrice"},
    ),
    page_target("CPTS", "community-detail", lambda w: f"/cpts/{w.home.pk}/"),
    page_target("members", "community-members", lambda w: f"/cpts/{w.home.pk}/membres/"),
    page_target("bank details", "community-bank-details", lambda w: f"/cpts/{w.home.pk}/banque/"),
    page_target(
        "enter bank details (post)",
        "community-bank-details",
        lambda w: f"/cpts/{w.home.pk}/banque/",
        method="post",
        allowed=COORDINATOR,
        body=lambda w, r: {"enter": "1", "holder": "CPTS", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"},
        ok=302,
    ),
    page_target("territory", "community-territory", lambda w: f"/cpts/{w.home.pk}/territoire/", allowed=PARTIES),
    page_target(
        "validate letter of intent",
        "community-event",
        lambda w: f"/cpts/{w.project.pk}/etape/valider-lettre/",  # type: ignore[union-attr]
        visible=frozenset({"cpam", "ars", "cnam"}),
        allowed=frozenset({"ars"}),
    ),
    page_target("contract", "contract-detail", lambda w: contract_page(w)),
    page_target("contract history", "contract-history", lambda w: contract_page(w, "historique/")),
    page_target("schedule CSV", "contract-export-table", lambda w: contract_page(w, "export/echeancier.csv")),
    page_target("ledger CSV", "contract-export-table", lambda w: contract_page(w, "export/grand-livre.csv")),
    page_target("schedule XLSX", "contract-export-table", lambda w: contract_page(w, "export/echeancier.xlsx")),
    *(
        page_target(
            f"contract event {key}",
            "contract-event",
            lambda w, k=key: contract_page(w, f"evenement/{k}/"),
            allowed=allowed,
        )
        for key, allowed in (
            ("demarrer-mission", PARTIES),
            ("deployer-mission", PARTIES),
            ("avenant", PARTIES),
            ("sas", frozenset({"ars"})),
            ("liste-adherents", frozenset({"cpam", "cpts"})),
            ("atteinte", frozenset({"cpam", "ars"})),
            ("resilier", PARTIES),
            ("ordonnancer", frozenset({"cpam"})),
            ("paiement", frozenset({"cpam"})),
        )
    ),
    page_target(
        "sign (form)",
        "contract-event",
        lambda w: f"/contrats/{draft_id(w)}/evenement/signer/",
        allowed=PARTIES,
        prepare=draft,
    ),
    page_target(
        "record payment (post)",
        "contract-event",
        lambda w: contract_page(w, "evenement/paiement/"),
        method="post",
        allowed=frozenset({"cpam"}),
        body=lambda w, r: {"order": first_order(w).pk, "on": "2024-04-02", "reference": "VIR-1"},
        prepare=order_due,
        ok=302,
    ),
    page_target("reviews of a contract", "reviews:contract", lambda w: review_page(w)),
    page_target("indicators and objectives", "reviews:indicators", lambda w: review_page(w, "indicateurs/")),
    page_target("review of a year", "reviews:detail", lambda w: review_page(w, "annees/1/")),
    page_target("review entry", "reviews:entry", lambda w: review_page(w, "annees/1/saisie/"), allowed=COORDINATOR),
    page_target("submit", "reviews:submit", lambda w: review_page(w, "annees/1/soumission/"), allowed=COORDINATOR),
    *(
        page_target(f"review {step}", f"reviews:{step}", lambda w, s=slug: review_page(w, f"annees/1/{s}/"),
                    allowed=REVIEWERS, prepare=submitted_review)
        for step, slug in (("correction", "correction"), ("validate", "validation"), ("override", "decision-conjointe"))
    ),
    page_target(
        "evidence file", "reviews:evidence", lambda w: f"/revues/pieces/{evidence_id(w)}/", visible=PARTIES,
        allowed=PARTIES,
    ),
    page_target("year targets", "reviews:targets", lambda w: review_page(w, "annees/1/cibles/"), allowed=PARTIES),
    page_target(
        "remove evidence (post)", "reviews:remove-evidence", lambda w: f"/revues/pieces/{evidence_id(w)}/retirer/",
        method="post", visible=PARTIES, allowed=COORDINATOR, body=lambda w, r: {}, ok=302,
    ),
    page_target("steering", "steering", lambda w: f"/pilotage/?on={ON}", visible=EVERYONE, allowed=EVERYONE),
    page_target(
        "steering CSV", "steering-export", lambda w: f"/pilotage/export/argent-annees.csv?on={ON}", visible=EVERYONE,
        allowed=EVERYONE,
    ),
    page_target(
        "steering XLSX", "steering-export", lambda w: f"/pilotage/export/tout.xlsx?on={ON}", visible=EVERYONE,
        allowed=EVERYONE,
    ),
    page_target(
        "projection", "steering-projection", lambda w: "/pilotage/projection/?year_from=2025&years=3",
        visible=EVERYONE, allowed=EVERYONE,
    ),
    page_target(
        "projection CSV", "steering-projection-export", lambda w: "/pilotage/projection/export/projection.csv",
        visible=EVERYONE, allowed=EVERYONE,
    ),
    page_target("declared crises", "crisis-list", lambda w: "/crise/crises/", visible=EVERYONE, allowed=EVERYONE),
    page_target(
        "declared crisis", "crisis-detail", lambda w: f"/crise/crises/{declared_crisis_id(w)}/", visible=EVERYONE,
        allowed=EVERYONE,
    ),
    page_target("crisis plan", "crisis-plan", lambda w: f"/crise/contrats/{w.signed.pk}/plan/"),
    *(
        page_target(
            f"crisis plan version{name}", url_name, lambda w, s=suffix: f"/crise/versions/{plan_version_id(w)}/{s}"
        )
        for name, url_name, suffix in (
            ("", "crisis-version", ""),
            (" print", "crisis-version-print", "imprimer/"),
            (" compare", "crisis-version-compare", "comparer/"),
        )
    ),
    page_target("signed originals", "contract-originals", lambda w: f"/documents/originaux/contrats/{w.signed.pk}/"),
    page_target("signed original file", "document-original", lambda w: f"/documents/originaux/{original_id(w)}/"),
    *(
        page_target(
            f"document {kind}",
            "document-pdf",
            lambda w, k=kind, f=find: f"/documents/{k}/{f(w)}.pdf",
            visible=seen,
            allowed=seen,
        )
        for kind, find, seen in DOCUMENTS
    ),
]

TARGETS = [
    Target("api: me", "/api/me", lambda w: "/api/me", visible=EVERYONE, allowed=EVERYONE),
    Target("api: CPTS list", "/api/cpts", lambda w: "/api/cpts", visible=EVERYONE, allowed=EVERYONE),
    Target("api: CPTS", "/api/cpts/{cpts_id}", lambda w: f"/api/cpts/{w.home.pk}"),
    Target(
        "api: validate letter of intent",
        "/api/cpts/{cpts_id}/letter-of-intent/validation",
        lambda w: f"/api/cpts/{w.project.pk}/letter-of-intent/validation",  # type: ignore[union-attr]
        method="post",
        visible=frozenset({"cpam", "ars", "cnam"}),  # a project of Paris: not visible to another CPTS
        allowed=frozenset({"ars"}),
        body=lambda w, r: {"on": ON},
    ),
    Target(
        "api: contract list",
        "/api/contracts",
        lambda w: "/api/contracts",
        visible=frozenset(ROLES),
        allowed=frozenset(ROLES),
    ),
    Target("api: contract", "/api/contracts/{contract_id}", lambda w: f"/api/contracts/{w.signed.pk}"),
    Target(
        "api: schedule", "/api/contracts/{contract_id}/schedule", lambda w: f"/api/contracts/{w.signed.pk}/schedule"
    ),
    Target(
        "api: deadlines", "/api/contracts/{contract_id}/deadlines", lambda w: f"/api/contracts/{w.signed.pk}/deadlines"
    ),
    Target(
        "api: ledger",
        "/api/contracts/{contract_id}/ledger",
        lambda w: f"/api/contracts/{w.signed.pk}/ledger",
        prepare=order_due,
    ),
    Target(
        "api: early-mission ledger",
        "/api/cpts/{cpts_id}/early-mission/ledger",
        lambda w: f"/api/cpts/{w.project.pk}/early-mission/ledger",  # type: ignore[union-attr]
        visible=frozenset({"cpam", "ars", "cnam"}),  # a project of Paris: not visible to another CPTS
        allowed=frozenset({"cpam", "ars", "cnam"}),
        prepare=early_alone,
    ),
    Target(
        "api: sign",
        "/api/contracts/{contract_id}/signature",
        lambda w: f"/api/contracts/{draft_id(w)}/signature",
        method="post",
        allowed=PARTIES,
        body=lambda w, r: {"on": ON, "signer_name": "Mme Claire Martin", "signer_capacity": "directrice"},
        prepare=draft,
    ),
    Target(
        "api: start mission",
        "/api/contracts/{contract_id}/missions/{mission}/start",
        lambda w: f"/api/contracts/{w.signed.pk}/missions/quality/start",
        method="post",
        allowed=PARTIES,
        body=lambda w, r: {"on": ON},
    ),
    Target(
        "api: deploy mission",
        "/api/contracts/{contract_id}/missions/{mission}/deployment",
        lambda w: f"/api/contracts/{w.signed.pk}/missions/access/deployment",
        method="post",
        allowed=PARTIES,
        body=lambda w, r: {"on": ON},
    ),
    Target(
        "api: amendment",
        "/api/contracts/{contract_id}/amendments",
        lambda w: f"/api/contracts/{w.signed.pk}/amendments",
        method="post",
        allowed=PARTIES,
        body=lambda w, r: {"signed_on": ON, "size": 3},
    ),
    Target(
        "api: SAS date",
        "/api/contracts/{contract_id}/sas",
        lambda w: f"/api/contracts/{w.signed.pk}/sas",
        method="post",
        allowed=frozenset({"ars"}),
        body=lambda w, r: {"sas_from": ON},
    ),
    Target(
        "api: members lists",
        "/api/contracts/{contract_id}/members-lists",
        lambda w: f"/api/contracts/{w.signed.pk}/members-lists",
    ),
    Target(
        "api: record a members list",
        "/api/contracts/{contract_id}/members-lists",
        lambda w: f"/api/contracts/{w.signed.pk}/members-lists",
        method="post",
        allowed=frozenset({"cpam", "cpts"}),  # the CPTS transmits it, the CPAM receives it (002 §5.1)
        body=lambda w, r: {"contract_year": 1, "received_on": ON},
    ),
    Target(
        "api: attainment",
        "/api/contracts/{contract_id}/attainments",
        lambda w: f"/api/contracts/{w.signed.pk}/attainments",
        method="post",
        allowed=frozenset({"cpam", "ars"}),
        body=lambda w, r: {"contract_year": 1, "mission": "access", "rate": "0.8", "on": "2024-03-01"},
    ),
    Target(
        "api: termination",
        "/api/contracts/{contract_id}/termination",
        lambda w: f"/api/contracts/{w.signed.pk}/termination",
        method="post",
        allowed=PARTIES,
        body=initiator,
    ),
    Target(
        "api: record payment",
        "/api/ledger/{entry_id}/payments",
        lambda w: f"/api/ledger/{first_order(w).pk}/payments",
        method="post",
        allowed=frozenset({"cpam"}),
        body=lambda w, r: {"paid_on": "2024-04-02", "reference": "VIR-1"},
        prepare=order_due,
    ),
    Target(
        "api: reversal",
        "/api/ledger/{entry_id}/reversal",
        lambda w: f"/api/ledger/{first_order(w).pk}/reversal",
        method="post",
        allowed=frozenset({"cpam"}),
        body=lambda w, r: {"on": "2024-04-02", "note": "ordre en double"},
        prepare=order_due,
    ),
    Target("api: indicators", "/api/contracts/{contract_id}/indicators", lambda w: f"{review_api(w)}indicators"),
    Target("api: review", "/api/contracts/{contract_id}/reviews/{year}", lambda w: f"{review_api(w)}reviews/1"),
    Target(
        "api: review values",
        "/api/contracts/{contract_id}/reviews/{year}/values",
        lambda w: f"{review_api(w)}reviews/1/values",
        method="put",
        allowed=frozenset({"cpts"}),
        body=lambda w, r: {"values": []},
    ),
    Target(
        "api: review submission",
        "/api/contracts/{contract_id}/reviews/{year}/submission",
        lambda w: f"{review_api(w)}reviews/1/submission",
        method="post",
        allowed=frozenset({"cpts"}),
        body=lambda w, r: {"comment": ""},
    ),
    *(
        Target(
            f"api: review {step}",
            f"/api/contracts/{{contract_id}}/reviews/{{year}}/{step}",
            lambda w, s=step: f"{review_api(w)}reviews/1/{s}",
            method="post",
            allowed=REVIEWERS,
            body=lambda w, r, b=body: b,
            prepare=submitted_review,
        )
        for step, body in (
            ("correction", {"reason": "Pièces manquantes"}),
            ("validation", {"on": ON}),
            ("overrides", {"mission": "access", "rate": "0.8", "reason": "Décision conjointe", "on": ON}),
        )
    ),
    Target(
        "api: steering", "/api/steering", lambda w: f"/api/steering?on={ON}", visible=EVERYONE, allowed=EVERYONE
    ),
    Target("api: bank details", "/api/cpts/{cpts_id}/bank-details", lambda w: f"/api/cpts/{w.home.pk}/bank-details"),
    Target(
        "api: enter bank details",
        "/api/cpts/{cpts_id}/bank-details",
        lambda w: f"/api/cpts/{w.home.pk}/bank-details",
        method="post",
        allowed=COORDINATOR,
        body=lambda w, r: {"holder": "CPTS", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"},
    ),
    Target(
        "api: verify bank details",
        "/api/cpts/{cpts_id}/bank-details/verification",
        lambda w: f"/api/cpts/{w.home.pk}/bank-details/verification",
        method="post",
        allowed=frozenset({"cpam"}),
        body=lambda w, r: {"against": "RIB original"},
        prepare=bank_details,
    ),
    Target("api: signed originals", "/api/contracts/{contract_id}/originals", lambda w: original_list(w)),
    Target(
        "api: deposit a signed original",
        "/api/contracts/{contract_id}/originals",
        lambda w: original_list(w),
        method="post",
        allowed=PARTIES,
        body=lambda w, r: {"document": "contract", "document_id": w.signed.pk, "file": scan()},
        kind="api-upload",
    ),
    Target("api: signed original file", "/api/originals/{id}", lambda w: f"/api/originals/{original_id(w)}"),
    Target(
        "api: projection", "/api/projection", lambda w: f"/api/projection?year_from=2025&years=3&on={ON}",
        visible=EVERYONE, allowed=EVERYONE,
    ),
    *(
        Target(
            f"api: document {kind}",
            "/api/documents/{kind}/{id}",
            lambda w, k=kind, f=find: f"/api/documents/{k}/{f(w)}",
        )
        for kind, find, _ in DOCUMENTS[:1]  # one row per operation: every kind goes through the same one
    ),
    *PAGE_TARGETS,
]


def expected(target: Target, role: str) -> int:
    if role == "anonymous":
        return 302 if target.kind == "page" else 401
    if role not in target.visible:
        return 404
    if role not in target.allowed:
        return 403
    return target.ok


@pytest.fixture
def world(db: None) -> World:
    clear_cache()
    return build_world()


@pytest.fixture(autouse=True)
def private_folder(settings: Any, tmp_path: Any) -> None:
    """Signed originals deposited by the rows are written to a temporary folder, not the work tree's var/."""
    settings.CPTS_PRIVATE_DIR = tmp_path / "private"


def request(client: Client, target: Target, world: World, role: str) -> Any:
    url = target.url(world)
    if target.method == "get":
        return client.get(url)
    body = target.body(world, role) if target.body else {}
    if target.kind in ("page", "api-upload"):
        return client.post(url, body)  # a form (multipart for an upload), not JSON
    return client.generic(target.method.upper(), url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_permission_matrix(world: World, target: Target, role: str) -> None:
    if target.prepare:
        target.prepare(world)
    client = Client()
    if role != "anonymous":
        client.force_login(world.user(role))
    response = request(client, target, world, role)
    assert response.status_code == expected(target, role), response.content.decode()[:500]
    if response.status_code == 404 and target.kind != "page":
        assert response.json()["detail"] == "Introuvable (ou hors de votre territoire)."


def test_every_api_operation_is_in_the_matrix() -> None:
    """A new endpoint without its row in TARGETS fails here."""
    from cpts.api.api import api

    paths = api.get_openapi_schema()["paths"]
    operations = {(method, path) for path, methods in paths.items() for method in methods}
    assert operations == {(target.method, target.operation) for target in TARGETS if target.kind != "page"}


@pytest.mark.parametrize("role", ROLES)
def test_steering_counts_nothing_outside_the_scope(world: World, role: str) -> None:
    """The steering figures (docs/steering.md) add up the contracts the role may see, and no other."""
    from cpts.steering.store import refresh_all

    refresh_all()  # the world's contracts are created without the services: store their schedules
    client = Client()
    client.force_login(world.user(role))
    body = client.get(f"/api/steering?on={ON}").json()
    organisation = world.organisation(role)
    visible = Contract.objects.visible_to(organisation).filter(signed_on__isnull=False)
    assert body["money"]["contracts"] == visible.count()
    seen = {row["key"] for row in body["money"]["by"]["department"]}
    assert seen == set(visible.values_list("community__department", flat=True))
    assert body["coverage"]["communities"] == Community.objects.visible_to(organisation).count()
