"""A refused review form writes nothing (principle: "A rejected import or form names the line and the
field, and writes nothing"): the draft review opened for it is rolled back with the refusal."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from app.conftest import World
from cpts.reviews.models import AnnualReview

Clients = Callable[[str], Client]


def test_a_refused_import_leaves_no_draft_review(world: World, client_for: Clients) -> None:
    url = f"/revues/contrats/{world.contract.pk}/annees/1/saisie/"
    upload = SimpleUploadedFile("valeurs.csv", b"indicateur;valeur\ninconnu;2\n")
    response = client_for("cpts").post(url, {"import": "1", "values_file": upload})
    assert response.status_code == 400 and "Fichier refusé" in response.content.decode()
    assert not AnnualReview.objects.exists()


def test_an_accepted_form_opens_the_review(world: World, client_for: Clients) -> None:
    url = f"/revues/contrats/{world.contract.pk}/annees/1/saisie/"
    assert client_for("cpts").post(url, {"spending": "1", "operating": "1000"}).status_code == 302
    assert AnnualReview.objects.filter(contract=world.contract, contract_year=1).count() == 1
