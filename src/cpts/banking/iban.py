"""IBAN and BIC checks (ISO 13616 mod-97 checksum, ISO 9362 format) and the masked display.

The texts of the agreement say nothing of bank details; these are the banking standards, not rules of the
agreement. Messages are French.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
BIC_SHAPE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
FRENCH_IBAN_LENGTH = 27


def compact(value: str) -> str:
    """Without spaces, upper case (« fr76 3000 … » → « FR763000… »)."""
    return "".join(value.split()).upper()


def iban_checksum_ok(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers (A=10 … Z=35), mod 97 == 1."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def validate_iban(value: str) -> None:
    iban = compact(value)
    if not IBAN_SHAPE.match(iban):
        raise ValidationError(
            f"IBAN invalide : « {value} » (deux lettres de pays, deux chiffres de contrôle, puis 11 à 30 caractères)",
            code="iban",
        )
    if iban.startswith("FR") and len(iban) != FRENCH_IBAN_LENGTH:
        raise ValidationError(f"IBAN invalide : un IBAN français a 27 caractères (« {value} » en a {len(iban)})")
    if not iban_checksum_ok(iban):
        raise ValidationError(f"IBAN invalide : « {value} » (la clé de contrôle ne correspond pas)", code="iban")


def validate_bic(value: str) -> None:
    if not BIC_SHAPE.match(compact(value)):
        raise ValidationError(f"BIC invalide : « {value} » (8 ou 11 caractères : banque, pays, lieu, agence)")


def grouped(iban: str) -> str:
    """By groups of four, as printed on a RIB."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def masked(iban: str) -> str:
    """Country and check digits and the last three characters only: « FR76 •••• … ••89 »."""
    hidden = iban[:4] + "•" * (len(iban) - 7) + iban[-3:]
    return grouped(hidden)
