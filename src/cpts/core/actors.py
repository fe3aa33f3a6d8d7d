"""Who acts: a user for an organisation (a page, an API call), or a named command.

Services take an `Actor`; permission checks use its organisation and the
audit trail its names. A command (demo data, payment run, tests' setup) acts
as itself: `Actor.command("cpts demo-data")`; it passes the permission checks,
never the lifecycle rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cpts.core.errors import NotAllowed
from cpts.core.models import Organisation


@dataclass(frozen=True)
class Actor:
    user: Any = None  # django.contrib.auth User, or None for a command
    organisation: Organisation | None = None
    command_name: str = ""

    @classmethod
    def command(cls, name: str) -> Actor:
        return cls(command_name=name)

    @classmethod
    def of(cls, request: Any) -> Actor:
        """The actor of a request (user and current organisation set by the middleware)."""
        return cls(user=request.user, organisation=getattr(request, "organisation", None))

    @property
    def is_command(self) -> bool:
        return bool(self.command_name)

    @property
    def name(self) -> str:
        if self.is_command:
            return f"commande « {self.command_name} »"
        full = self.user.get_full_name() if self.user is not None else ""
        return f"{full} ({self.user.get_username()})" if full else str(getattr(self.user, "username", "anonyme"))

    def require(self, check: Callable[[Organisation | None], bool], message: str) -> None:
        """Refuse with `message` (French) unless `check(organisation)` allows it or a command acts."""
        if not self.is_command and not check(self.organisation):
            raise NotAllowed(message)
