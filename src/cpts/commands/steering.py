"""`cpts steering [--on DATE] [--region R] [--department D] [--size N] [--basis calendar|contract] --json`
and `cpts steering refresh`: the national steering figures, and the rebuild of the stored schedules.

The figures are the CNAM's (whole country) narrowed by the filters (docs/steering.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from cpts.commands.manage import setup_django
from cpts.commands.options import iso_date, print_json, whole_number


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("steering", help="pilotage : couverture, argent, déploiement (ou refresh)")
    command.add_argument("--on", type=iso_date, default=None, help="date d'observation (défaut : aujourd'hui)")
    command.add_argument("--region", default="", help="code INSEE de la région")
    command.add_argument("--department", default="", help="code du département")
    command.add_argument("--size", type=whole_number, default=None, help="taille de la CPTS (1 à 4)")
    command.add_argument("--basis", choices=("calendar", "contract"), default="calendar",
                         help="années civiles (défaut) ou années du contrat")  # fmt: skip
    command.add_argument("--from", dest="year_from", type=whole_number, default=None, help="première année")
    command.add_argument("--to", dest="year_to", type=whole_number, default=None, help="dernière année")
    command.add_argument("--json", action="store_true", help="sortie JSON")
    actions = command.add_subparsers(dest="action", parser_class=type(command))
    refresh = actions.add_parser("refresh", help="réécrire les échéanciers enregistrés depuis le moteur")
    refresh.set_defaults(func=refresh_command)
    command.set_defaults(func=run)


def refresh_command(args: argparse.Namespace) -> int:
    setup_django()
    from cpts.steering.store import refresh_all

    print(f"Échéanciers enregistrés réécrits : {refresh_all()} contrats signés.")
    return 0


def run(args: argparse.Namespace) -> int:
    setup_django()
    from cpts.core.models import Organisation
    from cpts.steering.figures import steering
    from cpts.steering.scope import Filters

    filters = Filters(
        on=args.on or dt.date.today(), region=args.region, department=args.department, size=args.size,
        basis=args.basis, year_from=args.year_from, year_to=args.year_to,
    )  # fmt: skip
    figures = steering(Organisation(kind=Organisation.Kind.CNAM, name="CNAM"), filters)
    if args.json:
        print_json(figures)
    else:
        print(render(figures))
    return 0


def render(figures: dict[str, Any]) -> str:
    coverage, money = figures["coverage"], figures["money"]
    total = coverage["total"]
    share = f"{float(total['share']) * 100:.1f} %" if total["share"] else "—"
    lines = [
        f"Pilotage au {figures['filters']['on']} — {figures['scope']}",
        f"  CPTS : {coverage['communities']} ; contrats en vigueur : {coverage['contracts_in_force']}",
        f"  Population couverte : {total['covered']} sur {total['population']} ({share}, INSEE {coverage['vintage']})",
        f"  Argent par année {'civile' if money['basis'] == 'calendar' else 'du contrat'} :",
        "    année      engagé    ordonnancé          payé     en retard   à recouvrer        retenu",
    ]
    for row in money["years"]:
        year = row["year"] if row["year"] is not None else "hors"
        lines.append(
            f"    {year!s:<5}" + "".join(f"{row[name]:>14}" for name in
                                        ("committed", "ordered", "paid", "late", "to_recover", "withheld"))
        )  # fmt: skip
    return "\n".join(lines)
