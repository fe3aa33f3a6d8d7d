"""What the review pages share: the contract if the acting organisation sees it, its years, the breadcrumb.

Outside one's scope a contract does not exist (404, never 403: docs/permissions.md);
a party that sees the page but may not act gets a 403 page with the reason.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.schedule import ContractYear
from cpts.accord.years import contract_years
from cpts.contracts.models import Contract
from cpts.core.pages import acting, page


def signed_contract(request: HttpRequest, pk: int) -> Contract:
    """The signed contract if the acting organisation may see it, else 404."""
    queryset = Contract.objects.select_related("community", "cpam", "ars")
    contract = queryset.visible_to(acting(request)).filter(pk=pk, signed_on__isnull=False).first()
    if contract is None:
        raise Http404("Contrat introuvable ou hors de votre périmètre.")
    return contract  # type: ignore[no-any-return]


def years(contract: Contract) -> tuple[ContractYear, ...]:
    """The contract years (rule CONTRACT_YEARS, `cpts.accord.years`)."""
    assert contract.signed_on is not None
    return contract_years(contract.signed_on, DEFAULT_READINGS)


def year_or_404(contract: Contract, year: int) -> ContractYear:
    spans = years(contract)
    if not 1 <= year <= len(spans):
        raise Http404(f"Année du contrat inconnue : {year}.")
    return spans[year - 1]


def trail(contract: Contract, year: int | None = None) -> list[tuple[str, str]]:
    links = [
        (reverse("community-list"), "CPTS"),
        (reverse("community-detail", args=[contract.community_id]), contract.community.name),
        (reverse("contract-detail", args=[contract.pk]), "Contrat"),
        (reverse("reviews:contract", args=[contract.pk]), "Objectifs et revues"),
    ]
    if year is not None:
        links.append((reverse("reviews:detail", args=[contract.pk, year]), f"Revue de l'année {year}"))
    return links


def refused(request: HttpRequest, title: str, reason: str, back: str) -> HttpResponse:
    """The 403 page of the web app: the action exists, the acting organisation may not do it."""
    return page(request, "cpts/event_refused.html", f"{title} — refusé", {"reason": reason, "back": back}, status=403)

