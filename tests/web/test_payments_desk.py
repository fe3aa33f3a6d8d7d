"""The CPAM payments desk (docs/ledger.md, « Le guichet des paiements »): a preview that writes nothing, the
run of the CPAM's contracts from there, a contract page that orders its contract only, and the orders of one
CPTS paid by one transfer, all or nothing (002 annexe 1, art. 6: the Assurance maladie pays)."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from app.conftest import signed_community
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.payments import entries
from cpts.payments.models import LedgerEntry, PaymentRun
from cpts.payments.runs import preview_run, run_payments

from .conftest import World

DESK = "/paiements/"


def today() -> str:
    return timezone.localdate().isoformat()


def test_the_desk_previews_what_is_payable_and_writes_nothing(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """The preview shows, per contract and mission, the orders a run would create on the date, with their count
    and total, and writes no order and no run."""
    expected = preview_run(timezone.localdate(), cpam="55")
    response = client_for("cpam").get(DESK, {"on": today()})
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert expected.orders > 0 and f"{expected.orders} ordres" in page
    assert "Contrat de CPTS du Barrois" in page and "Contrat de CPTS de Bordeaux Centre" not in page
    assert LedgerEntry.objects.count() == 0 and PaymentRun.objects.count() == 0


def test_ordering_from_the_desk_needs_the_box_ticked_and_orders_the_cpams_contracts(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """Without the confirmation nothing is written; with it, the run of the CPAM of the Meuse orders exactly what
    the preview announced, and nothing for the Gironde."""
    cpam = client_for("cpam")
    assert cpam.post(DESK, {"on": today()}).status_code == 200
    assert LedgerEntry.objects.count() == 0
    expected = preview_run(timezone.localdate(), cpam="55")
    assert cpam.post(DESK, {"on": today(), "confirm": "on"}).status_code == 302
    run = PaymentRun.objects.get()
    assert (run.cpam, run.orders.count()) == ("55", expected.orders)
    assert not LedgerEntry.objects.filter(contract=world.other_contract).exists()


def test_a_contract_page_orders_that_contract_only(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """« Ordonnancer les échéances dues » on a contract page orders that contract, not the CPAM's others."""
    second = signed_community("CPTS de Verdun", "55", "55200000", communes=["55545"])
    url = reverse("contract-event", args=[world.contract.pk, "ordonnancer"])
    assert client_for("cpam").post(url, {"on": today()}).status_code == 302
    assert LedgerEntry.objects.filter(contract=world.contract).exists()
    assert not LedgerEntry.objects.filter(contract__community=second).exists()
    assert PaymentRun.objects.get().contract == world.contract


def test_one_transfer_pays_the_orders_of_one_cpts_all_or_nothing(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """The desk lists the CPTS with orders to pay; its transfer form has every open order ticked; a total that is
    not their remaining amount is refused and nothing is written; the right total pays them all, one reference,
    one date."""
    run_payments(world.actor("cpam"), timezone.localdate(), cpam="55")
    orders = list(LedgerEntry.objects.filter(contract=world.contract, entry="order"))
    total = sum((order.amount for order in orders), Decimal(0))
    cpam = client_for("cpam")
    assert "Payer par un virement" in unescape(cpam.get(DESK).content.decode())
    url = reverse("payments-transfer", args=[world.community.pk])
    form = cpam.get(url).content.decode()
    assert all(f'value="{order.pk}"' in form for order in orders) and form.count("checked") >= len(orders)
    data = {"orders": [order.pk for order in orders], "on": today(), "reference": "VIR-55-12"}
    wrong = cpam.post(url, {**data, "total": str(total - 1)})
    assert wrong.status_code == 400 and "rien n'est enregistré" in unescape(wrong.content.decode())
    assert not LedgerEntry.objects.filter(entry="payment").exists()
    right = cpam.post(url, {**data, "total": f"{total}".replace(".", ",")})
    assert right.status_code == 302
    payments = LedgerEntry.objects.filter(entry="payment")
    assert payments.count() == len(orders) and {p.reference for p in payments} == {"VIR-55-12"}
    assert sum((p.amount for p in payments), Decimal(0)) == total


def test_a_transfer_pays_one_cpts_for_its_own_cpam_only(world: World) -> None:
    """One payee per transfer; another CPAM may not pay these orders (NotAllowed), and nothing is written."""
    on = timezone.localdate()
    run_payments(world.actor("cpam"), on)
    ours = list(LedgerEntry.objects.filter(contract=world.contract, entry="order")[:1])
    theirs = list(LedgerEntry.objects.filter(contract=world.other_contract, entry="order")[:1])
    with pytest.raises(TransitionRefused, match="une seule CPTS"):
        entries.record_transfer(world.actor("cpam"), ours + theirs, on, "VIR-1", Decimal(0))
    with pytest.raises(NotAllowed):
        entries.record_transfer(world.actor("other_cpam"), ours, on, "VIR-2", ours[0].amount)
    assert not LedgerEntry.objects.filter(entry="payment").exists()


def test_only_a_cpam_has_a_payments_desk(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    assert client_for("ars").get(DESK).status_code == 403
    assert client_for("cpts").get(reverse("payments-transfer", args=[world.community.pk])).status_code == 403
    assert client_for("other_cpam").get(reverse("payments-transfer", args=[world.community.pk])).status_code == 404


def test_the_orders_to_pay_are_read_in_a_bounded_number_of_queries(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """The desk's « Ordres à payer » reads what remains on every order in one query, whatever their number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpam = client_for("cpam")
    run_payments(world.actor("cpam"), timezone.localdate(), cpam="55")
    first = LedgerEntry.objects.filter(entry="order").count()
    cpam.get(DESK)  # the session and the caches of a first request
    with CaptureQueriesContext(connection) as before:
        cpam.get(DESK)
    signed_community("CPTS de Verdun", "55", "55200000", communes=["55545"])
    run_payments(world.actor("cpam"), timezone.localdate(), cpam="55")
    orders = LedgerEntry.objects.filter(entry="order").count()
    with CaptureQueriesContext(connection) as after:
        page = unescape(cpam.get(DESK).content.decode())
    assert orders > first > 0 and "CPTS de Verdun" in page
    assert len(after) == len(before)  # no query per order, nor per CPTS paid
