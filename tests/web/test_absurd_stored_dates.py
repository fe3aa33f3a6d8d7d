"""Data stored before the date rules, with absurd dates, cannot crash a page (docs/input-limits.md « Dates »).

The main defence is refusing such dates (tests/web/test_dates_everywhere.py); these rows are written
around the services on purpose, as an older version let them through.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from cpts.contracts.models import Amendment, Attainment, Mission, Termination
from cpts.payments.schedules import clear_cache

from .conftest import World

LAST = dt.date(9999, 12, 31)


def test_pages_and_api_reads_survive_year_9999(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = world.contract
    Termination.objects.create(contract=contract, notified_on=LAST, initiator="cpts")
    Mission.objects.filter(contract=contract).update(started_on=LAST)
    Amendment.objects.create(contract=contract, signed_on=LAST, size=2)
    Attainment.objects.create(
        contract=contract, contract_year=1, mission="access", rate=Decimal("0.5"), validated_on=LAST
    )
    clear_cache()
    urls = [
        reverse("home"),
        reverse("community-list"),
        reverse("community-detail", args=[world.community.pk]),
        reverse("contract-detail", args=[contract.pk]),
        reverse("contract-history", args=[contract.pk]),
        reverse("contract-export-table", args=[contract.pk, "echeancier", "csv"]),
        f"/api/contracts/{contract.pk}/schedule",
        f"/api/contracts/{contract.pk}/deadlines",
        f"/api/contracts/{contract.pk}/ledger",
    ]
    for role in ("cnam", "ars", "cpam", "cpts"):
        client = client_for(role)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
