"""Stage-aware actions (cpts.web.views.events.offered): only the events possible now are offered, the next
step as the one primary button; validating shows what is validated; a letter of intent can be refused with
a reason the CPTS reads (003, « Gouvernance »)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.test import Client
from django.urls import reverse

from app.conftest import COMMAND, PASSWORD
from cpts.communities.models import Community, LetterOfIntent
from cpts.contracts.scenarios import found_cpts
from cpts.core.identifiers import with_luhn_key
from cpts.core.organisations import ensure_user
from cpts.web.views.home import today

from .conftest import World

BUTTON = re.compile(r'<a class="(fr-btn[^"]*)" href="[^"]*">([^<]+)</a>')


def buttons(html: str) -> dict[str, str]:
    """Label -> DSFR button classes of the page's action buttons."""
    return {unescape(label): classes for classes, label in BUTTON.findall(html)}


def letter_waiting() -> Community:
    return found_cpts(COMMAND, name="CPTS de la Lettre", department="55", siren=with_luhn_key("55200000"),
                      letter_on=today() - dt.timedelta(days=3))  # fmt: skip


def test_only_the_next_steps_are_offered_the_first_one_primary(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    community = letter_waiting()
    found = buttons(client_for("ars").get(reverse("community-detail", args=[community.pk])).content.decode())
    assert found["Valider la lettre d'intention"] == "fr-btn"
    assert found["Refuser la lettre d'intention"] == "fr-btn fr-btn--secondary"
    for later in ("Déposer la lettre d'intention", "Déposer le projet de santé", "Valider le projet de santé",
                  "Préparer le contrat ACI", "Signer le contrat de démarrage des missions"):  # fmt: skip
        assert later not in found, later


def test_a_signed_contract_offers_no_signature_and_termination_sits_apart(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    html = client_for("cpts").get(reverse("contract-detail", args=[world.contract.pk])).content.decode()
    found = buttons(html)
    assert "Signer le contrat" not in found
    assert list(found.values()).count("fr-btn") == 1  # one primary button
    danger = html[html.index('class="fr-mt-3w cpts-danger"') :]
    assert "Résilier le contrat" in danger and "Action aux conséquences financières" in unescape(danger)
    assert found["Résilier le contrat"].startswith("fr-btn fr-btn--sm fr-btn--tertiary")


def test_an_impossible_event_explains_why_instead_of_a_form(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_for("cpam").get(reverse("contract-event", args=[world.contract.pk, "signer"]))
    assert response.status_code == 409
    assert "Le contrat est déjà signé depuis le 15/03/2023." in unescape(response.content.decode())


def test_the_validation_form_shows_the_letter_it_validates(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    community = letter_waiting()
    url = reverse("community-event", args=[community.pk, "valider-lettre"])
    html = unescape(client_for("ars").get(url).content.decode())
    assert "La lettre d'intention" in html
    assert f"Déposée le {today() - dt.timedelta(days=3):%d/%m/%Y} par CPTS de la Lettre" in html
    assert "Meuse (55), région Grand Est" in html


def test_the_ars_refuses_a_letter_with_a_reason_the_cpts_reads(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    community = letter_waiting()
    url = reverse("community-event", args=[community.pk, "refuser-lettre"])
    empty = client_for("ars").post(url, {"on": today().isoformat(), "reason": ""})
    assert empty.status_code == 400 and not LetterOfIntent.objects.get(community=community).refused_on
    reason = "Territoire à revoir avec la CPTS voisine."
    response = client_for("ars").post(url, {"on": today().isoformat(), "reason": reason})
    assert response.status_code == 302
    letter = LetterOfIntent.objects.get(community=community)
    assert letter.refused_on == today() and letter.validated_on is None
    coordinator = Client()
    coordinator.force_login(ensure_user("coordination-lettre", PASSWORD, community.organisation))
    page = unescape(coordinator.get(reverse("community-detail", args=[community.pk])).content.decode())
    assert "Lettre d'intention refusée par l'ARS" in page
    assert f"Motif : {reason}" in page
    assert "Valider la lettre d'intention" not in buttons(page)
