"""« À traiter »: what an organisation has to do now, gathered from every app (home pages).

Each app that knows a kind of task registers a provider when Django starts (as the withheld
balances of cpts.core.withholding): the home page asks here rather than importing every app.
A provider reads all the CPTS of the organisation's scope in a fixed number of queries, so the
home page's query count does not grow with the number of CPTS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Task:
    """One thing to do, one click from its action (`url`)."""

    community: str  # the CPTS's name
    action: str  # what to do, in French: « Valider la lettre d'intention »
    url: str  # the page where it is done
    on: dt.date | None = None  # since when it waits, or by when it is due
    detail: str = ""  # what depends on it (money, a date), in French
    rank: int = 50  # order among the kinds of tasks: lower first


Provider = Callable[[Any, dt.date], list[Task]]  # (organisation, today) -> tasks

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def tasks_for(organisation: Any, on: dt.date) -> list[Task]:
    """Every task of the organisation, the most pressing kind first, then by date and CPTS."""
    found = [task for provider in _providers for task in provider(organisation, on)]
    return sorted(found, key=lambda t: (t.rank, t.on or dt.date.max, t.community))
