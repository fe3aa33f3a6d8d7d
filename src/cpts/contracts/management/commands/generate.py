"""`manage.py generate --cpts N` (also `cpts generate`): N synthetic CPTS with signed contracts."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cpts.contracts.synthetic import generate
from cpts.reviews.prefill import prefill_missing
from cpts.steering.store import refresh_all


class Command(BaseCommand):
    help = "Crée N CPTS synthétiques avec leur contrat signé (tests de charge)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cpts", type=int, required=True, help="nombre de CPTS à créer")
        parser.add_argument("--seed", type=int, default=0, help="graine du hasard (reproductible)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        total = generate(options["cpts"], seed=options["seed"])
        prefill_missing()  # their national indicators, as a signature through the services gives them
        refresh_all()  # bulk inserts are not audited: store their engine schedules (docs/steering.md)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{options['cpts']} CPTS synthétiques créées en {elapsed:.1f} s ({total} au total).")
