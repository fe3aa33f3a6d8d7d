"""The steering figures (docs/steering.md): coverage, money, variable parts, spending, deployment.

Each function reads the stored engine schedules (cpts.steering.models), the ledger
and the reviews for the contracts in scope (cpts.steering.scope) and returns plain
data; `steering()` gathers them for the page, `cpts steering --json` and
`/api/steering`. No amount is computed here: committed money is the sum of the
engine's lines, ordered and paid the sum of the ledger, and late, to recover and
withheld the ledger statuses of `cpts.payments.balances` (docs/ledger.md).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Sum

from cpts.accord.deadlines import status as deadline_status
from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS
from cpts.accord.money import ZERO, as_text
from cpts.contracts.lifecycle import STAGE_LABELS, stages
from cpts.contracts.models import Attainment
from cpts.core.models import Organisation
from cpts.core.withholding import withheld_years
from cpts.reviews.models import Spending
from cpts.steering import scope
from cpts.steering.models import ScheduleLine, StoredDeadline
from cpts.steering.scope import Filters, geo
from cpts.steering.sums import money_sums

MEASURES = ("committed", "ordered", "paid", "late", "to_recover", "withheld")
DIMENSIONS = ("mission", "part", "size", "region", "department")
MEASURE_LABELS = {
    "committed": "engagé (échéanciers)",
    "ordered": "ordonnancé",
    "paid": "payé",
    "late": "en retard",
    "to_recover": "à recouvrer",
    "withheld": "retenu",
}
DEADLINE_STATUSES = ("met", "missed", "due_soon", "open", "free")
RATE_BANDS = ((Decimal("0"), "0 à 25 %"), (Decimal("0.25"), "25 à 50 %"), (Decimal("0.5"), "50 à 75 %"),
              (Decimal("0.75"), "75 à 99 %"), (Decimal("1"), "100 %"))  # fmt: skip


def dimension_label(dimension: str, key: Any) -> str:
    data = geo()
    if dimension == "mission":
        return MISSION_LABELS.get(key, key)
    if dimension == "part":
        return PART_LABELS.get(key, key)
    if dimension == "size":
        return f"taille {key}"
    if dimension == "region":
        return data.region_name(key)
    return data.department_name(key)


# Coverage -------------------------------------------------------------------------------------------------


def coverage(organisation: Organisation | None, filters: Filters) -> dict[str, Any]:
    """CPTS by stage, and the population living in the territory of a CPTS whose contract is in force.

    The population is the INSEE municipal population of the shipped vintage (docs/territories.md):
    covered units (communes, or a city's arrondissements) are collected once over all the
    territories, so a commune shared by two CPTS counts once, in its own department.
    """
    communities = scope.communities(organisation, filters)
    by_stage = Counter(stages(communities.only("pk"), filters.on))
    in_force = scope.signed_contracts(organisation, filters).filter(
        stored__starts_on__lte=filters.on, stored__ends_on__gt=filters.on, stored__refused=""
    )
    data = geo()
    covered: set[str] = set()
    unknown = 0
    for codes in in_force.exclude(community__territory=None).values_list("community__territory__communes", flat=True):
        for code in codes:
            if data.has_unit(code):
                covered.update(data.counted_units(code))
            else:
                unknown += 1
    steered = scope.departments(organisation, filters)
    totals = data.population_by_department()
    covered_by_department: dict[str, int] = dict.fromkeys(steered, 0)
    for unit in covered:
        department = data.unit(unit).departments[0]
        if department in covered_by_department:
            covered_by_department[department] += data.unit(unit).population
    departments = [
        area_row("department", code, covered_by_department[code], totals[code]) | {"region": steered[code]}
        for code in steered
    ]
    regions = []
    for region in sorted(set(steered.values())):
        mine = [row for row in departments if row["region"] == region]
        regions.append(area_row("region", region, sum(r["covered"] for r in mine), sum(r["population"] for r in mine)))
    return {
        "vintage": data.vintage,
        "stages": [
            {"stage": key, "label": label, "count": by_stage[key]}
            for key, label in STAGE_LABELS.items()
            if by_stage[key]
        ],
        "communities": by_stage.total(),
        "contracts_in_force": in_force.count(),
        "total": area_row("all", "", sum(r["covered"] for r in regions), sum(r["population"] for r in regions)),
        "regions": regions,
        "departments": departments,
        "unknown_codes": unknown,
    }


def area_row(level: str, code: str, covered: int, population: int) -> dict[str, Any]:
    share = (Decimal(covered) / population).quantize(Decimal("0.0001")) if population else None
    label = {"region": geo().region_name, "department": geo().department_name}.get(level, lambda _: "France")(code)
    return {"code": code, "label": label, "covered": covered, "population": population,
            "share": str(share) if share is not None else None}  # fmt: skip


# Money ----------------------------------------------------------------------------------------------------


def money(organisation: Organisation | None, filters: Filters) -> dict[str, Any]:
    """Committed, ordered, paid, late, to recover and withheld, by year, in total and by each dimension.

    A line counts in the year of its due date (calendar basis) or in its contract year; its
    ordered and paid sums (the ledger of that line identity) and its state on `filters.on`
    count with it. A line only the ledger still has (removed from the schedule) counts in
    the year of `None` on the calendar basis (« hors échéancier »).
    """
    contracts = scope.signed_contracts(organisation, filters)
    withheld = withheld_years(list(contracts))
    sums = money_sums(contracts, filters.on, filters.basis, filters.year_from, filters.year_to, withheld)
    return {
        "basis": filters.basis,
        "contracts": contracts.count(),
        "years": money_rows(sums.get(None, {}), None),
        "by": {dimension: money_rows(sums.get(dimension, {}), dimension) for dimension in DIMENSIONS},
    }


def money_rows(sums: dict[tuple[Any, Any], list[Decimal]], dimension: str | None) -> list[dict[str, Any]]:
    """The sums of one grouping (by year, or by year and one dimension), sorted."""
    rows = []
    for (year, key), values in sorted(
        sums.items(), key=lambda item: (item[0][0] is None, item[0][0] or 0, str(item[0][1]))
    ):
        row: dict[str, Any] = {"year": year}
        if dimension:
            row |= {"key": key, "label": dimension_label(dimension, key)}
        rows.append(row | {name: as_text(value) for name, value in zip(MEASURES, values, strict=True)})
    return rows


# Variable parts, spending, deployment -----------------------------------------------------------------


def quartiles(rates: list[Decimal]) -> dict[str, str]:
    ordered = sorted(rates)
    cuts = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else [ordered[0]] * 3
    return {
        "min": str(ordered[0]),
        "p25": str(round(cuts[0], 4)),
        "median": str(round(cuts[1], 4)),
        "p75": str(round(cuts[2], 4)),
        "max": str(ordered[-1]),
        "mean": str(round(sum(ordered) / len(ordered), 4)),
    }


def band_of(rate: Decimal) -> str:
    return [label for floor, label in RATE_BANDS if rate >= floor][-1]


def attainment(organisation: Organisation | None, filters: Filters) -> list[dict[str, Any]]:
    """The distribution of validated attainment rates (002 annexe 1, art. 4.2.2) per mission and contract year."""
    contracts = scope.signed_contracts(organisation, filters)
    rows: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for mission, year, rate in Attainment.objects.filter(contract__in=contracts).values_list(
        "mission", "contract_year", "rate"
    ):
        if filters.basis == "calendar" or filters.in_period(year):
            rows[(mission, year)].append(rate)
    return [
        {
            "mission": mission,
            "label": MISSION_LABELS.get(mission, mission),
            "contract_year": year,
            "count": len(rates),
            **quartiles(rates),
            "bands": [{"band": label, "count": Counter(map(band_of, rates))[label]} for _, label in RATE_BANDS],
        }
        for (mission, year), rates in sorted(rows.items())
    ]


def spending(organisation: Organisation | None, filters: Filters) -> list[dict[str, Any]]:
    """What the CPTS report having spent in their reviews, against what their schedules commit for the
    same contract years and missions (002 annexe 1, art. 4.2.2.1; docs/reviews.md)."""
    contracts = scope.signed_contracts(organisation, filters)
    reported: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for year, mission, amount in Spending.objects.filter(review__contract__in=contracts).values_list(
        "review__contract_year", "mission", "amount"
    ):
        reported[(year, mission)] += amount
    # What the schedules commit for the contract years and missions a review reports on, summed by the database.
    reviewed_lines = Spending.objects.filter(
        review__contract_id=OuterRef("contract_id"), review__contract_year=OuterRef("contract_year"),
        mission=OuterRef("mission"),
    )  # fmt: skip
    committed: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    lines = ScheduleLine.objects.filter(Exists(reviewed_lines), contract__in=contracts).order_by()
    for year, mission, amount in (
        lines.values("contract_year", "mission")
        .annotate(total=Sum("amount"))
        .values_list("contract_year", "mission", "total")
    ):
        committed[(year, mission)] = amount
    return [
        {
            "contract_year": year,
            "mission": mission,
            "label": MISSION_LABELS.get(mission, mission),
            "committed": as_text(committed[(year, mission)]),
            "spent": as_text(amount),
            "unspent": as_text(committed[(year, mission)] - amount),
        }
        for (year, mission), amount in sorted(reported.items())
    ]


def deployment(organisation: Organisation | None, filters: Filters) -> dict[str, Any]:
    """Start and deployment deadlines (002 annexe 1, art. 3) on `filters.on` by mission; late ones by region."""
    contracts = scope.signed_contracts(organisation, filters)
    by_mission: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    late: Counter[str] = Counter()
    rows = StoredDeadline.objects.filter(contract__in=contracts).values_list(
        "mission", "kind", "due_on", "done_on", "optional", "contract__community__region"
    )
    for mission, kind, due_on, done_on, optional, region in rows:
        state = deadline_status(due_on, done_on, filters.on, free=optional)
        by_mission[(mission, kind)][state] += 1
        if state == "missed" and done_on is None:
            late[region] += 1
    return {
        "missions": [
            {
                "mission": mission,
                "label": MISSION_LABELS.get(mission, mission),
                "kind": kind,
                **{state: counts[state] for state in DEADLINE_STATUSES},
            }
            for (mission, kind), counts in sorted(by_mission.items(), key=lambda item: mission_order(item[0]))
        ],
        "late_by_region": [
            {"region": region, "label": geo().region_name(region), "late": count}
            for region, count in sorted(late.items())
        ],
    }


def mission_order(key: tuple[str, str]) -> tuple[int, int]:
    order = list(MISSION_LABELS)
    return (order.index(key[0]) if key[0] in order else len(order), 0 if key[1] == "start" else 1)


def steering(organisation: Organisation | None, filters: Filters) -> dict[str, Any]:
    """Every steering figure for the caller's scope and the filters (the JSON of the CLI and the API)."""
    return {
        "filters": filters.to_dict(),
        "scope": scope_label(organisation),
        "coverage": coverage(organisation, filters),
        "money": money(organisation, filters),
        "attainment": attainment(organisation, filters),
        "spending": spending(organisation, filters),
        "deployment": deployment(organisation, filters),
    }


def scope_label(organisation: Organisation | None) -> str:
    level, code = scope.steered_area(organisation)
    if level == "all":
        return "France entière"
    if level == "region":
        return f"région {geo().region_name(code)}"
    if level == "department":
        return f"département {geo().department_name(code)} ({code})"
    return "aucun territoire"


def total(rows: Iterable[dict[str, Any]], measure: str) -> Decimal:
    return sum((Decimal(row[measure]) for row in rows), ZERO)
