"""The terms of one contract on a given date: size, regime, SAS, members, after its amendments.

Implements rule AVENANT_2_BY_AMENDMENT (002 §2.3 "Les CPTS d'ores et déjà
signataires ... devront procéder à la signature d'un avenant au contrat", §3.1,
§5.1) and the inputs of rule TERMS_AT_SETTLEMENT (002 annexe 1, art. 7: an
amendment may change the size; 002 §2.3, §5.1).
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import cache, lru_cache

from cpts.accord.contract import Amendment, ContractDescription
from cpts.accord.envelopes import CrisisYear, Line, Terms, avenant_2_start, envelope, parts_of
from cpts.accord.parameters import amounts, rules


@cache
def _breakpoints() -> tuple[dt.date, ...]:
    """Every date on which some dated parameter (amount table or rule) changes."""
    dates = {p.start for table in (amounts(), rules()) for parameter in table.values() for p in parameter.periods}
    dates |= {
        p.end for table in (amounts(), rules()) for parameter in table.values() for p in parameter.periods if p.end
    }
    return tuple(sorted(dates))


def window_start(on: dt.date) -> dt.date:
    """The first day of the window in which every dated parameter has the same value as on `on`.

    The amounts of the tables depend on the date only through these windows, so
    the terms of a contract carry this day (the "date" of an annual amount's
    explanation: the amounts in force since then); the payment's own explanation
    gives its exact date. This lets each annual amount be looked up once per
    window instead of once per day.
    """
    points = _breakpoints()
    index = bisect.bisect_right(points, on) - 1
    return points[index] if index >= 0 else on


class TermsTimeline:
    """Answers "which terms are in force on this date" for one contract, amendments applied in date order."""

    __slots__ = ("_amendments", "_avenant_2_from", "_cache", "_lines", "_parts", "contract")

    def __init__(self, contract: ContractDescription) -> None:
        self.contract = contract
        self._amendments: tuple[Amendment, ...] = tuple(sorted(contract.amendments, key=lambda a: a.signed_on))
        self._avenant_2_from = avenant_2_from(contract)
        self._cache: dict[tuple[dt.date, CrisisYear], Terms] = {}
        self._lines: dict[tuple[dt.date, CrisisYear, str, str], Line | None] = {}
        self._parts: dict[tuple[dt.date, CrisisYear, str], tuple[str, ...]] = {}

    @property
    def avenant_2_from(self) -> dt.date | None:
        return self._avenant_2_from

    def on(self, on: dt.date, crisis_year: CrisisYear = "first") -> Terms:
        key = (on, crisis_year)
        terms = self._cache.get(key)
        if terms is None:
            terms = self._cache[key] = self._compute(on, crisis_year)
        return terms

    def line(self, on: dt.date, crisis_year: CrisisYear, mission: str, part: str) -> Line | None:
        """The annual amount of one mission part under the terms in force on a date."""
        key = (on, crisis_year, mission, part)
        try:
            return self._lines[key]
        except KeyError:
            line = self._lines[key] = envelope_line(self.on(on, crisis_year), mission, part)
            return line

    def parts(self, on: dt.date, crisis_year: CrisisYear, mission: str) -> tuple[str, ...]:
        """The parts a mission has under the terms in force on a date."""
        key = (on, crisis_year, mission)
        try:
            return self._parts[key]
        except KeyError:
            parts = self._parts[key] = terms_parts(self.on(on, crisis_year), mission)
            return parts

    def _compute(self, on: dt.date, crisis_year: CrisisYear) -> Terms:
        contract = self.contract
        size, sas_from, members, orientation = (
            contract.size,
            contract.sas_from,
            contract.members,
            contract.orientation_service,
        )
        for amendment in self._amendments:
            if amendment.signed_on > on:
                break
            size = amendment.size if amendment.size is not None else size
            sas_from = amendment.sas_from if amendment.changes_sas else sas_from
            members = amendment.members if amendment.members is not None else members
            orientation = amendment.orientation_service if amendment.orientation_service is not None else orientation
        avenant_2 = self._avenant_2_from is not None and on >= self._avenant_2_from
        sas = sas_from is not None and sas_from <= on
        return Terms(size, window_start(on), avenant_2, sas, orientation, members, crisis_year)


def avenant_2_from(contract: ContractDescription) -> dt.date | None:
    """Rule AVENANT_2_BY_AMENDMENT: the day avenant n° 2 applies to this contract, or None.

    A contract signed from 3 September 2022 is under avenant n° 2 from its
    signature; an older one moves to it on the signature of the amendment that
    brings it in (002 §2.3, 1-), and keeps the 2019 amounts until then.
    """
    start = avenant_2_start()
    if contract.signed_on >= start:
        return contract.signed_on
    dates = [a.signed_on for a in contract.amendments if a.avenant_2 and a.signed_on >= start]
    return min(dates) if dates else None


@lru_cache(maxsize=1 << 16)
def envelope_line(terms: Terms, mission: str, part: str) -> Line | None:
    """`envelopes.envelope`, looked up once per distinct terms (a pure function of its arguments)."""
    return envelope(terms, mission, part)


@lru_cache(maxsize=1 << 16)
def terms_parts(terms: Terms, mission: str) -> tuple[str, ...]:
    """`envelopes.parts_of`, looked up once per distinct terms."""
    return tuple(parts_of(terms, mission))
