"""`cpts size` and `cpts envelopes`: the stable JSON document and one-line French errors (docs/interpretations.md)."""

from __future__ import annotations

import json

import pytest

from cpts.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_size_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "size", "180000", "--json")
    assert code == 0 and json.loads(out) == {"population": 180000, "size": 4}


def test_envelopes_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    """Size 3 on 2023-01-01 under avenant n° 2 with a SAS, total 487 500."""
    code, out, _ = run(capsys, "envelopes", "--size", "3", "--on", "2023-01-01", "--json")
    document = json.loads(out)
    assert code == 0
    assert document["missions"]["operating"] == {"operating": "75000.00"}
    assert document["missions"]["access"] == {"fixed": "90000.00", "variable": "35000.00"}
    assert document["missions"]["crisis"] == {"fixed": "45000.00", "crisis_occurrence": "67500.00"}
    assert document["total"] == "487500.00"
    assert document["one_off"] == {}


def test_envelopes_options(capsys: pytest.CaptureFixture[str]) -> None:
    """--no-sas --orientation keeps the 2019 access parts; --signed-on before 30/09/2022 adds the one-off bonus;
    --crisis-year later takes the update amount."""
    _, out, _ = run(
        capsys,
        "envelopes",
        "--size",
        "2",
        "--on",
        "2023-01-01",
        "--no-sas",
        "--orientation",
        "--signed-on",
        "2022-09-15",
        "--crisis-year",
        "later",
        "--json",
    )
    document = json.loads(out)
    assert document["missions"]["access"] == {
        "fixed": "17500.00",
        "variable": "17500.00",
        "snp_compensation": "12000.00",
        "snp_orientation": "45000.00",
    }
    assert document["missions"]["crisis"]["fixed"] == "17500.00"
    assert document["one_off"] == {"operating_bonus": "45000.00"}


def test_envelopes_before_avenant_2_has_no_crisis_and_no_sas(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "envelopes", "--size", "1", "--on", "2020-01-01", "--json")
    document = json.loads(out)
    assert "crisis" not in document["missions"] and document["total"] == "185000.00"


def test_envelopes_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "envelopes", "--size", "4", "--on", "2023-01-01", "--members", "150", "--explain")
    assert code == 0
    assert "Majoration taille 4" in out and "002 §5.1" in out and "Total annuel" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("envelopes", "--size", "7", "--on", "2023-01-01"), "taille inconnue"),
        (("envelopes", "--size", "2", "--on", "2019-01-01"), "antérieure"),
        (("envelopes", "--size", "2", "--on", "01/01/2023"), "date invalide"),
        (("envelopes", "--size", "2"), "arguments obligatoires manquants"),
        (("envelopes", "--size", "2", "--on", "2023-01-01", "--sas", "--no-sas"), "incompatible"),
        (("size", "-5"), "négatif"),
        (("size", "quarante"), "nombre entier"),
    ],
)
def test_errors_are_one_french_line(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code != 0 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
