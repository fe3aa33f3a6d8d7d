"""The three signatures on the pages (rule SIGNATURES_THREE_PARTIES): each party signs for itself from its « À
traiter », by its representative (pre-filled from the page « Représentant »), after a confirmation; the contract
page shows who has signed and who has not; the contract takes effect on the last signature."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from app.conftest import COMMAND, PASSWORD, logged_in
from cpts.contracts.models import Contract, Signature
from cpts.contracts.scenarios import found_cpts
from cpts.core.identifiers import with_luhn_key
from cpts.core.organisations import ensure_user, name_representative
from cpts.web.views.home import today

from .conftest import World
from .crawl import visible_text


def draft(founders: bool = True) -> Contract:
    on = today()
    days = dt.timedelta
    community = found_cpts(
        COMMAND, name="CPTS de l'Argonne", department="55", siren=with_luhn_key("55600000"), communes=["55545"],
        letter_on=on - days(200), letter_validated_on=on - days(170), project_on=on - days(100),
        project_validated_on=on - days(60), drafted_on=on - days(30), founders=founders,
    )  # fmt: skip
    return Contract.objects.get(community=community)


def test_each_party_signs_after_confirming_and_the_page_shows_who_has_signed(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = draft()
    url = reverse("contract-event", args=[contract.pk, "signer"])
    cpam = client_for("cpam")
    name_representative(COMMAND, contract.cpam, "Mme Hélène Roussel", "directrice")
    assert f'href="{url}">Signer le contrat' in cpam.get(reverse("home")).content.decode()
    opened = cpam.get(url)
    html = opened.content.decode()
    assert opened.status_code == 200
    assert 'value="Mme Hélène Roussel"' in html and 'value="directrice"' in html  # pre-filled
    text = visible_text(html)
    assert "Avant de signer" in text and "je confirme sa signature" in text
    assert text.count("pas encore signé") == 3
    data = {"on": today().isoformat(), "signer_name": "Mme Hélène Roussel", "signer_capacity": "directrice"}
    unconfirmed = cpam.post(url, data)
    assert unconfirmed.status_code == 200 and "Cochez cette case pour confirmer." in unconfirmed.content.decode()
    assert not Signature.objects.filter(contract=contract).exists()  # nothing written without the confirmation
    assert cpam.post(url, {**data, "confirm": "on"}).status_code == 302
    assert Signature.objects.get(contract=contract, party="cpam").recorded_by == world.users["cpam"]
    assert url not in cpam.get(reverse("home")).content.decode()  # signed: no longer to do for the CPAM
    assert cpam.get(url).status_code == 409  # and refused if opened again
    ars_home = visible_text(client_for("ars").get(reverse("home")).content.decode())
    assert f"déjà signé : CPAM le {today():%d/%m/%Y}" in ars_home
    page = visible_text(client_for("ars").get(reverse("contract-detail", args=[contract.pk])).content.decode())
    assert f"signé le {today():%d/%m/%Y} par Mme Hélène Roussel, directrice" in page
    assert page.count("pas encore signé") == 2

    ars = client_for("ars")
    ars.post(url, {**data, "signer_name": "M. Laurent Girard", "signer_capacity": "directeur", "confirm": "on"})
    coordinator = ensure_user("coordination-argonne", PASSWORD, contract.community.organisation)
    cpts = logged_in(coordinator, contract.community.organisation)
    last = visible_text(cpts.get(url).content.decode())
    assert f"le contrat prend effet le {today():%d/%m/%Y}" in last  # the last of the three
    assert cpts.post(url, {**data, "signer_name": "Dr Anne Lefèvre", "signer_capacity": "présidente", "confirm": "on"})
    contract.refresh_from_db()
    assert contract.signed_on == today() and contract.members_at_signature == 3


def test_a_contract_without_members_cannot_be_signed_and_says_why(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = draft(founders=False)
    url = reverse("contract-event", args=[contract.pk, "signer"])
    text = visible_text(client_for("ars").get(url).content.decode())
    assert "Action impossible" in text and "la CPTS n'a aucun membre" in text
    data = {"on": today().isoformat(), "signer_name": "M. Laurent Girard", "signer_capacity": "directeur"}
    refused = client_for("ars").post(url, {**data, "confirm": "on"})
    assert refused.status_code == 400 and "aucun membre" in refused.content.decode()
    assert not Signature.objects.filter(contract=contract).exists()


def test_another_territory_cannot_sign(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = draft()
    assert client_for("other_cpam").get(reverse("contract-event", args=[contract.pk, "signer"])).status_code == 404
    assert client_for("cnam").get(reverse("contract-event", args=[contract.pk, "signer"])).status_code == 403
