"""Withheld balances: why a contract year's balance must not be paid yet (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS).

A management policy outside the agreement, off by default (setting CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS):
with it off the provider returns nothing and the ledger follows the texts alone.

The payment service (cpts.payments) asks here; the app that knows the reason
(cpts.reviews: the year's activity report or accounts are missing) registers a
provider when Django starts (`ReviewsConfig.ready`). A hook in core rather than an
import because cpts.reviews already reads the ledger (its spending figures): payments
importing reviews would make the two apps depend on each other (ARCHITECTURE.md,
"apps depend on core, never on each other's internals"). Without a provider nothing
is withheld.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

Reasons = dict[int, dict[int, str]]  # {contract id: {contract year: French reason}}
Provider = Callable[[Sequence[Any]], Mapping[int, Mapping[int, str]]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider: contracts -> {contract id: {contract year: reason}}, in a bounded number of queries."""
    if provider not in _providers:
        _providers.append(provider)


def withheld_years(contracts: Sequence[Any]) -> Reasons:
    """The years whose balance is withheld, with the reason, for each contract (ids absent: nothing withheld)."""
    found: Reasons = {}
    for provider in _providers:
        for contract_id, years in provider(contracts).items():
            merged = found.setdefault(contract_id, {})
            for year, reason in years.items():
                merged[year] = f"{merged[year]} {reason}" if year in merged else reason
    return found
