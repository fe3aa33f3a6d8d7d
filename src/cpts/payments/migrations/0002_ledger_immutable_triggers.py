"""Database guard: ledger rows are never updated nor deleted (docs/ledger.md).

The only updates allowed are those Django's SET_NULL makes when the recording
user or organisation is deleted (the names stay in the row). PostgreSQL also
refuses DELETE; on SQLite the DELETE guard is left to the model, because
Django's test flush empties SQLite tables with DELETE (PostgreSQL uses TRUNCATE,
which row triggers do not see).
"""

from django.db import migrations

TABLE = "payments_ledgerentry"
FROZEN = (
    "id, contract_id, contract_year, mission, part, kind, entry, sequence, amount, due_on, ordered_on, paid_on, "
    "reference, note, reverses_id, settles_id, run_id, recorded_by_name, organisation_name, created_at"
)
MESSAGE = "grand livre : une écriture ne se modifie ni ne se supprime"

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION payments_ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE} (%)', TG_OP USING ERRCODE = 'integrity_constraint_violation'; END $$""",
    f"CREATE TRIGGER ledger_no_update BEFORE UPDATE OF {FROZEN} ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION payments_ledger_immutable()",
    f"""CREATE TRIGGER ledger_only_set_null BEFORE UPDATE OF recorded_by_id, organisation_id ON {TABLE}
    FOR EACH ROW WHEN ((NEW.recorded_by_id IS NOT NULL AND NEW.recorded_by_id IS DISTINCT FROM OLD.recorded_by_id)
    OR (NEW.organisation_id IS NOT NULL AND NEW.organisation_id IS DISTINCT FROM OLD.organisation_id))
    EXECUTE FUNCTION payments_ledger_immutable()""",
    f"CREATE TRIGGER ledger_no_delete BEFORE DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION payments_ledger_immutable()",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS ledger_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS ledger_only_set_null ON {TABLE}",
    f"DROP TRIGGER IF EXISTS ledger_no_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS payments_ledger_immutable()",
]
SQLITE = [
    f"CREATE TRIGGER ledger_no_update BEFORE UPDATE OF {FROZEN} ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"""CREATE TRIGGER ledger_only_set_null BEFORE UPDATE OF recorded_by_id, organisation_id ON {TABLE}
    WHEN (NEW.recorded_by_id IS NOT NULL AND NEW.recorded_by_id IS NOT OLD.recorded_by_id)
    OR (NEW.organisation_id IS NOT NULL AND NEW.organisation_id IS NOT OLD.organisation_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS ledger_no_update", "DROP TRIGGER IF EXISTS ledger_only_set_null"]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, None)  # no parameters: "%" in PL/pgSQL is literal

    return apply


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
