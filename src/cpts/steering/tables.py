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

    def values(self) -> list[tuple[Any, ...]]:
        """The rows as plain values (the exports)."""
        return [tuple(cell.value for cell in row) for row in self.rows]


def cpts_list(**filters: Any) -> str:
    """The CPTS list, filtered: the list behind a count or an amount."""
    return f"{reverse('community-list')}?{urlencode(filters)}"


def link_of(dimension: str, key: Any) -> str:
    if dimension == "department":
        return cpts_list(departement=key)
    if dimension == "region":
        return cpts_list(region=key)
    if dimension == "size":
        return cpts_list(taille=key)
    return ""


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


def money_tables(money: dict[str, Any]) -> list[Table]:
    year = "Année civile" if money["basis"] == "calendar" else "Année du contrat"
    measures = tuple(MEASURE_LABELS[name] for name in MEASURES)
    by_year = Table("argent-annees", "Argent par année", (year, *measures))
    for row in money["years"]:
        by_year.rows.append((Cell(year_label(row["year"])), *(Cell(money_value(row[m])) for m in MEASURES)))
    tables = [by_year]
    for dimension, rows in money["by"].items():
        slug, title = DIMENSION_TITLES[dimension]
        table = Table(f"argent-{slug}", f"Argent par année et {title.lower()}", (year, title, *measures))
        for row in rows:
            href = link_of(dimension, row["key"])
            table.rows.append(
                (
                    Cell(year_label(row["year"])),
                    Cell(row["label"], href),
                    *(Cell(money_value(row[m]), href) for m in MEASURES),
                )
            )
        tables.append(table)
    return tables


def attainment_table(rows: list[dict[str, Any]]) -> Table:
    header = ("Mission", "Année du contrat", "Taux validés", "Minimum", "1er quartile", "Médiane", "3e quartile",
              "Maximum", "Moyenne")  # fmt: skip
    table = Table("taux-atteinte", "Taux d'atteinte validés (volets variables)", header)
    for row in rows:
        figures = (row[name] for name in ("min", "p25", "median", "p75", "max", "mean"))
        table.rows.append(
            (Cell(row["label"]), Cell(row["contract_year"]), Cell(row["count"]), *(Cell(percent(v)) for v in figures))
        )
    return table


def spending_table(rows: list[dict[str, Any]]) -> Table:
    header = ("Année du contrat", "Mission", "Engagé (échéanciers)", "Dépensé (revues)", "Écart")
    table = Table("depenses", "Dépenses déclarées dans les revues face aux échéanciers", header)
    for row in rows:
        table.rows.append(
            (Cell(row["contract_year"]), Cell(row["label"]),
             *(Cell(money_value(row[name])) for name in ("committed", "spent", "unspent")))
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
        *money_tables(figures["money"]),
        attainment_table(figures["attainment"]),
        spending_table(figures["spending"]),
        *deployment_tables(figures["deployment"]),
    ]
    return {table.slug: table for table in tables}
