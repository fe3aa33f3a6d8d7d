"""Database guard: one order, one fate (docs/ledger.md, « Une seule issue par ordre »).

Ledger rows are only ever inserted (migration 0002 refuses UPDATE and DELETE),
so the rules of payments and reversals are checked by a trigger on INSERT:

- a row that settles an order (a payment, or the reversal of a payment) names an
  order that is not itself a reversal and is not reversed, and leaves what is
  settled against it between zero and its amount: never "paid beyond its amount";
- a reversal names a row that is not a reversal, of the same line and entry type,
  for the opposite amount; an order is reversed only once nothing is settled
  against it: never "paid and reversed". "Reversed twice" is also refused by the
  unique column `reverses_id`.

On PostgreSQL the trigger first locks the order (SELECT ... FOR UPDATE), so two
transactions inserting against the same order are serialised here even when the
code forgot `cpts.payments.entries.lock_order`: the second one checks after the
first has committed. SQLite lets one writer at a time, so its triggers read a
stable ledger. Payment runs insert plain orders (no `reverses`, no `settles`):
they pass untouched.
"""

from importlib import import_module

from django.db import migrations

# The same vendor dispatch as the immutability triggers: {vendor: [SQL]} run without parameters.
run = import_module("cpts.payments.migrations.0002_ledger_immutable_triggers").run

TABLE = "payments_ledgerentry"
PREFIX = "grand livre : "
NOT_AN_ORDER = "une écriture ne règle qu''un ordre de paiement non annulé"
REVERSED = "cet ordre est annulé"
BEYOND = "les paiements d''un ordre ne dépassent pas son montant"
BAD_REVERSAL = "une annulation porte sur une écriture non annulée, de même ligne, pour le montant opposé"
SETTLED = "un ordre ne s''annule qu''une fois ses paiements annulés"

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION payments_ledger_one_fate() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        target {TABLE}%ROWTYPE;
        ord {TABLE}%ROWTYPE;
        order_id bigint;
        net numeric;
    BEGIN
        IF NEW.reverses_id IS NOT NULL THEN
            SELECT * INTO target FROM {TABLE} WHERE id = NEW.reverses_id;
            IF target.reverses_id IS NOT NULL OR target.entry <> NEW.entry OR NEW.amount <> -target.amount
               OR (target.contract_id, target.contract_year, target.mission, target.part, target.kind)
                  IS DISTINCT FROM (NEW.contract_id, NEW.contract_year, NEW.mission, NEW.part, NEW.kind)
               OR EXISTS (SELECT 1 FROM {TABLE} WHERE reverses_id = NEW.reverses_id) THEN
                RAISE EXCEPTION '{PREFIX}{BAD_REVERSAL}' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        order_id := COALESCE(NEW.settles_id, CASE WHEN NEW.entry = 'order' THEN NEW.reverses_id END);
        IF order_id IS NULL THEN
            RETURN NEW;
        END IF;
        -- Serialise every write on this order; the statements below see what the others committed.
        SELECT * INTO ord FROM {TABLE} WHERE id = order_id FOR UPDATE;
        IF ord.entry <> 'order' OR ord.reverses_id IS NOT NULL THEN
            RAISE EXCEPTION '{PREFIX}{NOT_AN_ORDER}' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.settles_id IS NOT NULL AND EXISTS (SELECT 1 FROM {TABLE} WHERE reverses_id = order_id) THEN
            RAISE EXCEPTION '{PREFIX}{REVERSED}' USING ERRCODE = 'check_violation';
        END IF;
        SELECT COALESCE(SUM(amount), 0) INTO net FROM {TABLE} WHERE settles_id = order_id;
        IF NEW.settles_id IS NULL THEN
            IF net <> 0 THEN
                RAISE EXCEPTION '{PREFIX}{SETTLED}' USING ERRCODE = 'check_violation';
            END IF;
        ELSIF net + NEW.amount NOT BETWEEN LEAST(0, ord.amount) AND GREATEST(0, ord.amount) THEN
            RAISE EXCEPTION '{PREFIX}{BEYOND}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    # A run's orders (neither `reverses` nor `settles`) do not even call the function.
    f"""CREATE TRIGGER ledger_one_fate BEFORE INSERT ON {TABLE} FOR EACH ROW
    WHEN (NEW.reverses_id IS NOT NULL OR NEW.settles_id IS NOT NULL) EXECUTE FUNCTION payments_ledger_one_fate()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS ledger_one_fate ON {TABLE}",
    "DROP FUNCTION IF EXISTS payments_ledger_one_fate()",
]

# SQLite: the same rules, one RAISE per rule. DecimalField is stored there as a number with
# binary rounding, hence ROUND(…, 2) before comparing sums.
ORDER_OF_NEW = "COALESCE(NEW.settles_id, CASE WHEN NEW.entry = 'order' THEN NEW.reverses_id END)"
SETTLED_ON = f"(SELECT ROUND(COALESCE(SUM(amount), 0), 2) FROM {TABLE} WHERE settles_id = {{}})"
SQLITE = [
    f"""CREATE TRIGGER ledger_one_fate BEFORE INSERT ON {TABLE}
    WHEN NEW.reverses_id IS NOT NULL OR NEW.settles_id IS NOT NULL
    BEGIN
        SELECT RAISE(ABORT, '{PREFIX}{BAD_REVERSAL}') FROM {TABLE} AS target
        WHERE target.id = NEW.reverses_id AND (
            target.reverses_id IS NOT NULL OR target.entry <> NEW.entry
            OR ROUND(NEW.amount, 2) <> -ROUND(target.amount, 2)
            OR target.contract_id <> NEW.contract_id OR target.contract_year <> NEW.contract_year
            OR target.mission <> NEW.mission OR target.part <> NEW.part OR target.kind <> NEW.kind
            OR EXISTS (SELECT 1 FROM {TABLE} WHERE reverses_id = NEW.reverses_id));
        SELECT RAISE(ABORT, '{PREFIX}{NOT_AN_ORDER}') FROM {TABLE} AS ord
        WHERE ord.id = {ORDER_OF_NEW} AND (ord.entry <> 'order' OR ord.reverses_id IS NOT NULL);
        SELECT RAISE(ABORT, '{PREFIX}{REVERSED}')
        WHERE NEW.settles_id IS NOT NULL AND EXISTS (SELECT 1 FROM {TABLE} WHERE reverses_id = NEW.settles_id);
        SELECT RAISE(ABORT, '{PREFIX}{SETTLED}')
        WHERE NEW.settles_id IS NULL AND NEW.entry = 'order' AND {SETTLED_ON.format("NEW.reverses_id")} <> 0;
        SELECT RAISE(ABORT, '{PREFIX}{BEYOND}') FROM {TABLE} AS ord
        WHERE ord.id = NEW.settles_id
        AND ROUND({SETTLED_ON.format("NEW.settles_id")} + NEW.amount, 2) NOT BETWEEN MIN(0, ROUND(ord.amount, 2)) AND MAX(0, ROUND(ord.amount, 2));
    END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS ledger_one_fate"]


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_ledger_immutable_triggers")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
