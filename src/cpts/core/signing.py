"""Who must act when a contract becomes signed: apps that prepare what the signed contract follows.

`cpts.contracts.services.sign_contract` calls `contract_signed(actor, contract)` inside the signature's
transaction, once the contract is signed; the annual reviews (cpts.reviews) register here when Django starts
to pre-fill the contract's indicators (002 annexe 1, art. 4.2.2.2), rather than being imported by the
contracts app, which they already read (ARCHITECTURE.md, "apps depend on core, never on each other's
internals"). Without a listener nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[Any, Any], None]  # (actor, contract) -> None

_listeners: list[Listener] = []


def register(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def contract_signed(actor: Any, contract: Any) -> None:
    """Tell every listener that `contract` has just become signed (same transaction: a failure undoes the signature)."""
    for listener in _listeners:
        listener(actor, contract)
