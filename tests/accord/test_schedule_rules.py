"""One worked example per rule of the schedule (docs/interpretations.md), computed by hand in each docstring
from the cited clause.

Amounts: 002 annexe 1, art. 5 (avenant n° 2) and 000 (2019 tables), read
through cpts.accord.envelopes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from cpts.accord.calendar import add_months, anniversary, prorata
from cpts.accord.contract import (
    Amendment,
    ContractDescription,
    EarlyMissionContract,
    MissionDates,
    Termination,
)
from cpts.accord.contract_file import load_contract
from cpts.accord.readings import DEFAULT_READINGS, Readings
from cpts.accord.recurring import prorated
from cpts.accord.schedule import Payment, Schedule, compute_schedule
from cpts.accord.years import contract_years

d = dt.date
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def worked() -> ContractDescription:
    return load_contract(EXAMPLES / "worked-example.yaml")


def amounts(schedule: Schedule) -> dict[tuple[int, str, str, str], Decimal]:
    return {payment.key: payment.amount for payment in schedule.payments}


def find(schedule: Schedule, key: tuple[int, str, str, str]) -> Payment:
    return next(payment for payment in schedule.payments if payment.key == key)


def test_rule_1_contract_years_and_29_february() -> None:
    """CONTRACT_YEARS (002 annexe 1, art. 7: five years). Signed 29/02/2024: year 1 runs to 28/02/2025
    (365 days), year 4 from 28/02/2027 to 29/02/2028 (366 days), year 5 ends 28/02/2029. Under the
    other reading ("mar1") the anniversaries of common years fall on 1 March."""
    years = contract_years(d(2024, 2, 29), Readings())
    assert [(y.start, y.end) for y in years] == [
        (d(2024, 2, 29), d(2025, 2, 28)),
        (d(2025, 2, 28), d(2026, 2, 28)),
        (d(2026, 2, 28), d(2027, 2, 28)),
        (d(2027, 2, 28), d(2028, 2, 29)),
        (d(2028, 2, 29), d(2029, 2, 28)),
    ]
    assert [y.days for y in years] == [365, 365, 365, 366, 365]
    assert anniversary(d(2024, 2, 29), 1, "mar1") == d(2025, 3, 1)
    assert add_months(d(2023, 8, 31), 6) == d(2024, 2, 29)


def test_rule_2_prorata_by_days() -> None:
    """PRORATA_BY_DAYS: access started 01/06/2023 in the year 01/03/2023–01/03/2024: June to February is
    30+31+31+30+31+30+31+31+29 = 274 days of 366; pathways from 15/01/2024: 17 + 29 = 46 days."""
    assert prorata(d(2023, 6, 1), d(2024, 3, 1), d(2023, 3, 1), d(2024, 3, 1)) == (274, 366)
    assert prorata(d(2024, 1, 15), d(2024, 3, 1), d(2023, 3, 1), d(2024, 3, 1)) == (46, 366)
    assert prorata(d(2022, 1, 1), d(2030, 1, 1), d(2023, 3, 1), d(2024, 3, 1)) == (366, 366)


def test_rule_3_rounding_half_up_and_balance_closes_the_year() -> None:
    """ROUNDING_BALANCE: 0,005 € rounds up (half up, not to even); the access fixed part of year 1 is
    70 000 × 274/366 = 52 404,371… → 52 404,37; advance 39 303,28; balance 52 404,37 − 39 303,28
    = 13 101,09, so the year sums exactly to 52 404,37."""
    assert prorated(Decimal("10.005"), 1, 1) == Decimal("10.01")
    assert prorated(Decimal("0.125"), 1, 1) == Decimal("0.13")
    paid = amounts(compute_schedule(worked()))
    assert paid[(1, "access", "fixed", "advance")] + paid[(1, "access", "fixed", "balance")] == Decimal("52404.37")


def test_rule_4_operating_funding() -> None:
    """OPERATING_PAYMENTS (art. 6.1): size 2, 60 000 €: year 1 in full at signature (01/03/2023); year 2,
    75 % × 60 000 = 45 000 advanced with the settlement due 01/05/2024; balance 15 000 due 01/05/2025."""
    schedule = compute_schedule(worked())
    assert (find(schedule, (1, "operating", "operating", "payment")).due_on, amounts(schedule)[
        (1, "operating", "operating", "payment")]) == (d(2023, 3, 1), Decimal("60000.00"))  # fmt: skip
    assert find(schedule, (2, "operating", "operating", "advance")).due_on == d(2024, 5, 1)
    assert amounts(schedule)[(2, "operating", "operating", "advance")] == Decimal("45000.00")
    assert find(schedule, (2, "operating", "operating", "balance")).amount == Decimal("15000.00")
    assert (1, "operating", "operating", "balance") not in amounts(schedule)


def test_rule_4_other_reading_advance_on_the_anniversary() -> None:
    """Reading next_advance_due="on_anniversary": the year-2 advance falls on 01/03/2024 itself."""
    schedule = compute_schedule(worked(), readings=Readings(next_advance_due="on_anniversary"))
    assert find(schedule, (2, "operating", "operating", "advance")).due_on == d(2024, 3, 1)


def test_rule_5_fixed_part_and_2019_access_volets() -> None:
    """FIXED_ADVANCE_AND_BALANCE (art. 6.2; 002 §2.3 b): a 2019 size-1 contract signed 01/01/2020 with
    access started at signature and the orientation service. Year 1 (366 days, full): advances
    75 % × 15 000 = 11 250 (fixed), 75 % × 10 000 = 7 500 (compensation), 75 % × 35 000 = 26 250
    (orientation) at signature; balances 3 750, 2 500, 8 750 due 01/03/2021."""
    contract = ContractDescription(
        signed_on=d(2020, 1, 1), size=1, orientation_service=True,
        missions={"access": MissionDates(started_on=d(2020, 1, 1))},
    )  # fmt: skip
    paid = amounts(compute_schedule(contract))
    assert paid[(1, "access", "fixed", "advance")] == Decimal("11250.00")
    assert paid[(1, "access", "snp_compensation", "advance")] == Decimal("7500.00")
    assert paid[(1, "access", "snp_orientation", "advance")] == Decimal("26250.00")
    assert paid[(1, "access", "fixed", "balance")] == Decimal("3750.00")
    assert paid[(1, "access", "snp_compensation", "balance")] == Decimal("2500.00")
    assert paid[(1, "access", "snp_orientation", "balance")] == Decimal("8750.00")
    assert find(compute_schedule(contract), (1, "access", "fixed", "balance")).due_on == d(2021, 3, 1)


def test_rule_6_variable_part_and_pending_review() -> None:
    """VARIABLE_AT_SETTLEMENT (art. 4.2.2, 6.2): year 1 access 30 000 × 80 % × 274/366 = 17 967,21;
    year 3 has no validated review: pending, at most 30 000 (full year), settling 01/05/2026 — not zero."""
    schedule = compute_schedule(worked())
    assert amounts(schedule)[(1, "access", "variable", "balance")] == Decimal("17967.21")
    pending = next(p for p in schedule.pending if (p.contract_year, p.mission) == (3, "access"))
    assert (pending.maximum, pending.settles_on) == (Decimal("30000.00"), d(2026, 5, 1))
    assert (3, "access", "variable", "balance") not in amounts(schedule)


def size4_moving_to_avenant_2(readings: Readings = DEFAULT_READINGS) -> Schedule:
    contract = ContractDescription(
        signed_on=d(2021, 1, 1), size=4, members=120,
        missions={"pathways": MissionDates(started_on=d(2021, 1, 1))},
        amendments=(Amendment(d(2022, 10, 1), avenant_2=True),),
    )  # fmt: skip
    return compute_schedule(contract, readings=readings)


def test_rule_7_terms_in_force_at_settlement() -> None:
    """TERMS_AT_SETTLEMENT, with the size-4 bonus by SIZE4_BONUS_FROM_AMENDMENT (002 §5.1: the +10 % applies to
    what is paid from the amendment, "solde de l'année en cours, avance de l'année à venir"; annexe 3 "Non
    rétroactif"). Size 4, 120 members, pathways fixed 50 000. Year 2 (01/01/2022–01/01/2023) advance under
    the 2019 terms: 75 % × 50 000 = 37 500, not raised; settled on 01/01/2023 under avenant n° 2 (signed
    01/10/2022): the rest (50 000 − 37 500) × 1,10 = 13 750 (previously 55 000 − 37 500 = 17 500); year-3
    advance 75 % × 55 000 = 41 250. With terms at the year's start (no bonus then): balance 12 500."""
    paid = amounts(size4_moving_to_avenant_2())
    assert paid[(2, "pathways", "fixed", "advance")] == Decimal("37500.00")
    assert paid[(2, "pathways", "fixed", "balance")] == Decimal("13750.00")
    assert paid[(3, "pathways", "fixed", "advance")] == Decimal("41250.00")
    other = amounts(size4_moving_to_avenant_2(Readings(terms_at="year_start")))
    assert other[(2, "pathways", "fixed", "balance")] == Decimal("12500.00")


def test_rule_7_sas_amounts_replace_the_2019_access_volets() -> None:
    """TERMS_AT_SETTLEMENT with the SAS (002 §2.3: "celui-ci sera calculé sur la base du montant de
    l'avenant n° 2"). Size 2, SAS since 2020, signed 01/01/2021, avenant n° 2 on 01/10/2022. Year 2
    advances (2019): fixed 75 % × 17 500 = 13 125, compensation 75 % × 12 000 = 9 000. Settlement on
    01/01/2023 with the SAS amount 70 000: fixed balance 70 000 − 13 125 = 56 875; the compensation volet
    no longer exists: −9 000. The year's access fixed money is 70 000 in all."""
    contract = ContractDescription(
        signed_on=d(2021, 1, 1), size=2, sas_from=d(2020, 6, 1),
        missions={"access": MissionDates(started_on=d(2021, 1, 1))},
        amendments=(Amendment(d(2022, 10, 1), avenant_2=True),),
    )  # fmt: skip
    paid = amounts(compute_schedule(contract))
    assert paid[(2, "access", "fixed", "balance")] == Decimal("56875.00")
    assert paid[(2, "access", "snp_compensation", "balance")] == Decimal("-9000.00")
    year_2 = sum(v for (y, m, part, _), v in paid.items() if (y, m) == (2, "access") and part != "variable")
    assert year_2 == Decimal("70000.00")


def test_rule_8_crisis_fixed_and_occurrence_once_a_year() -> None:
    """CRISIS_PAYMENTS (002 §1.1, §1.3, art. 6.2): first drafting 35 000 in year 1 (75 % × 35 000 ×
    274/366 = 19 651,64), update 17 500 later (75 % = 13 125); occurrences declared 10/11/2024 and
    05/01/2025 both fall in year 2: one payment of 52 500 due 10/12/2024; one declared 01/10/2023,
    before the plan (01/12/2023), is not paid."""
    base = worked()
    contract = ContractDescription(**{**_fields(base), "crises": (d(2023, 10, 1), d(2024, 11, 10), d(2025, 1, 5))})
    schedule = compute_schedule(contract)
    occurrences = [p for p in schedule.payments if p.part == "crisis_occurrence"]
    assert [(p.contract_year, p.due_on, p.amount) for p in occurrences] == [(2, d(2024, 12, 10), Decimal("52500.00"))]
    assert amounts(schedule)[(1, "crisis", "fixed", "advance")] == Decimal("19651.64")
    assert amounts(schedule)[(2, "crisis", "fixed", "advance")] == Decimal("13125.00")
    lenient = compute_schedule(contract, readings=Readings(crisis_needs_plan_first=False))
    assert find(lenient, (1, "crisis", "crisis_occurrence", "payment")).due_on == d(2024, 1, 1)


def test_rule_8_covid_2021_derogation() -> None:
    """CRISIS_PAYMENTS, COVID-2021 derogation (002 §1.3): size 3, signed 15/06/2021 (by 31/12/2021), crisis
    actions in 2021: one occurrence amount, 67 500, paid 15/11/2022 at the avenant-2 amendment (year 2).
    Signed 05/01/2022: nothing."""
    contract = load_contract(EXAMPLES / "older-contract.yaml")
    payment = find(compute_schedule(contract), (2, "crisis", "crisis_occurrence_2021", "payment"))
    assert (payment.due_on, payment.amount) == (d(2022, 11, 15), Decimal("67500.00"))
    late = ContractDescription(**{**_fields(contract), "signed_on": d(2022, 1, 5), "termination": None})
    assert not [p for p in compute_schedule(late).payments if p.part == "crisis_occurrence_2021"]


def test_rule_9_additional_operating_funding() -> None:
    """OPERATING_BONUS_DATE (002 §3.1): size 3 signed 15/06/2021: 56 250 on 03/09/2022 (year 2);
    size 2 signed 15/09/2022: 45 000 at signature; signed 30/09/2022: nothing."""
    def bonus(signed_on: dt.date, size: int) -> list[tuple[dt.date, int, Decimal]]:
        schedule = compute_schedule(ContractDescription(signed_on=signed_on, size=size))
        return [(p.due_on, p.contract_year, p.amount) for p in schedule.payments if p.part == "operating_bonus"]

    assert bonus(d(2021, 6, 15), 3) == [(d(2022, 9, 3), 2, Decimal("56250.00"))]
    assert bonus(d(2022, 9, 15), 2) == [(d(2022, 9, 15), 1, Decimal("45000.00"))]
    assert bonus(d(2022, 9, 30), 2) == []


def test_rule_10_older_contract_keeps_2019_amounts_until_its_amendment() -> None:
    """AVENANT_2_BY_AMENDMENT (002 §2.3, 1-): size 2 with SAS signed 01/01/2021, no amendment: year 3
    (settled 01/01/2024) still pays the 2019 access fixed 17 500 (balance 4 375) and has no crisis money;
    with the amendment of 01/10/2022 the year-3 balance is 70 000 − 75 % × 70 000 = 17 500."""
    stays = ContractDescription(
        signed_on=d(2021, 1, 1), size=2, sas_from=d(2020, 6, 1),
        missions={"access": MissionDates(started_on=d(2021, 1, 1))},
    )  # fmt: skip
    paid = amounts(compute_schedule(stays))
    assert paid[(3, "access", "fixed", "balance")] == Decimal("4375.00")
    moves = ContractDescription(**{**_fields(stays), "amendments": (Amendment(d(2022, 10, 1), avenant_2=True),)})
    assert amounts(compute_schedule(moves))[(3, "access", "fixed", "balance")] == Decimal("17500.00")


def test_rule_11_termination_prorata_and_reimbursement() -> None:
    """TERMINATION_PRORATA and TERMINATION_NET_SETTLEMENT (art. 8.1, 8.3 « la communauté professionnelle est
    tenue de procéder au remboursement de la différence »): the worked-example CPTS gives notice on 10/06/2024:
    effective 10/08/2024, in year 2 (01/03/2024–01/03/2025, 365 days): 162 days. Each part, prorata temporis:
    operating 60 000 × 162/365 = 26 630,14 − 45 000 advanced = −18 369,86; access fixed 70 000 × 162/365 =
    31 068,49 − 52 500 = −21 431,51; access variable 30 000 × 80 % × 162/365 = 10 652,05; pathways fixed
    15 534,25 − 26 250 = −10 715,75, variable 12 427,40; prevention fixed 6 657,53 − 11 250 = −4 592,47,
    variable 5 326,03; crisis update 17 500 × 162/365 = 7 767,12 − 13 125 = −5 357,88. Remuneration 116 063,01
    − 148 125 paid = one reimbursement of −32 061,99 by 10/10/2024. Nothing for later years; the crisis of
    10/11/2024 comes after the end."""
    contract = ContractDescription(**{**_fields(worked()), "termination": Termination(d(2024, 6, 10), "cpts")})
    schedule = compute_schedule(contract)
    net = find(schedule, (2, "termination", "net_settlement", "reimbursement"))
    assert (net.due_on, net.amount) == (d(2024, 10, 10), Decimal("-32061.99"))
    assert [child.amount for child in net.explanation.children] == [
        Decimal(x) for x in ("-18369.86", "-21431.51", "10652.05", "-10715.75", "12427.40", "-4592.47", "5326.03",
                             "-5357.88")
    ]  # fmt: skip
    assert [step.result for step in net.explanation.steps] == [Decimal("116063.01"), Decimal("-32061.99")]
    assert not [p for p in schedule.payments if p.contract_year == 2 and p.kind == "balance"]
    assert max(p.contract_year for p in schedule.payments) == 2
    assert not [p for p in schedule.payments if p.part == "crisis_occurrence"]


def test_rule_11_bonus_and_occurrence_are_not_clawed_back() -> None:
    """TERMINATION_PRORATA: notice 20/11/2024, effective 20/01/2025: the occurrence of 10/11/2024 stays paid
    (52 500) and no negative line touches it."""
    contract = ContractDescription(**{**_fields(worked()), "termination": Termination(d(2024, 11, 20), "cpts")})
    schedule = compute_schedule(contract)
    crisis_lines = [p for p in schedule.payments if p.part == "crisis_occurrence"]
    assert [p.amount for p in crisis_lines] == [Decimal("52500.00")]


def test_rule_11_referral_suspends_a_cpam_termination() -> None:
    """Art. 8.2: "Cette saisine suspend l'effet de la décision de résiliation": without the commission's
    date the contract runs its five years; with it (01/09/2024), it ends then."""
    suspended = Termination(d(2024, 6, 10), "cpam", referred_to_commission=True)
    schedule = compute_schedule(ContractDescription(**{**_fields(worked()), "termination": suspended}))
    assert len(schedule.years) == 5 and all(p.kind != "reimbursement" for p in schedule.payments)
    decided = Termination(d(2024, 6, 10), "cpam", effective_on=d(2024, 9, 1), referred_to_commission=True)
    schedule = compute_schedule(ContractDescription(**{**_fields(worked()), "termination": decided}))
    assert find(schedule, (2, "termination", "net_settlement", "reimbursement")).due_on == d(2024, 11, 1)


def early(**changes: object) -> ContractDescription:
    contract = EarlyMissionContract(
        signed_on=d(2023, 6, 1), size=1, started_missions=("access", "pathways", "crisis"),
        aci_signed_on=None, access_actions=("mt", "snp"),
    )  # fmt: skip
    values = {field: getattr(contract, field) for field in contract.__dataclass_fields__}
    values.update(changes)
    return ContractDescription(
        signed_on=d(2024, 6, 1), size=1, early_mission_contract=EarlyMissionContract(**values)  # type: ignore[arg-type]
    )


def test_rule_12_early_mission_contract() -> None:
    """EARLY_MISSION_CONTRACT (002 §3.2, annexe 2 art. 2.2): size 1, 15 000 per started core mission:
    access (both actions) and pathways count, crisis never: 2 × 15 000 = 30 000 at signature 01/06/2023.
    Access with only the médecin-traitant action: 15 000. Terminated 10/03/2024 with no ACI within nine
    months (01/03/2024, no registration date: from the signature) by the CPAM for want of adhesion (002 §3.2):
    effective 10/04/2024, 30 000 reimbursed by 10/06/2024; with the ACI signed on 01/02/2024, or terminated
    by the CPTS (annexe 2, art. 4.3: a refund only « à l'initiative de l'organisme local d'Assurance maladie »),
    nothing is reimbursed."""
    paid = compute_schedule(early()).payments
    assert [(p.due_on, p.contract_year, p.amount) for p in paid if p.mission == "early_mission"] == [
        (d(2023, 6, 1), 0, Decimal("30000.00"))
    ]
    one = compute_schedule(early(access_actions=("mt",))).payments
    assert [p.amount for p in one if p.mission == "early_mission"] == [Decimal("15000.00")]
    ended = compute_schedule(
        early(terminated_notified_on=d(2024, 3, 10), terminated_by="cpam", termination_ground="no_adhesion")
    ).payments
    refund = [p for p in ended if p.kind == "reimbursement"]
    assert [(p.due_on, p.amount) for p in refund] == [(d(2024, 6, 10), Decimal("-30000.00"))]
    kept = early(
        terminated_notified_on=d(2024, 3, 10), terminated_by="cpam", termination_ground="no_adhesion",
        aci_signed_on=d(2024, 2, 1),
    )  # fmt: skip
    assert not [p for p in compute_schedule(kept).payments if p.kind == "reimbursement"]
    by_cpts = early(terminated_notified_on=d(2024, 3, 10), terminated_by="cpts")
    assert not [p for p in compute_schedule(by_cpts).payments if p.kind == "reimbursement"]


def test_rule_13_deployment_deadlines() -> None:
    """DEPLOYMENT_DEADLINES (art. 3): signed 01/03/2023: access start by 01/09/2023 (met 01/06/2023),
    deployment by 01/09/2024 — due soon on 01/08/2024 (within 60 days), missed on 01/10/2024; pathways
    start by 01/03/2024 (met 15/01/2024), deployment by 01/03/2025; quality has no planned date: free."""
    def statuses(today: dt.date) -> dict[tuple[str, str], tuple[dt.date | None, str]]:
        return {(x.mission, x.kind): (x.due_on, x.status) for x in compute_schedule(worked(), today).deadlines}

    soon = statuses(d(2024, 8, 1))
    assert soon[("access", "start")] == (d(2023, 9, 1), "met")
    assert soon[("access", "deployment")] == (d(2024, 9, 1), "due_soon")
    assert soon[("pathways", "start")] == (d(2024, 3, 1), "met")
    assert soon[("pathways", "deployment")] == (d(2025, 3, 1), "open")
    assert soon[("quality", "start")] == (None, "free")
    assert statuses(d(2024, 10, 1))[("access", "deployment")] == (d(2024, 9, 1), "missed")


def test_rule_13_crisis_deadlines_run_from_the_amendment_or_the_national_template() -> None:
    """DEPLOYMENT_DEADLINES (002 §1.2) and CRISIS_TEMPLATE_AVAILABLE (art. 3 « sous réserve de la mise à
    disposition de la trame nationale »): the 2021 contract moves to avenant n° 2 on 15/11/2022, before the
    template (12/01/2023): crisis start by 12/07/2023, deployment by 12/07/2024; access (SAS amendment of
    01/10/2023) start by 01/04/2024. Amended on 15/03/2023 instead: start by 15/09/2023."""
    older = load_contract(EXAMPLES / "older-contract.yaml")
    due = {(x.mission, x.kind): x.due_on for x in compute_schedule(older).deadlines}
    assert due[("crisis", "start")] == d(2023, 7, 12)
    assert due[("crisis", "deployment")] == d(2024, 7, 12)
    assert due[("access", "start")] == d(2024, 4, 1)
    assert due[("pathways", "start")] == d(2022, 6, 15)
    later = [replace(a, signed_on=d(2023, 3, 15)) if a.avenant_2 else a for a in older.amendments]
    moved = compute_schedule(replace(older, amendments=tuple(later))).deadlines
    assert {(x.mission, x.kind): x.due_on for x in moved}[("crisis", "start")] == d(2023, 9, 15)


def _fields(contract: ContractDescription) -> dict[str, object]:
    return {field: getattr(contract, field) for field in contract.__dataclass_fields__}
