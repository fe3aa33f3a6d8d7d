"""The schedule's whole output is pinned, in files a reviewer reads.

A guard for work that must not change results (a redesign of the engine, speed
work): for the documented examples, edge cases (29 February, size-4 bonus, 2019
access volets, terminations, early-mission contract) and generated contracts,
under the default and each alternative reading, `snapshots/CASE.json` holds one
line per payment (due date, contract year, mission, part, kind, amount, rule and
the formula of its explanation), per pending variable part and per deadline, so
that a change shows in the diff as the lines that moved. The rest of the output
(explanation trees, the `cpts schedule --explain` text) is pinned by one digest
per case. A deliberate change of a rule or a text regenerates the files:
`.venv/bin/python tests/accord/test_schedule_snapshot.py --update`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from cpts.accord.contract import Amendment, ContractDescription, EarlyMissionContract, MissionDates, Termination
from cpts.accord.contract_file import load_description
from cpts.accord.readings import Readings
from cpts.accord.samples import generated
from cpts.accord.schedule import compute_schedule
from cpts.commands.schedule import render

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
SNAPSHOTS = Path(__file__).with_name("snapshots")
TODAY = dt.date(2025, 1, 15)  # deadline statuses depend on it, amounts do not
READINGS = {
    "default": Readings(),
    "mar1": Readings(leap_anniversary="mar1"),
    "year_start": Readings(terms_at="year_start"),
    "on_anniversary": Readings(next_advance_due="on_anniversary"),
    "plan_same_year": Readings(crisis_needs_plan_first=False),
}
D = dt.date


def edge_cases() -> dict[str, ContractDescription]:
    everything = {m: MissionDates(started_on=D(2024, 5, 2)) for m in ("access", "pathways", "prevention", "quality")}
    return {
        "leap_size4_bonus": ContractDescription(
            signed_on=D(2024, 2, 29),
            size=4,
            sas_from=D(2024, 1, 1),
            members=120,
            missions={**everything, "crisis": MissionDates(started_on=D(2024, 8, 1)), "support": MissionDates()},
            crisis_plan_drafted_on=D(2024, 9, 1),
            attainment={
                (1, "access"): Decimal("0.8333"),
                (1, "pathways"): Decimal("0.125"),
                (2, "quality"): Decimal(1),
            },
            crises=(D(2024, 8, 15), D(2024, 10, 1), D(2024, 12, 24), D(2026, 3, 1)),
        ),
        "orientation_2019_never_moved": ContractDescription(
            signed_on=D(2020, 2, 29),
            size=2,
            orientation_service=True,
            members=40,
            missions={"access": MissionDates(started_on=D(2020, 2, 29)), "support": MissionDates(D(2021, 1, 1))},
            attainment={(y, "access"): Decimal("0.5") for y in range(1, 6)},
        ),
        "amendments_sas_off_orientation": ContractDescription(
            signed_on=D(2022, 1, 10),
            size=3,
            sas_from=D(2021, 6, 1),
            members=99,
            missions={"access": MissionDates(D(2022, 3, 1)), "crisis": MissionDates(D(2023, 2, 1))},
            crisis_plan_drafted_on=D(2023, 5, 1),
            attainment={(1, "access"): Decimal("0.9"), (3, "access"): Decimal("0.333")},
            amendments=(
                Amendment(D(2022, 12, 1), avenant_2=True),
                Amendment(D(2023, 7, 1), changes_sas=True, sas_from=None, orientation_service=True),
                Amendment(D(2024, 4, 1), size=4, members=130, changes_sas=True, sas_from=D(2024, 4, 1)),
            ),
            crises=(D(2023, 4, 1), D(2023, 6, 1)),
            covid_2021_actions=True,
        ),
        "referred_termination_runs_on": ContractDescription(
            signed_on=D(2023, 1, 1),
            size=1,
            sas_from=D(2023, 1, 1),
            missions={"pathways": MissionDates(D(2023, 1, 1))},
            termination=Termination(D(2024, 3, 1), "cpam", referred_to_commission=True),
        ),
        "decided_termination_on_anniversary": ContractDescription(
            signed_on=D(2023, 1, 1),
            size=2,
            missions={"prevention": MissionDates(D(2023, 4, 1))},
            attainment={(1, "prevention"): Decimal("0.7")},
            termination=Termination(D(2024, 9, 1), "ars", effective_on=D(2025, 1, 1), referred_to_commission=True),
        ),
        "terminated_in_first_year": ContractDescription(
            signed_on=D(2023, 6, 15),
            size=3,
            sas_from=D(2023, 6, 15),
            missions={"access": MissionDates(D(2023, 6, 15)), "crisis": MissionDates(D(2023, 7, 1))},
            crisis_plan_drafted_on=D(2023, 7, 1),
            crises=(D(2023, 8, 1),),
            termination=Termination(D(2023, 7, 1), "cpts"),
        ),
        "early_mission_reimbursed": ContractDescription(
            signed_on=D(2024, 6, 1),
            size=2,
            missions={"access": MissionDates(D(2024, 6, 1))},
            early_mission_contract=EarlyMissionContract(
                D(2023, 1, 10),
                2,
                ("access", "pathways", "prevention", "crisis"),
                aci_signed_on=D(2024, 6, 1),
                terminated_notified_on=D(2023, 11, 1),
                terminated_by="cpam",
                access_actions=("mt", "snp"),
                termination_ground="no_adhesion",  # after the nine months (10/10/2023): refunded (002 §3.2)
            ),
        ),
    }


def cases() -> Iterator[tuple[str, ContractDescription, Readings]]:
    # ACI contracts only: an early-mission contract alone (early-mission-alone.yaml) has its worked tests in
    # tests/accord/test_early_mission.py.
    described = {path.name: load_description(path) for path in sorted(EXAMPLES.iterdir())}
    contracts = {name: found for name, found in described.items() if isinstance(found, ContractDescription)}
    contracts |= edge_cases()
    contracts |= {f"generated_{n}": contract for n, contract in enumerate(generated(40))}
    for name, contract in contracts.items():
        yield name, contract, READINGS["default"]
    alternatives = [name for name in contracts if not name.startswith("generated")] + ["generated_0", "generated_7"]
    for reading, readings in READINGS.items():
        if reading != "default":
            for name in alternatives:
                yield f"{name}@{reading}", contracts[name], readings


def _payment_line(payment: dict[str, Any]) -> str:
    explanation = payment["explanation"]
    formulas = " ; ".join(step["formula"] for step in explanation["steps"])
    return " | ".join(
        [
            payment["due_on"],
            f"année {payment['contract_year']}",
            f"{payment['mission']}/{payment['part']}",
            payment["kind"],
            payment["amount"],
            explanation["rule"],
            formulas,
        ]
    )


def snapshot(contract: ContractDescription, readings: Readings) -> dict[str, Any]:
    """The readable lines of one schedule, and a digest of everything else it prints."""
    schedule = compute_schedule(contract, TODAY, readings)
    document = schedule.to_dict(explain=True)
    full = json.dumps(document, ensure_ascii=False, indent=1) + "\n" + render(schedule, explain=True)
    return {
        "size": document["size"],
        "payments": [_payment_line(payment) for payment in document["payments"]],
        "pending": [
            f"{item['settles_on']} | année {item['contract_year']} | {item['mission']}/{item['part']} | "
            f"max {item['maximum']} | {item['reason']}"
            for item in document["pending"]
        ],
        "deadlines": [
            f"{item['due_on']} | {item['mission']} | {item['kind']} | {item['done_on']} | {item['status']}"
            for item in document["deadlines"]
        ],
        "totals": document["totals"],
        "digest_of_explanations_and_text": hashlib.sha256(full.encode()).hexdigest(),
    }


def current() -> dict[str, dict[str, Any]]:
    return {name: snapshot(contract, readings) for name, contract, readings in cases()}


def _file(name: str) -> Path:
    return SNAPSHOTS / f"{name}.json"


def test_schedule_outputs_match_snapshot() -> None:
    found = current()
    assert sorted(path.stem for path in SNAPSHOTS.glob("*.json")) == sorted(found)
    changed = [name for name, lines in found.items() if json.loads(_file(name).read_text("utf-8")) != lines]
    assert not changed, f"schedule output changed for {changed} (regenerate only for a deliberate change)"


def test_snapshot_covers_every_kind_of_line() -> None:
    """The pinned cases exercise every kind and every part the engine produces, pending parts and deadlines."""
    kinds, parts, pending = set(), set(), 0
    for _, contract, readings in cases():
        schedule = compute_schedule(contract, TODAY, readings)
        kinds |= {p.kind for p in schedule.payments}
        parts |= {p.part for p in schedule.payments}
        pending += len(schedule.pending)
    assert kinds == {"payment", "advance", "balance", "reimbursement", "top_up", "size4_bonus"}
    assert parts == {
        "operating", "operating_bonus", "fixed", "variable", "snp_compensation", "snp_orientation",
        "crisis_occurrence", "crisis_occurrence_2021", "early_mission", "net_settlement",
    }  # fmt: skip
    assert pending > 0


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    for old in SNAPSHOTS.glob("*.json"):
        old.unlink()
    SNAPSHOTS.mkdir(exist_ok=True)
    for name, lines in current().items():
        _file(name).write_text(json.dumps(lines, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
