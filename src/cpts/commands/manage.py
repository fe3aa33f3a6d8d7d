"""`cpts manage ARGS...`: Django's management commands (migrate, runserver, ...) on the CPTS settings."""

from __future__ import annotations

import argparse
import os
from typing import Any


def setup_django() -> None:
    """Point Django at the CPTS settings and load the apps (the other app subcommands call this)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.web.settings")
    django.setup()


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("manage", help="commandes d'administration Django (migrate, runserver…)")
    command.add_argument("arguments", nargs=argparse.REMAINDER, help="commande Django et ses options")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cpts manage", *args.arguments])
    return 0
