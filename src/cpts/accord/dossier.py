"""The contract's dossier: the yearly update of the pieces of 002 annexe 1, art. 1 (rule DOSSIER_YEARLY_UPDATE).

« La communauté professionnelle doit informer l'organisme local d'Assurance maladie, une fois par an,
des modifications intervenues sur ces éléments » (002 annexe 1, art. 1). The completeness of the
dossier, which the year-1 operating payment waits for (art. 6.1), is read by `cpts.accord.recurring`
(rule OPERATING_PAYMENTS); here, one update is expected in each contract year after the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cpts.accord.contract import Dossier
from cpts.accord.readings import DEFAULT_READINGS, Readings
from cpts.accord.years import contract_years

STATUS_LABELS = {
    "received": "reçue",
    "due": "à transmettre dans l'année",
    "missing": "manquante",
    "upcoming": "à venir",
}


@dataclass(frozen=True, slots=True)
class DossierUpdate:
    """The update expected in one contract year: received on a date, due, missing once the year closed, or upcoming."""

    contract_year: int
    start: dt.date
    end: dt.date  # exclusive: the next anniversary
    received_on: dt.date | None
    status: str  # a key of STATUS_LABELS

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract_year": self.contract_year,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "status": self.status,
        }


def yearly_updates(
    signed_on: dt.date, dossier: Dossier | None, today: dt.date, readings: Readings = DEFAULT_READINGS
) -> tuple[DossierUpdate, ...]:
    """Rule DOSSIER_YEARLY_UPDATE: from contract year 2 (year 1 has the dossier itself), one update per year;
    none expected while the dossier is not followed (None) or not yet complete."""
    if dossier is None or dossier.complete_on is None:
        return ()
    found = []
    for year in contract_years(signed_on, readings)[1:]:
        received = next((on for on in dossier.updates if year.start <= on < year.end), None)
        if received is not None:
            status = "received"
        elif today >= year.end:
            status = "missing"
        else:
            status = "due" if today >= year.start else "upcoming"
        found.append(DossierUpdate(year.number, year.start, year.end, received, status))
    return tuple(found)
