"""The contract page: missions and deadlines, amendments, termination, the payment schedule
by contract year with each line's explanation, the ledger beside it, totals; and its history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from cpts.accord.contract import Dossier as EngineDossier
from cpts.accord.dossier import yearly_updates
from cpts.accord.members_lists import held_by_year
from cpts.accord.schedule import Payment
from cpts.contracts.models import Contract, Dossier
from cpts.core.models import AuditEvent
from cpts.core.pages import acting, contract_trail, page, visible_or_404
from cpts.payments.balances import LineStatus
from cpts.payments.ledger import Statement, contract_statement
from cpts.payments.schedules import contract_schedule
from cpts.web import exports, history
from cpts.web.glance import glance
from cpts.web.templatetags.cpts_format import mission_label, part_label
from cpts.web.views.home import today


@dataclass(frozen=True)
class Row:
    """One schedule line and its ledger state (None for a line only the ledger still has)."""

    payment: Payment | None
    line: LineStatus
    index: int = -1  # the payment's place in the schedule: its explanation's address (line_explanation)


@dataclass(frozen=True)
class Year:
    number: int
    label: str
    rows: list[Row]
    total: Any
    withheld: str = ""  # why the year's balance is withheld (rule BALANCE_WITHHELD_WITHOUT_DOCUMENTS), or ""
    past: bool = False  # the year is over: folded on the page
    open_lines: int = 0  # its lines not settled yet (late, withheld, to recover)


def load_contract(request: HttpRequest, pk: int) -> Contract:
    """The contract if the acting organisation may see it, else 404."""
    queryset = Contract.objects.select_related(
        "community", "cpam", "ars", "community__territory", "previous", "next_contract"
    )
    contract: Contract = visible_or_404(queryset, request, pk=pk)
    return contract


def years_of(statement: Statement) -> list[Year]:
    """The schedule grouped by contract year (0: the early-mission contract), each line with its ledger state."""
    schedule = statement.schedule
    payments = list(schedule.payments)
    rows = [Row(p, line, index) for index, (p, line) in enumerate(zip(payments, statement.lines, strict=False))]
    rows += [Row(None, line) for line in statement.lines[len(payments) :]]
    grouped: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.line.key[0]].append(row)
    totals = schedule.totals()["by_year"]
    spans = {year.number: year for year in schedule.years}
    years = []
    for number in sorted(grouped):
        span = spans.get(number)
        if number == 0:
            label = "Contrat de démarrage des missions"
        elif span is not None:
            label = f"Année {number} du contrat (du {span.start:%d/%m/%Y} au {span.end:%d/%m/%Y} exclu)"
        else:
            label = f"Année {number} du contrat"
        past = span is not None and span.end <= statement.on
        unsettled = sum(row.line.status != "paid" for row in grouped[number])
        withheld = statement.withheld.get(number, "")
        years.append(Year(number, label, grouped[number], totals.get(number), withheld, past, unsettled))
    return years


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from cpts.contracts.consequences import signatures_by_party
    from cpts.web.views.events import CONTRACT_EVENTS, offered

    contract = load_contract(request, pk)
    organisation = acting(request)
    on = today()
    context: dict[str, Any] = {
        "contract": contract,
        "community": contract.community,
        "missions": list(contract.missions.all()),  # type: ignore[attr-defined]
        "amendments": list(contract.amendments.all()),  # type: ignore[attr-defined]
        "termination": getattr(contract, "termination", None),
        "next_contract": getattr(contract, "next_contract", None),  # the contract that follows it, if any
        "attainments": list(contract.attainments.all()),  # type: ignore[attr-defined]
        "on": on,
        "actions": offered(contract, organisation, CONTRACT_EVENTS, "contract-event", on),
    }
    statement = None
    if contract.signed_on is not None:
        statement = contract_statement(contract, on)
        totals = statement.schedule.totals()
        context.update(
            statement=statement,
            schedule=statement.schedule,
            years=years_of(statement),
            by_mission=list(totals["by_mission"].items()),
            schedule_total=totals["total"],
            pending_maximum=totals["pending_maximum"],
            ledger_totals=statement.totals,
        )
        dossier = Dossier.objects.filter(contract=contract).first()
        pieces = [(label, getattr(dossier, name)) for name, label in Dossier.PIECES] if dossier else []
        received = [] if dossier is None or dossier.complete_on is None else contract.dossier_updates.all()  # type: ignore[attr-defined]
        followed = EngineDossier(dossier.complete_on, tuple(u.received_on for u in received)) if dossier else None
        updates = yearly_updates(contract.signed_on, followed, on)
        context.update(dossier=dossier, dossier_pieces=pieces, dossier_updates=updates)
        # Rule MEMBERS_LIST_YEARLY: each year's list of members, with the size-4 bonus waiting for it.
        held = held_by_year(statement.schedule.pending)
        context["members_lists"] = [
            (item, held.get(item.contract_year) if item.status == "missing" else None)
            for item in statement.schedule.members_lists
        ]
    signers = signatures_by_party(contract)
    if contract.signed_on is None or any(item.signature for item in signers):  # before the per-party signatures: none
        context.update(signers=signers, own_party=contract.party_of(organisation))
    context["glance"] = glance(contract, statement, on)
    title = f"Contrat de {contract.community.name}"
    return page(request, "cpts/contracts/detail.html", title, context, trail=contract_trail(contract))


def line_explanation(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """The explanation of one line of the schedule (its `index` among the payments): the contract page folds each
    line's explanation and loads it when opened (htmx), or links here without JavaScript, so that the page does
    not write a hundred explanation trees nobody opened (docs/web.md)."""
    contract = load_contract(request, pk)
    payments = contract_schedule(contract).payments if contract.signed_on is not None else ()
    if not 0 <= index < len(payments):
        raise Http404("Cette échéance n'existe pas (l'échéancier a pu changer) : rechargez la page du contrat.")
    payment = payments[index]
    context = {"contract": contract, "payment": payment}
    if request.headers.get("HX-Request"):
        return TemplateResponse(request, "cpts/contracts/line_explanation_body.html", context)
    title = f"Explication — année {payment.contract_year}, {mission_label(payment.mission)}, {part_label(payment.part)}"
    trail = [*contract_trail(contract), (reverse("contract-detail", args=[contract.pk]), "Contrat")]
    return page(request, "cpts/contracts/line_explanation.html", title, context, trail=trail)


def contract_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit trail of the contract and what belongs to it (missions, amendments, ledger...)."""
    contract = load_contract(request, pk)
    scope = f"{contract._meta.label_lower}:{contract.pk}"
    events = AuditEvent.objects.filter(scope=scope).order_by("-at", "-id")[:500]
    trail = [*contract_trail(contract), (reverse("contract-detail", args=[contract.pk]), "Contrat")]
    title = f"Historique du contrat de {contract.community.name}"
    context = {"contract": contract, "events": [readable(e) for e in events]}
    return page(request, "cpts/contracts/history.html", title, context, trail=trail)


def readable(event: AuditEvent) -> dict[str, Any]:
    """An audit event with the fields that changed, in French, old and new values side by side."""
    before, after = event.before or {}, event.after or {}
    what, fields = history.fields_of(event.object_type)
    changed = [
        (history.field_label(fields, name), history.value_text(fields, name, before.get(name)),
         history.value_text(fields, name, after.get(name)))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name) and history.shown(fields, name)
    ]  # fmt: skip
    return {"event": event, "what": what, "changes": changed}


def contract_export(request: HttpRequest, pk: int, table: str, fmt: str) -> HttpResponse:
    """The schedule (with its ledger state) or the ledger entries, as CSV; both sheets as XLSX."""
    contract = load_contract(request, pk)
    if contract.signed_on is None or (fmt == "csv" and table not in exports.TABLES):
        raise Http404("Pas d'échéancier pour un contrat non signé.")
    statement = contract_statement(contract, today())
    stem = f"contrat-{contract.pk}-{table}-{statement.on:%Y-%m-%d}"
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(statement, table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.as_xlsx(statement), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
