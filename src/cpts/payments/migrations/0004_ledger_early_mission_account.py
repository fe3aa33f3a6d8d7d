"""The early-mission account of the ledger (docs/ledger.md, « Le compte du contrat de démarrage »).

A CPTS in project is paid its early-mission aid « dès la signature du contrat » (002 §3.2, annexe 2 art. 2.2),
without any ACI contract: its orders and payments need an account. A ledger row now names either an ACI
contract or an early-mission contract, never both.

The guards of migrations 0002 and 0003 are brought up to date: the new column is frozen like the others, and a
reversal names a row of the same account. On SQLite, making `contract` nullable rebuilds the table, which drops
its triggers: they are created again here.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

immutable = import_module("cpts.payments.migrations.0002_ledger_immutable_triggers")
one_fate = import_module("cpts.payments.migrations.0003_ledger_one_fate_trigger")
run = immutable.run
FROZEN = immutable.FROZEN + ", early_mission_id"


def updated(statements, replacements):
    """The statements of an earlier migration with the account's new column; each replaced text must be there."""
    found = []
    for sql in statements:
        for old, new in replacements:
            sql = sql.replace(old, new)
        found.append(sql)
    for old, _ in replacements:
        assert any(old in sql for sql in statements), old
    return found


FROZEN_COLUMNS = [(immutable.FROZEN, FROZEN)]
POSTGRESQL = [
    f"DROP TRIGGER IF EXISTS ledger_no_update ON {immutable.TABLE}",
    *updated([sql for sql in immutable.POSTGRESQL if "ledger_no_update" in sql], FROZEN_COLUMNS),
    *updated(
        [one_fate.POSTGRESQL[0]],
        [
            ("(target.contract_id, target.contract_year", "(target.contract_id, target.early_mission_id, target.contract_year"),
            ("(NEW.contract_id, NEW.contract_year", "(NEW.contract_id, NEW.early_mission_id, NEW.contract_year"),
        ],
    ),
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS ledger_no_update ON {immutable.TABLE}",
    *[sql for sql in immutable.POSTGRESQL if "ledger_no_update" in sql],
    one_fate.POSTGRESQL[0],
]
SQLITE = [
    *immutable.SQLITE_REVERSE,
    *one_fate.SQLITE_REVERSE,
    *updated(immutable.SQLITE, FROZEN_COLUMNS),
    *updated(
        one_fate.SQLITE,
        [
            (
                "target.contract_id <> NEW.contract_id",
                "target.contract_id IS NOT NEW.contract_id OR target.early_mission_id IS NOT NEW.early_mission_id",
            )
        ],
    ),
]
SQLITE_REVERSE = [*immutable.SQLITE_REVERSE, *one_fate.SQLITE_REVERSE, *immutable.SQLITE, *one_fate.SQLITE]


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0004_letter_refusal'),
        ('contracts', '0004_termination_reason'),
        ('core', '0002_audit_append_only_triggers'),
        ('payments', '0003_ledger_one_fate_trigger'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='ledgerentry',
            name='early_mission',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entries', to='communities.earlymissioncontract', verbose_name='contrat de démarrage des missions'),
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='contract',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entries', to='contracts.contract', verbose_name='contrat'),
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.UniqueConstraint(fields=('early_mission', 'contract_year', 'mission', 'part', 'kind', 'entry', 'sequence'), name='ledger_early_one_row_per_line_entry_sequence'),
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('contract__isnull', False), ('early_mission__isnull', True)), models.Q(('contract__isnull', True), ('contract_year', 0), ('early_mission__isnull', False), ('mission', 'early_mission')), _connector='OR'), name='ledger_one_account'),
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
