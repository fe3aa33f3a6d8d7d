"""The termination letter (002 annexe 1, art. 8), the annual review decision (art. 4.2.2 and 6.2) and the
early-mission adhesion form (002 annexe 2, « Adhésion au contrat d'accompagnement … »).

Dates come from the engine (`cpts.accord.termination`), amounts from the contract's schedule.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cpts.accord import termination as rules
from cpts.accord.envelopes import early_mission_amount
from cpts.accord.errors import AccordError
from cpts.accord.money import ZERO
from cpts.communities.models import EarlyMissionContract
from cpts.contracts.bridge import as_termination
from cpts.contracts.models import Contract
from cpts.documents.contract import reference as contract_reference
from cpts.documents.notices import one_line
from cpts.documents.parties import cpts_party, parties_of, signatures_of
from cpts.documents.render import Document
from cpts.payments.schedules import contract_schedule


def termination_letter(contract: Contract) -> Document:
    """Who terminates and who represents the parties, on what ground (the grounds of art. 8.2 and the reason
    the terminating party recorded), receipt, effective date, the joint commission (art. 8.2), what is owed."""
    stored = getattr(contract, "termination", None)
    if stored is None:
        raise AccordError(f"le contrat de {contract.community} n'est pas résilié : pas de lettre de résiliation")
    termination = as_termination(stored)
    assert termination is not None
    effective = rules.effective_on(termination)
    # Two months after receipt, whatever the commission does (art. 8.1 and 8.2).
    unsuspended = replace(termination, effective_on=None, referred_to_commission=False)
    by_cpts = stored.initiator == "cpts"
    schedule = contract_schedule(contract)
    consequences = [p for p in schedule.payments if effective is not None and p.due_on >= effective]
    refunds = [p for p in consequences if p.kind == "reimbursement"]
    parties = parties_of(contract)
    sender = next(party for party in parties if party.role == stored.initiator)
    return Document(
        "termination",
        f"{contract_reference(contract)}-RES",
        f"Lettre de résiliation du contrat de la {contract.community.name}",
        "documents/termination.html",
        {
            "contract": contract,
            "termination": stored,
            "sender": sender,
            "by_cpts": by_cpts,
            "parties": parties,
            "effective": effective,
            "two_months_after": rules.effective_on(unsuspended),
            "consequences": [(p, one_line(p.explanation)) for p in consequences],
            "net": sum((p.amount for p in consequences), ZERO),
            "refund_due_on": rules.reimbursement_due_on(effective) if refunds and effective else None,
            "signatures": signatures_of(contract, (stored.initiator,)),
            "signed_on": None,
        },
        author=sender.name,
    )


def review_decision(review: Any) -> Document:
    """The decision closing an annual review: attainment per mission with its indicators, the variable amounts
    and the balance of the year with their dates (schedule lines of that year), CPAM and ARS signatures."""
    from cpts.reviews import services

    contract = review.contract
    year = review.contract_year
    attainments = list(services.attainments(review).values())
    lines = [p for p in contract_schedule(contract).payments if p.contract_year == year]
    variable = [(p, one_line(p.explanation)) for p in lines if p.part == "variable"]
    balance = [(p, one_line(p.explanation)) for p in lines if p.kind == "balance"]
    pending = [item for item in contract_schedule(contract).pending if item.contract_year == year]
    signatures = signatures_of(contract, ("cpam", "ars"))
    return Document(
        "decision",
        f"{contract_reference(contract)}-RA{year}",
        f"Décision de la revue annuelle {year} du contrat de la {contract.community.name}",
        "documents/decision.html",
        {
            "contract": contract,
            "review": review,
            "year": next((span for span in contract_schedule(contract).years if span.number == year), None),
            "attainments": attainments,
            "variable": variable,
            "balance": balance,
            "balance_total": sum((p.amount for p, _ in balance), ZERO),
            "pending": pending,
            "signatures": signatures,
            "signed_on": review.validated_on,
            "validations": {"cpam": review.cpam_validated_on, "ars": review.ars_validated_on},
        },
        author=f"{contract.cpam.name}, {contract.ars.name}",
    )


def adhesion_form(early: EarlyMissionContract) -> Document:
    """The form of 002 annexe 2 filled in from the stored early-mission contract and the letter of intent."""
    community = early.community
    letter = getattr(community, "letter_of_intent", None)
    return Document(
        "adhesion",
        f"CMP-{early.pk:06d}",
        "Adhésion au contrat d'accompagnement dans la mise en œuvre de mission précoce",
        "documents/adhesion.html",
        {
            "early": early,
            "community": community,
            "cpts": cpts_party(community),
            "letter": letter,
            "missions": early.started_missions,
            "amount": early_mission_amount(early.size, early.signed_on),
        },
        author=community.name,
    )
