"""The early-mission contract on the CPTS page and the CPAM home, without any ACI contract (002 §3.2, annexe 2)."""

from __future__ import annotations

import datetime as dt
from html import unescape

from django.urls import reverse

from cpts.communities import services as cs
from cpts.contracts.scenarios import found_cpts
from cpts.core.actors import Actor
from cpts.core.identifiers import with_luhn_key

from .conftest import World

COMMAND = Actor.command("tests")


def test_a_cpts_in_project_shows_its_early_mission_aid(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """Annexe 2, art. 2.2: « Le montant de l'aide est versé dès la signature du contrat », with no ACI contract.
    Pathways and prevention started: two missions × the amount of the CPTS's size (15 000, 17 500, 25 000 or
    30 000 €), shown on the CPTS page and the CPAM home; the nine months end on 15/11/2023, nine months after
    the registration of 15/02/2023 (annexe 2, art. 3)."""
    community = found_cpts(
        COMMAND, name="CPTS en projet du Barrois", department="55", siren=with_luhn_key("55900000"),
        communes=["55545"], letter_on=dt.date(2023, 1, 2), letter_validated_on=dt.date(2023, 1, 20),
    )  # fmt: skip
    cs.sign_early_mission_contract(
        COMMAND, community, dt.date(2023, 2, 1), ["pathways", "prevention"], None, dt.date(2023, 2, 15)
    )
    page = unescape(client_for("cpam").get(reverse("community-detail", args=[community.pk])).content.decode())
    assert "Contrat de démarrage des missions (mission précoce)" in page
    assert "adhésion à l'ACI attendue au plus tard le 15/11/2023" in page
    size = community.territory.size
    amount = {1: "30\u202f000,00", 2: "35\u202f000,00", 3: "50\u202f000,00", 4: "60\u202f000,00"}[size]
    assert amount in page  # two missions × the amount of the size (annexe 2, art. 2.2)
    home = unescape(client_for("cpam").get(reverse("home")).content.decode())
    assert "Contrats de démarrage des missions" in home and "CPTS en projet du Barrois" in home and amount in home


def test_the_cpam_pays_the_aid_of_a_cpts_without_aci_from_its_page(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """002 §3.2, annexe 2 art. 2.2: the aid is paid « dès la signature du contrat », without any ACI contract.
    After a payment run, the CPTS page shows the order on the early-mission contract's account; the CPAM records
    the transfer through « Enregistrer un paiement de l'aide au démarrage »; the line then reads « payé » and
    the CPAM home shows the amount paid."""
    from cpts.payments.models import LedgerEntry
    from cpts.payments.runs import run_payments

    community = found_cpts(
        COMMAND, name="CPTS en projet de l'Ornain", department="55", siren=with_luhn_key("55800000"),
        communes=["55545"], letter_on=dt.date(2023, 1, 2), letter_validated_on=dt.date(2023, 1, 20),
    )  # fmt: skip
    cs.sign_early_mission_contract(COMMAND, community, dt.date(2023, 2, 1), ["pathways"], None, None)
    run_payments(COMMAND, dt.date(2023, 3, 1))
    order = LedgerEntry.objects.get(early_mission__community=community)
    cpam = client_for("cpam")
    url = reverse("community-event", args=[community.pk, "paiement-aide"])
    page = unescape(cpam.get(reverse("community-detail", args=[community.pk])).content.decode())
    assert "grand livre du contrat de démarrage" in page and url in page
    response = cpam.post(url, {"order": order.pk, "on": "2023-03-10", "reference": "VIR-DEM-55", "amount": ""})
    assert response.status_code == 302
    assert LedgerEntry.objects.get(early_mission__community=community, entry="payment").amount == order.amount
    page = unescape(cpam.get(reverse("community-detail", args=[community.pk])).content.decode())
    assert url not in page  # nothing left to pay
    refused = client_for("cpts").get(url)
    assert refused.status_code in (403, 404)
