"""The « Ordonnancer les échéances dues » page refuses a date after today, in French, and writes nothing
(docs/ledger.md, « Payable à partir de, dû au plus tard »)."""

from __future__ import annotations

import datetime as dt
from html import unescape

from django.urls import reverse
from django.utils import timezone

from cpts.payments.models import LedgerEntry, PaymentRun

from .conftest import World


def test_ordering_ahead_of_time_is_refused_on_the_page(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    url = reverse("contract-event", args=[world.contract.pk, "ordonnancer"])
    response = client_for("cpam").post(url, {"on": tomorrow.isoformat()})
    assert response.status_code == 400
    # The form's shared date rule (cpts.accord.dates, docs/input-limits.md) refuses it before the run's own check.
    assert f"Le {tomorrow:%d/%m/%Y} est dans le futur" in unescape(response.content.decode())
    assert not PaymentRun.objects.exists() and not LedgerEntry.objects.exists()
    today = client_for("cpam").post(url, {"on": timezone.localdate().isoformat()})
    assert today.status_code == 302 and PaymentRun.objects.count() == 1
