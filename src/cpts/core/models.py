"""Organisations, memberships and the audit trail shared by every app.

Users are Django's own `auth.User`; what a user may do depends on the
organisation they act for (docs/permissions.md): a CPAM (its department),
an ARS (its region), the CNAM (national, read-only) or a CPTS (itself).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cpts.core.regions import validate_department, validate_region


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CPAM = "cpam", "CPAM"
        ARS = "ars", "ARS"
        CNAM = "cnam", "CNAM"
        CPTS = "cpts", "CPTS"

    kind = models.CharField("type", max_length=4, choices=Kind.choices)
    name = models.CharField("nom", max_length=200)
    department = models.CharField(
        "département", max_length=3, blank=True, validators=[validate_department], help_text="CPAM seulement"
    )
    region = models.CharField(
        "région", max_length=3, blank=True, validators=[validate_region], help_text="ARS seulement"
    )
    # Who represents it on the documents of the agreement (002 annexe 1, « Il est conclu entre … représenté(e)
    # par … »; 002 annexe 2, « Nom et prénom du/des représentant(s) »), entered by the organisation itself.
    representative = models.CharField(
        "représentant(s)", max_length=200, blank=True, help_text="nom et prénom, p. ex. « Mme Claire Martin »"
    )
    representative_title = models.CharField(
        "qualité du représentant", max_length=200, blank=True, help_text="p. ex. directrice, président"
    )

    class Meta:
        verbose_name = "organisation"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="cpam_has_department",
                condition=~Q(kind="cpam") | ~Q(department=""),
                violation_error_message="Une CPAM doit avoir un département.",
            ),
            models.CheckConstraint(
                name="ars_has_region",
                condition=~Q(kind="ars") | ~Q(region=""),
                violation_error_message="Une ARS doit avoir une région.",
            ),
            # One CPAM per department and one ARS per region: the agent of the
            # territory is unambiguous.
            models.UniqueConstraint(fields=["department"], condition=Q(kind="cpam"), name="one_cpam_per_department"),
            models.UniqueConstraint(fields=["region"], condition=Q(kind="ars"), name="one_ars_per_region"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cnam(self) -> bool:
        return self.kind == self.Kind.CNAM

    @property
    def represented_by(self) -> str:
        """« Mme Claire Martin, directrice », or "" when nobody is named yet (a blank line on the documents)."""
        return ", ".join(part for part in (self.representative, self.representative_title) if part)

    def can_name_representative(self, organisation: Organisation | None) -> bool:
        """An organisation names its own representative (docs/documents.md, « Représentants »)."""
        return organisation is not None and organisation.pk == self.pk


class Membership(models.Model):
    """A user belongs to an organisation; `is_admin` lets them manage its members."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField("administrateur", default=False)

    class Meta:
        verbose_name = "appartenance"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_pair")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


AUDIT_APPEND_ONLY = "Un événement du journal ne se modifie ni ne se supprime."


class AuditImmutable(ValueError):
    """An attempt to update or delete an audit event (French message)."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditImmutable(AUDIT_APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutable(AUDIT_APPEND_ONLY)


class AuditEvent(models.Model):
    """One recorded change: who, when, on what, before and after (docs/ledger.md).

    The author is kept as text as well as a nullable link, so the trail
    survives the deletion of the user or organisation. Events are written once:
    `save` refuses updates, `delete` refuses, and database triggers (migration 0002)
    refuse UPDATE and DELETE; the application's database role may not TRUNCATE
    (cpts.core.dbroles, docs/security.md).
    """

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("auteur", max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    object_type = models.CharField("type d'objet", max_length=100)  # "app_label.model"
    object_id = models.CharField("identifiant", max_length=64)
    action = models.CharField("action", max_length=100)
    # The object whose history this event belongs to ("contracts.contract:12" for a
    # mission of contract 12), so a contract's history tab is one indexed query.
    scope = models.CharField("portée", max_length=120, blank=True, db_index=True)
    before = models.JSONField("avant", null=True, blank=True)
    after = models.JSONField("après", null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "événement du journal"
        verbose_name_plural = "journal"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} : {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutable(AUDIT_APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutable(AUDIT_APPEND_ONLY)
