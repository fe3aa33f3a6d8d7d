"""Defining the indicators and yearly objectives of a contract (002 annexe 1, art. 4.2.2, 4.2.2.2).

The contract is signed by the three parties, so any of them may record its
indicators and objectives. An objective is checked by the rules engine before it
is saved (`IndicatorObjective.to_engine`), and it is frozen once the review of
its year has been submitted: what is being reviewed may not move under the
reviewers' feet.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from cpts.accord.errors import AccordError
from cpts.accord.indicators import national_indicators
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.reviews.models import AnnualReview, ContractIndicator, IndicatorObjective
from cpts.reviews.prefill import national_fields
from cpts.reviews.services import ReviewError

TARGET_SETTERS = "Seuls les signataires du contrat (CPTS, CPAM, ARS) fixent ses objectifs."
LOCAL_FIELDS = ("label", "unit", "direction", "kind", "definition", "computation", "data_source")


def _require_party(actor: Actor, contract: Contract) -> None:
    actor.require(contract.is_party, TARGET_SETTERS)
    if contract.signed_on is None:
        raise ReviewError("Le contrat n'est pas encore signé.")


def add_national_indicator(actor: Actor, contract: Contract, code: str) -> ContractIndicator:
    """Retain an indicator of the national catalogue (002 annexe 1, art. 4.2.2.2, access mission)."""
    _require_party(actor, contract)
    if code not in national_indicators():
        raise ReviewError(f"Indicateur national inconnu : « {code} ».")
    return _create(contract, **national_fields(code))


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


def objective_fields(
    *,
    weight: Decimal,
    rule: str = "",
    target: Decimal | None = None,
    steps: list[tuple[Decimal, Decimal]] | None = None,
    baseline_value: Decimal | None = None,
    baseline_on: Any = None,
    baseline_source: str = "",
    baseline_version: str = "",
) -> dict[str, Any]:
    """The stored fields of an objective (steps as [["threshold", "rate"], ...])."""
    return {
        "weight": weight, "rule": rule, "target": target,
        "steps": [[str(value), str(rate)] for value, rate in (steps or [])],
        "baseline_value": baseline_value, "baseline_on": baseline_on,
        "baseline_source": baseline_source, "baseline_version": baseline_version,
    }  # fmt: skip


def set_objective(actor: Actor, indicator: ContractIndicator, year: int, **fields: Any) -> IndicatorObjective:
    """Create or replace the objective of an indicator for a contract year (fields of `objective_fields`), checked
    by the engine; audited."""
    _check_year(actor, indicator, year)
    objective, _ = _write(actor, indicator, year, objective_fields(**fields))
    return objective


def _check_year(actor: Actor, indicator: ContractIndicator, year: int) -> None:
    actor.require(indicator.can_set_target, TARGET_SETTERS)
    contract = indicator.contract
    if contract.signed_on is None:
        raise ReviewError("Le contrat n'est pas encore signé.")
    if year_frozen(contract, year):
        raise ReviewError(f"La revue de l'année {year} est déjà soumise : ses objectifs ne changent plus.")


def _write(
    actor: Actor, indicator: ContractIndicator, year: int, fields: dict[str, Any]
) -> tuple[IndicatorObjective, bool]:
    """Save the objective if it changes, checked by the engine first; (objective, whether it was written)."""
    candidate = IndicatorObjective(indicator=indicator, contract_year=year, **fields)
    try:
        candidate.to_engine()
    except AccordError as error:
        raise ReviewError(str(error)) from error
    existing = IndicatorObjective.objects.filter(indicator=indicator, contract_year=year).first()
    if existing is not None and all(getattr(existing, name) == value for name, value in fields.items()):
        return existing, False
    with audited(actor, "fixer un objectif", existing) as change:
        objective = existing or candidate
        for name, value in fields.items():
            setattr(objective, name, value)
        objective.save()
        change.instance = objective
    return objective, True


def _unset(actor: Actor, indicator: ContractIndicator, year: int) -> bool:
    """Back to « à fixer »: the year's objective of the indicator is removed, if it had a target."""
    existing = IndicatorObjective.objects.filter(indicator=indicator, contract_year=year).first()
    if existing is None or existing.target is None:  # nothing set, or a follow-up without target: kept as it is
        return False
    with audited(actor, "remettre un objectif à fixer", existing):
        existing.delete()
    return True


def set_year_targets(
    actor: Actor, contract: Contract, year: int, rows: Sequence[tuple[ContractIndicator, dict[str, Any] | None]]
) -> int:
    """The yearly meeting of the three parties (002 annexe 1, art. 4.2.2.1: « définir et suivre conjointement […]
    les objectifs fixés »): the objectives of the year's indicators at once, all or nothing. Each row is
    (indicator, the fields of `objective_fields`) or (indicator, None) for a target left « à fixer » (an
    objective that had a target is then removed; rule TARGET_NOT_SET_NOT_COUNTED). Returns how many changed."""
    _require_party(actor, contract)  # even with no row
    changed = 0
    with transaction.atomic():
        for indicator, fields in rows:
            if indicator.contract_id != contract.pk:
                raise ReviewError(f"« {indicator} » n'est pas un indicateur de ce contrat.")
            _check_year(actor, indicator, year)
            if fields is None:
                changed += _unset(actor, indicator, year)
            else:
                changed += _write(actor, indicator, year, objective_fields(**fields))[1]
    return changed
