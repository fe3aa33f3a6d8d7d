"""Reading many contracts or CPTS at once gives what reading each one gives (describe_many, stages).

Pages and payment runs read a list in one query per table; these tests pin that the batch is only a
faster path to the same engine inputs and the same lifecycle stages, for CPTS at every stage of the
demo (000 "Mode d'emploi", 003, 002 annexes 1-2), and that its cost does not grow with the list.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cpts.communities.models import Community
from cpts.contracts.bridge import describe, describe_many
from cpts.contracts.demo import load_demo
from cpts.contracts.lifecycle import STAGE_LABELS, stage, stages
from cpts.contracts.models import Contract

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)


@pytest.fixture
def demo() -> None:
    load_demo(TODAY)


def queries(read) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_describe_many_equals_describe_one_by_one(demo) -> None:  # type: ignore[no-untyped-def]
    contracts = list(Contract.objects.filter(signed_on__isnull=False).order_by("pk"))
    assert len(contracts) >= 5
    assert describe_many(contracts) == [describe(contract) for contract in contracts]
    assert describe_many(list(reversed(contracts))) == [describe(c) for c in reversed(contracts)]  # order kept


def test_describe_many_reads_each_table_once(demo) -> None:  # type: ignore[no-untyped-def]
    contracts = list(Contract.objects.filter(signed_on__isnull=False).select_related("community__territory"))
    assert queries(lambda: describe_many(contracts[:1])) == queries(lambda: describe_many(contracts))


def test_stages_equal_stage_one_by_one_at_every_stage(demo) -> None:  # type: ignore[no-untyped-def]
    communities = list(Community.objects.order_by("pk"))
    found = stages(communities, TODAY)
    assert found == [stage(community, TODAY) for community in communities]
    assert stages(Community.objects.order_by("pk"), TODAY) == found  # a queryset: rows selected by a subquery
    assert {"letter_submitted", "project_objected", "contract_signed", "terminating", "terminated"} <= set(found)
    assert set(found) <= set(STAGE_LABELS)


def test_stages_read_each_table_once(demo) -> None:  # type: ignore[no-untyped-def]
    communities = list(Community.objects.all())
    assert queries(lambda: stages(communities[:1], TODAY)) == queries(lambda: stages(communities, TODAY))


def test_a_stage_is_read_now_not_from_a_stale_object(world) -> None:  # type: ignore[no-untyped-def]
    from cpts.contracts import services as ks

    from .conftest import COMMAND

    community = Community.objects.select_related("health_project").prefetch_related("contracts").get(
        pk=world.community.pk
    )
    assert stage(community, TODAY) == "contract_signed"
    ks.terminate(COMMAND, Contract.objects.get(community=community), dt.date(2025, 1, 6), "cpts")
    assert stage(community, TODAY) == "terminated"  # notice 6 Jan + two months: effective in March
