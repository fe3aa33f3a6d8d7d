"""Who sees and does what on a CPTS and its objects (the table is docs/permissions.md).

Visibility (docs/permissions.md): a CPAM sees the CPTS of its department, an
ARS those of its region, the CNAM all of them (read-only), a CPTS itself.
Every object that belongs to a CPTS exposes `community`; its queryset filters
through `community_path`. Objects outside a user's scope must be fetched with
`visible_to(...)` so that they answer 404, not 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from cpts.core.models import Organisation
from cpts.core.regions import region_of

if TYPE_CHECKING:
    from cpts.communities.models import Community

Kind = Organisation.Kind


def visibility(organisation: Organisation | None, community_path: str) -> Q:
    """The filter of the CPTS (reached through `community_path`) an organisation may see."""
    prefix = f"{community_path}__" if community_path else ""
    if organisation is None:
        return Q(pk__in=[])
    if organisation.kind == Kind.CNAM:
        return Q()
    if organisation.kind == Kind.CPAM:
        return Q(**{f"{prefix}department": organisation.department})
    if organisation.kind == Kind.ARS:
        return Q(**{f"{prefix}region": organisation.region})
    return Q(**{f"{prefix}organisation": organisation})


class VisibleQuerySet(models.QuerySet[Any]):
    community_path = "community"

    def visible_to(self, organisation: Organisation | None) -> VisibleQuerySet:
        return self.filter(visibility(organisation, self.community_path))


class CommunityQuerySet(VisibleQuerySet):
    community_path = ""


class CommunityScopedQuerySet(VisibleQuerySet):
    community_path = "community"


def is_cpam_of(organisation: Organisation | None, community: Community) -> bool:
    return (
        organisation is not None and organisation.kind == Kind.CPAM and organisation.department == community.department
    )


def is_ars_of(organisation: Organisation | None, community: Community) -> bool:
    return organisation is not None and organisation.kind == Kind.ARS and organisation.region == community.region


def is_itself(organisation: Organisation | None, community: Community) -> bool:
    return organisation is not None and organisation.pk == community.organisation_id


def can_create_community(organisation: Organisation | None, department: str) -> bool:
    """A CPAM or ARS agent registers a CPTS project of its territory (000, "Mode d'emploi")."""
    if organisation is None:
        return False
    if organisation.kind == Kind.CPAM:
        return organisation.department == department
    return organisation.kind == Kind.ARS and organisation.region == region_of(department)


class CommunityPermissions:
    """Object-level checks shared by a CPTS and everything that belongs to it."""

    community: Community

    def can_view(self, organisation: Organisation | None) -> bool:
        community = self.community
        if organisation is None:
            return False
        return (
            organisation.kind == Kind.CNAM
            or is_cpam_of(organisation, community)
            or is_ars_of(organisation, community)
            or is_itself(organisation, community)
        )

    def can_edit(self, organisation: Organisation | None) -> bool:
        """Identity and territory of the CPTS: the CPTS itself, its CPAM and its ARS (not the CNAM)."""
        community = self.community
        return (
            is_itself(organisation, community)
            or is_cpam_of(organisation, community)
            or is_ars_of(organisation, community)
        )

    def can_submit(self, organisation: Organisation | None) -> bool:
        """Submitting the letter of intent or the health project: the CPTS, or its ARS recording a paper filing."""
        return is_itself(organisation, self.community) or is_ars_of(organisation, self.community)

    def can_validate_letter(self, organisation: Organisation | None) -> bool:
        """The ARS validates the letter of intent (003 "Gouvernance"; 002 annexe 2 art. 1.2)."""
        return is_ars_of(organisation, self.community)

    def can_validate_health_project(self, organisation: Organisation | None) -> bool:
        """The ARS validates (or objects to) the health project (003 "Gouvernance")."""
        return is_ars_of(organisation, self.community)

    def can_declare_members(self, organisation: Organisation | None) -> bool:
        """The CPTS sends its member list (002 §5.1: « l'association CPTS transmettra … la liste »)."""
        return is_itself(organisation, self.community)

    def can_sign_early_contract(self, organisation: Organisation | None) -> bool:
        """Annexe 2 binds the project holders and the Assurance maladie (002 annexe 2, art. 2)."""
        return is_itself(organisation, self.community) or is_cpam_of(organisation, self.community)
