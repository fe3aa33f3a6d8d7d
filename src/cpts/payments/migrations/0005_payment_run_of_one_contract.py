"""A payment run launched from a contract page orders that contract only (docs/ledger.md, « Campagnes de paiement »)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0004_termination_reason'),
        ('payments', '0004_ledger_early_mission_account'),
    ]

    operations = [
        migrations.AddField(
            model_name='paymentrun',
            name='contract',
            field=models.ForeignKey(blank=True, help_text='vide : tous les contrats (de la CPAM) ; sinon la campagne lancée de la page de ce contrat', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contracts.contract', verbose_name='contrat'),
        ),
    ]
