"""The steering figures as tables: what the page shows beside each chart, and what the exports write.

Each table has a slug (its export file name), a French title, a header and rows of
cells; a cell may carry the link to the list behind it (the CPTS list, filtered).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from cpts.steering.figures import MEASURE_LABELS, MEASURES

DIMENSION_TITLES = {
    "mission": ("missions", "Mission"),
    "part": ("volets", "Volet"),
    "size": ("tailles", "Taille"),
    "region": ("regions", "Région"),
    "department": ("departements", "Département"),
}
DEADLINE_HEADER = ("respectées", "manquées", "proches", "ouvertes", "libres")
DEADLINE_KINDS = {"start": "démarrage", "deployment": "déploiement"}
# The rows a table shows on the page (docs/steering.md, « Vitesse »): money by year and department is some
# 1 200 rows of 8 linked cells for the whole country; the page shows the first ones, the export has them all.
PAGE_ROWS = 100


@dataclass(frozen=True)
class Cell:
    value: Any
    href: str = ""


@dataclass
class Table:
    slug: str
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)

    @property
    def page_rows(self) -> list[tuple[Cell, ...]]:
        """The rows the page shows (the exports write them all)."""
        return self.rows[:PAGE_ROWS]

    @property
    def hidden(self) -> int:
        """How many rows the page leaves to the exports."""
        return max(0, len(self.rows) - PAGE_ROWS)

    def values(self) -> list[tuple[Any, ...]]:
        """The rows as plain values (the exports)."""
        return [tuple(cell.value for cell in row) for row in self.rows]


def cpts_list(**filters: Any) -> str:
    """The CPTS list, filtered: the list behind a count or an amount."""
    return f"{reverse('community-list')}?{urlencode(filters)}"


# The CPTS list's parameter for each breakdown of the money (`cpts.web.views.communities`).
LIST_PARAMETERS = {"department": "departement", "region": "region", "size": "taille", "mission": "mission",
                   "part": "volet"}  # fmt: skip


def scope_of(filters: dict[str, Any]) -> dict[str, Any]:
    """The page's own filters (region, department, size) as CPTS list parameters."""
    pairs = (("region", filters.get("region")), ("departement", filters.get("department")),
             ("taille", filters.get("size")))  # fmt: skip
    return {name: value for name, value in pairs if value}


def money_link(basis: str, year: int | None, scope: dict[str, Any], dimension: str = "", key: Any = None) -> str:
    """The CPTS whose stored schedule lines make an amount: of that year (calendar or contract), of that breakdown,
    within the page's filters; a year « hors échéancier » has no line, so its list is every CPTS of the scope."""
    filters = dict(scope)
    if year is not None:
        filters["annee" if basis == "calendar" else "annee_contrat"] = year
    if dimension:
        filters[LIST_PARAMETERS[dimension]] = key
    if year is not None or dimension in ("mission", "part"):
        return cpts_list(**filters)
    return cpts_list(**filters, echeancier=1)


def money_value(text: str) -> Decimal:
    return Decimal(text)


def year_label(year: int | None) -> str | int:
    return "hors échéancier" if year is None else year


def coverage_tables(coverage: dict[str, Any]) -> list[Table]:
    stages = Table("etapes", "CPTS par étape", ("Étape", "Nombre de CPTS"))
    for row in coverage["stages"]:
        stages.rows.append((Cell(row["label"]), Cell(row["count"], cpts_list(etape=row["stage"]))))
    header = ("Population couverte", "Population INSEE", "Part couverte (%)")
    regions = Table("couverture-regions", "Population couverte par région", ("Région", *header))
    for row in coverage["regions"]:
        regions.rows.append((Cell(row["label"]), *area_cells(row, cpts_list(region=row["code"]))))
    departments = Table("couverture-departements", "Population couverte par département", ("Département", *header))
    for row in coverage["departments"]:
        label = f"{row['label']} ({row['code']})"
        departments.rows.append((Cell(label), *area_cells(row, cpts_list(departement=row["code"]))))
    return [stages, regions, departments]


def percent(share: str | None) -> Decimal | None:
    return (Decimal(share) * 100).quantize(Decimal("0.01")) if share is not None else None


def area_cells(row: dict[str, Any], href: str) -> tuple[Cell, ...]:
    return (Cell(row["covered"], href), Cell(row["population"]), Cell(percent(row["share"])))


def money_tables(money: dict[str, Any], scope: dict[str, Any] | None = None) -> list[Table]:
    year = "Année civile" if money["basis"] == "calendar" else "Année du contrat"
    measures = tuple(MEASURE_LABELS[name] for name in MEASURES)
    by_year = Table("argent-annees", "Argent par année", (year, *measures))
    for row in money["years"]:
        href = money_link(money["basis"], row["year"], scope or {})
        by_year.rows.append((Cell(year_label(row["year"])), *(Cell(money_value(row[m]), href) for m in MEASURES)))
    tables = [by_year]
    for dimension, rows in money["by"].items():
        slug, title = DIMENSION_TITLES[dimension]
        table = Table(f"argent-{slug}", f"Argent par année et {title.lower()}", (year, title, *measures))
        for row in rows:
            href = money_link(money["basis"], row["year"], scope or {}, dimension, row["key"])
            table.rows.append(
                (
                    Cell(year_label(row["year"])),
                    Cell(row["label"], href),
                    *(Cell(money_value(row[m]), href) for m in MEASURES),
                )
            )
        tables.append(table)
    return tables


def attainment_table(rows: list[dict[str, Any]], scope: dict[str, Any] | None = None) -> Table:
    header = ("Mission", "Année du contrat", "Taux validés", "Minimum", "1er quartile", "Médiane", "3e quartile",
              "Maximum", "Moyenne")  # fmt: skip
    table = Table("taux-atteinte", "Taux d'atteinte validés (volets variables)", header)
    for row in rows:
        figures = (row[name] for name in ("min", "p25", "median", "p75", "max", "mean"))
        # A validated rate makes the variable part a line of the engine (002 annexe 1, art. 6.2): the CPTS behind
        # the count are those with a variable line of that mission and contract year.
        href = cpts_list(**(scope or {}), annee_contrat=row["contract_year"], mission=row["mission"], volet="variable")
        table.rows.append(
            (Cell(row["label"]), Cell(row["contract_year"]), Cell(row["count"], href),
             *(Cell(percent(v)) for v in figures))
        )  # fmt: skip
    return table


def spending_table(rows: list[dict[str, Any]], scope: dict[str, Any] | None = None) -> Table:
    header = ("Année du contrat", "Mission", "Engagé (échéanciers)", "Dépensé (revues)", "Écart")
    table = Table("depenses", "Dépenses déclarées dans les revues face aux échéanciers", header)
    for row in rows:
        href = cpts_list(**(scope or {}), annee_contrat=row["contract_year"], mission=row["mission"])
        table.rows.append(
            (Cell(row["contract_year"]), Cell(row["label"]),
             *(Cell(money_value(row[name]), href) for name in ("committed", "spent", "unspent")))
        )  # fmt: skip
    return table


def deployment_tables(deployment: dict[str, Any]) -> list[Table]:
    missions = Table("deploiement", "Échéances de démarrage et de déploiement des missions",
                     ("Mission", "Échéance", *DEADLINE_HEADER))  # fmt: skip
    for row in deployment["missions"]:
        counts = (row[name] for name in ("met", "missed", "due_soon", "open", "free"))
        missions.rows.append((Cell(row["label"]), Cell(DEADLINE_KINDS[row["kind"]]), *(Cell(n) for n in counts)))
    late = Table("retards-regions", "Échéances manquées, toujours pas tenues, par région", ("Région", "Nombre"))
    for row in deployment["late_by_region"]:
        late.rows.append((Cell(row["label"]), Cell(row["late"], cpts_list(region=row["region"]))))
    return [missions, late]


def all_tables(figures: dict[str, Any]) -> dict[str, Table]:
    tables = [
        *coverage_tables(figures["coverage"]),
        *money_tables(figures["money"], scope_of(figures["filters"])),
        attainment_table(figures["attainment"], scope_of(figures["filters"])),
        spending_table(figures["spending"], scope_of(figures["filters"])),
        *deployment_tables(figures["deployment"]),
    ]
    return {table.slug: table for table in tables}
