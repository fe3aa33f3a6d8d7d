"""`migrate` as the owner role (cpts.core.dbroles): the application role may not create tables nor triggers.

Overrides Django's command of the same name (an app's commands come before Django's own)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate

from cpts.core.dbroles import as_owner


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        with as_owner(options["database"]):
            super().handle(*args, **options)
