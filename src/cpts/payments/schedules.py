"""The schedule of a stored contract: always the engine's output for its description.

Nothing else computes amounts (ARCHITECTURE.md, "One figure, one place"). The
engine is pure, so its result is cached in memory keyed by a digest of the
description and the date: a changed contract gives a changed description, hence
a new computation; a stale schedule cannot be served.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cpts.accord.contract import ContractDescription
from cpts.accord.schedule import Schedule, compute_schedule

if TYPE_CHECKING:
    from cpts.contracts.models import Contract

CACHE_SIZE = 4096
_cache: OrderedDict[tuple[str, dt.date | None], Schedule] = OrderedDict()
_lock = threading.Lock()


def description_digest(description: ContractDescription) -> str:
    """A digest of everything the schedule depends on (the dataclass repr is complete and stable)."""
    return hashlib.sha256(repr(description).encode()).hexdigest()


def schedule_for(description: ContractDescription, today: dt.date | None = None) -> Schedule:
    """`compute_schedule(description, today)`, memoised. `today` only moves deadline statuses."""
    key = (description_digest(description), today)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    schedule = compute_schedule(description, today)
    with _lock:
        _cache[key] = schedule
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return schedule


def contract_schedule(contract: Contract, today: dt.date | None = None) -> Schedule:
    """The schedule of a signed contract (part A's `describe` is the one bridge to the engine)."""
    from cpts.contracts.bridge import describe

    return schedule_for(describe(contract), today)


def contract_schedules(contracts: Sequence[Contract], today: dt.date | None = None) -> list[Schedule]:
    """The schedules of several signed contracts, in order, described together (`describe_many`)."""
    from cpts.contracts.bridge import describe_many

    return [schedule_for(description, today) for description in describe_many(contracts)]


def clear_cache() -> None:
    with _lock:
        _cache.clear()
