"""The budget projection page under /pilotage/projection/ (docs/steering.md, « Projection budgétaire »).

A line chart of the State's design-system charts (@gouvfr/dsfr-chart, served locally; data in HTML
attributes, no inline script, so it works under the Content-Security-Policy) with its table beside it,
the ceilings of the 2019 and avenant n° 2 tables for the same contracts, and what the figures rest on.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from cpts.core import dates
from cpts.core.exports import table_csv, tables_xlsx
from cpts.core.forms import Form, date_field
from cpts.core.pages import acting, page
from cpts.steering.forecast import forecast
from cpts.steering.projection import ATTAINMENTS, MAX_CRISES, MAX_YEARS, SOURCE_LABELS, Scenario
from cpts.steering.scope import Filters
from cpts.steering.tables import Cell, Table

ATTAINMENT_LABELS = {"0": "0 %", "50": "50 %", "100": "100 %", "observed": "observés (moyenne des taux validés)"}
PAGE_DRAWS = 2000  # the page's limit; the API and the command go to 10 000


class ProjectionForm(Form):
    year_from = forms.IntegerField(label="Première année", min_value=2019, max_value=2100)
    years = forms.IntegerField(label="Horizon (années)", min_value=1, max_value=MAX_YEARS, initial=5)
    attainment = forms.ChoiceField(
        label="Taux d'atteinte des volets variables en attente",
        choices=[(key, ATTAINMENT_LABELS[key]) for key in ATTAINMENTS], initial="observed",
    )  # fmt: skip
    draws = forms.IntegerField(label="Tirages aléatoires (0 : aucun)", min_value=0, max_value=PAGE_DRAWS, initial=0)
    seed = forms.IntegerField(label="Graine", min_value=0, max_value=2**32 - 1, initial=0)
    delay_months = forms.IntegerField(
        label="Retard de démarrage des missions sur leur échéance (mois, 0 : à l'heure)", min_value=0, max_value=60,
        initial=0,
    )  # fmt: skip
    start_missions = forms.BooleanField(
        label="Missions non démarrées des contrats signés démarrées à leur échéance", required=False, initial=True
    )
    renewals = forms.BooleanField(label="Nouveau contrat au cinquième anniversaire", required=False, initial=True)
    pipeline = forms.BooleanField(label="Compter les CPTS en projet", required=False, initial=True)
    sas = forms.BooleanField(label="Nouveaux contrats avec un SAS", required=False, initial=True)
    sas_on = date_field("Arrivée du SAS pour les contrats qui n'en ont pas", required=False, kind=dates.EVENT)
    crises = forms.IntegerField(
        label="Crises sanitaires graves déclarées par an", min_value=0, max_value=MAX_CRISES, initial=0, required=False
    )

    def scenario(self) -> Scenario:
        year = timezone.localdate().year
        if not self.is_bound or not self.is_valid():
            return Scenario(from_year=year, years=5)
        data = self.cleaned_data
        return Scenario(
            from_year=data["year_from"], years=data["years"], attainment=data["attainment"], draws=data["draws"],
            seed=data["seed"], delay_months=data["delay_months"], renewals=data["renewals"],
            pipeline=data["pipeline"], sas=data["sas"], start_missions=data["start_missions"], sas_on=data["sas_on"],
            crises=data["crises"] or 0,
        )  # fmt: skip


def read(request: HttpRequest) -> tuple[ProjectionForm, dict[str, Any]]:
    organisation = acting(request)
    initial = {"year_from": timezone.localdate().year}
    form = ProjectionForm(request.GET or None, initial=initial)
    return form, forecast(organisation, Filters(on=timezone.localdate()), form.scenario())


def tables(result: dict[str, Any]) -> dict[str, Table]:
    band = "median" in result["years"][0]
    header = ("Année", "Dépense attendue", *SOURCE_LABELS.values(), "Volets variables en attente (pondérés)",
              "Leur maximum", *(("P10", "Médiane", "P90") if band else ()))  # fmt: skip
    years = Table("projection", "Dépense attendue par année", header)
    for row in result["years"]:
        names = ("total", *SOURCE_LABELS, "variable", "variable_maximum", *(("p10", "median", "p90") if band else ()))
        years.rows.append((Cell(row["year"]), *(Cell(row[name]) for name in names)))
    ceilings = Table(
        "projection-plafonds", "Plafonds annuels des mêmes contrats : ACI de 2019 et avenant n° 2",
        ("Année", "Contrats", "Barèmes de l'ACI de 2019", "Barèmes de l'avenant n° 2", "Écart"),
    )  # fmt: skip
    for row in result["ceilings"]:
        ceilings.rows.append(
            tuple(Cell(row[name]) for name in ("year", "contracts", "aci_2019", "avenant_2", "difference"))
        )
    return {table.slug: table for table in (years, ceilings)}


def chart(result: dict[str, Any]) -> dict[str, str]:
    """The expected spending by year, with P10 and P90 when drawn (attributes of <line-chart>)."""
    rows = result["years"]
    series = [("Dépense attendue", "total")]
    if "median" in rows[0]:
        series += [("P10", "p10"), ("Médiane", "median"), ("P90", "p90")]
    years = [str(row["year"]) for row in rows]
    return {
        "x": json.dumps([years] * len(series)),
        "y": json.dumps([[float(row[key]) for row in rows] for _, key in series]),  # a chart's height, never a sum
        "name": json.dumps([label for label, _ in series], ensure_ascii=False),
    }


def projection_page(request: HttpRequest) -> HttpResponse:
    form, result = read(request)
    context = {
        "form": form,
        "result": result,
        "tables": list(tables(result).values()),
        "chart": chart(result),
        "last_year": result["years"][-1]["year"],
        "rates": [(mission, Decimal(rate)) for mission, rate in result["explanation"]["inputs"]["rates"].items()],
        "query": request.GET.urlencode(),
    }
    return page(request, "steering/projection.html", "Projection budgétaire", context, trail=[], nav="steering")


def projection_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    _form, result = read(request)
    found = tables(result)
    if table not in found:
        raise Http404("Tableau inconnu.")
    chosen = found[table]
    if fmt == "xlsx":
        content = tables_xlsx([(chosen.title, chosen.header, chosen.values())])
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, kind = table_csv(chosen.header, chosen.values()), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="pilotage-{table}-{result["scenario"]["from_year"]}.{fmt}"'
    return response
