"""Format checks of the French identifiers the application stores, with French messages.

- RPPS: 11 digits, the last a Luhn check digit over the first ten
  (Répertoire partagé des professionnels de santé, ANS).
- SIREN: 9 digits, Luhn-valid (INSEE).
- RNA: "W" followed by 9 digits (Répertoire national des associations).
- FINESS: 9 characters, digits except "2A"/"2B" for Corsica in the department part.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError


def luhn_valid(digits: str) -> bool:
    """True when the Luhn sum of `digits` (check digit last) is a multiple of 10."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def with_luhn_key(payload: str) -> str:
    """`payload` followed by the digit that makes it Luhn-valid (demo RPPS and SIREN numbers)."""
    for digit in "0123456789":
        if luhn_valid(payload + digit):
            return payload + digit
    raise AssertionError("unreachable: one digit always completes a Luhn sum")


def validate_rpps(value: str) -> None:
    if not re.fullmatch(r"\d{11}", value or ""):
        raise ValidationError(f"Numéro RPPS invalide « {value} » : 11 chiffres attendus.", code="rpps_format")
    if not luhn_valid(value):
        raise ValidationError(f"Numéro RPPS invalide « {value} » : la clé de contrôle est fausse.", code="rpps_key")


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(f"SIREN invalide « {value} » : 9 chiffres attendus.", code="siren_format")
    if not luhn_valid(value):
        raise ValidationError(f"SIREN invalide « {value} » : la clé de contrôle est fausse.", code="siren_key")


def validate_rna(value: str) -> None:
    if not re.fullmatch(r"W\d{9}", value or ""):
        raise ValidationError(f"Numéro RNA invalide « {value} » : « W » suivi de 9 chiffres attendu.", code="rna")


def validate_finess(value: str) -> None:
    if not re.fullmatch(r"(\d{2}|2A|2B)\d{7}", value or ""):
        raise ValidationError(f"Numéro FINESS invalide « {value} » : 9 caractères attendus.", code="finess")
