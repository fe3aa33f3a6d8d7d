"""Contracts signed before their national indicators were pre-filled at signature follow them too.

002 annexe 1, art. 4.2.2.2: « Les parties signataires suivent l'ensemble de ces indicateurs » (the six
national indicators of the access mission). Targets stay « à fixer »: no objective is created (rule
TARGET_NOT_SET_NOT_COUNTED). The fields are those of the catalogue when the migration runs, as
`cpts.reviews.prefill.national_fields` writes them; reversing removes nothing (the rows may have values).
"""

from django.db import migrations


def follow_national_indicators(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cpts.accord.indicators import national_indicators

    Contract = apps.get_model("contracts", "Contract")
    ContractIndicator = apps.get_model("reviews", "ContractIndicator")
    catalogue = national_indicators()
    ids = list(Contract.objects.filter(signed_on__isnull=False).values_list("pk", flat=True))
    followed = set(ContractIndicator.objects.filter(contract__in=ids).values_list("contract_id", "code"))
    rows = [
        ContractIndicator(
            contract_id=pk, code=code, scope="national", mission=source.mission, label=source.label,
            direction=source.direction, kind=source.kind, unit=source.unit, definition=source.definition,
        )
        for pk in ids
        for code, source in catalogue.items()
        if (pk, code) not in followed
    ]
    ContractIndicator.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_evidence_validated_with_review"),
    ]

    operations = [migrations.RunPython(follow_national_indicators, migrations.RunPython.noop)]
