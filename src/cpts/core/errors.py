"""The two refusals of the services, both with a French message for the user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class TransitionRefused(ValueError):
    """A lifecycle move the texts do not allow (a contract before a validated health project, ...)."""


class NotAllowed(PermissionDenied):
    """The organisation the user acts for may not do this (docs/permissions.md)."""
