"""`cpts territory`: text and JSON output, lists and CSV files, one-line French errors (docs/territories.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpts.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["territory", *argv])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    """CC Faucigny - Glières (28 561) plus Bonneville again and 01001 (860): 29 421, 8 communes."""
    code, out, _ = run(capsys, "--communes", "74042,01001", "--epci", "200000172", "--json")
    document = json.loads(out)
    assert code == 0
    assert {key: document[key] for key in ("population", "size", "communes", "departments", "regions", "vintage")} == {
        "population": 28561 + 860,
        "size": 1,
        "communes": 8,
        "departments": ["01", "74"],
        "regions": ["84"],
        "vintage": "2026",
    }
    assert len(document["warnings"]) == 1


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--communes", "01039,75101")
    assert code == 0
    assert "Population : 18 567 habitants" in out  # 3 453 (Culoz-Béon) + 15 114 (Paris 1er)
    assert "Départements : 01 Ain, 75 Paris" in out
    assert "Régions : 11 Île-de-France, 84 Auvergne-Rhône-Alpes" in out
    assert "  - 01039 Béon est une commune déléguée" in out


def test_list_file_one_code_per_line_with_an_epci(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = tmp_path / "codes.txt"
    listing.write_text("# territoire\n01001\n\n200000172\n", encoding="utf-8")
    code, out, _ = run(capsys, "--file", str(listing), "--json")
    assert code == 0 and json.loads(out)["population"] == 860 + 28561


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_file_with_a_code_insee_column(capsys: pytest.CaptureFixture[str], tmp_path: Path, delimiter: str) -> None:
    listing = tmp_path / "communes.csv"
    rows = ["nom;code_insee", "Bonneville;74042", "Ajaccio;2A004"]
    listing.write_bytes("\n".join(row.replace(";", delimiter) for row in rows).encode("cp1252"))
    code, out, _ = run(capsys, "--file", str(listing), "--communes", "01001", "--json")
    assert code == 0 and json.loads(out)["population"] == 13335 + 76320 + 860


def test_csv_without_the_column_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = tmp_path / "communes.csv"
    listing.write_text("nom,code\nBonneville,74042\n", encoding="utf-8")
    code, _, err = run(capsys, "--file", str(listing))
    assert code == 2 and err == f"cpts : erreur : colonne « code_insee » absente de l'en-tête de {listing}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--communes", "01001,99999"], "code inconnu (millésime 2026) : 99999"),
        ([], "territoire vide"),
        (["--file", "/absent/liste.txt"], "fichier introuvable : /absent/liste.txt"),
        (["--communes", "01001", "--vintage", "1990"], "millésime inconnu : 1990"),
    ],
)
def test_errors_are_one_french_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("cpts : erreur : ") and message in err and err.count("\n") == 1
