"""Explanations: every amount carries the inputs, the table cell, the clause and the arithmetic.

An explanation is a tree of (label, amount, rule, source), as in Publicodes
(ARCHITECTURE.md, "Lessons from the anchors"). It renders as French text for
people and as JSON for machines; both renderings come from this one structure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.frozen import builder
from cpts.accord.money import as_text, french


@dataclass(frozen=True, slots=True)
class Cell:
    """The table cell an amount was read from."""

    parameter: str
    size: int | None
    effective_from: dt.date
    value: Decimal


@dataclass(frozen=True, slots=True)
class Step:
    """One arithmetic step: what it does, the formula with its figures, the result."""

    label: str
    formula: str
    result: Decimal


@dataclass(frozen=True, slots=True)
class Explanation:
    label: str
    amount: Decimal
    rule: str
    source: str
    inputs: tuple[tuple[str, str], ...] = ()
    cell: Cell | None = None
    steps: tuple[Step, ...] = ()
    children: tuple[Explanation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "label": self.label,
            "amount": as_text(self.amount),
            "rule": self.rule,
            "source": self.source,
            "inputs": dict(self.inputs),
        }
        if self.cell is not None:
            document["cell"] = {
                "parameter": self.cell.parameter,
                "size": self.cell.size,
                "effective_from": self.cell.effective_from.isoformat(),
                "value": as_text(self.cell.value),
            }
        document["steps"] = [
            {"label": step.label, "formula": step.formula, "result": as_text(step.result)} for step in self.steps
        ]
        if self.children:
            document["children"] = [child.to_dict() for child in self.children]
        return document

    def to_text(self, indent: str = "") -> str:
        """The explanation in French, one fact a line, children indented."""
        lines = [f"{indent}{self.label} : {french(self.amount)}"]
        inner = indent + "  "
        lines.append(f"{inner}Règle : {self.rule} — source : {self.source}")
        if self.inputs:
            lines.append(f"{inner}Données : " + " ; ".join(f"{k} = {v}" for k, v in self.inputs))
        if self.cell is not None:
            size = f", taille {self.cell.size}" if self.cell.size is not None else ""
            lines.append(
                f"{inner}Barème : {self.cell.parameter}{size}, en vigueur depuis le "
                f"{self.cell.effective_from:%d/%m/%Y} : {french(self.cell.value)}"
            )
        for step in self.steps:
            lines.append(f"{inner}{step.label} : {step.formula} = {french(step.result)}")
        lines.extend(child.to_text(inner) for child in self.children)
        return "\n".join(lines)


# `Explanation(...)` and `Step(...)`, faster (see `cpts.accord.frozen`): a fully explained schedule builds hundreds.
make_explanation = builder(Explanation)
make_step = builder(Step)
