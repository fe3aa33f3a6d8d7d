"""The one error type of the rules engine: its message is French and names the faulty input."""


class AccordError(ValueError):
    """Input the agreement cannot apply to (unknown size, date before the 2019 agreement, ...)."""
