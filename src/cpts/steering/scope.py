"""What a steering figure covers: the caller's territory (as every list: `visible_to`) and the filters.

The CNAM sees the whole country, an ARS its region, a CPAM its department
(docs/permissions.md); a region or department filter narrows that scope, never
widens it. A CPTS counts in the department of its CPAM, which is the CPTS's
department (`Community.department`), even when its territory spans two.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cpts.communities.models import Community
from cpts.contracts.models import Contract
from cpts.core.models import Organisation
from cpts.geo import GeoData, load

BASES = ("calendar", "contract")  # money by calendar year (of the due date) or by contract year


@functools.cache
def geo() -> GeoData:
    """The newest shipped INSEE vintage, looked up once per process (`load()` lists the shipped files)."""
    return load()


@dataclass(frozen=True)
class Filters:
    on: dt.date
    region: str = ""
    department: str = ""
    size: int | None = None
    basis: str = "calendar"
    year_from: int | None = None
    year_to: int | None = None

    def __post_init__(self) -> None:
        data = geo()
        if self.department:
            data.department_name(self.department)  # UnknownCode: a French message naming the code
        if self.region:
            data.region_name(self.region)
        if self.size is not None and self.size not in (1, 2, 3, 4):
            raise ValueError(f"taille inconnue : {self.size} (de 1 à 4)")
        if self.basis not in BASES:
            raise ValueError(f"base inconnue : « {self.basis} » (calendar ou contract)")

    def in_period(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.year_from is None or year >= self.year_from) and (self.year_to is None or year <= self.year_to)

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "region": self.region or None,
            "department": self.department or None,
            "size": self.size,
            "basis": self.basis,
            "year_from": self.year_from,
            "year_to": self.year_to,
        }


def communities(organisation: Organisation | None, filters: Filters) -> QuerySet[Community]:
    found = Community.objects.visible_to(organisation)
    if filters.region:
        found = found.filter(region=filters.region)
    if filters.department:
        found = found.filter(department=filters.department)
    if filters.size is not None:
        found = found.filter(territory__size=filters.size)
    return found  # type: ignore[no-any-return]


def signed_contracts(organisation: Organisation | None, filters: Filters) -> QuerySet[Contract]:
    """The signed contracts in scope with a stored schedule; the size is the one in force."""
    found = Contract.objects.visible_to(organisation).filter(signed_on__isnull=False, stored__isnull=False)
    if filters.region:
        found = found.filter(community__region=filters.region)
    if filters.department:
        found = found.filter(community__department=filters.department)
    if filters.size is not None:
        found = found.filter(stored__size=filters.size)
    return found  # type: ignore[no-any-return]


def steered_area(organisation: Organisation | None) -> tuple[str, str]:
    """("region" | "department" | "all" | "none", code): what the organisation steers (a CPTS: its department)."""
    if organisation is None:
        return ("none", "")
    if organisation.kind == Organisation.Kind.CNAM:
        return ("all", "")
    if organisation.kind == Organisation.Kind.ARS:
        return ("region", organisation.region)
    if organisation.kind == Organisation.Kind.CPAM:
        return ("department", organisation.department)
    community = Community.objects.filter(organisation=organisation).first()
    return ("department", community.department) if community is not None else ("none", "")


def departments(organisation: Organisation | None, filters: Filters) -> dict[str, str]:
    """The departments the caller steers, narrowed by the filters: {department: region}, sorted."""
    level, code = steered_area(organisation)
    return {
        department: region
        for department, region in sorted(geo().departments().items())
        if level == "all" or (level == "region" and region == code) or (level == "department" and department == code)
        if filters.region in ("", region) and filters.department in ("", department)
    }
