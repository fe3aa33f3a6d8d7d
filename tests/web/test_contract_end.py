"""At its fifth anniversary a contract ends by itself (002 annexe 1, art. 7: concluded for five years), on
every page and list, while the money still owed for it stays visible and payable; the contract page opens on
its summary (cpts.web.glance)."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from app.conftest import COMMAND
from cpts.communities.models import Community
from cpts.contracts.lifecycle import stage
from cpts.contracts.scenarios import found_cpts
from cpts.contracts.services import contract_in_force
from cpts.core.identifiers import with_luhn_key
from cpts.web.views.home import today

from .conftest import World

D = dt.date


@pytest.fixture
def expired(world: World) -> Community:
    """A CPTS of the Meuse whose contract was signed on 15/10/2019: ended on 15/10/2024."""
    return found_cpts(
        COMMAND, name="CPTS de l'Argonne", department="55", siren=with_luhn_key("55400000"), communes=["55545"],
        letter_on=D(2019, 1, 7), letter_validated_on=D(2019, 2, 1), project_on=D(2019, 3, 4),
        project_validated_on=D(2019, 4, 1), signed_on=D(2019, 10, 15),
    )  # fmt: skip


def page(client, name: str, *args: object) -> str:  # type: ignore[no-untyped-def]
    return unescape(client.get(reverse(name, args=args)).content.decode())


def test_the_contract_ends_at_its_fifth_anniversary(expired: Community) -> None:
    assert stage(expired, D(2024, 10, 14)) == "contract_signed"
    assert stage(expired, D(2024, 10, 15)) == "contract_ended"
    assert contract_in_force(expired, D(2024, 10, 15)) is None


def test_an_ended_contract_shows_as_ended_on_every_page_and_list(client_for, expired: Community) -> None:  # type: ignore[no-untyped-def]
    contract = expired.contracts.get()  # type: ignore[attr-defined]
    cpam = client_for("cpam")
    home = page(cpam, "home")
    lists = (home[home.index('id="communities-title"') :], page(cpam, "community-list"))
    for where in lists:
        row = where[where.index(">CPTS de l'Argonne</a>") :]
        row = row[: row.index("</tr>")]
        assert "Contrat arrivé à échéance" in row and "Contrat signé" not in row
    assert "Contrat arrivé à échéance" in page(cpam, "community-detail", expired.pk)
    detail = page(cpam, "contract-detail", contract.pk)
    assert "Arrivé à échéance le 15/10/2024 (cinq ans)" in detail
    assert "Contrat arrivé à échéance (cinq ans)" in page(cpam, "community-detail", expired.pk)  # timeline
    home = page(cpam, "home")
    deadlines = home[home.index('id="deadlines-title"') : home.index('id="communities-title"')]
    assert "CPTS de l'Argonne" not in deadlines  # its deployment deadlines no longer matter
    overdue = home[home.index('id="overdue-title"') : home.index('id="upcoming-title"')]
    assert "CPTS de l'Argonne" in overdue  # but the money still owed for it stays visible


def test_an_ended_contract_offers_the_next_contract_not_its_own_changes(client_for, expired: Community) -> None:  # type: ignore[no-untyped-def]
    contract = expired.contracts.get()  # type: ignore[attr-defined]
    cpam = client_for("cpam")
    detail = page(cpam, "contract-detail", contract.pk)
    for gone in ("Résilier le contrat", "Signer un avenant", "Démarrer une mission", "Signer le contrat<"):
        assert gone not in detail, gone
    assert "Ordonnancer les échéances dues" in detail  # what is owed stays payable
    assert "Préparer le contrat ACI" in page(cpam, "community-detail", expired.pk)
    refused = cpam.get(reverse("contract-event", args=[contract.pk, "avenant"]))
    assert refused.status_code == 409


def test_the_contract_page_opens_on_its_summary(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    html = page(client_for("cpam"), "contract-detail", world.contract.pk)
    glance = html[html.index('id="glance-title"') : html.index('id="contract-summary"')]
    assert "En cours, signé le 15/03/2023, jusqu'au 15/03/2028" in glance
    for item in ("Dû ce mois-ci", "En retard", "Prochain versement"):
        assert item in glance
    assert '<nav class="fr-summary' in html  # the DSFR « sommaire » of the sections
    assert html.count("<details class=\"fr-mb-3w\"><summary>Année terminée") == (today() - D(2023, 3, 15)).days // 365


def test_the_next_contract_follows_the_ended_one_with_its_own_money(client_for, expired: Community) -> None:  # type: ignore[no-untyped-def]
    """The parties prepare and sign the next contract of the CPTS: linked to the previous one, both pages link
    each other, and it carries its own five years of money (002 annexe 1, art. 7)."""
    from cpts.contracts.services import draft_contract, sign_contract
    from cpts.payments.schedules import contract_schedule

    first = expired.contracts.get()  # type: ignore[attr-defined]
    following = draft_contract(COMMAND, expired, today=D(2024, 11, 4))
    assert following.previous == first
    sign_contract(COMMAND, following, D(2024, 11, 4))
    schedule = contract_schedule(following)
    assert schedule.payments and min(p.due_on for p in schedule.payments) >= D(2024, 11, 4)
    assert max(p.contract_year for p in schedule.payments) == 5  # its own five years
    cpam = client_for("cpam")
    assert f'Contrat suivant : <a href="{reverse("contract-detail", args=[following.pk])}">signé le 04/11/2024' in (
        page(cpam, "contract-detail", first.pk)
    )
    assert f'Suit le <a href="{reverse("contract-detail", args=[first.pk])}">contrat signé le 15/10/2019' in (
        page(cpam, "contract-detail", following.pk)
    )


def test_a_next_contract_never_pays_the_one_off_bonus_again(world: World) -> None:
    """Rule OPERATING_BONUS_ONE_OFF (002 §3.1, « à titre exceptionnel »; annexe 1, art. 6.1, « versé dans sa
    totalité »): once per CPTS. A contract signed on 01/02/2022, terminated by the CPTS, and the next one signed
    on 01/09/2022 (still before 30/09/2022): the bonus is the first contract's only."""
    from cpts.contracts.services import draft_contract, sign_contract, terminate
    from cpts.payments.schedules import contract_schedule

    community = found_cpts(
        COMMAND, name="CPTS du Verdunois", department="55", siren=with_luhn_key("55500000"), communes=["55545"],
        letter_on=D(2021, 1, 7), letter_validated_on=D(2021, 2, 1), project_on=D(2021, 3, 4),
        project_validated_on=D(2021, 4, 1), signed_on=D(2022, 2, 1),
    )  # fmt: skip
    first = community.contracts.get()  # type: ignore[attr-defined]
    bonus = [p for p in contract_schedule(first).payments if p.part == "operating_bonus"]
    assert len(bonus) == 1  # paid at the amendment bringing in avenant n° 2, or at the signature
    terminate(COMMAND, first, D(2022, 3, 1), "cpts")
    following = draft_contract(COMMAND, community, today=D(2022, 9, 1))
    sign_contract(COMMAND, following, D(2022, 9, 1))
    assert following.previous == first
    assert not [p for p in contract_schedule(following).payments if p.part == "operating_bonus"]
