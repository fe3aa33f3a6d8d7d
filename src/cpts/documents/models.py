"""Signed originals: the scanned contract, amendment or review decision, kept beside the generated version.

Stored outside the web root (`cpts.reviews.files`, folder `originals`) under a random name with its SHA-256.
A row is written once: an original is immutable once signed; a new scan is a new version (docs/documents.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cpts.contracts.models import Contract, ContractPart

IMMUTABLE = "Un original signé ne se modifie ni ne se supprime : déposez une nouvelle version."


class OriginalImmutable(ValueError):
    """An attempt to change or delete a signed original (French message)."""


class SignedOriginal(ContractPart):
    class Subject(models.TextChoices):
        CONTRACT = "contract", "contrat"
        AMENDMENT = "amendment", "avenant"
        DECISION = "decision", "décision de revue annuelle"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="signed_originals")
    subject = models.CharField("document", max_length=10, choices=Subject.choices)
    subject_id = models.PositiveBigIntegerField("identifiant du document")  # the contract, amendment or review
    version = models.PositiveSmallIntegerField("version")
    original_name = models.CharField("nom du fichier", max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_by_name = models.CharField("déposé par", max_length=200)

    class Meta:
        verbose_name = "original signé"
        verbose_name_plural = "originaux signés"
        ordering = ["contract", "subject", "subject_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "subject_id", "version"], name="one_original_per_version"),
            models.CheckConstraint(name="original_version_from_1", condition=Q(version__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} n° {self.subject_id}, original signé v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise OriginalImmutable(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise OriginalImmutable(IMMUTABLE)
