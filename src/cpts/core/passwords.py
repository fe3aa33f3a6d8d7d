"""Password rule of the CNIL (délibération n° 2022-100 du 21 juillet 2022 portant adoption d'une
recommandation relative aux mots de passe, cas n° 1, exemples 1 et 2):

- at least 12 characters with upper case, lower case, digits and special characters, or
- at least 14 characters with upper case, lower case and digits (no special character required);

and, as the recommendation asks of a password that does not reveal its holder, a password may not
contain the user's login, first name or last name (docs/security.md, « Comptes »).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError

MIXED_MIN_LENGTH = 12  # CNIL 2022-100, exemple 1: 12 characters with the four character classes
LONG_MIN_LENGTH = 14  # CNIL 2022-100, exemple 2: 14 characters with upper case, lower case and digits
PERSONAL_MIN_LENGTH = 3  # shorter names ("Li") would refuse half of the dictionary


def missing_classes(password: str) -> list[str]:
    checks = [
        (any(c.isupper() for c in password), "une majuscule"),
        (any(c.islower() for c in password), "une minuscule"),
        (any(c.isdigit() for c in password), "un chiffre"),
        (any(not c.isalnum() and not c.isspace() for c in password), "un caractère spécial"),
    ]
    return [label for present, label in checks if not present]


def folded(text: str) -> str:
    """Lower case without accents: « Hélène » is found in « HELENE2024 »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def personal_words(user: Any) -> list[tuple[str, str]]:
    fields = (("username", "votre identifiant"), ("first_name", "votre prénom"), ("last_name", "votre nom"))
    words = [(folded(str(getattr(user, name, "") or "")), label) for name, label in fields]
    return [(word, label) for word, label in words if len(word) >= PERSONAL_MIN_LENGTH]


class CnilPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        missing = missing_classes(password)
        strong = (len(password) >= MIXED_MIN_LENGTH and not missing) or (
            len(password) >= LONG_MIN_LENGTH and missing in ([], ["un caractère spécial"])
        )
        if not strong:
            detail = f" ; il manque {', '.join(missing)}" if missing and len(password) >= MIXED_MIN_LENGTH else ""
            raise ValidationError(f"Le mot de passe doit contenir {self.rule()}{detail}.", code="password_cnil")
        for word, label in personal_words(user):
            if word in folded(password):
                raise ValidationError(f"Le mot de passe ne doit pas contenir {label}.", code="password_personal")

    def rule(self) -> str:
        return (
            f"au moins {MIXED_MIN_LENGTH} caractères mêlant majuscules, minuscules, chiffres et caractères "
            f"spéciaux, ou au moins {LONG_MIN_LENGTH} caractères mêlant majuscules, minuscules et chiffres"
        )

    def get_help_text(self) -> str:
        return f"Au moins {MIXED_MIN_LENGTH} caractères avec majuscule, minuscule, chiffre et caractère spécial, " + (
            f"ou au moins {LONG_MIN_LENGTH} caractères avec majuscule, minuscule et chiffre ; "
            "ni votre identifiant, ni votre prénom, ni votre nom."
        )
