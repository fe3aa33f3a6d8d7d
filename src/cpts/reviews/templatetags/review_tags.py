"""Template helpers of the review pages, and the blocks the contract page includes (issue 6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from cpts.accord.rate_explanation import rate_text
from cpts.reviews.services import withheld_balances

register = template.Library()


@register.filter
def rate(value: Decimal | None) -> str:
    """0.625 -> « 62,5 % » (to the hundredth of a percent, rule ATTAINMENT_ROUNDED_TO_BASIS_POINT)."""
    return "" if value is None else rate_text(Decimal(value))


@register.inclusion_tag("reviews/contract_block.html")
def review_links(contract: Any) -> dict[str, Any]:
    """The contract page's link to its objectives and reviews, with each year's review status."""
    from cpts.reviews.models import AnnualReview

    reviews = AnnualReview.objects.filter(contract=contract) if contract.signed_on else []
    return {"contract": contract, "reviews": list(reviews)}


@register.simple_tag
def withheld(contract: Any, year: int) -> str:
    """Why the balance of a contract year is withheld, or "" (rule BALANCE_WITHHELD_WITHOUT_DOCUMENTS).

    One query for the whole page: the reasons of every year are read once and kept on the contract.
    """
    if not contract.signed_on or not year:
        return ""
    reasons = getattr(contract, "_withheld_balances", None)
    if reasons is None:
        reasons = contract._withheld_balances = withheld_balances(contract)
    return str(reasons.get(year, ""))
