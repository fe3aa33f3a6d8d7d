"""Annual envelopes of a CPTS by mission and part, each with its explanation.

Implements 002 annexe 1, art. 5 (amounts by size, with and without SAS),
002 §1.3 (crisis mission), §2.3 (access to care with or without SAS), §3.1
(additional operating funding), §3.2 and annexe 2 (early-mission contract),
§5.1 (+10 % for size 4 with at least 100 members), and the 2019 tables of
000 and 004. Interpretations: see `cpts.accord.interpretations`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from cpts.accord.calendar import french_date
from cpts.accord.errors import AccordError
from cpts.accord.explain import Cell, Explanation, Step
from cpts.accord.money import ZERO, as_text, cents, french, percent
from cpts.accord.parameters import SIZES, NotInForce, amounts, rule, rules

MISSIONS = ("operating", "access", "pathways", "prevention", "crisis", "quality", "support")
PARTS = ("operating", "fixed", "variable", "snp_compensation", "snp_orientation", "crisis_occurrence")
CrisisYear = Literal["first", "later"]

MISSION_LABELS = {
    "operating": "Fonctionnement",
    "access": "Accès aux soins",
    "pathways": "Parcours pluriprofessionnels",
    "prevention": "Prévention",
    "crisis": "Réponse aux crises sanitaires graves",
    "quality": "Qualité et pertinence des soins",
    "support": "Accompagnement des professionnels de santé",
    "early_mission": "Contrat de mission précoce",
    "termination": "Résiliation",
}
PART_LABELS = {
    "operating": "fonctionnement",
    "fixed": "volet fixe",
    "variable": "volet variable",
    "snp_compensation": "compensation des professionnels (soins non programmés)",
    "snp_orientation": "orientation des demandes de soins non programmés",
    "crisis_occurrence": "survenue d'une crise sanitaire grave",
    "crisis_occurrence_2021": "survenue d'une crise sanitaire grave, dérogation COVID 2021",
    "operating_bonus": "financement additionnel du fonctionnement",
    "early_mission": "aide par mission socle démarrée",
    "net_settlement": "différence nette de l'année de résiliation",
}
SIZE4_BONUS_SOURCE = "002 §5.1 ; 002 annexe 1, art. 5 (règle SIZE4_BONUS_SCOPE)"


@dataclass(frozen=True, slots=True)
class Terms:
    """What the annual amounts of a CPTS depend on, on a given date."""

    size: int
    on: dt.date
    avenant_2: bool
    sas: bool = True
    orientation: bool = False
    members: int = 0
    crisis_year: CrisisYear = "first"
    # False when the size-4 bonus cannot reach the payment these terms price (rules SIZE4_BONUS_FROM_AMENDMENT
    # and SAS_TRANSITION_BEFORE_AVENANT_2: paid before its amendment, or for a period before 3 September 2022).
    size4_bonus: bool = True
    # False while a contract signed before avenant n° 2 has not signed the amendment recording the SAS: the SAS
    # amounts wait for it (rule SAS_TRANSITION_BEFORE_AVENANT_2, 002 §2.3 « avenant complémentaire »).
    sas_recorded: bool = True

    def __post_init__(self) -> None:
        if self.size not in SIZES:
            raise AccordError(f"taille inconnue : {self.size} (les tailles vont de 1 à 4)")
        start = aci_2019_start()
        if self.on < start:
            raise AccordError(
                f"date antérieure à l'accord de 2019 : {self.on:%d/%m/%Y} (en vigueur le {start:%d/%m/%Y})"
            )
        if self.avenant_2 and self.on < avenant_2_start():
            raise AccordError(
                f"l'avenant n° 2 n'est pas en vigueur le {self.on:%d/%m/%Y} (il l'est depuis le "
                f"{avenant_2_start():%d/%m/%Y})"
            )
        if self.members < 0:
            raise AccordError(f"nombre de membres invalide : {self.members}")

    @property
    def access_with_sas(self) -> bool:
        """Rule NO_SAS_KEEPS_2019_ACCESS: the avenant-2 access amounts need a SAS (and, for a contract signed
        before avenant n° 2, the amendment recording it: rule SAS_TRANSITION_BEFORE_AVENANT_2)."""
        return self.avenant_2 and self.sas and self.sas_recorded

    def inputs(self) -> tuple[tuple[str, str], ...]:
        return (
            ("taille", str(self.size)),
            ("date", french_date(self.on)),
            ("régime", "avenant n° 2" if self.avenant_2 else "ACI de 2019"),
            ("SAS opérationnel", "oui" if self.sas else "non"),
            ("service d'orientation", "oui" if self.orientation else "non"),
            ("membres", str(self.members)),
        ) + (
            (("majoration taille 4", "non comprise dans ce montant (002 §5.1 ; annexe 3 « Non rétroactif »)"),)
            if self.excluded_bonus
            else ()
        ) + (
            (("avenant complémentaire (SAS)", "non signé : montants de 2019 maintenus (002 §2.3)"),)
            if self.avenant_2 and self.sas and not self.sas_recorded
            else ()
        )

    @property
    def excluded_bonus(self) -> bool:
        """Whether these terms would carry the size-4 bonus were it not excluded for this payment."""
        return not self.size4_bonus and size4_bonus_rate(replace(self, size4_bonus=True)) > 0


@dataclass(frozen=True, slots=True)
class Line:
    mission: str
    part: str
    amount: Decimal
    explanation: Explanation


def aci_2019_start() -> dt.date:
    """Rule ACI_2019_START: the first day the agreement applies."""
    start: dt.date = rules()["aci_2019_start"].periods[-1].value
    return start


def avenant_2_start() -> dt.date:
    start: dt.date = rules()["avenant_2_start"].periods[-1].value
    return start


def regime_on(on: dt.date) -> bool:
    """Rule REGIME_BY_DATE: whether avenant n° 2 is the regime in force on a date."""
    return on >= avenant_2_start()


def _parameter_for(terms: Terms, mission: str, part: str) -> str | None:
    """The amount table of one mission part under these terms, or None if the part does not exist."""
    if mission == "operating":
        return "operating" if part == "operating" else None
    if mission == "access":
        if terms.access_with_sas:
            return {"fixed": "access_sas_fixed", "variable": "access_sas_variable"}.get(part)
        if part == "snp_orientation":
            return "snp_orientation" if terms.orientation else None
        return {"fixed": "access_fixed", "variable": "access_variable", "snp_compensation": "snp_compensation"}.get(
            part
        )
    if mission == "crisis":
        if not terms.avenant_2:
            return None
        if part == "fixed":
            return "crisis_first_drafting" if terms.crisis_year == "first" else "crisis_update"
        return "crisis_occurrence" if part == "crisis_occurrence" else None
    if mission in ("pathways", "prevention", "quality", "support") and part in ("fixed", "variable"):
        return f"{mission}_{part}"
    return None


def parts_of(terms: Terms, mission: str) -> Iterator[str]:
    """The parts a mission has under these terms, in the order of the tables."""
    return (part for part in PARTS if _parameter_for(terms, mission, part) is not None)


def size4_bonus_possible(size: int, avenant_2: bool) -> bool:
    """Rule SIZE4_BONUS_SCOPE: only a size-4 CPTS under avenant n° 2 may have the bonus; nothing else in the
    annual amounts depends on the members count."""
    return size == 4 and avenant_2


def size4_bonus_rate(terms: Terms) -> Decimal:
    """Rule SIZE4_BONUS_SCOPE: +10 % on mission amounts for size 4 with >= 100 members (002 §5.1)."""
    if not terms.size4_bonus or not size4_bonus_possible(terms.size, terms.avenant_2):
        return ZERO
    if terms.members < rule("size4_bonus_min_members", terms.on):
        return ZERO
    rate: Decimal = rule("size4_bonus_rate", terms.on)
    return rate


def _cell(parameter: str, size: int, on: dt.date) -> tuple[Cell, str]:
    try:
        period = amounts()[parameter].period_at(on)
    except NotInForce as error:
        raise AccordError(str(error)) from error
    return Cell(parameter, size, period.start, period.value[size]), period.source


def _priced(terms: Terms, mission: str, part: str) -> tuple[str, Cell, str, Decimal, Decimal] | None:
    """(parameter, cell, source, size-4 bonus rate, annual amount) of one mission part, or None if it does not
    exist under these terms."""
    if mission not in MISSIONS:
        raise AccordError(f"mission inconnue : {mission}")
    parameter = _parameter_for(terms, mission, part)
    if parameter is None:
        return None
    cell, source = _cell(parameter, terms.size, terms.on)
    bonus = size4_bonus_rate(terms) if mission != "operating" else ZERO
    amount = cents(cell.value * (1 + bonus)) if bonus else cell.value
    return parameter, cell, source, bonus, amount


def envelope_amount(terms: Terms, mission: str, part: str) -> Decimal | None:
    """The annual amount of `envelope`, without building its explanation."""
    priced = _priced(terms, mission, part)
    return priced[4] if priced is not None else None


def envelope(terms: Terms, mission: str, part: str) -> Line | None:
    """The annual amount of one mission part under these terms, with its explanation."""
    priced = _priced(terms, mission, part)
    if priced is None:
        return None
    parameter, cell, source, bonus, amount = priced
    steps: tuple[Step, ...] = ()
    if bonus:
        steps = (
            Step(
                "Majoration taille 4 (au moins 100 membres)", f"{french(cell.value)} × (1 + {percent(bonus)})", amount
            ),
        )
        source = f"{source} ; {SIZE4_BONUS_SOURCE}"
    label = f"{MISSION_LABELS[mission]} — {PART_LABELS[part]} (montant annuel)"
    explanation = Explanation(label, amount, parameter, source, terms.inputs(), cell, steps)
    return Line(mission, part, amount, explanation)


def _bonus_limit(signed_on: dt.date, on: dt.date) -> dt.date | None:
    """Rule OPERATING_BONUS_ONE_OFF: the signature limit (excluded) if a contract signed then gets the bonus."""
    limit: dt.date = rule("operating_bonus_signed_before", on)
    if signed_on >= limit or not amounts()["operating_bonus"].in_force(on):
        return None
    return limit


def operating_bonus_amount(size: int, signed_on: dt.date, on: dt.date) -> Decimal | None:
    """The amount of `operating_bonus`, without building its explanation."""
    if _bonus_limit(signed_on, on) is None:
        return None
    return _cell("operating_bonus", size, on)[0].value


def operating_bonus(size: int, signed_on: dt.date, on: dt.date) -> Line | None:
    """Rule OPERATING_BONUS_ONE_OFF: one-off, for contracts signed before 30 September 2022 (002 §3.1)."""
    limit = _bonus_limit(signed_on, on)
    if limit is None:
        return None
    cell, source = _cell("operating_bonus", size, on)
    explanation = Explanation(
        f"{MISSION_LABELS['operating']} — {PART_LABELS['operating_bonus']} (une fois)",
        cell.value,
        "OPERATING_BONUS_ONE_OFF",
        source,
        (("taille", str(size)), ("signé le", f"{signed_on:%d/%m/%Y}"), ("limite (exclue)", f"{limit:%d/%m/%Y}")),
        cell,
    )
    return Line("operating", "operating_bonus", cell.value, explanation)


def early_mission_amount(size: int, on: dt.date) -> Line:
    """The early-mission amount per started core mission (002 §3.2, annexe 2 art. 2.2)."""
    if size not in SIZES:
        raise AccordError(f"taille inconnue : {size} (les tailles vont de 1 à 4)")
    cell, source = _cell("early_mission", size, on)
    explanation = Explanation(
        f"{MISSION_LABELS['early_mission']} — {PART_LABELS['early_mission']}",
        cell.value,
        "early_mission",
        source,
        (("taille", str(size)), ("date", f"{on:%d/%m/%Y}")),
        cell,
    )
    return Line("early_mission", "early_mission", cell.value, explanation)


@dataclass(frozen=True, slots=True)
class Envelopes:
    terms: Terms
    lines: tuple[Line, ...]
    one_off: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        """The annual total: every line, crisis first drafting and occurrence included
        (rule CRISIS_TOTAL_COUNTS_FIRST_DRAFTING); one-off payments excluded."""
        return sum((line.amount for line in self.lines), ZERO)

    def by_mission(self) -> dict[str, dict[str, Decimal]]:
        missions: dict[str, dict[str, Decimal]] = {}
        for line in self.lines:
            missions.setdefault(line.mission, {})[line.part] = line.amount
        return missions

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        document: dict[str, Any] = {
            "size": self.terms.size,
            "on": self.terms.on.isoformat(),
            "regime": "avenant_2" if self.terms.avenant_2 else "aci_2019",
            "sas": self.terms.sas,
            "missions": {
                mission: {part: as_text(amount) for part, amount in parts.items()}
                for mission, parts in self.by_mission().items()
            },
            "total": as_text(self.total),
            "one_off": {line.part: as_text(line.amount) for line in self.one_off},
        }
        if explain:
            document["explanations"] = [line.explanation.to_dict() for line in self.lines + self.one_off]
        return document


def annual_envelopes(terms: Terms, signed_on: dt.date | None = None) -> Envelopes:
    """Every mission part under these terms; the one-off bonus if `signed_on` is eligible."""
    lines = tuple(
        line
        for mission in MISSIONS
        for part in parts_of(terms, mission)
        if (line := envelope(terms, mission, part)) is not None
    )
    bonus = operating_bonus(terms.size, signed_on, terms.on) if signed_on is not None else None
    return Envelopes(terms, lines, (bonus,) if bonus else ())


def envelope_cents_batch(
    parameter: str, on: dt.date, sizes: Sequence[int] | npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Look up one amount table for many sizes at once, in integer cents (for national projections)."""
    values = amounts()[parameter].at(on)
    table = np.zeros(len(SIZES) + 1, dtype=np.int64)
    for size in SIZES:
        table[size] = int(values[size] * 100)
    return table[np.asarray(sizes, dtype=np.int64)]
