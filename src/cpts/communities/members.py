"""The member count of a CPTS, computed from its member list, never typed in (002 §5.1).

« les professionnels de santé d'une MSP sont comptés individuellement comme
membre … Pour les autres structures, leur adhésion à la CPTS sera comptabilisée
à hauteur de "un" membre. » A professional counts one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Case, IntegerField, Q, Sum, Value, When

from cpts.accord.envelopes import Terms, avenant_2_start, size4_bonus_rate
from cpts.communities.models import Community, Member


def active_on(on: dt.date) -> Q:
    """Members who had joined on `on` and not yet left (a member leaving on `on` no longer counts)."""
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


def member_count(community: Community, on: dt.date) -> int:
    """002 §5.1: each professional of a member MSP counts, any other member counts one."""
    weight = Case(When(kind=Member.Kind.MSP, then="professionals"), default=Value(1), output_field=IntegerField())
    total = Member.objects.filter(active_on(on), community=community).aggregate(total=Sum(weight))["total"]
    return int(total or 0)


def persons(community: Community, on: dt.date) -> tuple[int, int]:
    """The members on `on` as natural persons (health professionals) and legal persons (every structure): what the
    yearly list mentions (002 §5.1 « en mentionnant s'il s'agit d'une personne physique ou morale »)."""
    active = Member.objects.filter(active_on(on), community=community)
    natural = active.filter(kind=Member.Kind.PROFESSIONAL).count()
    return natural, active.count() - natural


def size4_bonus_rate_on(size: int, members: int, on: dt.date) -> Decimal:
    """The size-4 bonus rate (0 or 0.10) the engine applies on `on` (002 §5.1, rule SIZE4_BONUS_SCOPE)."""
    return size4_bonus_rate(Terms(size=size, on=on, avenant_2=on >= avenant_2_start(), members=members))
