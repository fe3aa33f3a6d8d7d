"""Database guard: audit events are never updated nor deleted (docs/security.md, « Journal »).

Like the ledger (payments 0002): the only updates allowed are those Django's SET_NULL
makes when the author or their organisation is deleted (the names stay in the row).
PostgreSQL also refuses DELETE; on SQLite the DELETE guard is left to the model, because
Django's test flush empties SQLite tables with DELETE. TRUNCATE is a privilege the
application role does not have (cpts.core.dbroles).
"""

from django.db import migrations

TABLE = "core_auditevent"
FROZEN = 'id, "at", actor_name, organisation_name, object_type, object_id, "action", scope, "before", "after"'
MESSAGE = "journal : un événement ne se modifie ni ne se supprime"
SET_NULL_ONLY = (
    "(NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id) "
    "OR (NEW.organisation_id IS NOT NULL AND NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)"
)

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE} (%)', TG_OP USING ERRCODE = 'integrity_constraint_violation'; END $$""",
    f"CREATE TRIGGER audit_no_update BEFORE UPDATE OF {FROZEN} ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()",
    f"CREATE TRIGGER audit_only_set_null BEFORE UPDATE OF actor_id, organisation_id ON {TABLE} "
    f"FOR EACH ROW WHEN ({SET_NULL_ONLY}) EXECUTE FUNCTION core_audit_append_only()",
    f"CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS audit_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_only_set_null ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS core_audit_append_only()",
]
SQLITE = [
    f"CREATE TRIGGER audit_no_update BEFORE UPDATE OF {FROZEN} ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER audit_only_set_null BEFORE UPDATE OF actor_id, organisation_id ON {TABLE} "
    f"WHEN {SET_NULL_ONLY.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_only_set_null"]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, None)  # no parameters: "%" in PL/pgSQL is literal

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
