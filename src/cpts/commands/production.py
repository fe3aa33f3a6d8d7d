"""Production commands (docs/production.md): `cpts migrate`, `cpts collectstatic`, `cpts backup`, `cpts restore`.

Backups are PostgreSQL custom-format dumps (`pg_dump --format=custom`), made and restored as the
owner role when there is one (DATABASE_OWNER_URL, cpts.core.dbroles). A restore goes into a new
database, never over the one in service: point DATABASE_URL at it once it is checked.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path
from typing import Any

from cpts.commands.manage import setup_django


def register(subparsers: Any) -> None:
    migrate = subparsers.add_parser("migrate", help="appliquer les migrations (rôle propriétaire de la base)")
    migrate.set_defaults(func=run_migrate)
    collect = subparsers.add_parser("collectstatic", help="rassembler les fichiers statiques pour WhiteNoise")
    collect.set_defaults(func=run_collectstatic)
    backup = subparsers.add_parser("backup", help="sauvegarder la base PostgreSQL (pg_dump)")
    backup.add_argument("file", type=Path, help="fichier de sauvegarde à écrire (format personnalisé de pg_dump)")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser("restore", help="restaurer une sauvegarde dans une nouvelle base (pg_restore)")
    restore.add_argument("file", type=Path, help="fichier écrit par « cpts backup »")
    restore.add_argument("--database", required=True, help="nom de la nouvelle base, créée par la commande")
    restore.set_defaults(func=run_restore)


def run_migrate(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False)
    return 0


def run_collectstatic(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=1)
    return 0


def connection_settings() -> dict[str, Any]:
    """The owner's connection to the configured PostgreSQL database (the application's if one role does all)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError("sauvegarde et restauration : PostgreSQL seulement (définissez DATABASE_URL)")
    return {**database, **(settings.DATABASE_OWNER or {}), "NAME": database["NAME"]}


def libpq(database: dict[str, Any], name: str) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment of pg_dump / pg_restore / createdb (password not on the command line)."""
    options = [f"--dbname={name}", f"--username={database['USER']}"] if database["USER"] else [f"--dbname={name}"]
    options += [f"--host={database['HOST']}"] if database["HOST"] else []
    options += [f"--port={database['PORT']}"] if database["PORT"] else []
    environment = {**os.environ, **({"PGPASSWORD": database["PASSWORD"]} if database["PASSWORD"] else {})}
    return options, environment


def run_tool(command: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ValueError(f"{command[0]} a échoué : {done.stderr.strip() or done.returncode}")


def run_backup(args: argparse.Namespace) -> int:
    setup_django()
    database = connection_settings()
    options, environment = libpq(database, database["NAME"])
    run_tool(["pg_dump", "--format=custom", "--no-owner", f"--file={args.file}", *options], environment)
    print(f"Sauvegarde de la base {database['NAME']} écrite dans {args.file}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    setup_django()
    if not args.file.is_file():
        raise ValueError(f"fichier de sauvegarde introuvable : {args.file}")
    database = connection_settings()
    if args.database == database["NAME"]:
        raise ValueError("la restauration se fait dans une nouvelle base, pas dans celle en service")
    options, environment = libpq(database, args.database)
    maintenance = [option for option in options if not option.startswith("--dbname=")]
    run_tool(["createdb", *maintenance, "--maintenance-db", database["NAME"], args.database], environment)
    run_tool(["pg_restore", "--exit-on-error", "--no-owner", *options, str(args.file)], environment)
    print(f"Sauvegarde {args.file} restaurée dans la nouvelle base {args.database}.")
    return 0
