"""Byte limits on uploads and request bodies (docs/input-limits.md): a French refusal, nothing written."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cpts.communities.models import Member
from cpts.core import tabular
from cpts.payments.models import LedgerEntry

from .conftest import World


def test_an_import_over_two_megabytes_is_refused_by_its_limit(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    header = b"type;nom;adhesion\n"
    body = header + b"professionnel;Dr X;01/02/2024\n" * (tabular.MAX_FILE_BYTES // 30 + 1)
    before = Member.objects.count()
    upload = SimpleUploadedFile("membres.csv", body, content_type="text/csv")
    response = client_for("cpts").post(
        reverse("community-members", args=[world.community.pk]), {"import": "1", "file": upload}
    )
    assert response.status_code == 400
    assert "Fichier trop volumineux : 2 Mo au plus." in response.content.decode()
    assert Member.objects.count() == before


def test_an_upload_over_the_request_limit_is_a_413_page(client_for, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CPTS_MAX_UPLOAD_BYTES = 10_000
    upload = SimpleUploadedFile("membres.csv", b"x" * 20_000, content_type="text/csv")
    response = client_for("cpts").post(
        reverse("community-members", args=[world.community.pk]), {"import": "1", "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 413
    assert "Requête refusée" in html and "Requête trop volumineuse : 9,8 Ko au plus (envoi de fichier)." in html


def test_an_api_body_over_2_5_megabytes_is_a_413_in_french(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    order_count = LedgerEntry.objects.count()
    body = json.dumps({"paid_on": "2024-04-02", "reference": "x" * 3_000_000})
    response = client_for("cpam").post("/api/ledger/1/payments", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Requête trop volumineuse : 2,5 Mo au plus (formulaire ou appel d'API)."}
    assert LedgerEntry.objects.count() == order_count
