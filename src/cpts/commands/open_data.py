"""`cpts open-data DIR [--on DATE]`: the public data set of the CPTS with a signed contract (docs/steering.md,
« Données ouvertes »): CSV, Table Schema, README and licence (Licence Ouverte 2.0)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from cpts.commands.manage import setup_django
from cpts.commands.options import iso_date


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("open-data", help="données ouvertes : CPTS signataires, CSV et schéma")
    command.add_argument("directory", type=Path, help="dossier où écrire le jeu de données (créé au besoin)")
    command.add_argument("--on", type=iso_date, default=None, help="date des données (défaut : aujourd'hui)")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from cpts.steering.open_data import CSV_NAME, write

    count = write(args.directory, args.on or dt.date.today())
    print(f"Données ouvertes écrites dans {args.directory} : {count} CPTS ({CSV_NAME}, schema.json, "
          "datapackage.json, README.md, LICENCE.md).")  # fmt: skip
    return 0
