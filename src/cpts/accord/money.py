"""Money is exact: Decimal euros rounded to the cent, half up (rule ROUNDING_HALF_UP)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

CENT = Decimal("0.01")
THIN_SPACE = "\u202f"
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up (rule ROUNDING_BALANCE, docs/interpretations.md; ARCHITECTURE.md "Conventions")."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """An amount already rounded to the cent, as integer cents (123.45 -> 12345)."""
    cents_ = int(amount.scaleb(2))
    if cents_ != amount.scaleb(2):
        raise ValueError(f"montant non arrondi au centime : {amount}")
    return cents_


@lru_cache(maxsize=1 << 16)
def from_cents(amount: int) -> Decimal:
    """Integer cents as euros with two decimals (12345 -> 123.45; 0 -> 0.00), as `cents` gives them."""
    return Decimal(amount).scaleb(-2)


def as_text(amount: Decimal) -> str:
    """The JSON form of an amount: a string with two decimals ("18750.00")."""
    return f"{cents(amount):.2f}"


def french(amount: Decimal) -> str:
    """An amount as French readers write it: 18 750,00 €."""
    sign = "-" if amount < 0 else ""
    whole, _, decimals = f"{abs(cents(amount)):.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{THIN_SPACE.join(groups)},{decimals} €"


def percent(rate: Decimal) -> str:
    """A rate as a French percentage: 0.75 -> 75 %, 0.125 -> 12,5 %."""
    value = (rate * 100).normalize()
    text = f"{value:f}".replace(".", ",")
    return f"{text} %"
