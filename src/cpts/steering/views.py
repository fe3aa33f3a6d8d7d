"""The steering page (docs/steering.md): the same page for the CNAM, an ARS and a CPAM, scoped by role.

Charts are the State's design-system charts (@gouvfr/dsfr-chart, served from the static
files); their data travels in HTML attributes, never in an inline script, so the page
works under a Content-Security-Policy without 'unsafe-inline'. Each chart has its
table beside it, and each table its CSV and XLSX export.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from cpts.accord.envelopes import MISSION_LABELS
from cpts.core.exports import table_csv, tables_xlsx
from cpts.core.forms import Form, date_field
from cpts.core.pages import acting, page
from cpts.steering import scope
from cpts.steering.figures import steering
from cpts.steering.scope import Filters
from cpts.steering.tables import Table, all_tables, cpts_list, percent, scope_of

SECTIONS = (
    ("Couverture", ("etapes", "couverture-regions", "couverture-departements")),
    (
        "Argent",
        (
            "argent-annees",
            "argent-missions",
            "argent-volets",
            "argent-tailles",
            "argent-regions",
            "argent-departements",
        ),
    ),
    ("Volets variables et dépenses", ("taux-atteinte", "depenses")),
    ("Déploiement des missions", ("deploiement", "retards-regions")),
)

OPEN_TABLES = ("etapes", "couverture-regions", "argent-annees", "deploiement")  # short: unfolded


class SteeringForm(Form):
    on = date_field("Date d'observation")
    region = forms.ChoiceField(label="Région", required=False)
    department = forms.ChoiceField(label="Département", required=False)
    size = forms.TypedChoiceField(
        label="Taille", required=False, coerce=int, empty_value=None,
        choices=[("", "toutes"), *((str(n), f"taille {n}") for n in (1, 2, 3, 4))],
    )  # fmt: skip
    basis = forms.ChoiceField(
        label="Années", choices=[("calendar", "civiles (échéance)"), ("contract", "du contrat")], required=False
    )
    year_from = forms.IntegerField(label="De l'année", required=False, min_value=2019, max_value=2100)
    year_to = forms.IntegerField(label="À l'année", required=False, min_value=2019, max_value=2100)

    def __init__(self, departments: dict[str, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = scope.geo()
        regions = sorted(set(departments.values()))
        self.fields["region"].choices = [("", "toutes"), *((code, data.region_name(code)) for code in regions)]
        self.fields["department"].choices = [
            ("", "tous"), *((code, f"{code} {data.department_name(code)}") for code in departments)
        ]  # fmt: skip

    def filters(self) -> Filters:
        on = timezone.localdate()
        if not self.is_valid():
            return Filters(on=on)
        data = self.cleaned_data
        return Filters(
            on=data["on"] or on, region=data["region"], department=data["department"], size=data["size"],
            basis=data["basis"] or "calendar", year_from=data["year_from"], year_to=data["year_to"],
        )  # fmt: skip


def read(request: HttpRequest) -> tuple[SteeringForm, Filters, dict[str, Any]]:
    organisation = acting(request)
    form = SteeringForm(scope.departments(organisation, Filters(on=timezone.localdate())), request.GET or None)
    filters = form.filters()
    return form, filters, steering(organisation, filters)


def money_chart(figures: dict[str, Any]) -> dict[str, str]:
    """Committed money by year, one stacked series per mission (attributes of <bar-chart>)."""
    rows = [row for row in figures["money"]["by"]["mission"] if row["year"] is not None]
    years = sorted({row["year"] for row in rows})
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for row in rows:
        series[row["key"]][row["year"]] = float(row["committed"])  # a chart's height, never a sum
    missions = [mission for mission in MISSION_LABELS if mission in series]
    return {
        "x": json.dumps([[str(year) for year in years]] * len(missions)),
        "y": json.dumps([[series[mission].get(year, 0) for year in years] for mission in missions]),
        "name": json.dumps([MISSION_LABELS[mission] for mission in missions], ensure_ascii=False),
    }


def map_data(rows: list[dict[str, Any]], total: dict[str, Any]) -> dict[str, str]:
    """The covered share in % per area code (attributes of <map-chart>)."""
    shares = {row["code"]: float(percent(row["share"]) or 0) for row in rows}
    return {"data": json.dumps(shares), "value": str(percent(total["share"]) or 0)}


def steering_page(request: HttpRequest) -> HttpResponse:
    form, filters, figures = read(request)
    tables = all_tables(figures)
    coverage = figures["coverage"]
    context = {
        "form": form,
        "on": filters.on,
        "figures": figures,
        "query": request.GET.urlencode(),
        "open_tables": OPEN_TABLES,
        "sections": [(title, [tables[slug] for slug in slugs]) for title, slugs in SECTIONS],
        "money_chart": money_chart(figures),
        "department_map": map_data(coverage["departments"], coverage["total"]),
        "region_map": map_data(coverage["regions"], coverage["total"]),
        "share": percent(coverage["total"]["share"]),
        "lists": {  # the CPTS lists behind the headline counts, within the page's filters
            "all": cpts_list(**scope_of(figures["filters"])),
            "in_force": cpts_list(**scope_of(figures["filters"]), etape="contract_signed"),
            "signed": cpts_list(**scope_of(figures["filters"]), echeancier=1),
        },
    }
    return page(request, "steering/page.html", "Pilotage", context, trail=[], nav="steering")


def steering_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table as CSV, or every table of the page as one XLSX workbook (`table` = "tout")."""
    _form, _filters, figures = read(request)
    tables = all_tables(figures)
    if fmt == "xlsx":
        chosen: list[Table] = list(tables.values()) if table == "tout" else [tables[table]] if table in tables else []
        if not chosen:
            raise Http404("Tableau inconnu.")
        content = tables_xlsx((t.title, t.header, t.values()) for t in chosen)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        if table not in tables:
            raise Http404("Tableau inconnu.")
        content, kind = table_csv(tables[table].header, tables[table].values()), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="pilotage-{table}-{figures["filters"]["on"]}.{fmt}"'
    return response
