"""Bank details of a CPTS, one row per version: a change is a new row, never an update (docs/bank-details.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.db import models

from cpts.banking.iban import grouped, masked, validate_bic, validate_iban
from cpts.communities.models import Community
from cpts.communities.permissions import CommunityPermissions, CommunityScopedQuerySet, is_cpam_of, is_itself
from cpts.core.models import Organisation


class BankDetails(CommunityPermissions, models.Model):
    """The IBAN and BIC entered by the CPTS, and their verification by its CPAM (who, when, against what)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="bank_details")
    iban = models.CharField("IBAN", max_length=34, validators=[validate_iban])
    bic = models.CharField("BIC", max_length=11, validators=[validate_bic])
    holder = models.CharField("titulaire du compte", max_length=200)
    entered_at = models.DateTimeField("saisi le", auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by_name = models.CharField("saisi par", max_length=200)
    verified_at = models.DateTimeField("vérifié le", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_by_name = models.CharField("vérifié par", max_length=200, blank=True)
    verified_against = models.CharField(
        "pièce justificative", max_length=200, blank=True, help_text="p. ex. RIB original daté, attestation bancaire"
    )

    objects = CommunityScopedQuerySet.as_manager()
    audit_scope = property(lambda self: self.community)  # its events belong to the CPTS history
    # The trail (cpts.core.audit) keeps the IBAN masked: the full one is in this row, shown to the CPTS and its
    # CPAM only (`shown_to`); an audit event is read by whoever reads the journal.
    audit_masked: ClassVar[dict[str, Callable[[str], str]]] = {"iban": masked}

    class Meta:
        verbose_name = "coordonnées bancaires"
        verbose_name_plural = "coordonnées bancaires"
        ordering = ["community", "-entered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.community} : {masked(self.iban)}"

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    def shown_to(self, organisation: Organisation | None) -> str:
        """The full IBAN for the CPTS itself and its CPAM; masked for everyone else (docs/bank-details.md)."""
        if self.can_see_in_full(organisation):
            return grouped(self.iban)
        return masked(self.iban)

    def can_see_in_full(self, organisation: Organisation | None) -> bool:
        return is_itself(organisation, self.community) or is_cpam_of(organisation, self.community)

    def can_enter(self, organisation: Organisation | None) -> bool:
        """The CPTS gives its own bank details."""
        return is_itself(organisation, self.community)

    def can_verify(self, organisation: Organisation | None) -> bool:
        """Its CPAM, which pays (002 annexe 1, art. 6), checks them against a document."""
        return is_cpam_of(organisation, self.community)
