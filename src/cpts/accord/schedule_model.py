"""The lines of a payment schedule (docs/interfaces: ContractYear, Payment, Pending, Deadline).

Kept apart from `cpts.accord.schedule` so that the modules computing each kind
of payment can build them without importing the whole engine; the public names
are re-exported by `cpts.accord.schedule`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cpts.accord.envelopes import MISSIONS
from cpts.accord.explain import Explanation
from cpts.accord.frozen import builder
from cpts.accord.money import as_text

# Orders for sorting and totals: missions as in the tables, the early-mission contract, a termination's net line.
MISSION_ORDER = {mission: index for index, mission in enumerate((*MISSIONS, "early_mission", "termination"))}
PART_ORDER = {
    part: index
    for index, part in enumerate(
        (
            "operating",
            "operating_bonus",
            "fixed",
            "variable",
            "snp_compensation",
            "snp_orientation",
            "crisis_occurrence",
            "crisis_occurrence_2021",
            "early_mission",
            "net_settlement",
        )
    )
}
KIND_ORDER = {
    kind: index
    for index, kind in enumerate(("payment", "balance", "advance", "reimbursement", "top_up", "size4_bonus"))
}
KINDS = tuple(KIND_ORDER)
# The French name of each kind, for tables and pages.
KIND_LABELS = {
    "payment": "versement",
    "advance": "avance",
    "balance": "solde",
    "reimbursement": "remboursement",
    "top_up": "complément",
    "size4_bonus": "majoration",
}

# How to build an explanation: a pure function and its arguments (hashable values, compared by value).
Recipe = tuple[Callable[..., Explanation], tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class ContractYear:
    """Contract year `number`: from `start` (inclusive) to `end` (exclusive, the next anniversary)."""

    number: int
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def contains(self, on: dt.date) -> bool:
        return self.start <= on < self.end


make_contract_year = builder(ContractYear)


@dataclass(frozen=True, slots=True)
class Payment:
    """One line of the schedule; `explanation` is built from `recipe` on first access, then kept.

    Building an explanation tree (labels, formatted figures, dates) costs several
    times more than computing the payment, and most readers (payment runs,
    totals, tables) never look at it: the engine records how to build it instead.
    Equal recipes give equal explanations, so payments compare by their recipe.
    """

    due_on: dt.date
    contract_year: int  # 0 for the early-mission contract
    mission: str
    part: str
    kind: str  # "payment" | "advance" | "balance" | "reimbursement" | "top_up" | "size4_bonus"
    amount: Decimal  # negative for a reimbursement
    recipe: Recipe = field(repr=False)
    # The first day the line may be paid (None: its due date); `due_on` is the last. 002 annexe 1, art. 6: an
    # advance from the anniversary or the mission's start, a balance "au plus tard, dans les deux mois suivant
    # la date anniversaire", so from the anniversary, and a variable part once its attainment is validated.
    payable_from: dt.date | None = None
    _explanation: Explanation | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def explanation(self) -> Explanation:
        explanation = self._explanation
        if explanation is None:
            build, arguments = self.recipe
            explanation = build(*arguments)
            # A cache, not a change of value: two threads racing here store equal trees.
            object.__setattr__(self, "_explanation", explanation)
        return explanation

    @property
    def payable_on(self) -> dt.date:
        """The first day the line may be ordered and paid."""
        return self.due_on if self.payable_from is None else self.payable_from

    @property
    def key(self) -> tuple[int, str, str, str]:
        """Unique within a schedule."""
        return (self.contract_year, self.mission, self.part, self.kind)

    def sort_key(self) -> tuple[dt.date, int, int, int, int]:
        return (
            self.due_on,
            self.contract_year,
            MISSION_ORDER[self.mission],
            PART_ORDER[self.part],
            KIND_ORDER[self.kind],
        )

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        document: dict[str, Any] = {
            "due_on": self.due_on.isoformat(),
            "contract_year": self.contract_year,
            "mission": self.mission,
            "part": self.part,
            "kind": self.kind,
            "amount": as_text(self.amount),
        }
        if explain:
            document["explanation"] = self.explanation.to_dict()
        return document


# `Payment(...)`, faster (see `cpts.accord.frozen`): the engine builds some sixty per contract.
make_payment = builder(Payment)


@dataclass(frozen=True, slots=True)
class Pending:
    """A variable part waiting for its validated annual review: its amount is unknown, not zero."""

    contract_year: int
    mission: str
    part: str
    settles_on: dt.date
    maximum: Decimal
    reason: str  # French

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract_year": self.contract_year,
            "mission": self.mission,
            "part": self.part,
            "settles_on": self.settles_on.isoformat(),
            "maximum": as_text(self.maximum),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline of the deployment calendar (002 annexe 1, art. 3)."""

    mission: str
    kind: str  # "start" | "deployment"
    due_on: dt.date | None
    done_on: dt.date | None
    status: str  # "met" | "due_soon" | "missed" | "open" | "free" | "not_applicable"
    reason: str = ""  # French; why a deadline is "not_applicable" (sans objet)

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "mission": self.mission,
            "kind": self.kind,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "status": self.status,
        }
        if self.reason:
            document["reason"] = self.reason
        return document


make_deadline = builder(Deadline)
