"""Dated rules of the CPTS lifecycle before the contract, each with its source.

The shape is that of `cpts.accord.parameters` (dated periods with a source),
kept here because these are rules of the public-health code, not of the ACI.
"""

from __future__ import annotations

import datetime as dt

from cpts.accord.calendar import add_months
from cpts.accord.parameters import Parameter, Period


def _parameter(name: str, label: str, value: int, source: str) -> Parameter[int]:
    period = Period(start=dt.date(2016, 1, 26), end=None, value=value, source=source)
    return Parameter(name=name, label=label, periods=(period,), starts=(period.start,))


# In force since the loi n° 2016-41 of 26 January 2016 created art. L. 1434-12 CSP.
HEALTH_PROJECT_SILENCE_MONTHS = _parameter(
    "health_project_silence_months",
    "Délai au terme duquel le projet de santé est réputé validé faute d'opposition de l'ARS (mois)",
    2,
    "art. L. 1434-12 du code de la santé publique : le projet de santé est réputé validé deux mois après sa "
    "transmission, sauf opposition de l'ARS (docs/interpretations.md) ; le délai n'est pas imprimé dans 000-004, "
    "qui connaissent la validation "
    "tacite : 002 annexe 2, art. 2.2 « le projet de santé ne serait pas réputé validé par l'ARS » ; 003 "
    "« Gouvernance » : « un projet de santé que l'ARS doit valider »",
)


def deemed_validated_on(submitted_on: dt.date) -> dt.date:
    """The date a health project submitted on `submitted_on` is deemed validated if the ARS is silent."""
    return add_months(submitted_on, HEALTH_PROJECT_SILENCE_MONTHS.at(submitted_on))
