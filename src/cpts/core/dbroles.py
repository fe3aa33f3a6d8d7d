"""The two PostgreSQL roles of a production database (docs/security.md, « Rôles de la base »).

- The owner (`DATABASE_OWNER_URL`) owns the database, its tables and their triggers; only
  migrations, backups and restores connect as it.
- The application (`DATABASE_URL`) owns nothing: it may read and write rows, but not
  delete a row of an append-only table, TRUNCATE any table, nor ALTER a table (so it cannot
  disable the triggers that keep the ledger and the audit trail append-only); not being a
  superuser, it cannot set `session_replication_role` either.

Without `DATABASE_OWNER_URL` one role does everything (SQLite, development).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections

# Rows written once, never updated nor deleted (migrations core 0002 and payments 0002).
APPEND_ONLY_TABLES = ("core_auditevent", "payments_ledgerentry")
CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


def quoted_name(name: str) -> str:
    """A role or database name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def application_grants(role: str, tables: list[str]) -> list[str]:
    """What the owner grants the application after each migration: rows, not tables."""
    quoted = quoted_name(role)
    append_only = [table for table in APPEND_ONLY_TABLES if table in tables]
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        *([f"REVOKE DELETE, TRUNCATE ON {', '.join(append_only)} FROM {quoted}"] if append_only else []),
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]


def separate_roles(alias: str = "default") -> bool:
    return connections[alias].vendor == "postgresql" and settings.DATABASE_OWNER is not None


@contextmanager
def connected_as(credentials: dict[str, Any], alias: str = "default") -> Iterator[None]:
    """Reconnect `alias` with other credentials for the block (a new connection: no transaction may be open)."""
    connection = connections[alias]
    saved = {key: connection.settings_dict[key] for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update({key: credentials[key] for key in CREDENTIALS})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@contextmanager
def as_owner(alias: str = "default") -> Iterator[None]:
    """Run the block as the owner role when there is one and no transaction is open, else as is."""
    if separate_roles(alias) and not connections[alias].in_atomic_block:
        with connected_as(settings.DATABASE_OWNER, alias):
            yield
    else:
        yield


def grant_application_role(using: str = "default", **kwargs: Any) -> None:
    """post_migrate: the owner gives the application role its rights on the tables it just made."""
    if not separate_roles(using):
        return
    role = settings.DATABASE_APPLICATION["USER"]
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return  # the application migrated nothing (a no-op migrate inside a transaction)
        for statement in application_grants(role, connection.introspection.table_names(cursor)):
            cursor.execute(statement)
