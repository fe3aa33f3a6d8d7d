"""An explanation whose figures are rates (0..1), not euros.

`Explanation` renders its amount and step results as euros; attainment rates
(002 annexe 1, art. 4.2.2) read as percentages instead. This subclass keeps the
same tree, fields and JSON keys, so a rate explanation nests inside an amount
explanation and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.explain import Explanation
from cpts.accord.money import percent

RATE_PLACES = Decimal("0.0001")  # rule ATTAINMENT_ROUNDED_TO_BASIS_POINT


def rate_text(rate: Decimal) -> str:
    """A rate as French readers write it, to the hundredth of a percent: 0.83333 -> 83,33 %."""
    return percent(rate.quantize(RATE_PLACES))


@dataclass(frozen=True, slots=True)
class RateExplanation(Explanation):
    """`amount` and step results are fractions between 0 and 1.

    A non-empty `placeholder` ("non calculable", "suivi seulement") is shown, and
    JSON carries a null amount, where there is no rate.
    """

    placeholder: str = ""

    def shown(self) -> str:
        return self.placeholder or rate_text(self.amount)

    def to_dict(self) -> dict[str, Any]:
        document = Explanation.to_dict(self)  # zero-argument super() fails in slotted dataclasses
        document["unit"] = "rate"
        document["amount"] = None if self.placeholder else str(self.amount.quantize(RATE_PLACES))
        document["steps"] = [
            {"label": step.label, "formula": step.formula, "result": str(step.result.quantize(RATE_PLACES))}
            for step in self.steps
        ]
        return document

    def to_text(self, indent: str = "") -> str:
        """Same layout as `Explanation.to_text`, with percentages in place of euros."""
        inner = indent + "  "
        lines = [f"{indent}{self.label} : {self.shown()}", f"{inner}Règle : {self.rule} — source : {self.source}"]
        if self.inputs:
            lines.append(f"{inner}Données : " + " ; ".join(f"{k} = {v}" for k, v in self.inputs))
        lines.extend(f"{inner}{step.label} : {step.formula} = {rate_text(step.result)}" for step in self.steps)
        lines.extend(child.to_text(inner) for child in self.children)
        return "\n".join(lines)
