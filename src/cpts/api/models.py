"""API tokens: a machine acts for one user within one organisation.

Only a SHA-256 digest of the token is stored; the clear token is shown once,
when it is created (`ApiToken.issue`). Requests carry it as
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from cpts.core.models import Organisation


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("nom", max_length=100)
    key_digest = models.CharField("empreinte", max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernier usage", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user: object, organisation: Organisation, name: str) -> tuple[ApiToken, str]:
        """A new token for a member of `organisation`; returns the row and the clear token (shown once)."""
        if not organisation.memberships.filter(user=user).exists():
            raise ValueError("Cet utilisateur n'appartient pas à cette organisation.")
        clear = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, organisation=organisation, name=name, key_digest=digest(clear))
        return token, clear
