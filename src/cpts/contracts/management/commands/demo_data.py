"""`manage.py demo_data` (also `cpts demo-data`): migrate, then load the demonstration data."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cpts.contracts.demo import load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        result = load_demo()
        for line in result["created"]:
            self.stdout.write(f"créée : {line}")
        if not result["created"]:
            self.stdout.write("Données de démonstration déjà chargées : rien de nouveau.")
        self.stdout.write("\nComptes de démonstration (identifiant / mot de passe / organisation) :")
        for username, password, organisation in result["logins"]:
            self.stdout.write(f"  {username:<20} {password:<26} {organisation}")
