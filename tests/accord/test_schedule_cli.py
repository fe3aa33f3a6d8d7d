"""`cpts schedule FILE [--json] [--explain]` (docs/interpretations.md, « Échéancier »)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpts.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "worked-example.yaml"


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Amounts are strings with two decimals; mission, part and kind keys as in the interfaces."""
    assert main(["schedule", str(EXAMPLE), "--json", "--today", "2024-08-01"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["size"] == 2
    first = document["payments"][1]
    assert {k: first[k] for k in ("due_on", "contract_year", "mission", "part", "kind", "amount")} == {
        "due_on": "2023-06-01", "contract_year": 1, "mission": "access", "part": "fixed", "kind": "advance",
        "amount": "39303.28",
    }  # fmt: skip
    assert first["explanation"]["steps"][0]["result"] == "39303.28"
    assert document["totals"]["by_year"]["2"] == "314000.00"
    assert {"mission": "access", "kind": "deployment", "due_on": "2024-09-01", "done_on": None,
            "status": "due_soon"} in document["deadlines"]  # fmt: skip


def test_table_with_totals_and_explanations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", str(EXAMPLE), "--explain", "--today", "2024-08-01"]) == 0
    out = capsys.readouterr().out
    assert "01/06/2023      1  Accès aux soins" in out
    assert "75 % × 70\u202f000,00 € × 274/366 = 39\u202f303,28 €" in out
    assert "année 2 :    314\u202f000,00 €" in out
    assert "Total versé" in out


def test_refused_file_is_one_french_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("signed_on: 2023-03-01\nsize: 2\nmissions:\n  telehealth: {started_on: 2023-06-01}\n")
    assert main(["schedule", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cpts : erreur : champ « missions.telehealth » inconnu") and err.count("\n") == 1
