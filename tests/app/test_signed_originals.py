"""Signed originals (docs/documents.md, « Originaux signés »): deposited by the parties, stored outside the web
root with their SHA-256, immutable (a new scan is a new version), downloaded by whoever sees the contract."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.documents import originals
from cpts.documents.models import OriginalImmutable, SignedOriginal
from cpts.reviews.files import FileRefused

SCAN = b"%PDF-1.4 contrat signe par les trois parties"


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):
    settings.CPTS_PRIVATE_DIR = tmp_path / "private"
    return settings.CPTS_PRIVATE_DIR


@pytest.mark.django_db
def test_deposit_keeps_each_version_with_its_sha256_outside_the_web_root(world, private_folder):
    contract = world.contract
    first = originals.deposit(world.actor("cpam"), contract, "contract", contract.pk, "contrat.pdf", SCAN)
    second = originals.deposit(world.actor("cpts"), contract, "contract", contract.pk, "contrat-v2.pdf", SCAN + b"!")
    assert (first.version, second.version) == (1, 2)
    assert first.sha256 == hashlib.sha256(SCAN).hexdigest()
    stored = private_folder / "originals" / first.stored_name
    assert stored.read_bytes() == SCAN
    first.original_name = "autre.pdf"
    with pytest.raises(OriginalImmutable):
        first.save()
    with pytest.raises(OriginalImmutable):
        second.delete()
    assert SignedOriginal.objects.count() == 2


@pytest.mark.django_db
def test_deposit_refusals(world):
    contract = world.contract
    with pytest.raises(NotAllowed):
        originals.deposit(world.actor("cnam"), contract, "contract", contract.pk, "contrat.pdf", SCAN)
    with pytest.raises(TransitionRefused, match="n'appartient pas"):
        originals.deposit(world.actor("cpam"), contract, "contract", world.other_contract.pk, "contrat.pdf", SCAN)
    with pytest.raises(TransitionRefused, match="PDF ou une image"):
        originals.deposit(world.actor("cpam"), contract, "contract", contract.pk, "contrat.csv", b"a;b")
    with pytest.raises(FileRefused, match="ne correspond pas"):
        originals.deposit(world.actor("cpam"), contract, "contract", contract.pk, "contrat.pdf", b"pas un pdf")
    assert not SignedOriginal.objects.exists()


@pytest.mark.django_db
def test_page_deposit_and_download(world, client_for):
    contract = world.contract
    url = f"/documents/originaux/contrats/{contract.pk}/"
    upload = SimpleUploadedFile("contrat.pdf", SCAN, content_type="application/pdf")
    response = client_for("cpts").post(url, {"document": f"contract:{contract.pk}", "file": upload})
    assert response.status_code == 302
    original = SignedOriginal.objects.get()
    html = client_for("ars").get(url).content.decode()
    assert original.sha256 in html and f"/documents/contract/{contract.pk}.pdf" in html
    download = client_for("cnam").get(f"/documents/originaux/{original.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == SCAN
    assert client_for("other_cpam").get(f"/documents/originaux/{original.pk}/").status_code == 404
    refused = SimpleUploadedFile("contrat.pdf", SCAN, content_type="application/pdf")
    assert client_for("cnam").post(url, {"document": f"contract:{contract.pk}", "file": refused}).status_code == 403
