"""Which documents a contract or a CPTS has, as (URL, label) pairs for the pages (docs/documents.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cpts.accord.schedule import Schedule


def link(kind: str, pk: int, label: str) -> tuple[str, str]:
    return reverse("document-pdf", args=[kind, pk]), label


def contract_links(
    contract: Any,
    schedule: Schedule | None = None,
    amendments: Any = None,
    termination: Any = None,
    decisions: bool = True,
) -> list[tuple[str, str]]:
    """The contract, its amendments, its review decisions, its termination letter and, when the schedule holds a
    reimbursement, the notice of the amount due. The contract page gives what it has already read (schedule,
    amendments in signature order, termination) so that no row is read twice, and shows the decisions in its
    reviews block instead (`decisions=False`)."""
    if contract.signed_on is None:
        return []
    if amendments is None:
        amendments = contract.amendments.all()
        termination = getattr(contract, "termination", None)
    links = [link("contract", contract.pk, f"Contrat signé le {contract.signed_on:%d/%m/%Y}")]
    for number, amendment in enumerate(amendments, start=1):
        links.append(link("amendment", amendment.pk, f"Avenant n° {number} du {amendment.signed_on:%d/%m/%Y}"))
    for review in contract.reviews.order_by("contract_year") if decisions else ():
        links.append(link("decision", review.pk, f"Décision de la revue annuelle {review.contract_year}"))
    if termination is not None:
        links.append(link("termination", contract.pk, "Lettre de résiliation"))
    if schedule is not None and any(payment.kind == "reimbursement" for payment in schedule.payments):
        links.append(link("recovery", contract.pk, "Avis de sommes à rembourser"))
    return links


def community_links(community: Any) -> list[tuple[str, str]]:
    """The early-mission adhesion form (002 annexe 2), if the CPTS signed that contract."""
    early = getattr(community, "early_mission_contract", None)
    if early is None:
        return []
    return [link("adhesion", early.pk, "Adhésion au contrat de mission précoce")]
