"""Password rule of the CNIL (délibération n° 2022-100 du 21 juillet 2022, recommandation
relative aux mots de passe, cas n° 1): at least 12 characters mixing upper case,
lower case, digits and special characters, or at least 14 characters of any kind."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

MIXED_MIN_LENGTH = 12  # CNIL 2022-100: 12 characters with the four character classes
LONG_MIN_LENGTH = 14  # CNIL 2022-100: or 14 characters


def missing_classes(password: str) -> list[str]:
    checks = [
        (any(c.isupper() for c in password), "une majuscule"),
        (any(c.islower() for c in password), "une minuscule"),
        (any(c.isdigit() for c in password), "un chiffre"),
        (any(not c.isalnum() for c in password), "un caractère spécial"),
    ]
    return [label for present, label in checks if not present]


class CnilPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) >= LONG_MIN_LENGTH:
            return
        missing = missing_classes(password)
        if len(password) >= MIXED_MIN_LENGTH and not missing:
            return
        detail = f" ; il manque {', '.join(missing)}" if missing and len(password) >= MIXED_MIN_LENGTH else ""
        raise ValidationError(
            f"Le mot de passe doit contenir au moins {LONG_MIN_LENGTH} caractères, ou au moins "
            f"{MIXED_MIN_LENGTH} caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux{detail}.",
            code="password_cnil",
        )

    def get_help_text(self) -> str:
        return (
            f"Au moins {MIXED_MIN_LENGTH} caractères avec majuscule, minuscule, chiffre et caractère spécial, "
            f"ou au moins {LONG_MIN_LENGTH} caractères."
        )
