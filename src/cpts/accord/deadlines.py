"""The deployment calendar of the missions (002 annexe 1, art. 3; 002 §1.2, §2.2): rule DEPLOYMENT_DEADLINES."""

from __future__ import annotations

import datetime as dt

from cpts.accord.calendar import add_months
from cpts.accord.contract import ContractDescription, MissionDates
from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.parameters import rule
from cpts.accord.schedule_model import Deadline, make_deadline

CORE_MISSIONS = ("access", "pathways", "prevention", "crisis")
OPTIONAL_MISSIONS = ("quality", "support")


def reference_dates(contract: ContractDescription, timeline: TermsTimeline) -> dict[str, dt.date | None]:
    """Rule DEPLOYMENT_DEADLINES: the date each core mission's deadlines run from.

    The signature, except for a contract that moves to avenant n° 2 by amendment:
    the crisis deadlines then run from that amendment (002 §1.2 "à compter de la
    signature de l'avenant à leur contrat en cours"), and the access deadlines
    from the amendment that brings in the SAS amounts (002 §2.2, "Le territoire
    couvert par la CPTS dispose d'un SAS"). Without avenant n° 2 there is no
    crisis mission, hence no crisis deadline (None).
    """
    signed = contract.signed_on
    access = signed
    if not timeline.on(signed).access_with_sas:
        for amendment in sorted(contract.amendments, key=lambda a: a.signed_on):
            if timeline.on(amendment.signed_on).access_with_sas:
                access = amendment.signed_on
                break
    return {"access": access, "pathways": signed, "prevention": signed, "crisis": crisis_reference(timeline)}


def crisis_reference(timeline: TermsTimeline) -> dt.date | None:
    """Rule CRISIS_TEMPLATE_AVAILABLE: the crisis deadlines run from avenant n° 2 for the contract, but not
    before the national template of the plan is available (002 annexe 1, art. 3; 002 §1.2)."""
    start = timeline.avenant_2_from
    if start is None:
        return None
    available: dt.date = rule("crisis_template_available_on", start)
    return max(start, available)


def status(due_on: dt.date | None, done_on: dt.date | None, today: dt.date | None, free: bool) -> str:
    """Met if done by the deadline, missed if done late or not done once past; due soon within the window
    of rule DEADLINE_DUE_SOON (a project choice, not from the texts); free for an undated optional mission."""
    if due_on is None:
        return "free" if free else "open"
    if done_on is not None:
        return "met" if done_on <= due_on else "missed"
    if today is None:
        return "open"
    if today > due_on:
        return "missed"
    window: int = rule("deadline_due_soon_days", today)
    return "due_soon" if (due_on - today).days <= window else "open"


def _done(mission: str, dates: MissionDates | None, contract: ContractDescription) -> tuple[dt.date | None, ...]:
    if dates is None:
        return (None, contract.crisis_plan_drafted_on if mission == "crisis" else None)
    deployed = dates.deployed_on
    if deployed is None and mission == "crisis":
        deployed = contract.crisis_plan_drafted_on  # the first volet is deployed once the plan is drafted
    return (dates.started_on, deployed)


def deadlines(contract: ContractDescription, timeline: TermsTimeline, today: dt.date | None) -> tuple[Deadline, ...]:
    """Start and full-deployment deadlines: 6 / 18 months (access, crisis), 12 / 24 (pathways, prevention)
    after their reference date; free for the optional missions unless the contract plans them."""
    start_months: dict[str, int] = rule("deadline_start_months", contract.signed_on)
    deploy_months: dict[str, int] = rule("deadline_deploy_months", contract.signed_on)
    references = reference_dates(contract, timeline)
    result: list[Deadline] = []
    for mission in CORE_MISSIONS:
        reference = references[mission]
        started, deployed = _done(mission, contract.missions.get(mission), contract)
        for kind, months, done in (("start", start_months, started), ("deployment", deploy_months, deployed)):
            due = add_months(reference, months[mission]) if reference is not None else None
            result.append(make_deadline(mission, kind, due, done, status(due, done, today, free=False)))
    for mission in OPTIONAL_MISSIONS:
        dates = contract.missions.get(mission)
        if dates is None:
            continue
        for kind, due, done in (
            ("start", dates.planned_start_on, dates.started_on),
            ("deployment", dates.planned_deployed_on, dates.deployed_on),
        ):
            result.append(make_deadline(mission, kind, due, done, status(due, done, today, free=True)))
    return tuple(result)
