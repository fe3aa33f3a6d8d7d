"""Template helpers of the review pages, and the blocks the contract page includes (docs/reviews.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from cpts.accord.rate_explanation import rate_text

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
