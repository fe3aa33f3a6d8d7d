"""`GET /api/steering`: the steering figures of the caller's territory (docs/steering.md, docs/api.md).

The same figures as the steering page and `cpts steering --json`: the CNAM sees the
whole country, an ARS its region, a CPAM its department, a CPTS itself; the filters
narrow that scope and never widen it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from cpts.api.access import organisation_of
from cpts.api.schemas import Day, Error, Money
from cpts.steering.figures import steering
from cpts.steering.scope import Filters

router = Router(tags=["Pilotage"])
Year = Annotated[int, Field(ge=2019, le=2100)]


class SteeringIn(Schema):
    on: Day | None = Field(None, description="date d'observation (défaut : aujourd'hui)")
    region: str = Field("", max_length=3, description="code INSEE de la région")
    department: str = Field("", max_length=3, description="code du département")
    size: Annotated[int, Field(ge=1, le=4)] | None = None
    basis: Literal["calendar", "contract"] = Field("calendar", description="années civiles ou années du contrat")
    year_from: Year | None = None
    year_to: Year | None = None


class StageOut(Schema):
    stage: str
    label: str
    count: int


class AreaOut(Schema):
    code: str
    label: str
    covered: int = Field(description="population municipale couverte par une CPTS dont le contrat est en vigueur")
    population: int = Field(description="population municipale INSEE du même millésime")
    share: str | None = Field(description="part couverte, de 0 à 1 (4 décimales)")


class DepartmentOut(AreaOut):
    region: str


class CoverageOut(Schema):
    vintage: str
    stages: list[StageOut]
    communities: int
    contracts_in_force: int
    total: AreaOut
    regions: list[AreaOut]
    departments: list[DepartmentOut]
    unknown_codes: int


class MoneyRow(Schema):
    year: int | None = Field(description="année civile de l'échéance ou année du contrat ; null : hors échéancier")
    committed: Money
    ordered: Money
    paid: Money
    late: Money
    to_recover: Money
    withheld: Money


class DimensionRow(MoneyRow):
    key: str | int = Field(description="mission, volet, taille, région ou département")
    label: str


class MoneyOut(Schema):
    basis: str
    contracts: int
    years: list[MoneyRow]
    by: dict[str, list[DimensionRow]] = Field(description="par mission, volet, taille, région, département")


class BandOut(Schema):
    band: str
    count: int


class AttainmentOut(Schema):
    mission: str
    label: str
    contract_year: int
    count: int
    min: str
    p25: str
    median: str
    p75: str
    max: str
    mean: str
    bands: list[BandOut]


class SpendingOut(Schema):
    contract_year: int
    mission: str
    label: str
    committed: Money
    spent: Money
    unspent: Money


class DeadlineRow(Schema):
    mission: str
    label: str
    kind: str
    met: int
    missed: int
    due_soon: int
    open: int
    free: int


class LateRegion(Schema):
    region: str
    label: str
    late: int


class DeploymentOut(Schema):
    missions: list[DeadlineRow]
    late_by_region: list[LateRegion]


class SteeringOut(Schema):
    filters: dict[str, Any]
    scope: str
    coverage: CoverageOut
    money: MoneyOut
    attainment: list[AttainmentOut]
    spending: list[SpendingOut]
    deployment: DeploymentOut


def filters_of(query: SteeringIn) -> Filters:
    return Filters(
        on=query.on or timezone.localdate(), region=query.region, department=query.department, size=query.size,
        basis=query.basis, year_from=query.year_from, year_to=query.year_to,
    )  # fmt: skip


@router.get(
    "/steering",
    response={200: SteeringOut, 401: Error, 422: Error},
    summary="Pilotage : couverture, argent, taux d'atteinte, dépenses, déploiement",
)
def get_steering(request: HttpRequest, query: Query[SteeringIn]) -> dict[str, Any]:
    return steering(organisation_of(request), filters_of(query))
