"""The ledger of a contract (schedule minus ledger, line by line) and the CPAM's writes to it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router

from cpts.accord.money import as_text
from cpts.accord.schedule import early_mission_schedule
from cpts.api.contracts import contracts
from cpts.api.schemas import Day, EarlyLedgerOut, EntryOut, Error, Id, LedgerOut, PaymentIn, ReversalIn
from cpts.communities.models import EarlyMissionContract
from cpts.contracts.bridge import early_alone
from cpts.contracts.models import Contract
from cpts.core.access import actor_of, get_visible, organisation_of, visible
from cpts.payments import entries
from cpts.payments.balances import statement, totals
from cpts.payments.ledger import booked_early, contract_statement
from cpts.payments.models import LedgerEntry

router = Router(tags=["Grand livre"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def entry_out(entry: LedgerEntry) -> dict[str, Any]:
    reversal = getattr(entry, "reversal", None)
    return {
        **{
            name: getattr(entry, name)
            for name in (
                "id",
                "contract_year",
                "mission",
                "part",
                "kind",
                "entry",
                "sequence",
                "due_on",
                "ordered_on",
                "paid_on",
                "reference",
                "note",
                "created_at",
            )
        },
        "amount": as_text(entry.amount),
        "reverses": entry.reverses_id,
        "settles": entry.settles_id,
        "reversed_by": reversal.pk if reversal else None,
        "recorded_by": entry.recorded_by_name,
    }


@router.get(
    "/contracts/{contract_id}/ledger",
    response={200: LedgerOut, **ERRORS},
    summary="Grand livre : dû, en retard, trop-perçu, et toutes les écritures",
)
def get_ledger(request: HttpRequest, contract_id: Id, on: Query[Day] | None = None) -> dict[str, Any]:
    contract = get_visible(contracts(), request, contract_id)
    found = contract_statement(contract, on or timezone.localdate())
    return {
        "contract": contract.pk,
        "on": found.on,
        "lines": [line.to_dict() for line in found.lines],
        "totals": {name: as_text(amount) for name, amount in found.totals.items()},
        "entries": [entry_out(entry) for entry in found.entries],
    }


@router.get(
    "/cpts/{cpts_id}/early-mission/ledger",
    response={200: EarlyLedgerOut, **ERRORS},
    summary="Grand livre du contrat de démarrage des missions d'une CPTS sans contrat ACI",
)
def get_early_ledger(request: HttpRequest, cpts_id: Id, on: Query[Day] | None = None) -> dict[str, Any]:
    """404 when the CPTS has no early-mission contract, or has a signed ACI contract: the aid is then in the
    first ACI contract's ledger (`/api/contracts/{id}/ledger`, year 0)."""
    early = visible(EarlyMissionContract.objects.all(), request).filter(community_id=cpts_id).first()
    engine = early_alone([early])[0] if early is not None else None
    if early is None or engine is None or engine.aci_signed_on is not None:
        raise Http404
    day = on or timezone.localdate()
    lines = statement(early_mission_schedule(engine).payments, booked_early([early.pk])[early.pk], day)
    rows = early.ledger_entries.select_related("reversal").order_by("created_at", "id")  # type: ignore[attr-defined]
    return {
        "cpts": early.community_id,
        "on": day,
        "lines": [line.to_dict() for line in lines],
        "totals": {name: as_text(amount) for name, amount in totals(lines).items()},
        "entries": [entry_out(entry) for entry in rows],
    }


def visible_entry(request: HttpRequest, entry_id: int) -> LedgerEntry:
    """A ledger row of a contract the caller sees (an ACI or an early-mission contract); any other id is a 404."""
    organisation = organisation_of(request)
    visible = Q(contract__in=Contract.objects.visible_to(organisation)) | Q(
        early_mission__in=EarlyMissionContract.objects.visible_to(organisation)
    )
    rows = LedgerEntry.objects.select_related("contract__community", "early_mission").filter(visible, pk=entry_id)
    found = rows.first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/ledger/{entry_id}/payments",
    response={200: EntryOut, **ERRORS},
    summary="Enregistrer le paiement d'un ordre (CPAM du contrat)",
)
def record_payment(request: HttpRequest, entry_id: Id, payload: PaymentIn) -> dict[str, Any]:
    order = visible_entry(request, entry_id)
    row = entries.record_payment(actor_of(request), order, payload.paid_on, payload.reference, payload.amount)
    return entry_out(row)


@router.post(
    "/ledger/{entry_id}/reversal",
    response={200: EntryOut, **ERRORS},
    summary="Annuler une écriture par une écriture inverse (CPAM du contrat)",
)
def reverse(request: HttpRequest, entry_id: Id, payload: ReversalIn) -> dict[str, Any]:
    entry = visible_entry(request, entry_id)
    return entry_out(entries.reverse(actor_of(request), entry, payload.on, payload.note))
