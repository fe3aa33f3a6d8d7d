"""`cpts demo`: the one command of a newcomer (docs/web.md).

Creates or updates the embedded SQLite database (migrations), loads what is
missing of the demo data (`cpts.contracts.demo.load_demo`, idempotent, the
loader of `cpts demo-data`), prints the demo accounts, then serves the
application on http://127.0.0.1:8000 (Django's development server, which also
serves the DSFR files). `--no-serve` stops before serving (tests, scripts).
"""

from __future__ import annotations

import argparse
from typing import Any

from cpts.commands.manage import setup_django

HOST = "127.0.0.1"
PORT = 8000


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("demo", help="démonstration : base SQLite, données de démonstration, serveur web")
    command.add_argument("--port", type=int, default=PORT, help=f"port du serveur (défaut : {PORT})")
    command.add_argument("--no-serve", action="store_true", help="préparer la base sans lancer le serveur")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from cpts.contracts.demo import load_demo

    print("Base de données : application des migrations…")
    call_command("migrate", interactive=False, verbosity=0)
    print("Données de démonstration…")
    result = load_demo()
    print(f"  {len(result['created'])} CPTS créées" if result["created"] else "  déjà chargées.")
    print("\nComptes de démonstration (identifiant / mot de passe / organisation) :")
    for username, password, organisation in result["logins"]:
        print(f"  {username:<20} {password:<26} {organisation}")
    url = f"http://{HOST}:{args.port}/"
    if args.no_serve:
        print(f"\nPrêt. Lancer le serveur : cpts demo (puis ouvrir {url})")
        return 0
    print(f"\nApplication : {url}  (Ctrl+C pour arrêter)\n")
    call_command("runserver", f"{HOST}:{args.port}", use_reloader=False)
    return 0
