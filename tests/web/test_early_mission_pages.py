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
