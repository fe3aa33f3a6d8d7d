"""`cpts demo-data`: create the database if needed and load the demonstration data (idempotent)."""

from __future__ import annotations

import argparse
from typing import Any

from cpts.commands.manage import setup_django


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("demo-data", help="charger les données de démonstration (idempotent)")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("demo_data")
    return 0
