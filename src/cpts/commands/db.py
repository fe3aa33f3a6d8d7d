"""`cpts db roles`: the two PostgreSQL roles of a production database (cpts.core.dbroles, docs/security.md).

Run once by a PostgreSQL administrator (`--admin-url`, a superuser such as `postgres`); idempotent.
The role names and passwords come from `DATABASE_OWNER_URL` (the owner) and `DATABASE_URL`
(the application); `--print` shows the SQL instead of running it.
"""

from __future__ import annotations

import argparse
from typing import Any

from cpts.commands.manage import setup_django
from cpts.core.dbroles import quoted_name


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("db", help="base PostgreSQL : rôles")
    actions = command.add_subparsers(dest="action", required=True, parser_class=type(command))
    roles = actions.add_parser("roles", help="créer le rôle propriétaire et le rôle de l'application (idempotent)")
    roles.add_argument(
        "--admin-url", help="connexion d'un administrateur PostgreSQL (postgres://postgres@hôte/postgres)"
    )
    roles.add_argument("--print", action="store_true", help="afficher le SQL sans l'exécuter")
    roles.set_defaults(func=create_roles)


def quoted_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def role_statements(name: str, password: str, attributes: str) -> list[str]:
    """Create the role if missing, then set its attributes (and password): the same SQL on every run."""
    secret = f" PASSWORD {quoted_text(password)}" if password else ""
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {quoted_text(name)}) "
        f"THEN CREATE ROLE {quoted_name(name)}; END IF; END $$",
        f"ALTER ROLE {quoted_name(name)} {attributes}{secret}",
    ]


def roles_sql(owner: dict[str, Any], application: dict[str, Any], database: str) -> tuple[list[str], list[str]]:
    """(statements on the server, statements once the database exists)."""
    server = [
        # The owner creates the test databases and the databases restored into (cpts db restore).
        *role_statements(owner["USER"], owner["PASSWORD"], "LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS"),
        *role_statements(
            application["USER"], application["PASSWORD"], "LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS"
        ),
    ]
    in_database = [
        f"ALTER DATABASE {quoted_name(database)} OWNER TO {quoted_name(owner['USER'])}",
        f"ALTER SCHEMA public OWNER TO {quoted_name(owner['USER'])}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {quoted_name(database)} TO {quoted_name(application['USER'])}",
    ]
    return server, in_database


def create_roles(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    application = settings.DATABASES["default"]
    if application["ENGINE"] != "django.db.backends.postgresql" or settings.DATABASE_OWNER is None:
        raise ValueError("définissez DATABASE_URL (rôle de l'application) et DATABASE_OWNER_URL (rôle propriétaire)")
    owner, database = settings.DATABASE_OWNER, application["NAME"]
    if owner["USER"] == application["USER"]:
        raise ValueError("le rôle de l'application doit être distinct du rôle propriétaire")
    server, in_database = roles_sql(owner, application, database)
    create_database = f"CREATE DATABASE {quoted_name(database)} OWNER {quoted_name(owner['USER'])}"
    if args.print:
        print(";\n".join([*server, f"-- si la base n'existe pas :\n{create_database}", *in_database]) + ";")
        return 0
    if not args.admin_url:
        raise ValueError("--admin-url est obligatoire (ou --print pour afficher le SQL)")
    import psycopg

    with psycopg.connect(args.admin_url, autocommit=True) as admin:
        for statement in server:
            admin.execute(statement)
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is None:
            admin.execute(create_database)
    with psycopg.connect(args.admin_url, dbname=database, autocommit=True) as admin:
        for statement in in_database:
            admin.execute(statement)
    print(f"Rôles prêts : {owner['USER']} (propriétaire de {database}), {application['USER']} (application).")
    print("Appliquez ensuite les migrations : cpts migrate (elles se connectent avec DATABASE_OWNER_URL).")
    return 0
