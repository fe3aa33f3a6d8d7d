"""A refused API request writes nothing (principle: "A rejected import or form names the line and the
field, and writes nothing"): every write operation runs in one transaction, rolled back on refusal."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from cpts.api.api import WRITES, api
from cpts.api.models import ApiToken
from cpts.api.testing import World
from cpts.reviews.models import AnnualReview, ContractIndicator, MeasuredValue


def as_cpts(world: World) -> Client:
    token = ApiToken.issue(world.user("cpts"), world.organisation("cpts"), "tests")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def put_values(client: Client, world: World, values: list[dict[str, Any]]) -> Any:
    url = f"/api/contracts/{world.signed.pk}/reviews/1/values"
    return client.put(url, json.dumps({"values": values}), content_type="application/json")


def test_values_refused_for_an_unknown_indicator_leave_no_draft_review(world: World) -> None:
    """The review is opened (a draft row) before the values are checked: the refusal rolls it back."""
    answer = put_values(as_cpts(world), world, [{"indicator": "inconnu", "value": "12"}])
    assert answer.status_code == 409
    assert answer.json()["detail"] == "Indicateurs inconnus pour ce contrat : inconnu."
    assert not AnnualReview.objects.exists()


def test_a_refusal_keeps_what_earlier_requests_wrote(world: World) -> None:
    indicator = ContractIndicator.objects.create(
        contract=world.signed, code="local_1", scope="local", mission="access", label="Indicateur local",
        direction="increasing", kind="means", unit="%",
    )  # fmt: skip
    client = as_cpts(world)
    assert put_values(client, world, [{"indicator": "local_1", "value": "40"}]).status_code == 200
    refused = put_values(client, world, [{"indicator": "local_1", "value": "55"}, {"indicator": "x", "value": "1"}])
    assert refused.status_code == 409
    assert MeasuredValue.objects.get(indicator=indicator).value == 40  # the first request's value, untouched
    assert AnnualReview.objects.count() == 1


def test_every_write_operation_runs_all_or_nothing() -> None:
    operations = [
        (path, operation)
        for router in api._get_bound_routers()
        for path, view in router.path_operations.items()
        for operation in view.operations
        if set(operation.methods) & WRITES
    ]
    assert len(operations) >= 14  # lifecycle, ledger and review writes
    assert [path for path, operation in operations if not getattr(operation.view_func, "all_or_nothing", False)] == []
