"""Fixtures of the crisis tests (defined in crisis_sites.py, which the tests import for their types)."""

from .crisis_sites import lyon, organisations, plateau, vallee

__all__ = ["lyon", "organisations", "plateau", "vallee"]
