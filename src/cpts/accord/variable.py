"""The variable part: from the objectives of a mission and the measured values to its attainment rate.

Implements 002 annexe 1, art. 4.2.2 (the variable part "est calculée sur la base
de l'atteinte des objectifs", assessed by the three signatories; objectives may
differ per contract year; none for the crisis mission), art. 4.2.2.1 (yearly
exchanges that set and follow the objectives) and art. 4.2.2.2 (indicators of
means and results, national indicators of the access mission, local ones).
The texts fix no formula: each contract picks, per indicator, one of the rules
below (docs/reviews.md). Every reading of the texts is a named rule of
`cpts.accord.interpretations`, cited where it applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from cpts.accord.envelopes import MISSION_LABELS, MISSIONS
from cpts.accord.errors import AccordError
from cpts.accord.explain import Step
from cpts.accord.indicators import DIRECTION_LABELS, KIND_LABELS, Direction, Indicator
from cpts.accord.rate_explanation import RATE_PLACES, RateExplanation, rate_text

ONE = Decimal(1)
NIL = Decimal(0)
SOURCE = "002 annexe 1, art. 4.2.2 et 4.2.2.2"
Status = Literal["computed", "overridden", "no_variable_indicator"]


def _number(value: Decimal, unit: str) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} %" if unit == "%" else f"{text} ({unit})"


def _met(direction: Direction, value: Decimal, bound: Decimal) -> bool:
    return value >= bound if direction == "increasing" else value <= bound


def _sign(direction: Direction) -> str:
    return "≥" if direction == "increasing" else "≤"


def _check_rate(rate: Decimal, where: str) -> None:
    if not NIL <= rate <= ONE:
        raise AccordError(f"{where} : un taux doit être compris entre 0 et 1 (0 % et 100 %), reçu {rate}")


@dataclass(frozen=True, slots=True)
class Baseline:
    """The situation the objective starts from: value, date, data source and its version."""

    value: Decimal
    measured_on: dt.date
    source: str
    version: str = ""

    def text(self, unit: str) -> str:
        version = f", version {self.version}" if self.version else ""
        return f"{_number(self.value, unit)} au {self.measured_on:%d/%m/%Y} ({self.source}{version})"


@dataclass(frozen=True, slots=True)
class AllOrNothing:
    """100 % when the target is reached (at or beyond it), else 0 %."""

    name = "all_or_nothing"
    label = "Tout ou rien : 100 % si la cible est atteinte, 0 % sinon"

    def check(self, objective: Objective) -> None:
        """Any target will do."""

    def score(self, objective: Objective, value: Decimal) -> tuple[Decimal, tuple[Step, ...]]:
        target, direction, unit = objective.bound, objective.indicator.direction, objective.indicator.unit
        rate = ONE if _met(direction, value, target) else NIL
        formula = f"{_number(value, unit)} {_sign(direction)} {_number(target, unit)} : {'oui' if rate else 'non'}"
        return rate, (Step("Cible atteinte", formula, rate),)


@dataclass(frozen=True, slots=True)
class Linear:
    """The share of the way from baseline to target, between 0 % and 100 % (rule LINEAR_CAPPED)."""

    name = "linear"
    label = "Linéaire entre la valeur de référence et la cible, plafonné à 100 % (règle LINEAR_CAPPED)"

    def check(self, objective: Objective) -> None:
        baseline, target = objective.baseline, objective.bound
        if baseline is None:
            raise AccordError(f"{objective.where} : la règle linéaire exige une valeur de référence")
        direction = objective.indicator.direction
        if target == baseline.value or not _met(direction, target, baseline.value):
            raise AccordError(
                f"{objective.where} : pour un indicateur {DIRECTION_LABELS[direction]}, la cible doit être "
                f"{'supérieure' if direction == 'increasing' else 'inférieure'} à la valeur de référence"
            )

    def score(self, objective: Objective, value: Decimal) -> tuple[Decimal, tuple[Step, ...]]:
        assert objective.baseline is not None  # guaranteed by check()
        base, target, unit = objective.baseline.value, objective.bound, objective.indicator.unit
        progress = (value - base) / (target - base)
        capped = min(max(progress, NIL), ONE)
        return capped, (
            Step(
                "Chemin parcouru",
                f"({_number(value, unit)} − {_number(base, unit)}) / ({_number(target, unit)} − {_number(base, unit)})",
                progress,
            ),
            Step("Borné entre 0 % et 100 %", f"min(max({rate_text(progress)} ; 0 %) ; 100 %)", capped),
        )


@dataclass(frozen=True, slots=True)
class Steps:
    """Thresholds on the measured value, each with its rate; the best threshold reached counts (rule STEPS_ON_VALUE).

    For a decreasing indicator a threshold is reached when the value is at or below it.
    """

    thresholds: tuple[tuple[Decimal, Decimal], ...]
    name = "steps"
    label = "Paliers : le taux du meilleur palier atteint, 0 % en deçà du premier (règle STEPS_ON_VALUE)"

    def check(self, objective: Objective) -> None:
        where = objective.where
        if not self.thresholds:
            raise AccordError(f"{where} : la règle par paliers exige au moins un palier")
        for _, rate in self.thresholds:
            _check_rate(rate, where)
        values = [threshold for threshold, _ in self.thresholds]
        if len(set(values)) != len(values):
            raise AccordError(f"{where} : deux paliers ont le même seuil")
        # Reaching a better threshold may never lower the rate, so the rate is monotone in the value.
        worst_first = sorted(self.thresholds, reverse=objective.indicator.direction == "decreasing")
        rates = [rate for _, rate in worst_first]
        if rates != sorted(rates):
            raise AccordError(f"{where} : le taux d'un palier ne peut pas baisser quand le résultat s'améliore")

    def score(self, objective: Objective, value: Decimal) -> tuple[Decimal, tuple[Step, ...]]:
        direction, unit = objective.indicator.direction, objective.indicator.unit
        reached = [(threshold, rate) for threshold, rate in self.thresholds if _met(direction, value, threshold)]
        if not reached:
            return NIL, (Step("Aucun palier atteint", f"{_number(value, unit)}", NIL),)
        threshold, rate = max(reached, key=lambda item: item[1])
        formula = f"{_number(value, unit)} {_sign(direction)} {_number(threshold, unit)}"
        return rate, (Step("Palier atteint", formula, rate),)


AttainmentRule = AllOrNothing | Linear | Steps


@dataclass(frozen=True, slots=True)
class Objective:
    """One indicator retained for one mission and contract year, with its target, weight and rule.

    A weight of zero marks an indicator followed without effect on the variable part
    (002 annexe 1, art. 4.2.2.2: "indicateurs retenus pour le suivi"); such an objective
    needs neither target nor rule. Weights are relative (rule WEIGHTED_MEAN_OF_INDICATORS).
    """

    indicator: Indicator
    year: int
    target: Decimal | None = None
    weight: Decimal = NIL
    rule: AttainmentRule | None = None
    baseline: Baseline | None = None
    source: str = "002 annexe 1, art. 4.2.2.2 : objectif fixé au niveau local par le contrat"

    @property
    def where(self) -> str:
        return f"objectif « {self.indicator.label} », année {self.year}"

    @property
    def follow_up_only(self) -> bool:
        return self.weight == 0

    @property
    def bound(self) -> Decimal:
        if self.target is None:
            raise AccordError(f"{self.where} : cible manquante")
        return self.target

    def __post_init__(self) -> None:
        if self.year < 1:
            raise AccordError(f"{self.where} : l'année du contrat commence à 1")
        if self.weight < 0:
            raise AccordError(f"{self.where} : le poids ne peut pas être négatif ({self.weight})")
        if self.follow_up_only:
            return
        if self.indicator.mission == "crisis":
            raise AccordError(
                f"{self.where} : la mission crise n'a pas d'objectif de résultats, ses indicateurs sont de suivi "
                "(002 annexe 1, art. 4.2.2 ; règle CRISIS_FOLLOW_UP_ONLY)"
            )
        if self.target is None or self.rule is None:
            raise AccordError(f"{self.where} : un indicateur pondéré exige une cible et une règle d'atteinte")
        self.rule.check(self)


@dataclass(frozen=True, slots=True)
class Override:
    """A rate set by joint decision of the signatories, replacing the computed one (002 annexe 1, art. 4.2.2)."""

    rate: Decimal
    reason: str
    decided_on: dt.date

    def __post_init__(self) -> None:
        _check_rate(self.rate, "décision conjointe")
        if not self.reason.strip():
            raise AccordError("décision conjointe : le motif est obligatoire (règle JOINT_DECISION_OVERRIDE)")


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    objective: Objective
    value: Decimal | None
    rate: Decimal | None  # None for a follow-up indicator
    contribution: Decimal
    explanation: RateExplanation


@dataclass(frozen=True, slots=True)
class MissionAttainment:
    """The attainment rate of one mission for one contract year.

    `rate` is what the schedule uses: the override if any, else the computed rate;
    None when no indicator carries weight and no joint decision set it (rule
    NO_VARIABLE_INDICATOR), so the variable part stays pending.
    """

    mission: str
    year: int
    rate: Decimal | None
    computed: Decimal | None
    status: Status
    indicators: tuple[IndicatorResult, ...]
    override: Override | None
    explanation: RateExplanation


def round_rate(rate: Decimal) -> Decimal:
    """To the hundredth of a percent, half up (rule ATTAINMENT_ROUNDED_TO_BASIS_POINT)."""
    return rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def _inputs(objective: Objective, value: Decimal | None) -> tuple[tuple[str, str], ...]:
    indicator = objective.indicator
    unit = indicator.unit
    pairs = [
        ("valeur mesurée", _number(value, unit) if value is not None else "non renseignée"),
        ("cible", _number(objective.target, unit) if objective.target is not None else "aucune"),
        ("référence", objective.baseline.text(unit) if objective.baseline else "aucune"),
        ("sens", DIRECTION_LABELS[indicator.direction]),
        ("type", KIND_LABELS[indicator.kind]),
        ("poids", f"{objective.weight.normalize():f}".replace(".", ",")),
    ]
    return tuple(pairs)


def _score(objective: Objective, value: Decimal | None, total: Decimal) -> IndicatorResult:
    indicator, inputs = objective.indicator, _inputs(objective, value)
    source = f"{indicator.source} ; {objective.source}"
    if objective.rule is None or objective.follow_up_only:
        explanation = RateExplanation(
            indicator.label, NIL, "Indicateur de suivi (poids nul) : sans effet sur le taux", source, inputs,
            placeholder="suivi seulement",
        )
        return IndicatorResult(objective, value, None, NIL, explanation)
    if value is None:
        rate, rule = NIL, "Valeur non renseignée : compte pour 0 % (règle MISSING_VALUE_SCORES_ZERO)"
        steps: tuple[Step, ...] = ()
    else:
        raw, steps = objective.rule.score(objective, value)
        rate, rule = round_rate(raw), objective.rule.label
    contribution = objective.weight * rate / total
    steps += (
        Step(
            "Contribution au taux de la mission",
            f"poids {objective.weight.normalize():f} / {total.normalize():f} × {rate_text(rate)}",
            contribution,
        ),
    )
    explanation = RateExplanation(indicator.label, rate, rule, source, inputs, steps=steps)
    return IndicatorResult(objective, value, rate, contribution, explanation)


def _check_objectives(mission: str, year: int, objectives: Sequence[Objective], measured: Mapping[str, object]) -> None:
    if mission not in MISSIONS or mission == "operating":
        raise AccordError(f"mission sans volet variable : « {mission} »")
    codes = [objective.indicator.code for objective in objectives]
    if len(set(codes)) != len(codes):
        raise AccordError(f"{MISSION_LABELS[mission]}, année {year} : un indicateur est retenu deux fois")
    for objective in objectives:
        if objective.indicator.mission != mission or objective.year != year:
            raise AccordError(
                f"{objective.where} : n'appartient pas à la mission {MISSION_LABELS[mission]}, année {year}"
            )
    unknown = sorted(set(measured) - set(codes))
    if unknown:
        raise AccordError(f"valeurs mesurées pour des indicateurs non retenus : {', '.join(unknown)}")


def mission_attainment(
    mission: str,
    year: int,
    objectives: Sequence[Objective],
    measured: Mapping[str, Decimal | None],
    override: Override | None = None,
) -> MissionAttainment:
    """The attainment rate of a mission for a contract year, with its explanation (002 annexe 1, art. 4.2.2).

    The rate is the mean of the indicators' rates weighted by their weights (rule
    WEIGHTED_MEAN_OF_INDICATORS); an indicator without a measured value scores 0 %
    (rule MISSING_VALUE_SCORES_ZERO); a joint decision replaces the computed rate
    (rule JOINT_DECISION_OVERRIDE).
    """
    _check_objectives(mission, year, objectives, measured)
    total = sum((objective.weight for objective in objectives), NIL)
    results = tuple(_score(o, measured.get(o.indicator.code), total or ONE) for o in objectives)
    label = f"Taux d'atteinte des objectifs — {MISSION_LABELS[mission]}, année {year}"
    computed: Decimal | None = None
    steps: tuple[Step, ...] = ()
    if total:
        # One division of the exact weighted sum keeps the rate within [0, 1].
        weighted = sum((r.objective.weight * r.rate for r in results if r.rate is not None), NIL)
        computed = round_rate(weighted / total)
        terms = " + ".join(rate_text(r.contribution) for r in results if r.rate is not None)
        steps = (Step("Somme des contributions, arrondie à 0,01 %", terms, computed),)
        rule = "Moyenne des taux des indicateurs pondérée par leur poids (règle WEIGHTED_MEAN_OF_INDICATORS)"
    else:
        rule = (
            "Aucun indicateur pondéré : le taux ne se calcule pas, il est fixé par décision conjointe des "
            "signataires (règle NO_VARIABLE_INDICATOR)"
        )
    inputs: tuple[tuple[str, str], ...] = ()
    status: Status = "computed" if computed is not None else "no_variable_indicator"
    rate = computed
    if override is not None:
        status, rate = "overridden", round_rate(override.rate)
        inputs = (
            ("taux calculé", rate_text(computed) if computed is not None else "non calculable"),
            ("décision conjointe", f"{rate_text(override.rate)} le {override.decided_on:%d/%m/%Y}"),
            ("motif", override.reason),
        )
        steps += (Step("Taux retenu par décision conjointe (règle JOINT_DECISION_OVERRIDE)", override.reason, rate),)
    explanation = RateExplanation(
        label,
        rate if rate is not None else NIL,
        rule,
        SOURCE,
        inputs,
        steps=steps,
        children=tuple(result.explanation for result in results),
        placeholder="" if rate is not None else "non calculable",
    )
    return MissionAttainment(mission, year, rate, computed, status, results, override, explanation)
