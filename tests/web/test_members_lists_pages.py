"""The yearly list of members on the pages and in the API (002 §5.1, rule MEMBERS_LIST_YEARLY): shown missing on
the contract page with the bonus it holds, in « À traiter » of the CPTS and of its CPAM, recorded by a form and by
`POST /api/contracts/{id}/members-lists`."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

from django.urls import reverse

from app.conftest import COMMAND
from app.test_members_lists import with_members
from cpts.accord.members_lists import held_by_year
from cpts.accord.money import french
from cpts.contracts.models import Contract, MembersList
from cpts.contracts.services import start_mission
from cpts.payments.schedules import contract_schedule
from cpts.web.views.home import today

from .conftest import World

D = dt.date


def size4(world: World) -> Contract:
    """Our contract (signed 15/03/2023) as a size-4 CPTS of 111 members, access started on 01/04/2023: years 1 to 3
    closed without a list, so their size-4 bonus waits."""
    Contract.objects.filter(pk=world.contract.pk).update(size=4, members_at_signature=111)
    contract = with_members(world)
    start_mission(COMMAND, contract, "access", D(2023, 4, 1))
    return contract


def page(client, contract: Contract) -> str:  # type: ignore[no-untyped-def]
    """The contract page's text, without its tags."""
    return re.sub(r"<[^>]+>", "", unescape(client.get(reverse("contract-detail", args=[contract.pk])).content.decode()))


def test_contract_page_shows_the_missing_list_and_the_bonus_it_holds(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = size4(world)
    held = held_by_year(contract_schedule(contract, today()).pending)
    assert held[1] > 0
    html = page(client_for("ars"), contract)
    assert "Liste annuelle des adhérents" in html
    assert "« En justificatif, l'association CPTS transmettra tous les ans" in html
    assert "Année 1 (du 15/03/2023 au 15/03/2024) : manquante — majoration en attente : " + french(held[1]) in html
    assert "Liste des adhérents manquante (années 1, 2, 3)" in html  # « En bref »
    assert "MEMBERS_LIST_YEARLY" not in html.split("Détail technique")[0]  # plain French outside the details
    assert "payable une fois reçue la liste des adhérents de l'année" in html


def test_the_cpts_records_its_list_by_the_form(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = size4(world)
    url = reverse("contract-event", args=[contract.pk, "liste-adherents"])
    client = client_for("cpts")
    form = unescape(client.get(url + "?annee=2").content.decode())
    assert '<option value="2" selected>Année 2 (du 15/03/2024 au 15/03/2025 exclu) — liste manquante</option>' in form
    refused = client.post(url, {"contract_year": "2", "on": "2024-03-01", "note": ""})
    assert refused.status_code == 400
    assert "ne peut être reçue avant le début de cette année (15/03/2024)" in unescape(refused.content.decode())
    response = client.post(url, {"contract_year": "2", "on": "2025-04-02", "note": "courriel"})
    assert response.status_code == 302
    found = MembersList.objects.get(contract=contract)
    assert (found.contract_year, found.received_on, found.members) == (2, D(2025, 4, 2), 111)
    html = page(client, contract)
    assert "Année 2 (du 15/03/2024 au 15/03/2025) : reçue le 02/04/2025 (111 membres), après l'anniversaire" in html
    assert client_for("ars").get(url).status_code == 403


def test_missing_lists_are_tasks_of_the_cpts_and_of_its_cpam(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = size4(world)
    link = reverse("contract-event", args=[contract.pk, "liste-adherents"]) + "?annee=1"
    cpts = unescape(client_for("cpts").get(reverse("home")).content.decode())
    assert f'href="{link}">Transmettre la liste des adhérents de l\'année 1' in cpts
    assert "manquante depuis le 15/03/2024" in cpts and "de majoration de taille 4 en attente" in cpts
    cpam = unescape(client_for("cpam").get(reverse("home")).content.decode())
    assert f'href="{link}">Enregistrer la liste des adhérents de l\'année 1' in cpam
    assert "liste des adhérents" not in unescape(client_for("ars").get(reverse("home")).content.decode())


def api(client, method: str, url: str, body: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    if method == "get":
        return client.get(url)
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_api_reads_and_records_the_lists(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = size4(world)
    url = f"/api/contracts/{contract.pk}/members-lists"
    held = held_by_year(contract_schedule(contract, today()).pending)
    found = api(client_for("cnam"), "get", url).json()
    assert found["followed"] is True and found["lists"] == []
    first = found["years"][0]
    assert (first["contract_year"], first["status"], first["status_label"]) == (1, "missing", "manquante")
    assert first["held"] == f"{held[1]:.2f}" and first["closes_on"] == "2024-03-15"
    recorded = api(client_for("cpam"), "post", url, {"contract_year": 1, "received_on": "2024-03-01"})
    assert recorded.status_code == 200, recorded.content
    body = recorded.json()
    assert body["lists"] == [{
        "contract_year": 1, "received_on": "2024-03-01", "members": 111, "natural_persons": 40, "legal_persons": 2,
        "recorded_by": world.organisations["cpam"].name, "note": "",
    }]  # fmt: skip
    assert (body["years"][0]["status"], body["years"][0]["held"]) == ("received", None)
    again = api(client_for("cpts"), "post", url, {"contract_year": 1, "received_on": "2024-03-05"})
    assert again.status_code == 409 and "est déjà reçue" in again.json()["detail"]
    future = (today() + dt.timedelta(days=3)).isoformat()
    assert api(client_for("cpts"), "post", url, {"contract_year": 2, "received_on": future}).status_code == 422
    assert api(client_for("ars"), "post", url, {"contract_year": 2, "received_on": "2024-04-01"}).status_code == 403
    assert api(client_for("other_cpam"), "get", url).status_code == 404
    assert MembersList.objects.count() == 1


def test_members_page_lists_what_was_transmitted(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """002 §5.1 « en mentionnant s'il s'agit d'une personne physique ou morale »: the members page of the CPTS shows
    each list received with its counts, and where to record the next one (CPTS and CPAM only)."""
    contract = size4(world)
    api(client_for("cpts"), "post", f"/api/contracts/{contract.pk}/members-lists",
        {"contract_year": 1, "received_on": "2024-03-01"})  # fmt: skip
    url = reverse("community-members", args=[world.community.pk])
    html = unescape(client_for("cpts").get(url).content.decode())
    assert "Listes annuelles transmises" in html
    cells = ("1", "01/03/2024", "111", "40", "2")  # year, received on, members, natural and legal persons
    assert re.search(r"<tr>" + "".join(rf"<td[^>]*>{cell}</td>" for cell in cells) + "</tr>", html)
    record = reverse("contract-event", args=[contract.pk, "liste-adherents"])
    assert record in client_for("cpam").get(url).content.decode()
    assert record not in client_for("ars").get(url).content.decode()
