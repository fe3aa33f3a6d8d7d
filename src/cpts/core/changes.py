"""Who must hear of an audited change: apps that keep figures derived from the stored objects.

`cpts.core.audit.record` calls `changed(instance)` after writing each event, in the same
transaction. The stored schedules (cpts.steering) register here when Django starts rather
than being imported by every service that changes a contract: every change that can move
money is audited (docs/permissions.md, « Journal »), so this is the one place that sees them
all (ARCHITECTURE.md, "apps depend on core, never on each other's internals").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[Any], None]

_listeners: list[Listener] = []


def register(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def changed(instance: Any) -> None:
    """Tell every listener that `instance` was created, changed or deleted (its pk is then None)."""
    for listener in _listeners:
        listener(instance)
