"""The deployment calendar of the missions (002 annexe 1, art. 3; 002 §1.2, §2.2): rule DEPLOYMENT_DEADLINES.

A deadline falling after the contract's end is "sans objet" (rule DEADLINES_AFTER_END, 002 annexe 1, art. 7
and 8).
"""

from __future__ import annotations

import datetime as dt

from cpts.accord.calendar import add_months, french_date
from cpts.accord.contract import ContractDescription, MissionDates
from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.parameters import rule
from cpts.accord.readings import Readings
from cpts.accord.schedule_model import Deadline, make_deadline
from cpts.accord.termination import effective_on
from cpts.accord.years import contract_years

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


def contract_end(contract: ContractDescription, readings: Readings) -> tuple[dt.date, str]:
    """The first day the contract no longer runs, and why: its fifth anniversary (002 annexe 1, art. 7 « La durée
    du contrat est de cinq ans ») or the effective date of its termination if earlier (art. 8)."""
    end = contract_years(contract.signed_on, readings)[-1].end
    terminated = effective_on(contract.termination)
    if terminated is not None and terminated < end:
        return terminated, f"contrat résilié, résiliation effective le {french_date(terminated)}"
    return end, f"contrat arrivé à son terme le {french_date(end)} (cinq ans)"


def _after_end(due_on: dt.date | None, done_on: dt.date | None, end: tuple[dt.date, str]) -> str:
    """Rule DEADLINES_AFTER_END: the reason a deadline is "sans objet", or "" if it still applies.

    A deadline on or after the first day the contract no longer runs, not met by then, is no longer due: it is
    never "missed" (002 annexe 1, art. 8.2 makes « missions non mises en œuvre » a ground for termination).
    """
    if due_on is None or due_on < end[0] or (done_on is not None and done_on <= due_on):
        return ""
    return f"échéance après la fin du contrat : {end[1]}"


def _done(mission: str, dates: MissionDates | None, contract: ContractDescription) -> tuple[dt.date | None, ...]:
    if dates is None:
        return (None, contract.crisis_plan_drafted_on if mission == "crisis" else None)
    deployed = dates.deployed_on
    if deployed is None and mission == "crisis":
        deployed = contract.crisis_plan_drafted_on  # the first volet is deployed once the plan is drafted
    return (dates.started_on, deployed)


def deadlines(
    contract: ContractDescription, timeline: TermsTimeline, today: dt.date | None, readings: Readings
) -> tuple[Deadline, ...]:
    """Start and full-deployment deadlines: 6 / 18 months (access, crisis), 12 / 24 (pathways, prevention)
    after their reference date; free for the optional missions unless the contract plans them; "sans objet"
    (`not_applicable`, with the reason) after the contract's end."""
    end = contract_end(contract, readings)
    start_months: dict[str, int] = rule("deadline_start_months", contract.signed_on)
    deploy_months: dict[str, int] = rule("deadline_deploy_months", contract.signed_on)
    references = reference_dates(contract, timeline)
    result: list[Deadline] = []
    for mission in CORE_MISSIONS:
        reference = references[mission]
        started, deployed = _done(mission, contract.missions.get(mission), contract)
        for kind, months, done in (("start", start_months, started), ("deployment", deploy_months, deployed)):
            due = add_months(reference, months[mission]) if reference is not None else None
            result.append(_deadline(mission, kind, due, done, today, False, end))
    for mission in OPTIONAL_MISSIONS:
        dates = contract.missions.get(mission)
        if dates is None:
            continue
        for kind, due, done in (
            ("start", dates.planned_start_on, dates.started_on),
            ("deployment", dates.planned_deployed_on, dates.deployed_on),
        ):
            result.append(_deadline(mission, kind, due, done, today, True, end))
    return tuple(result)


def _deadline(
    mission: str,
    kind: str,
    due: dt.date | None,
    done: dt.date | None,
    today: dt.date | None,
    free: bool,
    end: tuple[dt.date, str],
) -> Deadline:
    reason = _after_end(due, done, end)
    if reason:
        return make_deadline(mission, kind, due, done, "not_applicable", reason)
    return make_deadline(mission, kind, due, done, status(due, done, today, free))
