"""Errors of the territory builder: French messages naming the faulty code(s)."""

from __future__ import annotations

from collections.abc import Sequence

from cpts.accord.errors import AccordError


class UnknownCode(AccordError):
    """Codes absent from the loaded vintage: nothing is computed from a list holding one."""

    def __init__(self, codes: Sequence[str], vintage: str, hints: Sequence[str] = ()) -> None:
        self.codes = tuple(codes)
        noun = "code inconnu" if len(self.codes) == 1 else "codes inconnus"
        message = f"{noun} (millésime {vintage}) : {', '.join(self.codes)}"
        if hints:
            message += " ; " + " ; ".join(hints)
        super().__init__(message)


class EmptyTerritory(AccordError):
    """A territory built from no code at all."""


class UnknownVintage(AccordError):
    """A vintage that is neither shipped nor a readable data file."""
