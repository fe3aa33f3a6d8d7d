"""Termination of the ACI contract (002 annexe 1, art. 8): when it takes effect, what is due.

Rule TERMINATION_PRORATA of docs/interpretations.md. The amounts themselves
are settled by `cpts.accord.recurring` on the effective date; this module says
when that is and which kind a negative difference takes.
"""

from __future__ import annotations

import datetime as dt

from cpts.accord.calendar import add_months
from cpts.accord.contract import Termination
from cpts.accord.parameters import rule

TERMINATION_SOURCE = "002 annexe 1, art. 8.1, 8.2 et 8.3"


def effective_on(termination: Termination | None) -> dt.date | None:
    """Rule TERMINATION_PRORATA: the day a termination takes effect, or None if there is none yet.

    Notice by the CPTS (art. 8.1) or by the CPAM/ARS (art. 8.2) takes effect two
    months after it is received. A CPAM/ARS termination referred to the local
    joint commission is suspended ("Cette saisine suspend l'effet de la décision
    de résiliation") until the date the commission decides, given as
    `effective_on`; without that date the contract runs on.
    """
    if termination is None:
        return None
    if termination.effective_on is not None:
        return termination.effective_on
    if termination.by != "cpts" and termination.referred_to_commission:
        return None
    months: int = rule("termination_notice_months", termination.notified_on)
    return add_months(termination.notified_on, months)


def reimbursement_due_on(effective: dt.date) -> dt.date:
    """Art. 8.3: a reimbursement is due "dans un délai de deux mois à compter de la date effective"."""
    months: int = rule("termination_reimbursement_months", effective)
    return add_months(effective, months)
