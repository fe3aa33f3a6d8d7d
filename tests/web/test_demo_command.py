"""`cpts demo --no-serve` on a fresh embedded database: migrations, demo data, accounts printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cpts.cli import COMMANDS


def test_demo_prepares_a_fresh_database_and_prints_the_accounts(tmp_path: Path) -> None:
    env = {**os.environ, "CPTS_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "cpts.cli", "demo", "--no-serve"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "cpts.sqlite3").exists()
    assert "Comptes de démonstration" in first.stdout and "CPAM" in first.stdout and "Caisse nationale" in first.stdout
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert second.returncode == 0 and "déjà chargées" in second.stdout, second.stderr


def test_demo_is_a_cpts_subcommand() -> None:
    assert "demo" in COMMANDS
    from cpts.cli import parser

    args = parser().parse_args(["demo", "--no-serve", "--port", "8001"])
    assert args.no_serve and args.port == 8001
