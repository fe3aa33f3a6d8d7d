"""No 500 on input (docs/input-limits.md): NUL characters, over-long strings, malformed dates and times
get a French 4xx on pages and API, and nothing is written."""

from __future__ import annotations

import json

from django.urls import reverse

from cpts.payments.models import LedgerEntry

from .conftest import World


def test_a_nul_character_in_the_query_string_is_a_400_page(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_for("cnam").get(reverse("community-list") + "?q=%00")
    assert response.status_code == 400
    assert "Caractère nul refusé dans le champ « q »." in response.content.decode()


def test_a_nul_character_in_a_form_field_or_json_string_is_refused(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    count = LedgerEntry.objects.count()
    page = client_for("cpts").post(
        reverse("community-members", args=[world.community.pk]),
        {"add": "1", "kind": "other", "name": "A\x00B", "joined_on": "2024-01-02"},
    )
    assert page.status_code == 400 and "« name »" in page.content.decode()
    api = client_for("cpam").post(
        "/api/ledger/1/payments",
        json.dumps({"paid_on": "2024-04-02", "reference": "VIR\x00"}),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json() == {"detail": "Caractère nul refusé dans le champ « corps.reference »."}
    assert LedgerEntry.objects.count() == count
