"""The `cpts` command line as a shell user meets it: French help and errors, quiet end on a closed pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cpts.cli import main

ROOT = Path(__file__).resolve().parents[1]
WORKED_EXAMPLE = ROOT / "docs" / "examples" / "worked-example.yaml"


def test_help_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["schedule", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert out.startswith("usage : cpts schedule")
    assert "afficher cette aide et quitter" in out
    assert "show this help message" not in out and "positional arguments" not in out


def test_invalid_choice_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["envelopes", "--size", "3", "--crisis-year", "third"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "cpts envelopes : erreur : argument --crisis-year : choix invalide : 'third' (choisir parmi" in err
    assert "choose from" not in err


def test_a_closed_pipe_ends_quietly() -> None:
    """`cpts schedule … --json --explain | head -1`: the reader closes the pipe early; no « Broken pipe », exit 0.

    The document (about 120 kB) is larger than a pipe's buffer (64 KiB), so the command meets the closed pipe."""
    command = [sys.executable, "-m", "cpts.cli", "schedule", str(WORKED_EXAMPLE), "--json", "--explain"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first_line = process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read()
        code = process.wait()
    assert first_line == b"{\n"
    assert errors == b"" and code == 0
