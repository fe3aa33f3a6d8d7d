"""`GET /api/steering` and `GET /api/projection`: the steering figures and the budget projection of the
caller's territory (docs/steering.md, docs/api.md).

The same figures as the steering page and `cpts steering --json`: the CNAM sees the
whole country, an ARS its region, a CPAM its department, a CPTS itself; the filters
narrow that scope and never widen it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from cpts.api.schemas import Day, Error, Money
from cpts.core.access import organisation_of
from cpts.steering.figures import steering
from cpts.steering.forecast import forecast
from cpts.steering.projection import MAX_CRISES, Scenario, as_json
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


# The budget projection (docs/steering.md, « Projection budgétaire ») ------------------------------------------


class ProjectionIn(Schema):
    year_from: Year = Field(description="première année projetée")
    years: Annotated[int, Field(ge=1, le=10)] = Field(description="horizon, de 1 à 10 ans")
    attainment: Literal["0", "50", "100", "observed"] = Field(
        "observed", description="taux des volets variables en attente : 0, 50, 100 % ou moyenne des taux validés"
    )
    draws: Annotated[int, Field(ge=0, le=10_000)] = Field(0, description="tirages aléatoires (P10, médiane, P90)")
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = Field(0, description="graine des tirages")
    renewals: bool = Field(True, description="un nouveau contrat au cinquième anniversaire (hypothèse hors accord)")
    pipeline: bool = Field(True, description="les CPTS en projet signent après le délai observé")
    delay_months: Annotated[int, Field(ge=0, le=60)] = Field(
        0, description="retard de démarrage des missions non démarrées sur leur échéance, en mois"
    )
    start_missions: bool = Field(
        True, description="les missions non démarrées des contrats signés démarrent à leur échéance (plus le retard)"
    )
    sas: bool = Field(True, description="nouveaux contrats avec un SAS")
    sas_on: Day | None = Field(None, description="arrivée du SAS pour les contrats qui n'en ont pas")
    crises: Annotated[int, Field(ge=0, le=MAX_CRISES)] = Field(
        0, description="crises sanitaires graves déclarées par an sur tous les territoires"
    )
    on: Day | None = Field(None, description="date d'observation (défaut : aujourd'hui)")
    region: str = Field("", max_length=3, description="code INSEE de la région")
    department: str = Field("", max_length=3, description="code du département")


class ProjectionYear(Schema):
    year: int
    total: Money = Field(description="dépense attendue de l'année, selon le scénario")
    known: Money = Field(description="lignes connues des échéanciers (volets variables validés compris)")
    owed: Money = Field(description="parts dues en attente (fonctionnement de l'année 1 avant dossier complet)")
    variable: Money = Field(description="volets variables en attente, pondérés par le taux du scénario")
    variable_maximum: Money = Field(description="leur maximum (100 %)")
    in_force: Money
    renewal: Money
    pipeline: Money
    p10: Money | None = None
    median: Money | None = None
    p90: Money | None = None


class CeilingYear(Schema):
    year: int
    contracts: int
    aci_2019: Money = Field(description="plafond annuel, toutes missions, barèmes de l'ACI de 2019, prorata temporis")
    avenant_2: Money = Field(description="le même aux barèmes de l'avenant n° 2")
    difference: Money


class ProjectionOut(Schema):
    filters: dict[str, Any]
    scope: str
    scenario: dict[str, Any]
    years: list[ProjectionYear]
    ceilings: list[CeilingYear]
    explanation: dict[str, Any] = Field(description="données d'entrée, taux retenus, clauses citées, avertissements")


@router.get(
    "/projection",
    response={200: ProjectionOut, 401: Error, 422: Error},
    exclude_none=True,  # P10, median and P90 only with draws
    summary="Projection budgétaire : dépense attendue par année selon un scénario",
)
def get_projection(request: HttpRequest, query: Query[ProjectionIn]) -> dict[str, Any]:
    scenario = Scenario(
        from_year=query.year_from, years=query.years, attainment=query.attainment, renewals=query.renewals,
        pipeline=query.pipeline, delay_months=query.delay_months, sas=query.sas, draws=query.draws, seed=query.seed,
        start_missions=query.start_missions, sas_on=query.sas_on, crises=query.crises,
    )  # fmt: skip
    filters = Filters(on=query.on or timezone.localdate(), region=query.region, department=query.department)
    return as_json(forecast(organisation_of(request), filters, scenario))
