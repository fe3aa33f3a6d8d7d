"""The year-1 operating payment waits for the complete dossier (002 annexe 1, art. 1 and 6.1; rule
OPERATING_PAYMENTS), through the services, a payment run, the ledger and the contract page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from cpts.api.testing import World
from cpts.contracts import dossier as contract_dossier
from cpts.contracts.models import Dossier
from cpts.core.actors import Actor
from cpts.core.current import SESSION_KEY
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments

COMMAND = Actor.command("tests")
PIECES = [name for name, _ in Dossier.PIECES]


def actor(world: World, role: str) -> Actor:
    return Actor(world.user(role), world.organisation(role))


def operating_orders(world: World) -> list[tuple[int, Decimal, dt.date | None]]:
    rows = LedgerEntry.objects.filter(contract=world.signed, mission="operating", entry="order")
    return [(row.contract_year, row.amount, row.due_on) for row in rows]


def test_the_run_orders_the_year_1_operating_payment_from_the_day_the_dossier_is_complete(world: World) -> None:
    """002 annexe 1, art. 6.1: « déclenché dès la signature du contrat (versement du montant dans son
    intégralité), sous réserve de la vérification de la complétude du dossier dont les documents justificatifs
    sont précisés à l'article 1 du contrat ».

    By hand: size 2 signed on 15/01/2023, operating funding 60 000,00 € for year 1 in full. The four pieces
    of art. 1 come in by 01/03/2023, the CPAM declares the dossier complete on 10/03/2023: a run on 09/03/2023
    orders nothing for it, the run of 10/03/2023 orders 60 000,00 € due that day, a second run nothing more.
    """
    cpam = actor(world, "cpam")
    contract_dossier.dossier_of(world.signed)  # followed from now on, as for a contract signed in the application
    run_payments(COMMAND, dt.date(2023, 2, 1))
    assert operating_orders(world) == []
    for day, piece in enumerate(PIECES, start=1):
        contract_dossier.receive_piece(cpam, world.signed, piece, dt.date(2023, 3, day))
    contract_dossier.declare_complete(cpam, world.signed, dt.date(2023, 3, 10))
    run_payments(COMMAND, dt.date(2023, 3, 9))
    assert operating_orders(world) == []
    run_payments(COMMAND, dt.date(2023, 3, 10))
    assert operating_orders(world) == [(1, Decimal("60000.00"), dt.date(2023, 3, 10))]
    run_payments(COMMAND, dt.date(2023, 3, 31))
    assert operating_orders(world) == [(1, Decimal("60000.00"), dt.date(2023, 3, 10))]


def test_refusals(world: World) -> None:
    cpam = actor(world, "cpam")
    with pytest.raises(NotAllowed):
        contract_dossier.declare_complete(actor(world, "cpts"), world.signed, dt.date(2023, 3, 10))
    with pytest.raises(TransitionRefused, match=r"Dossier incomplet .* statuts de la communauté"):
        contract_dossier.receive_piece(cpam, world.signed, "health_project_on", dt.date(2023, 2, 1))
        contract_dossier.declare_complete(cpam, world.signed, dt.date(2023, 3, 10))
    with pytest.raises(TransitionRefused, match="précéder la signature"):
        contract_dossier.receive_piece(cpam, world.signed, "statutes_on", dt.date(2022, 12, 1))
    with pytest.raises(TransitionRefused, match="pas encore complet"):
        contract_dossier.record_update(cpam, world.signed, dt.date(2024, 2, 1))
    for piece in PIECES:
        contract_dossier.receive_piece(cpam, world.signed, piece, dt.date(2023, 2, 1))
    with pytest.raises(TransitionRefused, match="après la date de complétude"):
        contract_dossier.receive_piece(cpam, world.signed, "statutes_on", dt.date(2023, 4, 1))
        contract_dossier.declare_complete(cpam, world.signed, dt.date(2023, 3, 10))


def test_the_contract_page_shows_the_dossier_and_a_missing_yearly_update(world: World, client: Client) -> None:
    """002 annexe 1, art. 1: « une fois par an »; year 2 (15/01/2024 to 15/01/2025) closed without an update."""
    cpam = actor(world, "cpam")
    for piece in PIECES:
        contract_dossier.receive_piece(cpam, world.signed, piece, dt.date(2023, 2, 1))
    client.force_login(world.user("cpam"))
    session = client.session
    session[SESSION_KEY] = world.organisation("cpam").pk
    session.save()
    page = client.get(f"/contrats/{world.signed.pk}/").content.decode()
    assert "Dossier incomplet : le fonctionnement de l'année 1 attend" in page
    response = client.post(f"/contrats/{world.signed.pk}/evenement/dossier-complet/", {"on": "2023-03-10"})
    assert response.status_code == 302
    page = client.get(f"/contrats/{world.signed.pk}/").content.decode()
    assert "Dossier déclaré complet le 10/03/2023" in page
    assert (
        'Année 2 (du 15/01/2024 au 15/01/2025 exclu) : <span class="fr-badge fr-badge--error fr-badge--sm">manquante'
        in page
    )
    response = client.post(
        f"/contrats/{world.signed.pk}/evenement/dossier-mise-a-jour/", {"on": "2025-02-01", "note": "3 membres"}
    )
    assert response.status_code == 302
    assert "reçue le 01/02/2025" in client.get(f"/contrats/{world.signed.pk}/").content.decode()
