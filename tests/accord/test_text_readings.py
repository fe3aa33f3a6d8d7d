"""Readings the texts require, each worked by hand from the quoted clause, through `cpts schedule --json`.

Rules of docs/interpretations.md: DEADLINES_AFTER_END. The same readings through the application (payment
run, ledger, API): tests/payments/test_readings_ledger.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpts.cli import main


def schedule_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], contract: dict[str, Any], today: str) -> Any:
    """`cpts schedule FILE --json --today DAY` on a contract file written from `contract`."""
    path = tmp_path / "contrat.yaml"
    path.write_text(yaml.safe_dump(contract, allow_unicode=True), encoding="utf-8")
    assert main(["schedule", str(path), "--json", "--today", today]) == 0
    return json.loads(capsys.readouterr().out)


def deadline_states(document: Any) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {(d["mission"], d["kind"]): (d["due_on"], d["status"], d.get("reason", "")) for d in document["deadlines"]}


def test_deadlines_after_a_termination_are_sans_objet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """DEADLINES_AFTER_END. 002 annexe 1, art. 8.1: « Cette résiliation est effective deux mois après réception
    de la lettre de résiliation » ; art. 8.2: the CPAM may terminate « si la communauté professionnelle ne
    respecte pas de manière manifeste les termes du contrat (missions non mises en œuvre, etc.) ».

    Signed 01/01/2023, terminated by the CPTS on notice received 01/03/2024: effective 01/05/2024 (the end).
    Art. 3: access start by 01/07/2023 (not started: missed, before the end); access deployment by 01/07/2024,
    after the end: sans objet. Pathways started 01/03/2023 (start by 01/01/2024: met), deployment by
    01/01/2025: sans objet. Crisis: from the template (12/01/2023): start by 12/07/2023 missed, deployment by
    12/07/2024 sans objet. Seen on 15/01/2025, nothing after 01/05/2024 is missed.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2023-01-01", "size": 2, "missions": {"pathways": {"started_on": "2023-03-01"}},
        "termination": {"notified_on": "2024-03-01", "by": "cpts"},
    }, "2025-01-15")  # fmt: skip
    states = deadline_states(document)
    ended = "échéance après la fin du contrat : contrat résilié, résiliation effective le 01/05/2024"
    assert states[("access", "start")] == ("2023-07-01", "missed", "")
    assert states[("access", "deployment")] == ("2024-07-01", "not_applicable", ended)
    assert states[("pathways", "start")] == ("2024-01-01", "met", "")
    assert states[("pathways", "deployment")] == ("2025-01-01", "not_applicable", ended)
    assert states[("prevention", "start")] == ("2024-01-01", "missed", "")
    assert states[("crisis", "start")] == ("2023-07-12", "missed", "")
    assert states[("crisis", "deployment")] == ("2024-07-12", "not_applicable", ended)


def test_deadlines_after_the_fifth_anniversary_are_sans_objet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DEADLINES_AFTER_END. 002 annexe 1, art. 7: « La durée du contrat est de cinq ans ».

    Signed 01/09/2019, moved to avenant n° 2 by the amendment of 01/06/2024 (002 §1.2: the crisis mission
    starts « 6 mois à compter de la signature de l'avenant à leur contrat en cours », deployed within 18
    months): crisis start by 01/12/2024 and deployment by 01/12/2025 fall after the fifth anniversary
    (01/09/2024): sans objet, not missed on 15/01/2026. Access (2019 contract): start by 01/03/2020, missed.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2019-09-01", "size": 1, "amendments": [{"signed_on": "2024-06-01", "avenant_2": True}],
    }, "2026-01-15")  # fmt: skip
    states = deadline_states(document)
    ended = "échéance après la fin du contrat : contrat arrivé à son terme le 01/09/2024 (cinq ans)"
    assert states[("crisis", "start")] == ("2024-12-01", "not_applicable", ended)
    assert states[("crisis", "deployment")] == ("2025-12-01", "not_applicable", ended)
    assert states[("access", "start")] == ("2020-03-01", "missed", "")
