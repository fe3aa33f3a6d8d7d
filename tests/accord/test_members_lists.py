"""Rule MEMBERS_LIST_YEARLY (docs/interpretations.md), worked by hand through `cpts schedule --json`.

002 §5.1: « Les CPTS de taille 4 comprenant au moins cent membres ... bénéficient d'une majoration de 10 % »;
« En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses adhérents en
mentionnant s'il s'agit d'une personne physique ou morale »; « Les 10 % supplémentaires s'appliquent sur
l'ensemble des rémunérations éligibles ... versées à date anniversaire (solde de l'année en cours, avance de
l'année à venir ...) ». The same example through a payment run and the ledger:
tests/payments/test_members_list_ledger.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_text_readings import lines, schedule_json

from cpts.accord.contract import ContractDescription, MembersList, MissionDates, Termination
from cpts.accord.contract_file import load_contract, parse_contract
from cpts.accord.errors import AccordError
from cpts.accord.members_lists import check_list
from cpts.accord.money import ZERO
from cpts.accord.readings import Readings
from cpts.accord.schedule import compute_schedule
from cpts.accord.years import year_plans

D = dt.date
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
# Size 4 with 120 members from its signature on 15/10/2022 (after avenant n° 2: the bonus from the start),
# pathways started that day, attainment 100 % in year 1. Fixed 50 000 €, variable 50 000 € (002 annexe 1,
# art. 5), 55 000 € each with the bonus (002 §5.1).
SIZE4 = {
    "signed_on": "2022-10-15", "size": 4, "members": 120, "missions": {"pathways": {"started_on": "2022-10-15"}},
    "attainment": {1: {"pathways": 100}},
}  # fmt: skip


def year_1(document: Any) -> dict[tuple[str, str], tuple[str, str]]:
    return {(part, kind): line for (year, mission, part, kind), line in lines(document).items() if year == 1
            and mission == "pathways"}  # fmt: skip


def pending(document: Any) -> list[tuple[int, str, str, str]]:
    return [(p["contract_year"], p["part"], p["maximum"], p["reason"]) for p in document["pending"]]


def test_missing_list_holds_the_bonus_of_the_settlement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """MEMBERS_LIST_YEARLY. 002 §5.1: « En justificatif, l'association CPTS transmettra tous les ans, la liste
    exhaustive de ses adhérents ».

    No list for year 1 (15/10/2022 to 15/10/2023) by its anniversary. The advance, paid on 15/10/2022 before the
    list was due, keeps its bonus: 75 % × 55 000 = 41 250 €. The settlement is paid without the bonus (the advance
    keeping its own, rule SIZE4_BONUS_FROM_AMENDMENT): fixed balance (50 000 − 37 500) × 1 = 12 500 € instead of
    55 000 − 41 250 = 13 750 €; variable 50 000 × 100 % = 50 000 € instead of 55 000 €. Pending with the list:
    1 250 € and 5 000 €. Untouched: the year-2 advance 75 % × 55 000 = 41 250 € (due with the settlement,
    15/12/2023) and the operating funding 90 000 € (never raised).
    """
    document = schedule_json(tmp_path, capsys, {**SIZE4, "members_lists": []}, "2024-02-01")
    found = year_1(document)
    assert found[("fixed", "advance")] == ("2022-10-15", "41250.00")
    assert found[("fixed", "balance")] == ("2023-12-15", "12500.00")
    assert found[("variable", "balance")] == ("2023-12-15", "50000.00")
    assert ("fixed", "size4_bonus") not in found
    assert lines(document)[(2, "pathways", "fixed", "advance")] == ("2023-12-15", "41250.00")
    assert lines(document)[(1, "operating", "operating", "payment")] == ("2022-10-15", "90000.00")
    held = [p for p in pending(document) if p[0] == 1]
    reason = ("liste des adhérents de l'année 1 non transmise : la majoration de 10 % de taille 4 attend ce "
              "justificatif des cent membres (002 §5.1 ; règle MEMBERS_LIST_YEARLY)")  # fmt: skip
    assert held == [(1, "fixed", "1250.00", reason), (1, "variable", "5000.00", reason)]
    balance = next(p for p in document["payments"] if (p["contract_year"], p["part"], p["kind"]) == (1, "fixed",
                   "balance"))  # fmt: skip
    explanation = balance["explanation"]
    assert explanation["rule"] == "MEMBERS_LIST_YEARLY" and "En justificatif" in explanation["source"]
    assert explanation["inputs"]["liste des adhérents de l'année 1"] == "non transmise"
    assert [step["result"] for step in explanation["steps"]] == ["13750.00", "12500.00"]
    statuses = {item["contract_year"]: item["status"] for item in document["members_lists"]}
    assert statuses == {1: "missing", 2: "due", 3: "upcoming", 4: "upcoming", 5: "upcoming"}


def test_late_list_releases_the_bonus_from_its_receipt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """MEMBERS_LIST_YEARLY. 002 §5.1 (« En justificatif ... tous les ans »): the list of year 1, showing 121
    members, received on 10/01/2024, after the anniversary of 15/10/2023 and the settlement (due 15/12/2023).

    The settlement stays without the bonus (12 500 € and 50 000 €); the bonus it held is due from the receipt:
    « majoration » lines of 1 250 € and 5 000 € payable and due on 10/01/2024. Year 1 then totals what it would
    with the list on time: fixed 41 250 + 12 500 + 1 250 = 55 000 €, variable 50 000 + 5 000 = 55 000 €.
    """
    lists = [{"contract_year": 1, "received_on": "2024-01-10", "members": 121}]
    document = schedule_json(tmp_path, capsys, {**SIZE4, "members_lists": lists}, "2024-02-01")
    found = year_1(document)
    assert found[("fixed", "balance")] == ("2023-12-15", "12500.00")
    assert found[("fixed", "size4_bonus")] == ("2024-01-10", "1250.00")
    assert found[("variable", "balance")] == ("2023-12-15", "50000.00")
    assert found[("variable", "size4_bonus")] == ("2024-01-10", "5000.00")
    assert not [p for p in pending(document) if p[0] == 1]
    bonus = next(p for p in document["payments"] if p["kind"] == "size4_bonus" and p["part"] == "fixed")
    assert bonus["explanation"]["inputs"] == {"liste des adhérents de l'année 1": "reçue le 10/01/2024"}
    assert bonus["explanation"]["steps"][0]["formula"] == "13\u202f750,00 € − 12\u202f500,00 €"
    status = document["members_lists"][0]
    assert (status["status"], status["received_on"], status["members"]) == ("late", "2024-01-10", 121)
    on_time = compute_schedule(parse_contract(SIZE4))
    late = compute_schedule(parse_contract({**SIZE4, "members_lists": lists}))
    first = {key: total for key, total in year_part_totals(late).items() if key[0] == 1}
    assert first == {key: total for key, total in year_part_totals(on_time).items() if key[0] == 1}


def test_list_on_time_changes_nothing() -> None:
    """MEMBERS_LIST_YEARLY. A list received by the anniversary (here on the anniversary itself, 15/10/2023)
    justifies the bonus: the schedule is the one of a description whose lists are not followed (the size-4
    bonus as rule SIZE4_BONUS_FROM_AMENDMENT alone says: balance 13 750 €, variable 55 000 €)."""
    lists = [{"contract_year": 1, "received_on": "2023-10-15", "members": 100}]
    followed = compute_schedule(parse_contract({**SIZE4, "members_lists": lists}), D(2024, 2, 1))
    alone = compute_schedule(parse_contract(SIZE4), D(2024, 2, 1))
    assert [(p.key, p.due_on, p.amount) for p in followed.payments if p.contract_year == 1] == [
        (p.key, p.due_on, p.amount) for p in alone.payments if p.contract_year == 1
    ]
    assert followed.members_lists[0].status == "received" and alone.members_lists == ()


def test_list_of_fewer_than_a_hundred_members_justifies_nothing() -> None:
    """MEMBERS_LIST_YEARLY. 002 §5.1 « comprenant au moins cent membres »: a list showing 99 members does not
    justify the bonus; it is shown (short) and the year's bonus stays pending."""
    lists = [{"contract_year": 1, "received_on": "2023-09-01", "members": 99}]
    schedule = compute_schedule(parse_contract({**SIZE4, "members_lists": lists}), D(2024, 2, 1))
    item = schedule.members_lists[0]
    assert (item.status, item.received_on, item.members, item.short) == ("missing", None, 99, True)
    assert sum(p.maximum for p in schedule.pending if p.contract_year == 1) == Decimal("6250.00")


def test_bonus_from_an_amendment_is_held_the_same_way() -> None:
    """MEMBERS_LIST_YEARLY with SIZE4_BONUS_FROM_AMENDMENT (002 §5.1 « à partir de la signature de l'avenant »):
    size 4 signed 15/10/2022 with 80 members, amendment of 15/04/2023 recording 120. The advance 37 500 € carries
    no bonus; with the list the balance would be (50 000 − 37 500) × 1.1 = 13 750 €; without it, 12 500 €, and
    1 250 € wait for the list; the variable 50 000 €, 5 000 € waiting. The list is expected in year 1 (the bonus
    enters on 15/04/2023) and in every later year."""
    contract = parse_contract({**SIZE4, "members": 80, "members_lists": [],
                                   "amendments": [{"signed_on": "2023-04-15", "members": 120}]})  # fmt: skip
    schedule = compute_schedule(contract, D(2024, 2, 1))
    found = {p.key: p.amount for p in schedule.payments if p.contract_year == 1 and p.mission == "pathways"}
    assert found == {
        (1, "pathways", "fixed", "advance"): Decimal("37500.00"),
        (1, "pathways", "fixed", "balance"): Decimal("12500.00"),
        (1, "pathways", "variable", "balance"): Decimal("50000.00"),
    }
    assert [(p.part, p.maximum) for p in schedule.pending if p.contract_year == 1] == [
        ("fixed", Decimal("1250.00")),
        ("variable", Decimal("5000.00")),
    ]
    assert [item.expected for item in schedule.members_lists] == [True] * 5


def test_reading_that_only_shows_the_missing_list() -> None:
    """MEMBERS_LIST_YEARLY, option members_list_suspends_bonus=False: the missing list is shown, nothing waits."""
    contract = parse_contract({**SIZE4, "members_lists": []})
    shown = compute_schedule(contract, D(2024, 2, 1), Readings(members_list_suspends_bonus=False))
    alone = compute_schedule(parse_contract(SIZE4), D(2024, 2, 1))
    assert [(p.key, p.amount) for p in shown.payments] == [(p.key, p.amount) for p in alone.payments]
    assert shown.members_lists[0].status == "missing"


def test_no_list_is_expected_without_the_bonus() -> None:
    """MEMBERS_LIST_YEARLY: the list justifies the size-4 bonus only. Size 3 (§5.1 « ne concerne donc pas les CPTS
    de tailles 1, 2 et 3 »), or size 4 with 99 members: no list expected, nothing held; a list recorded anyway is
    shown as not required."""
    for fields in ({"size": 3}, {"members": 99}):
        schedule = compute_schedule(parse_contract({**SIZE4, **fields, "members_lists": []}), D(2024, 2, 1))
        assert schedule.members_lists == () and all("MEMBERS_LIST" not in p.reason for p in schedule.pending)
    lists = [{"contract_year": 2, "received_on": "2023-11-02", "members": 40}]
    schedule = compute_schedule(parse_contract({**SIZE4, "size": 3, "members_lists": lists}), D(2024, 2, 1))
    assert [(i.contract_year, i.status, i.expected) for i in schedule.members_lists] == [(2, "not_required", False)]


def test_years_before_avenant_2_and_the_termination_year_expect_no_list() -> None:
    """MEMBERS_LIST_YEARLY: the bonus exists only from avenant n° 2 (002 §5.1, annexe 3 « Non rétroactif »), and
    the year a termination takes effect is settled by one net amount (002 annexe 1, art. 8.3): size 4, 150
    members, signed 01/03/2021, avenant n° 2 amendment of 01/12/2022, terminated by the CPTS on notice of
    01/06/2024 (effective 01/08/2024). Year 1 (2021-2022): no bonus, no list; year 2 (01/03/2022 to 01/03/2023,
    settled after the amendment): expected; year 3 (01/03/2023 to 01/03/2024): expected; year 4, cut on
    01/08/2024: none. Its net settlement holds nothing back."""
    contract = parse_contract({
        "signed_on": "2021-03-01", "size": 4, "members": 150, "missions": {"access": {"started_on": "2021-03-01"}},
        "amendments": [{"signed_on": "2022-12-01", "avenant_2": True}], "members_lists": [],
        "termination": {"notified_on": "2024-06-01", "by": "cpts"},
    })  # fmt: skip
    schedule = compute_schedule(contract, D(2024, 9, 1))
    assert [(item.contract_year, item.status) for item in schedule.members_lists] == [(2, "missing"), (3, "missing")]
    assert {p.contract_year for p in schedule.pending if "MEMBERS_LIST" in p.reason} == {2, 3}
    assert not [p for p in schedule.pending if p.contract_year == 4 and p.part != "variable"]


def test_check_list_refuses_a_year_outside_the_contract_or_a_list_before_its_year() -> None:
    """MEMBERS_LIST_YEARLY: a list belongs to a contract year the contract runs, received from its first day."""
    contract = ContractDescription(signed_on=D(2023, 1, 1), size=4, termination=Termination(D(2024, 3, 1), "cpts"))
    plans = year_plans(contract, Readings())
    assert check_list(plans, 2, D(2024, 1, 1)).year.number == 2
    with pytest.raises(AccordError, match="le contrat court sur les années 1 à 2"):
        check_list(plans, 3, D(2025, 1, 1))
    with pytest.raises(AccordError, match=r"ne peut être reçue avant le début de cette année \(01/01/2024\)"):
        check_list(plans, 2, D(2023, 12, 31))


@pytest.mark.parametrize(
    ("lists", "message"),
    [
        ([{"contract_year": 6, "received_on": "2023-01-01", "members": 1}], "members_lists[0].contract_year"),
        ([{"contract_year": 2, "received_on": "2023-01-01", "members": 1}], "antérieur au début de l'année"),
        ([{"contract_year": 1, "received_on": "2023-01-01"}], "members_lists[0].members » : obligatoire"),
        ([{"contract_year": 1, "received_on": "2023-01-01", "members": 1, "kind": "x"}], "kind » inconnu"),
    ],
)
def test_contract_file_refuses_a_wrong_list(lists: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(AccordError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_contract({**SIZE4, "members_lists": lists})


def test_documented_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/examples/members-lists.yaml (docs/contract-format.md, « Listes des adhérents »): the worked example of
    docs/interpretations.md, list of year 1 received late on 10/01/2024, year 2's on time on 01/10/2024."""
    contract = load_contract(EXAMPLES / "members-lists.yaml")
    schedule = compute_schedule(contract, D(2025, 1, 15))
    assert [(item.contract_year, item.status) for item in schedule.members_lists[:3]] == [
        (1, "late"), (2, "received"), (3, "due"),
    ]  # fmt: skip
    bonus = [(p.key, p.due_on, p.amount) for p in schedule.payments if p.kind == "size4_bonus"]
    assert bonus == [
        ((1, "pathways", "fixed", "size4_bonus"), D(2024, 1, 10), Decimal("1250.00")),
        ((1, "pathways", "variable", "size4_bonus"), D(2024, 1, 10), Decimal("5000.00")),
    ]


def year_part_totals(schedule: Any) -> dict[tuple[int, str, str], Decimal]:
    totals: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    for payment in schedule.payments:
        totals[(payment.contract_year, payment.mission, payment.part)] += payment.amount
    return dict(totals)


MISSIONS = ("access", "pathways", "prevention", "crisis", "quality", "support")


@st.composite
def size4_contracts(draw: st.DrawFn) -> tuple[ContractDescription, ContractDescription]:
    """A size-4 contract of 100 members or more under avenant n° 2, its lists received late, and the same contract
    with every list on time."""
    signed_on = draw(st.dates(D(2022, 9, 3), D(2026, 12, 31)))
    missions = {
        mission: MissionDates(started_on=draw(st.dates(signed_on, signed_on + dt.timedelta(days=900))))
        for mission in MISSIONS
        if draw(st.booleans())
    }
    attainment = {
        (year, mission): Decimal(draw(st.integers(0, 100))) / 100
        for year in range(1, 6)
        for mission in missions
        if mission != "crisis" and draw(st.booleans())
    }
    base = ContractDescription(
        signed_on=signed_on, size=4, members=draw(st.integers(100, 300)), missions=missions, attainment=attainment,
        crisis_plan_drafted_on=draw(st.none() | st.dates(signed_on, signed_on + dt.timedelta(days=900))),
    )  # fmt: skip
    plans = year_plans(base, Readings())
    late = tuple(
        MembersList(plan.year.number, plan.closes_on + dt.timedelta(days=draw(st.integers(1, 400))), 100)
        for plan in plans
        if draw(st.booleans())
    )
    on_time = tuple(MembersList(plan.year.number, plan.closes_on, 100) for plan in plans)
    return replace(base, members_lists=late), replace(base, members_lists=on_time)


@settings(max_examples=150, deadline=None)
@given(size4_contracts())
def test_a_held_bonus_is_delayed_never_lost(pair: tuple[ContractDescription, ContractDescription]) -> None:
    """MEMBERS_LIST_YEARLY: for each contract year and part, what is paid plus what waits for a list equals what
    is paid when every list is on time; a released bonus is payable from the list's receipt, never before; the
    advances never change."""
    late, on_time = pair
    held = compute_schedule(late, D(2030, 1, 1))
    whole = compute_schedule(on_time, D(2030, 1, 1))
    totals = year_part_totals(held)
    for item in held.pending:
        if "MEMBERS_LIST_YEARLY" in item.reason:
            key = (item.contract_year, item.mission, item.part)
            totals[key] = totals.get(key, ZERO) + item.maximum
    assert totals == year_part_totals(whole)
    received = {item.contract_year: item.received_on for item in late.members_lists or ()}
    for payment in held.payments:
        if payment.kind == "size4_bonus":
            assert payment.amount > 0 and payment.payable_on == received[payment.contract_year]
            assert payment.due_on >= payment.payable_on
    advances = [(p.key, p.amount) for p in held.payments if p.kind == "advance"]
    assert advances == [(p.key, p.amount) for p in whole.payments if p.kind == "advance"]
