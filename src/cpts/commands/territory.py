"""`cpts territory [--communes CODES] [--epci CODES] [--file LIST] [--json]`: population and size of a territory.

The population is the sum of municipal populations of the distinct communes (rules
MUNICIPAL_POPULATION and the others of docs/interpretations.md, "Territoires").
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path
from typing import Any

from cpts.commands.options import print_json
from cpts.geo import GeoData, Territory, build_territory, load

COLUMN = "code_insee"
SIREN = re.compile(r"^\d{9}$")  # an EPCI in a --file list; INSEE commune codes have 5 characters


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("territory", help="population et taille d'un territoire (communes, EPCI)")
    command.add_argument("--communes", default="", help="codes INSEE de communes ou d'arrondissements, séparés par ,")
    command.add_argument("--epci", default="", help="codes SIREN d'EPCI, séparés par des virgules")
    command.add_argument(
        "--file", type=Path, help=f"liste : un code par ligne, ou CSV avec une colonne {COLUMN} (SIREN = EPCI)"
    )
    command.add_argument("--vintage", help="millésime des données (défaut : le plus récent) ou chemin d'un fichier")
    command.add_argument("--json", action="store_true", help="sortie JSON")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    communes, epci = args.communes.split(","), args.epci.split(",")
    if args.file:
        for code in read_codes(args.file):
            (epci if SIREN.match(code) else communes).append(code)
    data = load(args.vintage)
    territory = build_territory(communes=communes, epci=epci, data=data)
    if args.json:
        print_json(territory.to_dict())
    else:
        print(describe(territory, data))
    return 0


def read_codes(path: Path) -> list[str]:
    """Codes from a list file: one per line (# starts a comment), or a CSV with a `code_insee` column."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"fichier introuvable : {path}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # a CSV saved by a spreadsheet in Windows-1252
        text = raw.decode("cp1252")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ValueError(f"fichier sans aucun code : {path}")
    delimiter = next((char for char in ";,\t" if char in lines[0]), None)
    if delimiter is None:
        return [line.strip() for line in lines]
    header = [cell.strip().lower() for cell in next(csv.reader(lines[:1], delimiter=delimiter))]
    if COLUMN not in header:
        raise ValueError(f"colonne « {COLUMN} » absente de l'en-tête de {path}")
    column = header.index(COLUMN)
    rows = csv.reader(lines[1:], delimiter=delimiter)
    return [row[column] for row in rows if len(row) > column and row[column].strip()]


def describe(territory: Territory, data: GeoData) -> str:
    def number(value: int) -> str:
        return f"{value:,}".replace(",", " ")

    lines = [
        f"Territoire (millésime {territory.vintage}, population municipale)",
        f"Population : {number(territory.population)} habitants",
        f"Taille : {territory.size}",
        f"Communes comptées : {number(len(territory.communes))}",
        "Départements : " + ", ".join(f"{code} {data.department_name(code)}" for code in territory.departments),
        "Régions : " + ", ".join(f"{code} {data.region_name(code)}" for code in territory.regions),
    ]
    if territory.warnings:
        lines.append("Avertissements :")
        lines.extend(f"  - {warning}" for warning in territory.warnings)
    return "\n".join(lines)
