"""`cpts generate --cpts N [--seed S]`: synthetic CPTS with signed contracts, for load tests."""

from __future__ import annotations

import argparse
from typing import Any

from cpts.commands.manage import setup_django
from cpts.commands.options import whole_number


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("generate", help="créer N CPTS synthétiques avec contrat (tests de charge)")
    command.add_argument("--cpts", type=whole_number, required=True, help="nombre de CPTS")
    command.add_argument("--seed", type=whole_number, default=0, help="graine du hasard")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("generate", cpts=args.cpts, seed=args.seed)
    return 0
