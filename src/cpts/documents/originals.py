"""Depositing a scanned signed original (contract, amendment, review decision) beside its generated PDF.

The parties to the contract deposit (`Contract.can_sign`); each deposit is audited and is a new version
(docs/documents.md, « Originaux signés »). The effective date of a contract stays the signatures recorded in
the application: the scan is evidence, not a trigger.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.services import refuse_if
from cpts.documents.models import SignedOriginal
from cpts.reviews import files

FOLDER = "originals"
SCANS = ("pdf", "png", "jpg", "jpeg")


def subject_of(contract: Contract, subject: str, subject_id: int) -> Any:
    """The contract, one of its amendments or one of its annual reviews; refused if it is not this contract's."""
    found: Any = None
    if subject == SignedOriginal.Subject.CONTRACT:
        found = contract if subject_id == contract.pk else None
    elif subject == SignedOriginal.Subject.AMENDMENT:
        found = contract.amendments.filter(pk=subject_id).first()  # type: ignore[attr-defined]
    elif subject == SignedOriginal.Subject.DECISION:
        found = contract.reviews.filter(pk=subject_id).first()  # type: ignore[attr-defined]
    refuse_if(found is None, "Ce document n'appartient pas à ce contrat.")
    return found


def deposit(
    actor: Actor, contract: Contract, subject: str, subject_id: int, name: str, content: bytes
) -> SignedOriginal:
    actor.require(contract.can_sign, "Seules les parties au contrat déposent ses originaux signés.")
    refuse_if(contract.signed_on is None, "Le contrat n'est pas signé : pas d'original signé.")
    subject_of(contract, subject, subject_id)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    refuse_if(extension not in SCANS, f"« {name} » : un original signé est un PDF ou une image (PDF, PNG, JPEG).")
    stored = files.store(name, content, FOLDER)
    with transaction.atomic(), audited(actor, "déposer un original signé") as change:
        last = SignedOriginal.objects.filter(subject=subject, subject_id=subject_id).aggregate(last=Max("version"))
        original = SignedOriginal(
            contract=contract,
            subject=subject,
            subject_id=subject_id,
            version=(last["last"] or 0) + 1,
            original_name=name,
            stored_name=stored.stored_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=actor.user if actor.user is not None and actor.user.pk else None,
            uploaded_by_name=actor.name,
        )
        original.save()
        change.instance = original
    return original
