"""Property tests of the schedule over generated contracts (docs/interpretations.md, « Échéancier »).

For each contract year and part the payments sum exactly to what is due (the
annual amount in force at the settlement × days/total, × attainment for the
variable part, each rounded once to the cent; 002 annexe 1 art. 6 and 8.3; the part paid from a size-4
bonus amendment raised as rule SIZE4_BONUS_FROM_AMENDMENT says; in a termination year each part's
difference read from the one net line's explanation, rule TERMINATION_NET_SETTLEMENT);
nothing is paid before signature or after the last settlement; a reimbursement
appears only after a termination; advances never exceed 75 % of the annual
amount; keys are unique. The generated contracts include followed dossiers
(complete or not, 002 annexe 1 art. 6.1), early-mission contracts (002 §3.2,
annexe 2), with an ACI and alone, and followed yearly lists of members (002 §5.1,
rule MEMBERS_LIST_YEARLY: received on time, late, short of a hundred members, or
missing), whose held size-4 bonus is counted with what is paid.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cpts.accord.calendar import prorata
from cpts.accord.contract import (
    Amendment,
    ContractDescription,
    Dossier,
    EarlyMissionContract,
    MembersList,
    MissionDates,
    Termination,
)
from cpts.accord.contract_terms import TermsTimeline, avenant_2_from
from cpts.accord.early_mission import counted_missions
from cpts.accord.envelopes import (
    MISSION_LABELS,
    PART_LABELS,
    PARTS,
    Terms,
    envelope,
    envelope_amount,
    size4_bonus_rate,
)
from cpts.accord.money import ZERO, cents
from cpts.accord.readings import Readings
from cpts.accord.schedule import compute_schedule, early_mission_schedule
from cpts.accord.years import YearPlan, year_plans

MISSIONS = ("access", "pathways", "prevention", "crisis", "quality", "support")
ONE_OFF = ("crisis_occurrence", "crisis_occurrence_2021", "operating_bonus", "early_mission")
DAY = dt.timedelta(days=1)
AVENANT_2 = dt.date(2022, 9, 3)  # 002 §1.3, §5.1: in force on 3 September 2022
ADVANCED = ("fixed", "snp_compensation", "snp_orientation")  # advanced at 75 % (002 annexe 1, art. 6.2)
MEMBERS = st.sampled_from((0, 80, 99, 100, 101, 150)) | st.integers(0, 200)  # often around 100 (002 §5.1)


@st.composite
def early_contracts(draw: st.DrawFn, aci_signed_on: dt.date | None = None) -> EarlyMissionContract:
    """An early-mission contract signed from 03/09/2022, before the ACI if there is one."""
    latest = aci_signed_on - DAY if aci_signed_on else dt.date(2026, 12, 31)
    signed_on = draw(st.dates(dt.date(2022, 9, 3), latest))
    terminated = draw(st.none() | st.dates(signed_on, signed_on + dt.timedelta(days=400)))
    by = draw(st.sampled_from(("cpts", "cpam"))) if terminated else None
    return EarlyMissionContract(
        signed_on=signed_on,
        size=draw(st.integers(1, 4)),
        started_missions=tuple(draw(st.sets(st.sampled_from(("access", "pathways", "prevention", "crisis"))))),
        aci_signed_on=aci_signed_on,
        terminated_notified_on=terminated,
        terminated_by=by,  # type: ignore[arg-type]
        access_actions=tuple(draw(st.sets(st.sampled_from(("mt", "snp"))))),
        registered_on=draw(st.none() | st.dates(signed_on, signed_on + dt.timedelta(days=60))),
        termination_ground=draw(st.sampled_from(("non_deployment", "no_adhesion"))) if by == "cpam" else None,
    )


@st.composite
def members_lists(draw: st.DrawFn, signed_on: dt.date) -> tuple[MembersList, ...] | None:
    """Not followed (None), or a list per contract year received on time, late, short of a hundred, or none."""
    if draw(st.booleans()):
        return None
    found = []
    for number in range(1, 6):
        start, end = signed_on + (number - 1) * 365 * DAY, signed_on + number * 365 * DAY  # near the anniversaries
        way = draw(st.sampled_from(("none", "on_time", "late", "short")))
        if way == "none":
            continue
        late = st.dates(end + 2 * DAY, end + 400 * DAY)
        received = draw(late if way == "late" else st.dates(start + 2 * DAY, end - 2 * DAY))
        members = draw(st.integers(0, 99) if way == "short" else st.integers(100, 200))
        found.append(MembersList(number, received, members))
    return tuple(found)


HELD = "MEMBERS_LIST_YEARLY"  # the reason of a size-4 bonus waiting for its year's list of members


@st.composite
def contracts(draw: st.DrawFn) -> ContractDescription:
    # Half the contracts are signed before avenant n° 2 and move to it by amendment, often with a SAS already
    # there or an « avenant complémentaire » recording a later one (002 §2.3).
    older = draw(st.booleans())
    signed_on = draw(st.dates(dt.date(2019, 8, 24), AVENANT_2 - DAY if older else dt.date(2026, 12, 31)))
    horizon = signed_on + dt.timedelta(days=5 * 366)
    after = st.dates(signed_on, horizon)
    moves = (Amendment(draw(st.dates(AVENANT_2, AVENANT_2 + dt.timedelta(days=500))), avenant_2=True),) if older else ()
    if older and draw(st.booleans()):
        moves += (Amendment(draw(st.dates(AVENANT_2, horizon)), records_sas=True),)
    amendments = moves + tuple(
        Amendment(
            on,
            size=draw(st.none() | st.integers(1, 4)),
            changes_sas=(sas := draw(st.booleans())),
            sas_from=draw(st.none() | after) if sas else None,
            members=draw(st.none() | MEMBERS),
            avenant_2=on >= AVENANT_2 and draw(st.booleans()),
            records_sas=on >= AVENANT_2 and draw(st.booleans()),  # the « avenant complémentaire » (002 §2.3)
        )
        for on in draw(st.lists(after, max_size=3))
    )
    base = ContractDescription(signed_on=signed_on, size=1, amendments=amendments)
    crisis_from = avenant_2_from(base)
    missions = {}
    for mission in MISSIONS:
        low = crisis_from if mission == "crisis" else signed_on
        high = low + dt.timedelta(days=365) if older and mission == "access" and low else horizon  # before the move
        if low is not None and ((older and mission == "access") or draw(st.booleans())):
            missions[mission] = MissionDates(started_on=draw(st.dates(low, max(low, high))))
    attainment = {
        (year, mission): Decimal(draw(st.integers(0, 100))) / 100
        for year in range(1, 6)
        for mission in missions
        if mission != "crisis" and draw(st.booleans())
    }
    termination = None
    if draw(st.booleans()):
        termination = Termination(draw(after), draw(st.sampled_from(("cpts", "cpam", "ars"))))
    return ContractDescription(
        signed_on=signed_on,
        size=draw(st.integers(1, 4)),
        sas_from=draw(st.none() | st.dates(dt.date(2019, 1, 1), horizon) | st.dates(dt.date(2019, 1, 1), AVENANT_2)),
        orientation_service=draw(st.booleans()),
        members=draw(MEMBERS),
        missions=missions,
        crisis_plan_drafted_on=draw(st.none() | after),
        attainment=attainment,
        crises=tuple(draw(st.lists(after, max_size=4))),
        amendments=amendments,
        termination=termination,
        covid_2021_actions=draw(st.booleans()),
        dossier=draw(st.none() | st.builds(Dossier, st.none() | st.dates(signed_on, signed_on + 364 * DAY))),
        early_mission_contract=(
            draw(st.none() | early_contracts(signed_on)) if signed_on > dt.date(2022, 9, 3) else None
        ),
        members_lists=draw(members_lists(signed_on)),
    )


PART_NAMES = {f"{MISSION_LABELS[m]} — {PART_LABELS[p]} :": (m, p) for m in ("operating", *MISSIONS) for p in PARTS}


def part_of(label: str) -> tuple[str, str]:
    """(mission, part) of one part's explanation, from its label « Mission — volet : … »."""
    return next(found for prefix, found in PART_NAMES.items() if label.startswith(prefix))


READINGS = st.builds(
    Readings,
    leap_anniversary=st.sampled_from(("feb28", "mar1")),
    terms_at=st.sampled_from(("settlement", "year_start")),
    next_advance_due=st.sampled_from(("with_settlement", "on_anniversary")),
    crisis_needs_plan_first=st.booleans(),
    members_list_suspends_bonus=st.booleans(),
)


def expected_due(contract: ContractDescription, readings: Readings) -> dict[tuple[int, str, str], Decimal]:
    """What is due per (year, mission, part), computed from the tables directly (not from the schedule)."""
    timeline = TermsTimeline(contract)
    due: dict[tuple[int, str, str], Decimal] = {}
    plans = year_plans(contract, readings)
    moved_on = sas_transition(contract)
    for plan in plans:
        year = plan.year
        on = plan.closes_on if readings.terms_at == "settlement" else year.start
        starts = {"operating": year.start}
        for mission, dates in contract.missions.items():
            if dates.started_on is not None and dates.started_on < plan.closes_on:
                starts[mission] = dates.started_on
        crisis_start = starts.get("crisis")
        for mission, started in starts.items():
            later = mission == "crisis" and crisis_start is not None and crisis_start < year.start
            terms = timeline.on(on, "later" if later else "first")
            if (
                mission == "access" and moved_on is not None and moved_on < plans[-1].closes_on
                and not plan.terminated and plan.settlement_due > AVENANT_2 and on < moved_on
            ):  # fmt: skip
                # SAS_TRANSITION_BEFORE_AVENANT_2: the whole year on the avenant n° 2 SAS amounts, without the bonus.
                terms = replace(terms, on=max(terms.on, AVENANT_2), avenant_2=True, sas=True, sas_recorded=True,
                                size4_bonus=False)  # fmt: skip
            opened = timeline.on(max(started, year.start), "later" if later else "first")
            days, total = prorata(started, plan.closes_on, year.start, year.end)
            for part in ("operating", "fixed", "variable", "snp_compensation", "snp_orientation"):
                line = envelope(terms, mission, part)
                if line is None:
                    continue
                rate = contract.attainment.get((year.number, mission)) if part == "variable" else Decimal(1)
                if rate is not None:
                    due[(year.number, mission, part)] = cents(line.amount * rate * days / total)
                if part in ADVANCED and size4_bonus_rate(opened) != size4_bonus_rate(terms):
                    advanced = bonus_split(opened, terms, mission, part, max(started, year.start), plan)
                    if advanced is not None:
                        due[(year.number, mission, part)] = advanced
    return due


def sas_transition(contract: ContractDescription) -> dt.date | None:
    """002 §2.3, from the contract's fields: the avenant n° 2 amendment of a contract signed before 3/9/2022
    whose territory had a SAS (the ARS date, as amended by then) on 3/9/2022."""
    if contract.signed_on >= AVENANT_2:
        return None
    sas = contract.sas_from
    for amendment in sorted(contract.amendments, key=lambda a: a.signed_on):
        if amendment.signed_on <= AVENANT_2 and amendment.changes_sas:
            sas = amendment.sas_from
    moves = [a.signed_on for a in contract.amendments if a.avenant_2 and a.signed_on >= AVENANT_2]
    return min(moves) if moves and sas is not None and sas <= AVENANT_2 else None


def bonus_split(opened: Terms, terms: Terms, mission: str, part: str, start: dt.date, plan: YearPlan) -> Decimal | None:
    """Rule SIZE4_BONUS_FROM_AMENDMENT, from the tables: the advance at the bonus of its date, the rest of the
    year (due without the bonus minus the advance without the bonus) at the bonus of the settlement."""
    year = plan.year
    advance_line = envelope(opened, mission, part)
    if advance_line is None:
        return None
    share = Decimal((year.end - start).days) / year.days
    advance = cents(advance_line.amount * Decimal("0.75") * share)
    if not advance:
        return None
    base_advance = cents(envelope_amount(replace(opened, size4_bonus=False), mission, part) * Decimal("0.75") * share)
    base_due = cents(envelope_amount(replace(terms, size4_bonus=False), mission, part) * (plan.closes_on - start).days
                     / year.days)  # fmt: skip
    return advance + cents((base_due - base_advance) * (1 + size4_bonus_rate(terms)))


@settings(max_examples=300, deadline=None)
@given(contracts(), READINGS)
def test_each_year_and_part_sums_to_what_is_due(contract: ContractDescription, readings: Readings) -> None:
    schedule = compute_schedule(contract, readings=readings)
    paid: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    for payment in schedule.payments:
        if payment.mission == "termination":  # one net line, each part's difference in its explanation
            children = payment.explanation.children
            assert sum((child.amount for child in children), ZERO) == payment.amount
            for child in children:
                paid[(payment.contract_year, *part_of(child.label))] += child.amount
        elif payment.part not in ONE_OFF:
            paid[(payment.contract_year, payment.mission, payment.part)] += payment.amount
    due = expected_due(contract, readings)
    pending = set()
    for item in schedule.pending:
        if HELD in item.reason:  # MEMBERS_LIST_YEARLY: the size-4 bonus of the settlement, due once the list is in
            paid[(item.contract_year, item.mission, item.part)] += item.maximum
        else:
            pending.add((item.contract_year, item.mission, item.part))
    for key in set(paid) | set(due):
        if key in pending:
            assert key not in paid or key[2] != "variable"
            continue
        assert paid.get(key, ZERO) == due.get(key, ZERO), key


@settings(max_examples=300, deadline=None)
@given(contracts(), READINGS)
def test_dates_kinds_advances_and_keys(contract: ContractDescription, readings: Readings) -> None:
    schedule = compute_schedule(contract, readings=readings)
    plans = year_plans(contract, readings)
    last_settlement = max(plan.settlement_due for plan in plans)
    keys = [payment.key for payment in schedule.payments]
    assert len(keys) == len(set(keys))
    assert [p.sort_key() for p in schedule.payments] == sorted(p.sort_key() for p in schedule.payments)
    terminated = any(plan.terminated for plan in plans)
    for payment in schedule.payments:
        if payment.contract_year == 0:  # the early-mission contract: checked by test_early_mission_alone
            assert contract.early_mission_contract is not None
            assert contract.early_mission_contract.signed_on <= payment.due_on
            continue
        # The year-1 operating payment is payable from the day the dossier was declared complete, which may come
        # after a termination's last settlement (002 annexe 1, art. 6.1, rule OPERATING_PAYMENTS).
        completed = contract.dossier.complete_on if contract.dossier and payment.mission == "operating" else None
        if payment.kind == "size4_bonus":  # MEMBERS_LIST_YEARLY: due from a list received late, maybe after the end
            received = [i.received_on for i in contract.members_lists or () if i.contract_year == payment.contract_year]
            assert payment.payable_on in received and payment.amount > 0
            completed = payment.payable_on
        assert contract.signed_on <= payment.due_on <= max(last_settlement, completed or last_settlement)
        assert payment.amount != ZERO and payment.amount == cents(payment.amount)
        if payment.kind == "reimbursement":
            assert terminated and payment.amount < 0
        if payment.kind in ("balance", "reimbursement") and plans[payment.contract_year - 1].terminated:
            assert payment.mission == "termination"  # the termination year is settled by one net amount
        else:
            assert payment.amount > 0 or payment.kind in ("balance", "top_up")
        if payment.kind == "top_up":  # SAS_TRANSITION_BEFORE_AVENANT_2: only from the avenant n° 2 amendment
            assert payment.mission == "access" and payment.due_on == sas_transition(contract)
        if payment.kind == "advance":
            annual = payment.explanation.children[0].amount
            assert payment.amount <= cents(annual * Decimal("0.75"))
            assert payment.due_on >= plans[payment.contract_year - 1].year.start  # never before its own year
    waiting = contract.dossier is not None and contract.dossier.complete_on is None
    for pending in schedule.pending:
        operating_1 = (pending.contract_year, pending.mission) == (1, "operating")  # the dossier is not complete
        held = HELD in pending.reason and contract.members_lists is not None  # a size-4 bonus waiting for its list
        assert pending.maximum > 0 and (pending.part == "variable" or (operating_1 and waiting) or held)


@settings(max_examples=300, deadline=None)
@given(early_contracts())
def test_early_mission_alone(contract: EarlyMissionContract) -> None:
    """Without an ACI: the aid per counted core mission at signature, nothing before it; refunded whole, and only
    after a termination by the CPAM (002 annexe 2, art. 2.2 and 4.3)."""
    payments = early_mission_schedule(contract).payments
    counted = counted_missions(contract)
    assert "crisis" not in counted
    if not counted:
        assert payments == ()
        return
    paid = payments[0]
    assert (paid.due_on, paid.kind, paid.contract_year) == (contract.signed_on, "payment", 0)
    assert paid.amount > 0 and paid.amount % len(counted) == 0
    refunds = payments[1:]
    assert all(p.kind == "reimbursement" and p.amount == -paid.amount for p in refunds) and len(refunds) <= 1
    if refunds:
        assert contract.terminated_by == "cpam" and refunds[0].due_on > contract.signed_on


@settings(max_examples=100, deadline=None)
@given(contracts())
def test_amounts_never_depend_on_today(contract: ContractDescription) -> None:
    """`today` only changes deadline statuses."""
    first = compute_schedule(contract, dt.date(2020, 1, 1))
    second = compute_schedule(contract, dt.date(2030, 1, 1))
    assert [(p.key, p.due_on, p.amount) for p in first.payments] == [
        (p.key, p.due_on, p.amount) for p in second.payments
    ]
