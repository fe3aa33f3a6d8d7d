"""Finding or creating the public organisations and users (demo data, tests, admin scripts), and naming an
organisation's representative, printed on the documents (docs/documents.md, « Représentants »).

Every finding or creating function is idempotent: calling it again returns what exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.models import Membership, Organisation
from cpts.core.services import checked_save
from cpts.geo import load

Kind = Organisation.Kind


def cpam_for(department: str) -> Organisation:
    name = f"CPAM {load().department_name(department)} ({department})"
    organisation, _ = Organisation.objects.get_or_create(kind=Kind.CPAM, department=department, defaults={"name": name})
    return organisation


def ars_for(region: str) -> Organisation:
    name = f"ARS {load().region_name(region)}"
    organisation, _ = Organisation.objects.get_or_create(kind=Kind.ARS, region=region, defaults={"name": name})
    return organisation


def cnam() -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        kind=Kind.CNAM, defaults={"name": "Caisse nationale de l'Assurance maladie"}
    )
    return organisation


def ensure_user(
    username: str, password: str, organisation: Organisation, *, is_admin: bool = False, **names: str
) -> Any:
    """A user with this password (checked against AUTH_PASSWORD_VALIDATORS) and a membership."""
    user, created = get_user_model().objects.get_or_create(username=username, defaults=names)
    if created or not user.check_password(password):
        validate_password(password, user)
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"is_admin": is_admin})
    return user


NOT_ITSELF = "Une organisation ne désigne que son propre représentant."


def name_representative(actor: Actor, organisation: Organisation, representative: str, title: str) -> Organisation:
    """Who represents the organisation on the documents (« représenté(e) par … »); audited."""
    actor.require(organisation.can_name_representative, NOT_ITSELF)
    with audited(actor, "désigner le représentant", organisation):
        organisation.representative = " ".join(representative.split())
        organisation.representative_title = " ".join(title.split())
        checked_save(organisation)
    return organisation
