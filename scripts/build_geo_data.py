"""Regenerate the shipped territory data (src/cpts/geo/data/geo-<vintage>.json.gz).

Source: the npm package `@etalab/decoupage-administratif` (code MIT, data Licence
Ouverte), built from INSEE's code officiel géographique, INSEE's populations
légales and the DGCL list of EPCI. Its README maps versions to years: 6.0.0 is
the 2026 vintage.

    python scripts/build_geo_data.py                      # npm pack 6.0.0, vintage 2026
    python scripts/build_geo_data.py --version 5.3.0 --vintage 2025
    python scripts/build_geo_data.py --package ./etalab-decoupage-administratif-6.0.0.tgz

The script `npm pack`s the package into a temporary folder (or reads a given
.tgz or unpacked folder), reads data/{communes,epci,departements,regions}.json,
checks the few facts the loader relies on, and writes one compact gzipped JSON
(format described in docs/territories.md) with the vintage and source inside.
Only the municipal population (field "population" of communes.json) is kept:
rule MUNICIPAL_POPULATION (docs/interpretations.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
FORMAT = 1
DATA_DIR = Path(__file__).resolve().parent.parent / "src" / "cpts" / "geo" / "data"
POPULATION_URL = "https://www.insee.fr/fr/statistiques/8680726?sommaire=8681011"
KINDS = {
    "commune-actuelle": "communes",
    "arrondissement-municipal": "arrondissements",
    "commune-deleguee": "delegated",
    "commune-associee": "associated",
}


def unpack(package: str | None, version: str, workdir: Path) -> Path:
    """The folder holding the package's data/*.json, from npm or a local .tgz / folder."""
    if package and Path(package).is_dir():
        return Path(package)
    if package:
        archive = Path(package)
    else:
        command = ["npm", "pack", f"{PACKAGE}@{version}", "--silent"]
        subprocess.run(command, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
        archive = next(workdir.glob("*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def check(condition: bool, message: str) -> None:
    """A fact the loader relies on; a package breaking it is refused (not an assert: -O would skip it)."""
    if not condition:
        raise ValueError(f"données refusées : {message}")


def read(root: Path, name: str) -> Any:
    with (root / "data" / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def compact(root: Path, version: str, vintage: str) -> dict[str, Any]:
    regions = {item["code"]: item["nom"] for item in read(root, "regions")}
    departments = {item["code"]: (item["nom"], item["region"]) for item in read(root, "departements")}
    rows: dict[str, list[list[Any]]] = {kind: [] for kind in KINDS.values()}
    for item in read(root, "communes"):
        department = item["departement"]
        # The loader derives a commune's region from its department: check it holds.
        check(departments[department][1] == item["region"], f"région de {item['code']}")
        kind = KINDS[item["type"]]
        if kind == "communes":
            # Six uninhabited places (TAAF, Clipperton) have no legal population: 0.
            row = [item["code"], item["nom"], department, item.get("population", 0)]
            if item.get("anciensCodes"):
                row.append(item["anciensCodes"])
        elif kind == "arrondissements":
            row = [item["code"], item["nom"], department, item["population"], item["commune"]]
        else:
            row = [item["code"], item["nom"], department, item["chefLieu"]]
        rows[kind].append(row)
    current = {row[0] for row in rows["communes"]}
    for kind in ("arrondissements", "delegated", "associated"):
        check(all(row[-1] in current for row in rows[kind]), f"{kind} : commune parente inconnue")
    epci = []
    for item in read(root, "epci"):
        members = [member["code"] for member in item["membres"]]
        check(set(members) <= current, f"membre inconnu de l'EPCI {item['code']}")
        # Member populations of epci.json (DGCL) are ignored: rule EPCI_POPULATION_FROM_COMMUNES.
        epci.append([item["code"], item["nom"], item["type"], members])
    return {
        "format": FORMAT,
        "vintage": vintage,
        "source": {
            "package": f"{PACKAGE}@{version}",
            "licence": "Licence Ouverte (données), MIT (code)",
            "origin": "INSEE code officiel géographique, INSEE populations légales, DGCL liste des EPCI",
            "population": "population municipale (champ « population » de communes.json)",
            "population_url": POPULATION_URL,
            "built_by": "scripts/build_geo_data.py",
        },
        "regions": sorted([code, name] for code, name in regions.items()),
        "departments": sorted([code, name, region] for code, (name, region) in departments.items()),
        **{kind: sorted(items) for kind, items in rows.items()},
        "epci": sorted(epci),
    }


def write(document: dict[str, Any], target: Path) -> None:
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Régénère les données des territoires (communes, EPCI, populations).")
    parser.add_argument("--version", default="6.0.0", help="version du paquet npm (6.0.0 = millésime 2026)")
    parser.add_argument("--vintage", default="2026", help="millésime inscrit dans les données")
    parser.add_argument("--package", help="archive .tgz ou dossier déjà décompressé (sinon npm pack)")
    parser.add_argument("--output", type=Path, help="fichier produit (défaut : data/geo-<millésime>.json.gz)")
    args = parser.parse_args(argv)
    target = args.output or DATA_DIR / f"geo-{args.vintage}.json.gz"
    with tempfile.TemporaryDirectory() as workdir:
        document = compact(unpack(args.package, args.version, Path(workdir)), args.version, args.vintage)
    write(document, target)
    counts = ", ".join(f"{len(document[kind])} {kind}" for kind in (*KINDS.values(), "epci"))
    print(f"{target} : {target.stat().st_size / 1e6:.2f} Mo ; {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
