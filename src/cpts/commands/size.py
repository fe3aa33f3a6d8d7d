"""`cpts size POPULATION [--json]`: the size class of a population (000, 7 points-clés)."""

from __future__ import annotations

import argparse
from typing import Any

from cpts.accord.sizes import check_population, size_class
from cpts.commands.options import print_json


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("size", help="taille d'une CPTS selon sa population")
    command.add_argument("population", help="nombre d'habitants du territoire")
    command.add_argument("--json", action="store_true", help="sortie JSON")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    population = check_population(args.population)
    size = size_class(population)
    if args.json:
        print_json({"population": population, "size": size})
    else:
        print(f"Population {population:,} habitants : taille {size}".replace(",", " "))
    return 0
