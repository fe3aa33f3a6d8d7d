"""Dates of a contract: anniversaries, contract years, months added, prorata.

Implements 002 annexe 1, art. 7 (a five-year contract) and the contract-year
convention of art. 6 and 8.3 ("en référence à la date anniversaire du
contrat"); rules CONTRACT_YEARS and PRORATA_BY_DAYS of docs/interpretations.md.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Literal

LeapAnniversary = Literal["feb28", "mar1"]


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the target month lacks becomes its last day (31/08 + 6 = 28/02).

    Past the calendar's last year (an absurd date already stored, docs/input-limits.md « Dates »),
    the calendar's last day: a page must not fail on « year 10000 is out of range ».
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    if start.day <= 28:  # every month has these days: no calendar look-up (the schedule adds months often)
        return dt.date(year, month + 1, start.day)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


def anniversary(signed_on: dt.date, years: int, leap: LeapAnniversary = "feb28") -> dt.date:
    """Rule CONTRACT_YEARS: the `years`-th anniversary of a signature.

    An anniversary of 29 February falls on 28 February in other years (reading
    "feb28", ARCHITECTURE.md "Conventions"); the other reading, "mar1", moves it
    to 1 March.
    """
    year = signed_on.year + years
    if year > dt.MAXYEAR:  # an absurd date already stored: the calendar's last day, as add_months
        return dt.date.max
    if signed_on.month == 2 and signed_on.day == 29 and not _stdlib_calendar.isleap(year):
        return dt.date(year, 2, 28) if leap == "feb28" else dt.date(year, 3, 1)
    return signed_on.replace(year=year)


def days_between(start: dt.date, end: dt.date) -> int:
    """Days from `start` (inclusive) to `end` (exclusive); zero if `end` is not after `start`."""
    return max((end - start).days, 0)


def prorata(running_from: dt.date, running_until: dt.date, year_start: dt.date, year_end: dt.date) -> tuple[int, int]:
    """Rule PRORATA_BY_DAYS: (days running within the contract year, days of that year).

    The year runs from `year_start` (inclusive) to `year_end` (exclusive), 365 or
    366 days; the thing runs from `running_from` to `running_until` (exclusive).
    """
    start = max(running_from, year_start)
    end = min(running_until, year_end)
    return days_between(start, end), (year_end - year_start).days


def fraction(days: int, total: int) -> Decimal:
    return Decimal(days) / Decimal(total)


@lru_cache(maxsize=8192)
def french_date(on: dt.date) -> str:
    """A date as French readers write it (01/03/2023), formatted once per date."""
    return f"{on.day:02d}/{on.month:02d}/{on.year:04d}"  # strftime is several times slower
