"""The web tests reuse the application world of tests/app (two CPTS, one user per role)."""

from app.conftest import PASSWORD, ROLES, World, client_for, world  # noqa: F401
