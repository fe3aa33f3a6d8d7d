"""The budget projection (docs/steering.md, « Projection budgétaire »): pure, no Django, no I/O.

What the contracts will cost in the coming calendar years, under scenarios the user sets:

- the contracts signed: their stored engine lines (`cpts.steering.models.ScheduleLine`, equal to
  `compute_schedule`) and their parts still pending (`PendingPart`), expiries and terminations
  included, since the engine schedules nothing after a contract's end (002 annexe 1, art. 7 and 8);
- their follow-on contracts, if the scenario renews a contract at its fifth anniversary (a projection
  hypothesis, outside the agreement: 002 annexe 1, art. 7 sets five years and says nothing of the next);
- the pipeline: CPTS at the letter of intent or the health project, signing after the delay observed in
  the data, at their size; each synthetic contract is scheduled by the engine itself.

Amounts per contract, year and part are computed once, in integer cents; a scenario only weighs the
variable parts still pending (002 annexe 1, art. 4.2.2 and 6.2: the variable part is its maximum times
the validated attainment rate). The stochastic mode draws those rates from the validated ones, vectorised
over all pending parts, and gives P10, median and P90 per year. Outputs are Decimal euros.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from cpts.accord.calendar import add_months
from cpts.accord.contract import ContractDescription, MissionDates
from cpts.accord.envelopes import MISSION_LABELS, MISSIONS, Terms, annual_envelopes, avenant_2_start
from cpts.accord.errors import AccordError
from cpts.accord.money import as_text, from_cents, to_cents
from cpts.accord.parameters import NotInForce
from cpts.accord.schedule import Schedule, compute_schedule

ATTAINMENTS = ("0", "50", "100", "observed")
SOURCES = ("in_force", "renewal", "pipeline")
SOURCE_LABELS = {"in_force": "contrats signés", "renewal": "renouvellements", "pipeline": "CPTS en projet"}
CORE_MISSIONS = ("access", "pathways", "prevention", "crisis")
MAX_YEARS = 10
MAX_DRAWS = 10_000
MAX_CRISES = 12  # crises declared a year in the scenario (the occurrence is paid once a contract year at most)
DRAW_CHUNK = 200  # draws weighed at once (memory: chunk × pending parts integers)
BASIS_POINTS = 10_000

# How a cell counts: a known amount (an engine line, a validated variable part included), a pending
# variable part (its maximum, weighed by the scenario's rate), or a part owed but waiting (year-1
# operating payment before the dossier is complete: counted in full).
KNOWN, VARIABLE, OWED = 0, 1, 2

CLAUSES = (
    ("Lignes des contrats signés", "échéanciers du moteur enregistrés (002 annexe 1, art. 5 et 6 ; "
     "docs/steering.md « Échéanciers enregistrés »)"),
    ("Volet variable", "maximum × taux d'atteinte validé (002 annexe 1, art. 4.2.2 et 6.2)"),
    ("Fin des contrats", "cinq ans ou résiliation effective (002 annexe 1, art. 7 et 8) : rien après"),
    ("Renouvellement", "hypothèse de projection, hors accord : un nouveau contrat de cinq ans aux mêmes taille "
     "et missions, signé le jour du cinquième anniversaire (002 annexe 1, art. 7 ne dit rien du contrat suivant)"),
    ("CPTS en projet", "hypothèse de projection, hors accord : signature après le délai médian observé depuis la "
     "même étape, à la taille connue ; missions socle démarrées à leurs échéances (002 annexe 1, art. 3)"),
    ("Missions non démarrées", "hypothèse de projection : les missions socle non démarrées des contrats en vigueur "
     "démarrent à leur échéance du calendrier (002 annexe 1, art. 3), ou le retard choisi plus tard, jamais avant "
     "la date d'observation"),
    ("Arrivée du SAS", "hypothèse de projection : les contrats sans SAS en ont un à la date choisie (002 §2.1 et "
     "§2.3 ; les montants d'un contrat signé avant l'avenant n° 2 attendent l'avenant complémentaire qui "
     "enregistre le SAS)"),
    ("Crises par an", "hypothèse de projection : crises sanitaires graves déclarées chaque année sur tous les "
     "territoires, réparties dans l'année ; le volet « survenue » est dû une fois par année du contrat au plus, "
     "plan rédigé (002 §1.3 ; 002 annexe 1, art. 6.2)"),
    ("Plafonds comparés", "enveloppes annuelles de toutes les missions aux barèmes de l'ACI de 2019 et de "
     "l'avenant n° 2 (000, 004 ; 002 annexe 1, art. 5 ; 001 : de 450 000 à 580 000 € par an en taille 4)"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Scenario:
    """What the user sets. `attainment`: the rate of the pending variable parts ("observed": the mean of the
    validated rates of the mission); `delay_months`: missions not started start that late after their deadline
    (0: on the calendar), for new contracts and, with `start_missions`, for the signed contracts in force (off:
    their missions not started never start); `sas`: new contracts have a SAS from their signature (002 §2.3);
    `sas_on`: contracts without a SAS (signed in force, and new ones when `sas` is off) get one on that day;
    `crises`: crises declared a year over every territory (002 §1.3)."""

    from_year: int
    years: int
    attainment: str = "observed"
    renewals: bool = True
    pipeline: bool = True
    delay_months: int = 0
    sas: bool = True
    draws: int = 0
    seed: int = 0
    start_missions: bool = True
    sas_on: dt.date | None = None
    crises: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.years <= MAX_YEARS:
            raise ValueError(f"horizon invalide : {self.years} ans (de 1 à {MAX_YEARS})")
        if not 2019 <= self.from_year <= 2100:
            raise ValueError(f"année de départ invalide : {self.from_year} (de 2019 à 2100)")
        if self.attainment not in ATTAINMENTS:
            raise ValueError(f"taux d'atteinte inconnu : « {self.attainment} » (0, 50, 100 ou observed)")
        if not 0 <= self.draws <= MAX_DRAWS:
            raise ValueError(f"nombre de tirages invalide : {self.draws} (de 0 à {MAX_DRAWS})")
        if not 0 <= self.delay_months <= 60:
            raise ValueError(f"retard de déploiement invalide : {self.delay_months} mois (de 0 à 60)")
        if not 0 <= self.crises <= MAX_CRISES:
            raise ValueError(f"nombre de crises par an invalide : {self.crises} (de 0 à {MAX_CRISES})")

    @property
    def last_year(self) -> int:
        return self.from_year + self.years - 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "from_year": self.from_year, "years": self.years, "attainment": self.attainment,
            "renewals": self.renewals, "pipeline": self.pipeline, "delay_months": self.delay_months,
            "sas": self.sas, "draws": self.draws, "seed": self.seed, "start_missions": self.start_missions,
            "sas_on": self.sas_on.isoformat() if self.sas_on else None, "crises": self.crises,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Known:
    """One stored line (`pending` False) or pending part (`pending` True) of a signed contract."""

    contract: int
    year: int  # calendar year of its due date, or of the settlement of the pending part
    mission: str
    part: str
    amount: Decimal
    pending: bool = False


@dataclass(frozen=True, slots=True)
class Running:
    """A signed contract: its size in force, when it runs, and what a follow-on contract would take."""

    contract: int
    size: int
    starts_on: dt.date
    ends_on: dt.date  # the first day it no longer runs
    renewable: bool  # in force on the observation date and not terminated
    missions: tuple[str, ...] = ()  # started
    members: int = 0
    orientation: bool = False
    # The engine's description of a renewable contract and its start deadlines (mission, due on): what the
    # scenario's hypotheses change (missions not started, SAS arrival, crises) before the engine schedules it again.
    description: ContractDescription | None = None
    deadlines: tuple[tuple[str, dt.date], ...] = ()


@dataclass(frozen=True, slots=True)
class Prospect:
    """A CPTS in the pipeline: its size and the day it is expected to sign."""

    community: int
    size: int
    stage: str
    signs_on: dt.date


@dataclass
class Book:
    """Every cell of the projection, in parallel arrays (one row per contract, calendar year and part)."""

    years: list[int] = field(default_factory=list)
    cents: list[int] = field(default_factory=list)
    weights: list[int] = field(default_factory=list)
    missions: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)

    def add(self, year: int, amount: Decimal, weight: int, mission: str, source: str) -> None:
        self.years.append(year)
        self.cents.append(to_cents(amount))
        self.weights.append(weight)
        self.missions.append(mission)
        self.sources.append(SOURCES.index(source))


# Rates --------------------------------------------------------------------------------------------------


def mean_rate(rates: Sequence[Decimal]) -> Decimal:
    return (sum(rates, Decimal(0)) / len(rates)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def scenario_rates(
    scenario: Scenario, observed: Mapping[str, Sequence[Decimal]]
) -> tuple[dict[str, Decimal], list[str]]:
    """The rate of each mission's pending variable parts under the scenario, and the warnings."""
    if scenario.attainment != "observed":
        rate = Decimal(scenario.attainment) / 100
        return dict.fromkeys(MISSIONS, rate), []
    pooled = [rate for rates in observed.values() for rate in rates]
    warnings = []
    if not pooled:
        warnings.append("aucun taux d'atteinte validé : les volets variables en attente comptent à 100 %")
    rates = {}
    for mission in MISSIONS:
        mine = observed.get(mission, ())
        rates[mission] = mean_rate(mine) if mine else mean_rate(pooled) if pooled else Decimal(1)
        if not mine and pooled and mission != "operating":
            warnings.append(f"mission « {MISSION_LABELS[mission]} » sans taux validé : moyenne de toutes les missions")
    return rates, warnings


def weighed(cents: npt.NDArray[np.int64], basis_points: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Each maximum times its rate, rounded half up to the cent (amounts are never negative here)."""
    result: npt.NDArray[np.int64] = (cents * basis_points + BASIS_POINTS // 2) // BASIS_POINTS
    return result


def to_basis_points(rate: Decimal) -> int:
    return int((rate * BASIS_POINTS).to_integral_value(rounding=ROUND_HALF_UP))


# Synthetic contracts (renewals, pipeline), scheduled by the engine --------------------------------------------


def crisis_dates(scenario: Scenario, not_before: dt.date) -> tuple[dt.date, ...]:
    """The scenario's crises: `crises` declarations in each calendar year of the horizon, spread evenly over the
    year (the middle of each equal share), from `not_before` on (a projection hypothesis)."""
    dates = []
    for year in range(scenario.from_year, scenario.last_year + 1):
        first = dt.date(year, 1, 1)
        days = (dt.date(year + 1, 1, 1) - first).days
        for index in range(scenario.crises):
            day = first + dt.timedelta(days=(2 * index + 1) * days // (2 * scenario.crises))
            if day >= not_before:
                dates.append(day)
    return tuple(dates)


def adjusted(
    description: ContractDescription, deadlines: Iterable[tuple[str, dt.date]], scenario: Scenario,
    not_before: dt.date, end: dt.date, start: bool,
) -> ContractDescription | None:  # fmt: skip
    """The description under the scenario's hypotheses, None when they change nothing. With `start`, each core
    mission not started starts at its deadline (002 annexe 1, art. 3) plus the scenario's delay, not before
    `not_before`, when that falls before `end` (its crisis plan drafted that day if none is, with crises to pay:
    002 §1.3); a contract without a SAS gets one on `sas_on`; the scenario's crises are declared."""
    changes: dict[str, Any] = {}
    if start:
        later = {}
        for mission, due_on in deadlines:
            dates = description.missions.get(mission) or MissionDates()
            if mission not in CORE_MISSIONS or dates.started_on is not None:
                continue
            on = max(add_months(due_on, scenario.delay_months), not_before)
            if on < end:
                later[mission] = dataclasses.replace(dates, started_on=on)
        if later:
            changes["missions"] = {**description.missions, **later}
    crises = crisis_dates(scenario, not_before)
    if crises:
        changes["crises"] = tuple(sorted(set(description.crises) | set(crises)))
        crisis = changes.get("missions", description.missions).get("crisis")
        if description.crisis_plan_drafted_on is None and crisis is not None and crisis.started_on is not None:
            changes["crisis_plan_drafted_on"] = crisis.started_on
    if scenario.sas_on is not None and description.sas_from is None:
        changes["sas_from"] = max(scenario.sas_on, not_before)
    return dataclasses.replace(description, **changes) if changes else None


def follow_on(
    signed_on: dt.date, size: int, started: Iterable[str], scenario: Scenario, members: int = 0,
    orientation: bool = False,
) -> Schedule | None:  # fmt: skip
    """The engine's schedule of a contract signed on `signed_on`: the missions in `started` run from the
    signature, the other core missions start at their deadline (002 annexe 1, art. 3) plus the scenario's
    delay, when that falls within the contract; SAS and crises as the scenario says. None when the engine
    refuses (no amounts in force then)."""
    missions = {mission: MissionDates(started_on=signed_on) for mission in started}
    description = ContractDescription(
        signed_on=signed_on, size=size, sas_from=signed_on if scenario.sas else None, members=members,
        orientation_service=orientation, missions=missions,
    )  # fmt: skip
    try:
        schedule = compute_schedule(description)
        end = schedule.years[-1].end if schedule.years else signed_on
        deadlines = [(d.mission, d.due_on) for d in schedule.deadlines if d.kind == "start" and d.due_on is not None]
        changed = adjusted(description, deadlines, scenario, signed_on, end, start=True)
        return schedule if changed is None else compute_schedule(changed)
    except (AccordError, NotInForce):
        return None


def book_schedule(book: Book, schedule: Schedule, scenario: Scenario, source: str) -> None:
    for payment in schedule.payments:
        if scenario.from_year <= payment.due_on.year <= scenario.last_year:
            book.add(payment.due_on.year, payment.amount, KNOWN, payment.mission, source)
    for pending in schedule.pending:
        if scenario.from_year <= pending.settles_on.year <= scenario.last_year:
            weight = VARIABLE if pending.part == "variable" else OWED
            book.add(pending.settles_on.year, pending.maximum, weight, pending.mission, source)


# The projection ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Synthetic:
    """A contract the projection adds (renewal or pipeline), with its size and dates, for the ceilings."""

    source: str
    size: int
    starts_on: dt.date
    ends_on: dt.date


def rescheduled(
    running: Sequence[Running], scenario: Scenario, on: dt.date
) -> tuple[dict[int, Schedule], dict[int, tuple[str, ...]], int]:
    """The signed contracts the scenario's hypotheses change (missions not started, SAS arrival, crises), each
    scheduled again by the engine from its adjusted description; the missions each runs by its end; how many
    the engine refused (those keep their stored lines)."""
    schedules: dict[int, Schedule] = {}
    missions: dict[int, tuple[str, ...]] = {}
    refused = 0
    for contract in running:
        if contract.description is None:
            continue
        changed = adjusted(
            contract.description, contract.deadlines, scenario, on, contract.ends_on, start=scenario.start_missions
        )
        if changed is None:
            continue
        try:
            schedules[contract.contract] = compute_schedule(changed)
        except (AccordError, NotInForce):
            refused += 1
            continue
        missions[contract.contract] = tuple(sorted(
            mission for mission, dates in changed.missions.items()
            if dates.started_on is not None and dates.started_on < contract.ends_on
        ))  # fmt: skip
    return schedules, missions, refused


def build(
    known: Iterable[Known], running: Sequence[Running], prospects: Sequence[Prospect], scenario: Scenario,
    on: dt.date | None = None,
) -> tuple[Book, list[Synthetic], int]:  # fmt: skip
    """Every cell of the horizon; the synthetic contracts; how many the engine refused. `on`: the observation
    date, before which the scenario changes nothing (default: the first day of the horizon)."""
    book = Book()
    schedules, started, refused = rescheduled(running, scenario, on or dt.date(scenario.from_year, 1, 1))
    for cell in known:
        if scenario.from_year <= cell.year <= scenario.last_year and cell.contract not in schedules:
            weight = KNOWN if not cell.pending else VARIABLE if cell.part == "variable" else OWED
            book.add(cell.year, cell.amount, weight, cell.mission, "in_force")
    for again in schedules.values():
        book_schedule(book, again, scenario, "in_force")
    horizon_end = dt.date(scenario.last_year, 12, 31)
    synthetic: list[Synthetic] = []
    starts: list[tuple[str, dt.date, int, tuple[str, ...], int, bool]] = []
    if scenario.renewals:
        starts += [
            ("renewal", c.ends_on, c.size, started.get(c.contract, c.missions), c.members, c.orientation)
            for c in running if c.renewable
        ]  # fmt: skip
    if scenario.pipeline:
        starts += [("pipeline", p.signs_on, p.size, (), 0, False) for p in prospects]
    for source, signed_on, size, missions, members, orientation in starts:
        while signed_on <= horizon_end:
            schedule = follow_on(signed_on, size, missions, scenario, members, orientation)
            if schedule is None or not schedule.years:
                refused += 1
                break
            book_schedule(book, schedule, scenario, source)
            end = schedule.years[-1].end
            synthetic.append(Synthetic(source, size, signed_on, end))
            if not scenario.renewals:
                break
            # Renewed in turn at its fifth anniversary, with every mission it ran.
            source, signed_on = "renewal", end
            missions = tuple(sorted({p.mission for p in schedule.payments} & set(MISSIONS) - {"operating"}))
    return book, synthetic, refused


def maximum(size: int, on: dt.date, avenant_2: bool, sas: bool) -> int:
    """The annual total of every mission and part of a size on a date (orientation service included), in cents."""
    return to_cents(annual_envelopes(Terms(size, on, avenant_2=avenant_2, sas=sas, orientation=True)).total)


def ceilings(
    running: Sequence[Running], synthetic: Sequence[Synthetic], scenario: Scenario, sas: bool
) -> list[dict[str, Any]]:
    """Per year, the annual maximum of every mission (full attainment) of the contracts running, prorata
    temporis of their days in the year, under the 2019 tables and under avenant n° 2's: the ceiling effect
    of avenant n° 2 for the same contracts (001: 450 000 € then 580 000 € a year at size 4, « lorsque toutes
    les missions sont déployées »: orientation service included under 2019, crisis mission's first year and
    one occurrence under avenant n° 2, rule CRISIS_TOTAL_COUNTS_FIRST_DRAFTING)."""
    before = avenant_2_start() - dt.timedelta(days=1)
    spans = [(c.size, c.starts_on, c.ends_on) for c in running] + [(s.size, s.starts_on, s.ends_on) for s in synthetic]
    rows = []
    for year in range(scenario.from_year, scenario.last_year + 1):
        first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        total_days = (after - first).days
        on = max(dt.date(year, 7, 1), avenant_2_start())
        maxima = {
            regime: {size: maximum(size, day, regime == "avenant_2", sas) for size in (1, 2, 3, 4)}
            for regime, day in (("aci_2019", before), ("avenant_2", on))
        }  # fmt: skip
        sums = dict.fromkeys(maxima, 0)
        contracts = 0
        for size, starts_on, ends_on in spans:
            days = (min(ends_on, after) - max(starts_on, first)).days
            if days <= 0:
                continue
            contracts += 1
            for regime in maxima:
                sums[regime] += (maxima[regime][size] * days * 2 + total_days) // (2 * total_days)
        rows.append({
            "year": year, "contracts": contracts,
            "aci_2019": from_cents(sums["aci_2019"]), "avenant_2": from_cents(sums["avenant_2"]),
            "difference": from_cents(sums["avenant_2"] - sums["aci_2019"]),
        })  # fmt: skip
    return rows


def quantile_rows(totals: npt.NDArray[np.int64], quantile: float) -> npt.NDArray[np.int64]:
    """The inverted-CDF quantile of each column (an actual draw, so whole cents)."""
    index = max(0, math.ceil(quantile * totals.shape[0]) - 1)
    result: npt.NDArray[np.int64] = totals[index]
    return result


def draw(
    book_years: npt.NDArray[np.int64], cents: npt.NDArray[np.int64], missions: Sequence[str],
    observed: Mapping[str, Sequence[Decimal]], scenario: Scenario,
) -> npt.NDArray[np.int64] | None:  # fmt: skip
    """`scenario.draws` totals per year of the pending variable parts, each part's rate drawn from the validated
    rates of its mission (all missions' when it has none); sorted per year. None without any validated rate."""
    pooled = [rate for rates in observed.values() for rate in rates]
    if not pooled:
        return None
    pools = {
        mission: np.array([to_basis_points(r) for r in (observed.get(mission) or pooled)], dtype=np.int64)
        for mission in set(missions)
    }
    count = scenario.years
    offsets = book_years - scenario.from_year
    rng = np.random.default_rng(scenario.seed)
    totals = np.zeros((scenario.draws, count), dtype=np.int64)
    columns = {mission: np.flatnonzero(np.array(missions) == mission) for mission in sorted(pools)}
    one_hot = np.zeros((len(cents), count), dtype=np.int64)
    one_hot[np.arange(len(cents)), offsets] = 1
    for start in range(0, scenario.draws, DRAW_CHUNK):
        size = min(DRAW_CHUNK, scenario.draws - start)
        rates = np.empty((size, len(cents)), dtype=np.int64)
        for mission, where in columns.items():
            pool = pools[mission]
            rates[:, where] = pool[rng.integers(0, len(pool), size=(size, len(where)))]
        totals[start : start + size] = weighed(cents, rates) @ one_hot
    totals.sort(axis=0)
    return totals


def project(
    known: Iterable[Known],
    running: Sequence[Running],
    prospects: Sequence[Prospect],
    observed: Mapping[str, Sequence[Decimal]],
    scenario: Scenario,
    inputs: Mapping[str, Any] | None = None,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """The projection per calendar year, with its inputs, scenario, clauses and warnings (amounts: Decimal).
    `on`: the observation date, before which the scenario's hypotheses change nothing."""
    book, synthetic, refused = build(known, running, prospects, scenario, on)
    rates, warnings = scenario_rates(scenario, observed)
    if refused:
        warnings.append(f"{refused} contrat(s) projeté(s) refusé(s) par le moteur (aucun barème en vigueur)")
    years = np.array(book.years, dtype=np.int64)
    cents = np.array(book.cents, dtype=np.int64)
    weights = np.array(book.weights, dtype=np.int64)
    sources = np.array(book.sources, dtype=np.int64)
    missions = np.array(book.missions, dtype=object)
    offsets = years - scenario.from_year
    basis = np.array([to_basis_points(rates.get(m, Decimal(1))) for m in book.missions], dtype=np.int64)
    variable = weights == VARIABLE
    counted = np.where(variable, weighed(cents, basis), cents)
    count = scenario.years

    def by_year(mask: npt.NDArray[np.bool_], values: npt.NDArray[np.int64] = counted) -> list[int]:
        sums = np.zeros(count, dtype=np.int64)  # integer cents: exact
        np.add.at(sums, offsets[mask], values[mask])
        return [int(v) for v in sums]

    everything = np.ones(len(cents), dtype=bool)
    totals = by_year(everything)
    band = None
    if scenario.draws:
        drawn = draw(years[variable], cents[variable], list(missions[variable]), observed, scenario)
        if drawn is None:
            warnings.append("aucun taux d'atteinte validé : pas de tirage aléatoire")
        else:
            fixed = np.array(by_year(~variable), dtype=np.int64)
            band = {name: [int(v) for v in quantile_rows(drawn, q) + fixed]
                    for name, q in (("p10", 0.1), ("median", 0.5), ("p90", 0.9))}  # fmt: skip
    parts = {
        "known": by_year(weights == KNOWN),
        "owed": by_year(weights == OWED),
        "variable": by_year(variable),
        "variable_maximum": by_year(variable, cents),
        **{source: by_year(sources == index) for index, source in enumerate(SOURCES)},
    }
    rows = []
    for offset in range(count):
        row: dict[str, Any] = {"year": scenario.from_year + offset, "total": from_cents(totals[offset])}
        row |= {name: from_cents(values[offset]) for name, values in parts.items()}
        if band is not None:
            row |= {name: from_cents(values[offset]) for name, values in band.items()}
        rows.append(row)
    return {
        "scenario": scenario.to_dict(),
        "years": rows,
        "ceilings": ceilings(running, synthetic, scenario, scenario.sas),
        "explanation": {
            "inputs": {
                **(inputs or {}),
                "cells": len(cents),
                "contracts_signed": len(running),
                "renewals": sum(1 for s in synthetic if s.source == "renewal"),
                "pipeline": sum(1 for s in synthetic if s.source == "pipeline"),
                "observed_rates": {m: {"count": len(r), "mean": str(mean_rate(r))} for m, r in observed.items() if r},
                "rates": {mission: str(rate) for mission, rate in rates.items() if mission != "operating"},
            },
            "clauses": [{"label": label, "source": source} for label, source in CLAUSES],
            "warnings": warnings,
        },
    }


def as_json(projection: dict[str, Any]) -> dict[str, Any]:
    """The projection with amounts as strings with two decimals (CLI and API)."""

    def convert(value: Any) -> Any:
        if isinstance(value, Decimal):
            return as_text(value)
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    result: dict[str, Any] = convert(projection)
    return result


__all__ = ["Known", "Prospect", "Running", "Scenario", "as_json", "project"]
