"""The indicators a contract follows from its signature (002 annexe 1, art. 4.2.2.2).

The access mission is a core mission of every contract (002 annexe 1, art. 2) and the agreement
itself lists its six national indicators, adding: « Les parties signataires suivent l'ensemble de
ces indicateurs et peuvent en retenir d'autres ». So every signed contract follows the six of the
catalogue (`cpts.accord.indicators.national_indicators`) from the day it is signed, and the local
indicators each mission may add are defined later by the three parties (with their definition,
computation and data source). No objective is created: a target stays « à fixer » until the three
parties set it together at their yearly exchange (art. 4.2.2.1; rule TARGET_NOT_SET_NOT_COUNTED).

`prefill_indicators` is registered with `cpts.core.signing` (ReviewsConfig.ready) and runs inside
the signature; `prefill_missing` does the same in bulk for rows written without the services
(`cpts generate`), and the data migration 0003 for contracts signed before this existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cpts.accord.indicators import national_indicators
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.reviews.models import ContractIndicator


def national_fields(code: str) -> dict[str, Any]:
    """The stored fields of a national indicator of the catalogue (the engine reads it from the catalogue)."""
    source = national_indicators()[code]
    return {
        "code": code,
        "scope": ContractIndicator.Scope.NATIONAL,
        "mission": source.mission,
        "label": source.label,
        "direction": source.direction,
        "kind": source.kind,
        "unit": source.unit,
        "definition": source.definition,
    }


def missing_national(contract: Contract) -> list[str]:
    """The national indicators the contract does not follow yet, in the catalogue's order."""
    followed = set(ContractIndicator.objects.filter(contract=contract).values_list("code", flat=True))
    return [code for code in national_indicators() if code not in followed]


def prefill_indicators(actor: Actor, contract: Contract) -> list[ContractIndicator]:
    """On signature: the national indicators of the access mission, each creation audited; targets « à fixer »."""
    created = []
    for code in missing_national(contract):
        with audited(actor, "suivre un indicateur national") as change:
            change.instance = ContractIndicator.objects.create(contract=contract, **national_fields(code))
        created.append(change.instance)
    return created


def prefill_missing(contracts: Iterable[Contract] | None = None) -> int:
    """The national indicators of signed contracts written without the services (bulk, not audited, like
    `cpts.contracts.synthetic`); returns how many rows were added."""
    signed = contracts if contracts is not None else Contract.objects.filter(signed_on__isnull=False)
    ids = [contract.pk for contract in signed]
    followed = set(ContractIndicator.objects.filter(contract__in=ids).values_list("contract_id", "code"))
    rows = [
        ContractIndicator(contract_id=pk, **national_fields(code))
        for pk in ids
        for code in national_indicators()
        if (pk, code) not in followed
    ]
    ContractIndicator.objects.bulk_create(rows, batch_size=500)
    return len(rows)
