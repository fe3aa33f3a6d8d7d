"""`cpts projection --from YEAR --years N [--attainment 0|50|100|observed] [--draws N] [--seed S] --json`:
the budget projection of the whole country, or of a region or department (docs/steering.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from cpts.commands.manage import setup_django
from cpts.commands.options import iso_date, print_json, whole_number


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("projection", help="projection budgétaire des contrats sur 1 à 10 ans")
    command.add_argument("--from", dest="from_year", type=whole_number, required=True, help="première année projetée")
    command.add_argument("--years", type=whole_number, required=True, help="horizon en années (1 à 10)")
    command.add_argument(
        "--attainment", choices=("0", "50", "100", "observed"), default="observed",
        help="taux d'atteinte des volets variables en attente (défaut : observed, moyenne des taux validés)",
    )  # fmt: skip
    command.add_argument(
        "--draws", type=whole_number, default=0, help="tirages aléatoires des taux (P10, médiane, P90)"
    )
    command.add_argument("--seed", type=whole_number, default=0, help="graine des tirages (défaut : 0)")
    command.add_argument("--no-renewals", dest="renewals", action="store_false",
                         help="pas de nouveau contrat au cinquième anniversaire")  # fmt: skip
    command.add_argument("--no-pipeline", dest="pipeline", action="store_false", help="sans les CPTS en projet")
    command.add_argument(
        "--delay", dest="delay_months", type=whole_number, default=0,
        help="retard de démarrage des missions non démarrées sur leur échéance, en mois (défaut : 0, à l'heure)",
    )  # fmt: skip
    command.add_argument("--no-start-missions", dest="start_missions", action="store_false",
                         help="les missions non démarrées des contrats signés ne démarrent pas")  # fmt: skip
    command.add_argument("--no-sas", dest="sas", action="store_false", help="nouveaux contrats sans SAS")
    command.add_argument("--sas-on", type=iso_date, default=None,
                         help="arrivée du SAS pour les contrats qui n'en ont pas (AAAA-MM-JJ)")  # fmt: skip
    command.add_argument(
        "--crises", type=whole_number, default=0,
        help="crises sanitaires graves déclarées par an sur tous les territoires (défaut : 0)",
    )  # fmt: skip
    command.add_argument("--on", type=iso_date, default=None, help="date d'observation (défaut : aujourd'hui)")
    command.add_argument("--region", default="", help="code INSEE de la région")
    command.add_argument("--department", default="", help="code du département")
    command.add_argument("--json", action="store_true", help="sortie JSON")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from cpts.core.models import Organisation
    from cpts.steering.forecast import forecast
    from cpts.steering.projection import Scenario, as_json
    from cpts.steering.scope import Filters

    scenario = Scenario(
        from_year=args.from_year, years=args.years, attainment=args.attainment, renewals=args.renewals,
        pipeline=args.pipeline, delay_months=args.delay_months, sas=args.sas, draws=args.draws, seed=args.seed,
        start_missions=args.start_missions, sas_on=args.sas_on, crises=args.crises,
    )  # fmt: skip
    filters = Filters(on=args.on or dt.date.today(), region=args.region, department=args.department)
    result = as_json(forecast(Organisation(kind=Organisation.Kind.CNAM, name="CNAM"), filters, scenario))
    if args.json:
        print_json(result)
    else:
        print(render(result))
    return 0


def render(result: dict[str, Any]) -> str:
    scenario = result["scenario"]
    band = scenario["draws"] > 0 and "median" in result["years"][0]
    lines = [
        f"Projection au {result['filters']['on']} — {result['scope']} — taux d'atteinte {scenario['attainment']}"
        + (f" — {scenario['draws']} tirages (graine {scenario['seed']})" if scenario["draws"] else ""),
        "    année         total  contrats signés  renouvellements    CPTS en projet"
        + ("           P10       médiane           P90" if band else ""),
    ]
    for row in result["years"]:
        figures = [row[name] for name in ("total", "in_force", "renewal", "pipeline")]
        figures += [row[name] for name in ("p10", "median", "p90")] if band else []
        lines.append(f"    {row['year']:<5}" + "".join(f"{value:>14}   " for value in figures).rstrip())
    lines += [f"  Attention : {warning}" for warning in result["explanation"]["warnings"]]
    return "\n".join(lines)
