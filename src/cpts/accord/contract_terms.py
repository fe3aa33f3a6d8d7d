"""The terms of one contract on a given date: size, regime, SAS, members, after its amendments.

Implements rule AVENANT_2_BY_AMENDMENT (002 §2.3 "Les CPTS d'ores et déjà
signataires ... devront procéder à la signature d'un avenant au contrat", §3.1,
§5.1) and the inputs of rule TERMS_AT_SETTLEMENT (002 annexe 1, art. 7: an
amendment may change the size; 002 §2.3, §5.1).
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple

from cpts.accord.contract import Amendment, ContractDescription
from cpts.accord.envelopes import (
    CrisisYear,
    Line,
    Terms,
    avenant_2_start,
    envelope,
    envelope_amount,
    parts_of,
    size4_bonus_possible,
    size4_bonus_rate,
)
from cpts.accord.errors import AccordError
from cpts.accord.money import ZERO, to_cents
from cpts.accord.parameters import amounts, rule, rules


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


class TermsState(NamedTuple):
    """The fields of `Terms` in force on a date: cheaper to build and hash than `Terms`, which is only built
    when asked for (`terms_of`), e.g. for an explanation."""

    size: int
    on: dt.date  # a window start (`window_start`)
    avenant_2: bool
    sas: bool
    orientation: bool
    members: int
    crisis_year: CrisisYear
    size4_bonus: bool = True
    sas_recorded: bool = True


@lru_cache(maxsize=1 << 16)
def terms_of(state: TermsState) -> Terms:
    return Terms(*state)


def line_of(state: TermsState, mission: str, part: str) -> Line:
    """The annual amount of a part known to exist under these terms, with its explanation."""
    line = envelope_line(terms_of(state), mission, part)
    if line is None:
        raise AccordError(f"volet absent des montants en vigueur : {mission}, {part}")
    return line


class AnnualTable:
    """The annual amount of every mission part under one set of terms, each looked up on first use and kept.

    Shared by every contract and year whose terms give the same amounts; a
    mission's parts are only looked up when asked for, so a table never fails
    for a mission the contract does not run.
    """

    __slots__ = ("_advance_rate", "_missions", "terms")

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self._missions: dict[str, dict[str, int]] = {}
        self._advance_rate: Decimal | None = None

    def amounts(self, mission: str) -> dict[str, int]:
        """The annual amount of each part of a mission in integer cents, in the order of the tables.

        Shared: read it, never change it."""
        found = self._missions.get(mission)
        if found is None:
            found = self._missions[mission] = {
                part: to_cents(amount)
                for part in parts_of(self.terms, mission)
                if (amount := envelope_amount(self.terms, mission, part)) is not None
            }
        return found

    @property
    def advance_rate(self) -> Decimal:
        """Rule advance_rate in force on these terms' window (002 annexe 1, art. 6.1 and 6.2: 75 %)."""
        if self._advance_rate is None:
            self._advance_rate = rule("advance_rate", self.terms.on)
        return self._advance_rate


@lru_cache(maxsize=1 << 12)
def annual_table(state: TermsState) -> AnnualTable:
    return AnnualTable(terms_of(state))


class InForce(NamedTuple):
    """The terms of one contract on a date, and the table of their annual amounts."""

    on: dt.date
    state: TermsState
    table: AnnualTable

    @property
    def bonus(self) -> Decimal:
        """The size-4 bonus rate these terms carry (0 if none): rule SIZE4_BONUS_SCOPE."""
        state = self.state
        return size4_bonus_rate(terms_of(state)) if size4_bonus_possible(state.size, state.avenant_2) else ZERO

    def without_bonus(self) -> InForce:
        """The same terms with the size-4 bonus excluded (rule SIZE4_BONUS_FROM_AMENDMENT)."""
        state = self.state._replace(size4_bonus=False)
        return InForce(self.on, state, annual_table(state))


class TermsTimeline:
    """Answers "which terms are in force on this date" for one contract, amendments applied in date order."""

    __slots__ = ("_amendments", "_avenant_2_from", "_in_force", "_sas_recorded_from", "contract", "transition_from")

    def __init__(self, contract: ContractDescription) -> None:
        self.contract = contract
        self._amendments: tuple[Amendment, ...] = tuple(sorted(contract.amendments, key=lambda a: a.signed_on))
        self._avenant_2_from = avenant_2_from(contract)
        self._sas_recorded_from = sas_recorded_from(contract, self._amendments)
        # Rule SAS_TRANSITION_BEFORE_AVENANT_2: the avenant n° 2 amendment of a contract whose territory had a SAS
        # when avenant n° 2 came in, from which the years whose balance falls due after 3/9/2022 take the SAS
        # amounts; None otherwise.
        self.transition_from = sas_transition_from(contract, self._amendments, self._avenant_2_from)
        self._in_force: dict[tuple[dt.date, CrisisYear], InForce] = {}

    @property
    def avenant_2_from(self) -> dt.date | None:
        return self._avenant_2_from

    def on(self, on: dt.date, crisis_year: CrisisYear = "first") -> Terms:
        return terms_of(self.in_force(on, crisis_year).state)

    def in_force(self, on: dt.date, crisis_year: CrisisYear = "first") -> InForce:
        key = (on, crisis_year)
        found = self._in_force.get(key)
        if found is None:
            found = self._in_force[key] = self._compute(on, crisis_year)
        return found

    def _compute(self, on: dt.date, crisis_year: CrisisYear) -> InForce:
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
        recorded = not (avenant_2 and sas) or (self._sas_recorded_from is not None and on >= self._sas_recorded_from)
        window = window_start(on)
        state = TermsState(size, window, avenant_2, sas, orientation, members, crisis_year, True, recorded)
        # Many contracts share their annual amounts but not their members count, which only the size-4 bonus
        # reads: the table is shared between them (a negative count is kept, for Terms to refuse it).
        if size4_bonus_possible(size, avenant_2):
            return InForce(on, state, annual_table(state))
        shared = TermsState(size, window, avenant_2, sas, orientation, min(members, 0), crisis_year, True, recorded)
        return InForce(on, state, annual_table(shared))

    def transition(self, settling: InForce) -> InForce:
        """Rule SAS_TRANSITION_BEFORE_AVENANT_2: the avenant n° 2 access amounts with the SAS, for a year settled
        before the contract moved to them (002 §2.3 « celui-ci sera calculé sur la base du montant de l'avenant
        n° 2 »); the size-4 bonus never reaches it (rule SIZE4_BONUS_FROM_AMENDMENT)."""
        on = window_start(max(settling.state.on, avenant_2_start()))
        state = settling.state._replace(on=on, avenant_2=True, sas=True, sas_recorded=True, size4_bonus=False)
        return InForce(settling.on, state, annual_table(state))


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


def sas_recorded_from(contract: ContractDescription, amendments: tuple[Amendment, ...]) -> dt.date | None:
    """Rule SAS_TRANSITION_BEFORE_AVENANT_2: from when the contract records the SAS, which its access amounts need.

    A contract signed from 3 September 2022 mentions « les modifications à venir dès l'arrivée du SAS » (002
    §2.3, 2-): the SAS date set by the ARS is enough (rule SAS_ARRIVAL_AFTER_SIGNATURE). An older one needs an
    amendment signed from 3 September 2022 that records it: the avenant n° 2 amendment if the SAS is there when
    it is signed (« Sur des territoires avec SAS : ... intégrer les nouvelles dispositions ... dans leur
    intégralité »), or the « avenant complémentaire pour acter le passage au nouveau dispositif dès lors qu'un
    SAS sera présent sur le territoire » (`records_sas`, or an amendment stating the SAS date).
    """
    start = avenant_2_start()
    if contract.signed_on >= start:
        return contract.signed_on
    sas = contract.sas_from
    for amendment in amendments:
        if amendment.changes_sas:
            sas = amendment.sas_from
        if amendment.signed_on < start:
            continue
        present = sas is not None and sas <= amendment.signed_on
        if amendment.records_sas or (amendment.changes_sas and sas is not None) or (amendment.avenant_2 and present):
            return amendment.signed_on
    return None


def sas_transition_from(
    contract: ContractDescription, amendments: tuple[Amendment, ...], moved_on: dt.date | None
) -> dt.date | None:
    """Rule SAS_TRANSITION_BEFORE_AVENANT_2: the day of the avenant n° 2 amendment of a contract signed before
    3 September 2022 whose territory already had a SAS on that date (002 §2.3 « Présence d'un SAS sur le
    territoire : pour les CPTS signataires avant l'entrée en vigueur de l'avenant n° 2 et dont le solde doit être
    versé après cette même date, celui-ci sera calculé sur la base du montant de l'avenant n° 2 »), or None."""
    start = avenant_2_start()
    if contract.signed_on >= start or moved_on is None:
        return None
    sas = contract.sas_from
    for amendment in amendments:
        if amendment.signed_on > start:
            break
        if amendment.changes_sas:
            sas = amendment.sas_from
    return moved_on if sas is not None and sas <= start else None


@lru_cache(maxsize=1 << 16)
def envelope_line(terms: Terms, mission: str, part: str) -> Line | None:
    """`envelopes.envelope`, looked up once per distinct terms (a pure function of its arguments)."""
    return envelope(terms, mission, part)
