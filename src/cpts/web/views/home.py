"""The home page, one per role (docs/web.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from cpts.accord.members_lists import MembersListYear, held_by_year
from cpts.accord.money import french
from cpts.accord.schedule import Deadline
from cpts.communities.members import member_count
from cpts.communities.models import Community
from cpts.contracts import lifecycle as contract_lifecycle
from cpts.contracts.models import Contract
from cpts.core.models import Organisation
from cpts.core.pages import acting, page
from cpts.core.withholding import withheld_years
from cpts.core.worklist import Task, tasks_for
from cpts.crisis import services as crisis_services
from cpts.payments.balances import LineStatus, statement
from cpts.payments.ledger import booked_early, booked_for
from cpts.payments.schedules import contract_schedules
from cpts.web import lifecycle
from cpts.web.worklist import members_list_tasks

# "the payments due in the next 60 days" (docs/web.md).
PAYMENT_HORIZON_DAYS = 60
ATTENTION_DEADLINES = ("due_soon", "missed")


@dataclass(frozen=True)
class ContractLine:
    contract: Contract
    line: LineStatus


@dataclass
class Overdue:
    """The overdue lines of one contract, summed: one row per CPTS on the home page."""

    contract: Contract
    lines: int = 0
    amount: Decimal = Decimal("0.00")
    oldest: dt.date | None = None


@dataclass
class ContractDeadlines:
    """The deadlines of one contract needing attention: one row per CPTS on the home page."""

    contract: Contract
    deadlines: list[Deadline]

    @property
    def first(self) -> dt.date | None:
        return min((d.due_on for d in self.deadlines if d.due_on), default=None)


@dataclass
class ToPay:
    """What the CPAM has to order or pay for one contract: due lines not ordered, orders not paid."""

    contract: Contract
    lines: int = 0
    amount: Decimal = Decimal("0.00")


def today() -> dt.date:
    return timezone.localdate()


def signed_contracts(communities: list[Community]) -> list[Contract]:
    """The signed contract of each CPTS (the latest one), from the prefetched lifecycle. An ended contract is
    kept: the money still owed for it (last balances, refunds) stays payable and visible."""
    found = []
    for community in communities:
        signed = [c for c in community.contracts.all() if c.signed_on is not None]
        if signed:
            found.append(signed[-1])
    return found


def ended(contract: Contract, on: dt.date) -> bool:
    """The contract's termination is in effect on `on`: its deployment deadlines no longer matter."""
    ends = contract_lifecycle.ends_on(contract)
    return ends is not None and ends <= on


def money_and_deadlines(contracts: list[Contract], on: dt.date) -> dict[str, Any]:
    """Lines due within the horizon or overdue, and deadlines due soon or missed, over several contracts.

    The same figures as the contract page (schedule minus ledger, cpts.payments.balances.statement),
    with the ledger of all the contracts read at once.
    """
    horizon = on + dt.timedelta(days=PAYMENT_HORIZON_DAYS)
    upcoming, overdue, deadlines, to_pay = [], [], [], []
    lists: list[tuple[Contract, MembersListYear, Decimal | None]] = []  # rule MEMBERS_LIST_YEARLY
    booked = booked_for(c.pk for c in contracts)  # one query for every contract's ledger
    withheld = withheld_years(contracts)  # a withheld balance is not overdue (rule BALANCE_WITHHELD_WITHOUT_DOCUMENTS)
    for contract, schedule in zip(contracts, contract_schedules(contracts, on), strict=True):
        late, payable = Overdue(contract), ToPay(contract)
        for line in statement(schedule.payments, booked.get(contract.pk, {}), on, withheld.get(contract.pk)):
            if line.due_on is not None and line.due_on <= on and line.due > 0:
                payable.lines += 1
                payable.amount += line.due
            if line.overdue:
                late.lines += 1
                late.amount += line.overdue
                late.oldest = min(filter(None, (late.oldest, line.due_on)), default=None)
            elif line.due_on is not None and on <= line.due_on <= horizon and line.status != "paid":
                upcoming.append(ContractLine(contract, line))
        if late.lines:
            overdue.append(late)
        if payable.lines:
            to_pay.append(payable)
        attention = [d for d in schedule.deadlines if d.status in ATTENTION_DEADLINES]
        if attention and not ended(contract, on):
            deadlines.append(ContractDeadlines(contract, attention))
        held = held_by_year(schedule.pending)
        lists += [(contract, item, held.get(item.contract_year)) for item in schedule.members_lists]
    upcoming.sort(key=lambda item: (item.line.due_on, item.contract.community.name))
    overdue.sort(key=lambda item: (item.oldest or on, item.contract.community.name))
    deadlines.sort(key=lambda item: (item.first or on, item.contract.community.name))
    return {
        "upcoming": upcoming,
        "overdue": overdue,
        "deadlines": deadlines,
        "horizon": horizon,
        "to_pay": to_pay,
        "members_lists": lists,
    }


def payment_tasks(organisation: Organisation, to_pay: list[ToPay], on: dt.date) -> list[Task]:
    """The CPAM's « À traiter » of money: per CPTS, what is due today and not paid yet (002 annexe 1, art. 6)."""
    tasks = []
    for item in to_pay:
        if item.contract.can_record_payment(organisation):
            url = f"{reverse('payments-desk')}?on={on:%Y-%m-%d}"  # the preview of what is payable today
            plural = "s" if item.lines > 1 else ""
            detail = f"{item.lines} échéance{plural} due{plural}, {french(item.amount)} (002 annexe 1, art. 6)"
            tasks.append(Task(item.contract.community.name, "Ordonnancer et payer", url, None, detail, 5))
    return tasks


def task_order(task: Task) -> tuple[int, dt.date, str]:
    """As cpts.core.worklist.tasks_for: the most pressing kind first, then by date and CPTS."""
    return (task.rank, task.on or dt.date.max, task.community)


def paginated(request: HttpRequest, items: list[Any], parameter: str, per_page: int = 10) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get(parameter))


def home(request: HttpRequest) -> HttpResponse:
    organisation = acting(request)
    on = today()
    if organisation is None:
        return page(request, "cpts/home/none.html", "Accueil", nav="home")
    if organisation.kind == Organisation.Kind.CNAM:
        return page(request, "cpts/home/national.html", "Accueil — vue nationale", national(on), nav="home")
    communities = list(lifecycle.with_lifecycle(Community.objects.visible_to(organisation)))
    if organisation.kind == Organisation.Kind.CPTS:
        context = own(communities, on)
        tasks = [*members_list_tasks(organisation, context.get("members_lists", []), on), *tasks_for(organisation, on)]
        context["tasks"] = paginated(request, sorted(tasks, key=task_order), "taches")
        context["deadline_page"] = paginated(request, context.get("deadlines", []), "echeances")
        return page(request, "cpts/home/community.html", "Accueil — ma CPTS", context, nav="home")
    money = money_and_deadlines(signed_contracts(communities), on)
    stages = lifecycle.stages_of(communities, on)
    rows = [{"community": c, "stage": s} for c, s in zip(communities, stages, strict=True)]
    tasks = [
        *payment_tasks(organisation, money["to_pay"], on),
        *members_list_tasks(organisation, money["members_lists"], on),
        *tasks_for(organisation, on),
    ]
    tasks.sort(key=task_order)
    context = {
        "rows": paginated(request, rows, "cpts", 20),
        "count": len(rows),
        "on": on,
        "early_contracts": early_contracts(communities),
        "tasks": paginated(request, tasks, "taches"),
        "deadline_page": paginated(request, money["deadlines"], "echeances"),
        **money,
    }
    return page(request, "cpts/home/agent.html", f"Accueil — {organisation.name}", context, nav="home")


def early_contracts(communities: list[Community]) -> list[dict[str, Any]]:
    """The early-mission contracts of these CPTS with their aid (002 §3.2, annexe 2), with or without an ACI."""
    from cpts.accord.early_mission import aci_deadline
    from cpts.accord.schedule import early_mission_schedule
    from cpts.communities.models import EarlyMissionContract
    from cpts.contracts.bridge import early_alone

    rows = []
    stored = list(
        EarlyMissionContract.objects.filter(community__in=communities).select_related("community").order_by("signed_on")
    )
    booked = booked_early(contract.pk for contract in stored) if stored else {}
    for contract, engine in zip(stored, early_alone(stored) if stored else [], strict=True):
        schedule = early_mission_schedule(engine)
        rows.append(
            {
                "contract": contract,
                # paid on its own account; None once an ACI contract carries the aid (its year 0)
                "paid": None
                if engine.aci_signed_on
                else sum((line.paid for line in booked.get(contract.pk, {}).values()), Decimal(0)),
                "deadline": aci_deadline(engine),
                "aid": sum((p.amount for p in schedule.payments if p.kind == "payment"), Decimal(0)),
                "refund": -sum((p.amount for p in schedule.payments if p.kind == "reimbursement"), Decimal(0)),
                "warnings": schedule.warnings,
            }
        )
    return rows


def own(communities: list[Community], on: dt.date) -> dict[str, Any]:
    community = communities[0] if communities else None
    if community is None:
        return {"community": None}
    contracts = signed_contracts([community])
    in_force = [c for c in contracts if not ended(c, on)]
    return {
        "community": community,
        "crises": crisis_services.recent_crises_of(in_force[0], on) if in_force else [],
        "stage": lifecycle.stage_of(community, on),
        "contract": contracts[0] if contracts else None,
        "members": member_count(community, on),
        "on": on,
        **money_and_deadlines(contracts, on),
    }


def national(on: dt.date) -> dict[str, Any]:
    """National counts for the CNAM: CPTS per stage and per size, signed and terminated contracts."""
    every = Community.objects.only("pk")
    stages = Counter(key for key, _, _ in lifecycle.stages_of(every, on))
    sizes = Counter(dict(Community.objects.order_by().values_list("territory__size").annotate(n=Count("pk"))))
    return {
        "total": stages.total(),
        "stages": [(key, label, stages[key]) for key, label in lifecycle.STAGE_LABELS.items() if stages[key]],
        "sizes": [(size, sizes[size]) for size in (1, 2, 3, 4) if sizes[size]],
        "no_territory": sizes[None],
        "signed": Contract.objects.filter(signed_on__isnull=False).count(),
        "terminated": Contract.objects.filter(termination__isnull=False).count(),
        "on": on,
    }
