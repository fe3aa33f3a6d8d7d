"""Declared health crises: who declares them, which CPTS they entitle to the occurrence amount.

Implements 002 §1.1 and annexe 4, préambule (the five kinds; only the ARS
director general, the prefect or the minister may declare an exceptional health
situation), §1.3 (no occurrence payment without a drafted plan; the COVID-2021
derogation), annexe 1 art. 6.2 (paid within the month, once per contract year
whatever the number of crises) and art. 8 (termination).

This module decides, per CPTS, which crises open the occurrence payment and
why the others do not; the amount itself is computed by the schedule from
`ContractDescription.crises` (one figure, one place). Interpretations:
CRISIS_AREA_TOUCHES, CRISIS_PAYMENTS_ELIGIBILITY, COVID_2021_DEROGATION.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cpts.accord.calendar import add_months, anniversary
from cpts.accord.contract import ContractDescription
from cpts.accord.contract_terms import avenant_2_from
from cpts.accord.crisis_plan import contract_year_of, template
from cpts.accord.errors import AccordError
from cpts.accord.parameters import rule
from cpts.accord.termination import effective_on

# 002 annexe 4, préambule: « Seule une décision du directeur général de l'ARS, du préfet du
# département ou du ministre chargé de la santé peut qualifier une situation de “situation
# sanitaire exceptionnelle” ».
AUTHORITIES = {
    "ars_director_general": "directeur général de l'ARS",
    "prefect": "préfet du département",
    "minister": "ministre chargé de la santé",
}
OUTSIDE = "le territoire de la CPTS n'est pas dans la zone de la crise"


@dataclass(frozen=True, slots=True)
class Area:
    """Where a crisis is declared, or where a CPTS works: INSEE codes of communes, departments, regions."""

    communes: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.communes or self.departments or self.regions)

    def touches(self, territory: Area) -> bool:
        """Rule CRISIS_AREA_TOUCHES: the area shares a commune, a department or a region with the territory."""
        return bool(
            self.communes & territory.communes
            or self.departments & territory.departments
            or self.regions & territory.regions
        )


@dataclass(frozen=True, slots=True)
class Crisis:
    """An exceptional health situation declared by the ARS (docs/interpretations.md)."""

    declared_on: dt.date
    kind: str
    area: Area
    authority: str
    reference: str

    def __post_init__(self) -> None:
        template().kind(self.kind)  # refuses an unknown kind, naming the known ones
        if self.authority not in AUTHORITIES:
            known = ", ".join(AUTHORITIES.values())
            raise AccordError(f"autorité non habilitée à déclarer une crise : « {self.authority} » (seuls : {known})")
        if self.area.empty:
            raise AccordError("la zone de la crise est vide : indiquez des communes, des départements ou une région")
        if not self.reference.strip():
            raise AccordError("la référence de la décision déclarant la crise est obligatoire")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One CPTS as the crisis rules see it: its name, its territory, its contract, and a unique key
    (the application's identifier; two CPTS may share a name)."""

    name: str
    territory: Area
    contract: ContractDescription
    key: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether one crisis opens the occurrence payment for one CPTS, and why (French)."""

    cpts: str
    crisis: Crisis
    paid: bool
    reason: str
    in_area: bool = True
    contract_year: int | None = None
    due_by: dt.date | None = None
    key: str = ""


def _refusal(candidate: Candidate, crisis: Crisis) -> str | None:
    """Why a crisis over its territory cannot pay this CPTS, or None (rule CRISIS_PAYMENTS_ELIGIBILITY)."""
    contract, on = candidate.contract, crisis.declared_on
    if on < contract.signed_on:
        return f"contrat signé le {contract.signed_on:%d/%m/%Y}, après la déclaration"
    end = anniversary(contract.signed_on, rule("contract_years", contract.signed_on))
    if on >= end:
        return f"contrat arrivé à échéance le {end:%d/%m/%Y}"
    terminated = effective_on(contract.termination)
    if terminated is not None and on >= terminated:
        return f"contrat résilié (effet le {terminated:%d/%m/%Y})"
    under_avenant_2 = avenant_2_from(contract)
    if under_avenant_2 is None or on < under_avenant_2:
        return "la mission crise sanitaire (avenant n° 2) ne s'applique pas encore au contrat à cette date"
    drafted = contract.crisis_plan_drafted_on
    if drafted is None:
        return "aucun plan de crise rédigé (002 §1.3 : pas de financement sans rédaction du plan)"
    if drafted > on:
        return f"plan de crise rédigé le {drafted:%d/%m/%Y}, après la déclaration"
    return None


def decisions(crises: Iterable[Crisis], candidates: Iterable[Candidate]) -> tuple[Decision, ...]:
    """Every (CPTS, crisis) pair with its outcome, crises in date order.

    002 annexe 1, art. 6.2: « versé dans le mois suivant l'identification de la
    crise par l'ARS, en totalité pour l'année considérée [...] quel que soit le
    nombre de crises identifiées par l'ARS ».
    """
    ordered = sorted(crises, key=lambda crisis: (crisis.declared_on, crisis.reference))
    outcome: list[Decision] = []
    for candidate in candidates:
        paid_years: dict[int, Crisis] = {}
        for crisis in ordered:
            if not crisis.area.touches(candidate.territory):
                outcome.append(Decision(candidate.name, crisis, False, OUTSIDE, in_area=False, key=candidate.key))
                continue
            refusal = _refusal(candidate, crisis)
            if refusal is not None:
                outcome.append(Decision(candidate.name, crisis, False, refusal, key=candidate.key))
                continue
            year = contract_year_of(candidate.contract.signed_on, crisis.declared_on)
            first = paid_years.get(year)
            if first is not None:
                reason = (
                    f"montant déjà dû pour l'année de contrat {year} (crise du {first.declared_on:%d/%m/%Y}) : "
                    "une seule fois par année quel que soit le nombre de crises"
                )
                outcome.append(Decision(candidate.name, crisis, False, reason, contract_year=year, key=candidate.key))
                continue
            paid_years[year] = crisis
            months = rule("crisis_occurrence_delay_months", crisis.declared_on)  # art. 6.2: within the month
            due_by = add_months(crisis.declared_on, months)
            reason = (
                f"volet « survenue d'une crise » dû pour l'année de contrat {year}, au plus tard le {due_by:%d/%m/%Y}"
            )
            paid = Decision(candidate.name, crisis, True, reason, contract_year=year, due_by=due_by, key=candidate.key)
            outcome.append(paid)
    return tuple(outcome)


def occurrence_dates(crises: Iterable[Crisis], candidate: Candidate) -> tuple[dt.date, ...]:
    """The declaration dates to put in `ContractDescription.crises`: those that open a payment."""
    return tuple(decision.crisis.declared_on for decision in decisions(crises, [candidate]) if decision.paid)


@dataclass(frozen=True, slots=True)
class Derogation:
    eligible: bool
    reason: str


def covid_2021_derogation(signed_on: dt.date, actions_2021: bool, paid_by_other_amendment: bool = False) -> Derogation:
    """Rule COVID_2021_DEROGATION (002 §1.3; annexe 1, art. 5): one occurrence amount for 2021.

    For a contract signed by 31 December 2021 whose CPTS led COVID-19 crisis
    actions in 2021 not already paid through an amendment in another mission;
    recorded on the amendment that brings in avenant n° 2.
    """
    limit: dt.date = rule("covid_derogation_signed_by", signed_on)
    if signed_on > limit:
        return Derogation(False, f"contrat signé le {signed_on:%d/%m/%Y}, après le {limit:%d/%m/%Y}")
    if not actions_2021:
        return Derogation(False, "aucune action de gestion de crise COVID-19 menée en 2021")
    if paid_by_other_amendment:
        return Derogation(False, "actions de 2021 déjà valorisées par avenant au contrat dans une autre mission")
    return Derogation(True, f"contrat signé le {signed_on:%d/%m/%Y} (au plus tard le {limit:%d/%m/%Y}), actions 2021")


def excluded(found: Iterable[Decision]) -> tuple[Decision, ...]:
    """The CPTS inside the area that get nothing for a crisis, each with its reason."""
    return tuple(decision for decision in found if decision.in_area and not decision.paid)
