"""The switchable readings of the schedule (docs/interpretations.md): where the texts allow another reading.

Each option names the rule of docs/interpretations.md it switches; the
defaults are the readings of the issue and of WORKED-EXAMPLE.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cpts.accord.calendar import LeapAnniversary

TermsAt = Literal["settlement", "year_start"]
NextAdvanceDue = Literal["with_settlement", "on_anniversary"]


@dataclass(frozen=True, slots=True)
class Readings:
    # CONTRACT_YEARS: an anniversary of 29 February falls on 28 February ("feb28") or 1 March ("mar1").
    leap_anniversary: LeapAnniversary = "feb28"
    # TERMS_AT_SETTLEMENT: the amounts of a year are those in force when it is settled ("settlement",
    # 002 §2.3 and §5.1) or when it starts ("year_start").
    terms_at: TermsAt = "settlement"
    # FIXED_ADVANCE_AND_BALANCE: the advance of year N+1 is due with the settlement of year N, at the
    # latest two months after the anniversary ("with_settlement", 002 annexe 1 art. 6.2), or on the
    # anniversary itself ("on_anniversary", art. 6.1 "au début de chaque année").
    next_advance_due: NextAdvanceDue = "with_settlement"
    # CRISIS_PAYMENTS: the occurrence amount needs the plan drafted on or before the day the ARS declares
    # the crisis (True, 002 §1.3 "le deuxième volet ne peut pas être financé sans la rédaction du plan").
    crisis_needs_plan_first: bool = True
    # MEMBERS_LIST_YEARLY: a contract year whose list of members (the « justificatif » of the hundred members,
    # 002 §5.1) is not received by its closing anniversary has the size-4 bonus of its settlement suspended until
    # the list arrives (True); False: the missing list is shown and suspends nothing.
    members_list_suspends_bonus: bool = True


DEFAULT_READINGS = Readings()
