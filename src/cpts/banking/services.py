"""Entering and verifying bank details; each write audited (cpts.core.audit), a change is a new row."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cpts.banking.iban import compact
from cpts.banking.models import BankDetails
from cpts.communities.models import Community
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.services import refuse_if

NOT_CPTS = "Seule la CPTS saisit ses coordonnées bancaires."
NOT_CPAM = "Seule la CPAM de la CPTS vérifie ses coordonnées bancaires."
NOTHING_TO_VERIFY = "Aucune coordonnée bancaire n'est enregistrée : rien à vérifier."


def current(community: Community) -> BankDetails | None:
    """The latest version: the one the next payment uses."""
    return BankDetails.objects.filter(community=community).order_by("-entered_at", "-id").first()


def enter_details(actor: Actor, community: Community, iban: str, bic: str, holder: str) -> BankDetails:
    """A new version, unverified until the CPAM checks it (the previous versions are kept)."""
    details = BankDetails(
        community=community,
        iban=compact(iban),
        bic=compact(bic),
        holder=holder.strip(),
        entered_by=actor.user if actor.user is not None and actor.user.pk else None,
        entered_by_name=actor.name,
    )
    actor.require(details.can_enter, NOT_CPTS)
    details.full_clean()
    with transaction.atomic(), audited(actor, "saisir les coordonnées bancaires") as change:
        details.save()
        change.instance = details
    return details


def verify_details(actor: Actor, details: BankDetails, against: str) -> BankDetails:
    """The CPAM records who checked the current version, when, against which document."""
    actor.require(details.can_verify, NOT_CPAM)
    refuse_if(not against.strip(), "Indiquez la pièce contre laquelle les coordonnées ont été vérifiées.")
    refuse_if(details.verified, "Ces coordonnées sont déjà vérifiées.")
    latest = current(details.community)
    refuse_if(latest is None or latest.pk != details.pk, "Seule la dernière version des coordonnées se vérifie.")
    with transaction.atomic(), audited(actor, "vérifier les coordonnées bancaires", details):
        details.verified_at = timezone.now()
        details.verified_by = actor.user if actor.user is not None and actor.user.pk else None
        details.verified_by_name = actor.name
        details.verified_against = against.strip()
        details.save()
    return details


def verify_current(actor: Actor, community: Community, against: str) -> BankDetails:
    """Verify the version the next payment uses (the page and the API): its CPAM only, refused if there is none."""
    latest = current(community)
    actor.require((latest or BankDetails(community=community)).can_verify, NOT_CPAM)
    refuse_if(latest is None, NOTHING_TO_VERIFY)
    assert latest is not None
    return verify_details(actor, latest, against)
