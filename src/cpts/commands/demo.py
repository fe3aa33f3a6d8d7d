"""`cpts demo`: the one command of a newcomer (issue 5, "The main job").

Creates or updates the embedded SQLite database (migrations), loads the demo
data (`cpts demo-data`, once), prints the demo accounts, then serves the
application on http://127.0.0.1:8000 (Django's development server, which also
serves the DSFR files). `--no-serve` stops before serving (tests, scripts).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

HOST = "127.0.0.1"
PORT = 8000


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("demo", help="démonstration : base SQLite, données de démonstration, serveur web")
    command.add_argument("--port", type=int, default=PORT, help=f"port du serveur (défaut : {PORT})")
    command.add_argument("--no-serve", action="store_true", help="préparer la base sans lancer le serveur")
    command.set_defaults(func=run)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.web.settings")
    import django

    django.setup()


def demo_loaded() -> bool:
    from cpts.communities.models import Community

    return Community.objects.exists()


def accounts() -> list[tuple[str, str, str]]:
    """(user name, organisation, its kind) of every account, for the console."""
    from cpts.core.models import Membership

    rows = Membership.objects.select_related("user", "organisation").order_by("organisation__kind", "user__username")
    return [(m.user.username, m.organisation.name, m.organisation.get_kind_display()) for m in rows]


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from cpts.cli import COMMANDS
    from cpts.cli import main as cli_main

    print("Base de données : application des migrations…")
    call_command("migrate", interactive=False, verbosity=0)
    if demo_loaded():
        print("Données de démonstration déjà chargées.")
    else:
        if "demo-data" not in COMMANDS:
            raise ValueError("la commande « cpts demo-data » (données de démonstration) n'est pas installée")
        print("Chargement des données de démonstration (cpts demo-data)…")
        code = cli_main(["demo-data"])
        if code:
            return code
    print("\nComptes de démonstration :")
    for username, organisation, kind in accounts():
        print(f"  {username:<28} {kind:<5} {organisation}")
    password = demo_password()
    if password:
        print(f"\nMot de passe de démonstration : {password}")
    url = f"http://{HOST}:{args.port}/"
    if args.no_serve:
        print(f"\nPrêt. Lancer le serveur : cpts demo (puis ouvrir {url})")
        return 0
    print(f"\nApplication : {url}  (Ctrl+C pour arrêter)\n")
    call_command("runserver", f"{HOST}:{args.port}", use_reloader=False)
    return 0


def demo_password() -> str:
    """The password of the demo accounts, as `cpts demo-data` defines it (PASSWORD in its module)."""
    import importlib

    module = importlib.import_module("cpts.commands.demo_data")
    return str(getattr(module, "PASSWORD", ""))
