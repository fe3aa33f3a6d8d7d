"""Dates that make sense: the one set of rules every input goes through (docs/input-limits.md, « Dates »).

Forms, the API, the services and the contract files read by `cpts schedule` call these
functions; each refusal is a `DateRefused` whose French message names the field.

- A fact already done (a signature, a start, a payment, a declared crisis, an attainment,
  a notification...) is not after today.
- No date of the CPTS lifecycle is before 26 January 2016: the law created the CPTS that
  day (loi n° 2016-41 du 26 janvier 2016 de modernisation de notre système de santé,
  art. 65 ; 003 « Base légale », `003_e6f61e23480b20b0.txt`). A health project may predate
  the 2019 agreement (002 annexe 1 art. 1, `002_ac6a9460cb58350f.txt` : « La validation de
  ce projet de santé peut intervenir antérieurement ... à l'entrée en vigueur »), not the law.
- An event of a contract lies between its signature and six months after its effective
  end: refunds and the last balances fall after the end (balances « au plus tard deux mois »
  after the anniversary, 002 annexe 1 art. 6 ; refunds after a termination, art. 8.3).
  Six months is the application's margin around those two-month deadlines.
- A planned date lies within the contract's five years (002 annexe 1 art. 7).
"""

from __future__ import annotations

import datetime as dt

from cpts.accord.calendar import add_months
from cpts.accord.errors import AccordError

CPTS_LAW = dt.date(2016, 1, 26)
CONTRACT_YEARS = 5
AFTER_END_MONTHS = 6
# The furthest a contract event can fall from today: signed today at the latest, then its
# five years and six months. A bound a form or a schema can check without the contract.
LATEST_EVENT_MONTHS = CONTRACT_YEARS * 12 + AFTER_END_MONTHS


class DateRefused(AccordError):
    """A date outside the range its kind allows; `field` is the French name of the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} : {message}")
        self.field = field
        self.reason = message


def _day(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"




def since_law(field: str, value: dt.date) -> dt.date:
    if value < CPTS_LAW:
        raise DateRefused(
            field,
            f"le {_day(value)} précède la création des CPTS par la loi du 26 janvier 2016 (loi n° 2016-41, art. 65)",
        )
    return value


def done(field: str, value: dt.date, today: dt.date) -> dt.date:
    """A fact already done: between the law of 26 January 2016 and today."""
    if value > today:
        raise DateRefused(
            field,
            f"le {_day(value)} est dans le futur : un fait accompli est daté au plus tard "
            f"d'aujourd'hui ({_day(today)})",
        )
    return since_law(field, value)


def contract_end(signed_on: dt.date, terminated_on: dt.date | None = None) -> dt.date:
    """The effective end: the five years' end, or an earlier effective termination (002 annexe 1 art. 7 and 8)."""
    five_years = add_months(signed_on, CONTRACT_YEARS * 12)
    return min(five_years, terminated_on) if terminated_on is not None else five_years


def within_contract(field: str, value: dt.date, signed_on: dt.date, ends_on: dt.date) -> dt.date:
    """A contract event: between the signature and six months after the effective end."""
    if value < signed_on:
        raise DateRefused(field, f"le {_day(value)} précède la signature du contrat ({_day(signed_on)})")
    latest = add_months(ends_on, AFTER_END_MONTHS)
    if value > latest:
        raise DateRefused(
            field,
            f"le {_day(value)} est plus de {AFTER_END_MONTHS} mois après la fin du contrat ({_day(ends_on)}) : "
            f"au plus tard le {_day(latest)}",
        )
    return value


def planned(field: str, value: dt.date, signed_on: dt.date) -> dt.date:
    """A planned date: within the contract's five years."""
    end = contract_end(signed_on)
    if not signed_on <= value < end:
        raise DateRefused(
            field, f"le {_day(value)} est hors des cinq ans du contrat (du {_day(signed_on)} au {_day(end)} exclu)"
        )
    return value


def plausible(field: str, value: dt.date, today: dt.date) -> dt.date:
    """What a form or schema can check of a contract event or a planned date without the contract."""
    latest = add_months(today, LATEST_EVENT_MONTHS)
    if value > latest:
        raise DateRefused(
            field,
            f"le {_day(value)} est trop loin : une date de contrat tombe au plus tard {CONTRACT_YEARS} ans et "
            f"{AFTER_END_MONTHS} mois après une signature (au plus tard le {_day(latest)})",
        )
    return since_law(field, value)
