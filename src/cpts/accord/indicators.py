"""Indicators of the missions: the national catalogue and the indicators each contract defines.

Implements 002 annexe 1, art. 4.2.2.2: the contract sets "les indicateurs
retenus pour le suivi des missions" and those used for the variable part; the
access mission has six national indicators (`parameters/indicators.yaml`), every
other indicator is local, with its definition and how it is computed ("définitions
et modalités de calcul explicitées des indicateurs choisis").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from cpts.accord.envelopes import MISSION_LABELS
from cpts.accord.errors import AccordError

Direction = Literal["increasing", "decreasing"]
Kind = Literal["means", "result"]
Scope = Literal["national", "local"]

DIRECTION_LABELS: dict[str, str] = {"increasing": "croissant", "decreasing": "décroissant"}
KIND_LABELS: dict[str, str] = {"means": "indicateur de moyens", "result": "indicateur de résultat"}
ACTION_LABELS: dict[str, str] = {
    "mt": "Faciliter l'accès à un médecin traitant",
    "snp": "Améliorer la prise en charge des soins non programmés en ville",
}
# Missions whose variable part rests on objectives (002 annexe 1, art. 4.2.2): every mission but the
# operating costs; the crisis mission has indicators for follow-up only (rule CRISIS_FOLLOW_UP_ONLY).
INDICATOR_MISSIONS = ("access", "pathways", "prevention", "crisis", "quality", "support")
LOCAL_SOURCE = "002 annexe 1, art. 4.2.2.2 : indicateur local défini par le contrat"
CATALOGUE_FILE = Path(__file__).parent / "parameters" / "indicators.yaml"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: what it measures, in which unit, which way is better, and where it comes from.

    Values of a "%" indicator are in points (62,5 means 62,5 %).
    """

    code: str
    label: str
    mission: str
    direction: Direction
    kind: Kind
    unit: str
    source: str
    scope: Scope = "local"
    definition: str = ""
    computation: str = ""
    data_source: str = ""

    def __post_init__(self) -> None:
        where = f"indicateur « {self.code or '?'} »"
        if not self.code.strip() or not self.label.strip() or not self.unit.strip():
            raise AccordError(f"{where} : le code, le libellé et l'unité sont obligatoires")
        if self.mission not in INDICATOR_MISSIONS:
            raise AccordError(f"{where} : mission inconnue « {self.mission} »")
        if self.direction not in DIRECTION_LABELS:
            raise AccordError(f"{where} : sens inconnu « {self.direction} » (croissant ou décroissant)")
        if self.kind not in KIND_LABELS:
            raise AccordError(f"{where} : type inconnu « {self.kind} » (moyens ou résultat)")
        if self.scope == "local" and not (
            self.definition.strip() and self.computation.strip() and self.data_source.strip()
        ):
            raise AccordError(
                f"{where} : un indicateur local exige sa définition, son mode de calcul et sa source de données "
                "(002 annexe 1, art. 4.2.2.2)"
            )

    def describe(self) -> str:
        """One French line: label, mission, unit, direction and kind."""
        return (
            f"{self.label} ({MISSION_LABELS[self.mission]}, {self.unit}, {DIRECTION_LABELS[self.direction]}, "
            f"{KIND_LABELS[self.kind]})"
        )


def _national(code: str, raw: Any) -> Indicator:
    if not isinstance(raw, Mapping):
        raise AccordError(f"{CATALOGUE_FILE.name}, {code} : entrée invalide")
    missing = [key for key in ("label", "action", "direction", "kind", "unit", "source") if not raw.get(key)]
    if missing:
        raise AccordError(f"{CATALOGUE_FILE.name}, {code} : champs manquants {', '.join(missing)}")
    return Indicator(
        code=code,
        label=str(raw["label"]),
        mission="access",
        direction=cast(Direction, raw["direction"]),
        kind=cast(Kind, raw["kind"]),
        unit=str(raw["unit"]),
        source=str(raw["source"]),
        scope="national",
        definition=f"{ACTION_LABELS[str(raw['action'])]} : {raw['label']}",
    )


@cache
def national_indicators() -> dict[str, Indicator]:
    """The six national indicators of the access mission (002 annexe 1, art. 4.2.2.2), by code."""
    with CATALOGUE_FILE.open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    return {str(code): _national(str(code), raw) for code, raw in document.items()}


def local_indicator(
    code: str,
    label: str,
    mission: str,
    *,
    definition: str,
    unit: str,
    computation: str,
    data_source: str,
    kind: Kind,
    direction: Direction = "increasing",
) -> Indicator:
    """An indicator the contract defines itself (002 annexe 1, art. 4.2.2.2, "Local" rows)."""
    if code in national_indicators():
        raise AccordError(f"le code « {code} » est celui d'un indicateur national")
    return Indicator(
        code=code,
        label=label,
        mission=mission,
        direction=direction,
        kind=kind,
        unit=unit,
        source=LOCAL_SOURCE,
        definition=definition,
        computation=computation,
        data_source=data_source,
    )
