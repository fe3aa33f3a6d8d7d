"""`cpts envelopes`: the annual envelopes by mission and part, with their explanations."""

from __future__ import annotations

import argparse
from typing import Any

from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS, Envelopes, Terms, annual_envelopes, regime_on
from cpts.accord.money import french
from cpts.commands.options import iso_date, print_json, whole_number


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("envelopes", help="enveloppes annuelles par mission et volet")
    command.add_argument("--size", type=int, required=True, help="taille de la CPTS (1 à 4)")
    command.add_argument("--on", type=iso_date, required=True, help="date d'application (AAAA-MM-JJ)")
    sas = command.add_mutually_exclusive_group()
    sas.add_argument(
        "--sas", dest="sas", action="store_true", default=None, help="SAS opérationnel (défaut sous l'avenant n° 2)"
    )
    sas.add_argument("--no-sas", dest="sas", action="store_false", help="pas de SAS opérationnel")
    command.add_argument(
        "--orientation", action="store_true", help="la CPTS organise l'orientation des demandes de soins non programmés"
    )
    command.add_argument("--members", type=whole_number, default=0, help="nombre de membres (majoration de taille 4)")
    command.add_argument(
        "--signed-on", type=iso_date, help="date de signature (financement additionnel du fonctionnement)"
    )
    command.add_argument(
        "--crisis-year",
        choices=("first", "later"),
        default="first",
        help="année de première rédaction du plan ou de mise à jour",
    )
    command.add_argument("--json", action="store_true", help="sortie JSON")
    command.add_argument("--explain", action="store_true", help="détail du calcul de chaque ligne")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    avenant_2 = regime_on(args.on)
    sas = avenant_2 if args.sas is None else args.sas
    terms = Terms(args.size, args.on, avenant_2, sas, args.orientation, args.members, args.crisis_year)
    envelopes = annual_envelopes(terms, args.signed_on)
    if args.json:
        print_json(envelopes.to_dict(explain=args.explain))
    else:
        print(render(envelopes, args.explain))
    return 0


def render(envelopes: Envelopes, explain: bool) -> str:
    terms = envelopes.terms
    regime = "avenant n° 2" if terms.avenant_2 else "ACI de 2019"
    sas = "oui" if terms.sas else "non"
    lines = [f"Enveloppes annuelles — taille {terms.size}, au {terms.on:%d/%m/%Y}, {regime}, SAS : {sas}"]
    for line in envelopes.lines + envelopes.one_off:
        label = f"{MISSION_LABELS[line.mission]} — {PART_LABELS[line.part]}"
        lines.append(f"  {label:<90} {french(line.amount):>14}")
        if explain:
            lines.append(line.explanation.to_text("      "))
    lines.append(f"  {'Total annuel (hors versements uniques)':<90} {french(envelopes.total):>14}")
    return "\n".join(lines)
