"""Defining the indicators and yearly objectives of a contract (002 annexe 1, art. 4.2.2, 4.2.2.2).

The contract is signed by the three parties, so any of them may record its
indicators and objectives. An objective is checked by the rules engine before it
is saved (`IndicatorObjective.to_engine`), and it is frozen once the review of
its year has been submitted: what is being reviewed may not move under the
reviewers' feet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from cpts.accord.errors import AccordError
from cpts.accord.indicators import national_indicators
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.reviews.models import AnnualReview, ContractIndicator, IndicatorObjective
from cpts.reviews.services import ReviewError

LOCAL_FIELDS = ("label", "unit", "direction", "kind", "definition", "computation", "data_source")


def _require_party(actor: Actor, contract: Contract) -> None:
    actor.require(contract.is_party, "Seuls les signataires du contrat (CPTS, CPAM, ARS) fixent ses objectifs.")
    if contract.signed_on is None:
        raise ReviewError("Le contrat n'est pas encore signé.")


def add_national_indicator(actor: Actor, contract: Contract, code: str) -> ContractIndicator:
    """Retain an indicator of the national catalogue (002 annexe 1, art. 4.2.2.2, access mission)."""
    _require_party(actor, contract)
    source = national_indicators().get(code)
    if source is None:
        raise ReviewError(f"Indicateur national inconnu : « {code} ».")
    return _create(
        contract, code=code, scope="national", mission=source.mission, label=source.label,
        direction=source.direction, kind=source.kind, unit=source.unit, definition=source.definition,
    )


def add_local_indicator(actor: Actor, contract: Contract, code: str, mission: str, **fields: Any) -> ContractIndicator:
    """An indicator the contract defines itself, with its definition, computation and data source."""
    _require_party(actor, contract)
    indicator = ContractIndicator(contract=contract, code=code, scope="local", mission=mission, **fields)
    try:
        indicator.to_engine()
    except AccordError as error:
        raise ReviewError(str(error)) from error
    return _create(contract, **{name: getattr(indicator, name) for name in ("code", "scope", "mission", *LOCAL_FIELDS)})


def _create(contract: Contract, **fields: Any) -> ContractIndicator:
    if contract.indicators.filter(code=fields["code"]).exists():  # type: ignore[attr-defined]
        raise ReviewError(f"Le contrat suit déjà l'indicateur « {fields['code']} ».")
    return ContractIndicator.objects.create(contract=contract, **fields)


def year_frozen(contract: Contract, year: int) -> bool:
    """True once the review of the year has left the CPTS's hands (submitted, under review or validated)."""
    review = AnnualReview.objects.filter(contract=contract, contract_year=year).first()
    return review is not None and not review.editable


def set_objective(
    actor: Actor,
    indicator: ContractIndicator,
    year: int,
    *,
    weight: Decimal,
    rule: str = "",
    target: Decimal | None = None,
    steps: list[tuple[Decimal, Decimal]] | None = None,
    baseline_value: Decimal | None = None,
    baseline_on: Any = None,
    baseline_source: str = "",
    baseline_version: str = "",
) -> IndicatorObjective:
    """Create or replace the objective of an indicator for a contract year, checked by the engine."""
    contract = indicator.contract
    _require_party(actor, contract)
    if year_frozen(contract, year):
        raise ReviewError(f"La revue de l'année {year} est déjà soumise : ses objectifs ne changent plus.")
    existing = IndicatorObjective.objects.filter(indicator=indicator, contract_year=year).first()
    objective = existing or IndicatorObjective(indicator=indicator, contract_year=year)
    objective.weight, objective.rule, objective.target = weight, rule, target
    objective.steps = [[str(value), str(rate)] for value, rate in (steps or [])]
    objective.baseline_value, objective.baseline_on = baseline_value, baseline_on
    objective.baseline_source, objective.baseline_version = baseline_source, baseline_version
    try:
        objective.to_engine()
    except AccordError as error:
        raise ReviewError(str(error)) from error
    with transaction.atomic():
        objective.save()
    return objective
