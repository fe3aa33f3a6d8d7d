"""The audit trail and the ledger are append-only (docs/security.md, « Journal et grand livre »):
the models refuse, the database triggers refuse, and the application's database role may neither
delete, TRUNCATE, nor disable the triggers (cpts.core.dbroles)."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from cpts.api.testing import World
from cpts.core.actors import Actor
from cpts.core.audit import record
from cpts.core.dbroles import APPEND_ONLY_TABLES, separate_roles
from cpts.core.models import AuditEvent, AuditImmutable, Organisation
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments

COMMAND = Actor.command("tests")
ON = dt.date(2023, 3, 31)  # after the first advances of the world's signed contract
POSTGRESQL = connection.vendor == "postgresql"
needs_roles = pytest.mark.skipif(
    not separate_roles(), reason="rôles séparés : PostgreSQL avec DATABASE_OWNER_URL (cpts db roles)"
)


@pytest.fixture
def event(world: World) -> AuditEvent:
    """An event recorded by the CPAM's user on the signed contract."""
    return record(Actor(world.user("cpam"), world.organisation("cpam")), "essai", world.signed)


@pytest.fixture
def rows(world: World) -> dict[str, int]:
    """One row of each append-only table: an audit event and a ledger order."""
    run_payments(COMMAND, ON)
    return {
        "core_auditevent": AuditEvent.objects.values_list("pk", flat=True).first(),
        "payments_ledgerentry": LedgerEntry.objects.values_list("pk", flat=True).first(),
    }


def test_the_model_refuses_to_change_or_delete_an_event(event: AuditEvent) -> None:
    event.action = "réécrit"
    with pytest.raises(AuditImmutable, match="ne se modifie ni ne se supprime"):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action="réécrit")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_an_update_behind_the_models_back(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk).update(action="réécrit")
    for column in ("actor_name", "before", "after", "at"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'UPDATE core_auditevent SET "{column}" = NULL WHERE id = %s', [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def test_the_database_refuses_to_point_an_event_at_another_author(world: World, event: AuditEvent) -> None:
    other = world.user("other_cpam")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk).update(actor=other)


@pytest.mark.skipif(not POSTGRESQL, reason="the DELETE trigger exists on PostgreSQL only")
def test_postgresql_refuses_a_delete_behind_the_models_back(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_the_author_keeps_the_event_and_the_name(world: World) -> None:
    passing = Organisation.objects.create(kind=Organisation.Kind.CPTS, name="CPTS dissoute")
    event = record(Actor(world.user("cpam"), passing), "essai", world.signed)
    world.user("cpam").delete()
    passing.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.actor_id, kept.organisation_id) == (None, None)
    assert (kept.actor_name, kept.organisation_name) == (event.actor_name, event.organisation_name) != ("", "")


@needs_roles
def test_the_tests_run_as_the_application_role(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (settings.DATABASE_APPLICATION["USER"], False)


@needs_roles
@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {table} SET id = id WHERE id = %s",
        "DELETE FROM {table} WHERE id = %s",
        "TRUNCATE {table} CASCADE",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "ALTER TABLE {table} OWNER TO CURRENT_USER",
        "DROP TABLE {table} CASCADE",
    ],
)
def test_the_application_role_cannot_rewrite_an_append_only_table(
    rows: dict[str, int], table: str, statement: str
) -> None:
    sql = statement.format(table=table)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [rows[table]] if "%s" in sql else None)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE id = %s", [rows[table]])
        assert cursor.fetchone() == (1,)


@needs_roles
def test_the_application_role_cannot_switch_triggers_off_for_its_session(db: None) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")


@needs_roles
def test_the_owner_alone_may_truncate(transactional_db: None) -> None:
    """TRUNCATE is left to the owner (it empties the test database after each transactional test)."""
    owner = settings.DATABASE_OWNER
    with psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=owner["USER"],
        password=owner["PASSWORD"] or None,
        host=owner["HOST"],
        port=owner["PORT"] or None,
    ) as as_owner:
        for table in APPEND_ONLY_TABLES:
            as_owner.execute(f"TRUNCATE {table} CASCADE")
        as_owner.rollback()
