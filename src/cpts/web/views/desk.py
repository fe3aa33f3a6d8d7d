"""The CPAM payments desk: what is payable up to a date, previewed before anything is written, ordered from
there, and the orders of one CPTS paid by one transfer (docs/ledger.md, « Le guichet des paiements »)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from cpts.accord.money import ZERO, french
from cpts.communities.models import Community
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.models import Organisation
from cpts.core.pages import acting, page
from cpts.payments import entries, runs
from cpts.payments.models import LedgerEntry
from cpts.web import forms as web_forms
from cpts.web.views.events import order_label

NOT_CPAM = "Le guichet des paiements est celui d'une CPAM : agissez pour votre CPAM."


def desk(request: HttpRequest) -> HttpResponse:
    """GET: the preview of what a run would order on the date (nothing written) and the orders to pay, by CPTS;
    POST with the box ticked: the run of this CPAM's contracts on that date."""
    cpam = acting(request)
    if cpam is None or cpam.kind != Organisation.Kind.CPAM:
        return page(
            request, "cpts/event_refused.html", "Guichet des paiements — refusé", {"reason": NOT_CPAM}, status=403
        )
    form = web_forms.DeskForm(request.POST or request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["on"]
        if request.method == "POST" and form.cleaned_data["confirm"]:
            try:
                summary = runs.run_payments(Actor.of(request), on, cpam=cpam.department)
            except TransitionRefused as refusal:
                form.add_error("on", str(refusal))
            else:
                messages.success(
                    request,
                    f"Campagne du {on:%d/%m/%Y} : {summary.orders} ordre(s) de paiement créé(s), "
                    f"{french(summary.total)}.",
                )
                return redirect(reverse("payments-desk"))
        preview = by_contract(runs.preview_run(on, cpam=cpam.department))
    context = {"form": form, "preview": preview, "payees": payees(cpam)}
    return page(request, "cpts/desk/desk.html", "Guichet des paiements", context, trail=[], nav="desk")


def by_contract(preview: runs.Preview) -> dict[str, Any]:
    """The preview's lines grouped by contract (or early-mission contract), with their totals."""
    from cpts.communities.models import EarlyMissionContract
    from cpts.contracts.models import Contract

    contracts = Contract.objects.in_bulk([line.contract_id for line in preview.lines if line.contract_id])
    early = EarlyMissionContract.objects.in_bulk(
        [line.early_mission_id for line in preview.lines if line.early_mission_id]
    )
    groups: dict[Any, dict[str, Any]] = {}
    for line in preview.lines:
        subject = contracts[line.contract_id] if line.contract_id else early[line.early_mission_id]
        group = groups.setdefault(subject, {"subject": subject, "lines": [], "orders": 0, "total": ZERO})
        group["lines"].append(line)
        group["orders"] += line.orders
        group["total"] += line.total
    return {
        "on": preview.on,
        "groups": list(groups.values()),
        "orders": preview.orders,
        "total": preview.total,
        "refused": preview.refused,
        "withheld": preview.withheld,
        "withheld_total": sum((line.amount for line in preview.withheld), ZERO),
    }


def of_cpam(cpam: Organisation) -> Q:
    """The ledger rows this CPAM pays: its ACI contracts' and its early-mission contracts'."""
    return Q(contract__cpam=cpam) | Q(early_mission__cpam=cpam)


def payees(cpam: Organisation) -> list[dict[str, Any]]:
    """The CPTS with orders left to pay, each with their number and what remains to pay, by name."""
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"orders": 0, "remaining": ZERO})
    rows = LedgerEntry.objects.filter(of_cpam(cpam)).select_related("contract", "early_mission")
    for order, remaining in entries.open_orders(rows):
        payee = found[order.account.community_id]  # type: ignore[attr-defined]
        payee["orders"] += 1
        payee["remaining"] += remaining
    names = dict(Community.objects.filter(pk__in=found).values_list("pk", "name"))
    return sorted(({"community": pk, "name": names[pk], **row} for pk, row in found.items()), key=lambda r: r["name"])


def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The orders of one CPTS paid by one transfer: tick them, give the date, the reference and the total."""
    cpam = acting(request)
    if cpam is None or cpam.kind != Organisation.Kind.CPAM:
        return page(request, "cpts/event_refused.html", "Virement — refusé", {"reason": NOT_CPAM}, status=403)
    community = get_object_or_404(Community.objects.visible_to(cpam), pk=pk)
    rows = LedgerEntry.objects.filter(of_cpam(cpam)).filter(
        Q(contract__community=community) | Q(early_mission__community=community)
    )
    open_orders = entries.open_orders(rows)
    choices = [(order.pk, order_label(order, remaining)) for order, remaining in open_orders]
    form = web_forms.TransferForm(request.POST or None, orders=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticked = set(data["orders"])
        chosen = [order for order, _ in open_orders if order.pk in ticked]
        try:  # record_transfer is one transaction: all or nothing
            paid = entries.record_transfer(Actor.of(request), chosen, data["on"], data["reference"], data["total"])
        except (TransitionRefused, NotAllowed) as refusal:
            form.add_error(None, str(refusal))
        else:
            total = sum((row.amount for row in paid), Decimal(0))
            messages.success(
                request, f"Virement {data['reference']} enregistré : {len(paid)} ordre(s), {french(total)}."
            )
            return redirect(reverse("payments-desk"))
    context = {"form": form, "community": community, "remaining": sum((r for _, r in open_orders), ZERO)}
    trail = [(reverse("payments-desk"), "Guichet des paiements")]
    status = 400 if request.method == "POST" else 200
    return page(request, "cpts/desk/transfer.html", f"Virement à {community.name}", context, trail=trail, status=status)
