"""The public data set of the CPTS with a signed contract (docs/steering.md, « Données ouvertes »).

`cpts open-data DIR` writes, in DIR: `cpts.csv` (one row per CPTS with a contract signed on the date),
`schema.json` (its Table Schema, frictionless), `datapackage.json`, `README.md` and `LICENCE.md` (Licence
Ouverte / Open Licence 2.0 of Etalab). Nothing about a person (members, representatives, accounts) and no
bank data: only the CPTS (an association, identified by its public SIREN), its territory and its money.

The annual envelope of each mission is the engine's (`cpts.accord.envelopes.annual_envelopes`: the tables
of 002 annexe 1, art. 5, and of 000 and 004 for the 2019 terms) under the terms of the contract in force on
the date (`TermsTimeline`: size, avenants, SAS, orientation service, members): the maximum a year, variable
parts at full attainment (002 annexe 1, art. 4.2.2), crisis mission with its first drafting in contract
year 1, its yearly update afterwards, and one occurrence (rule CRISIS_TOTAL_COUNTS_FIRST_DRAFTING). A
mission not started on the date has no envelope (an empty cell): nothing is paid for it (002 annexe 1,
art. 3 and 6).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.envelopes import MISSION_LABELS, MISSIONS, annual_envelopes
from cpts.accord.money import ZERO, as_text
from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.years import contract_years
from cpts.contracts.bridge import describe_many
from cpts.contracts.models import Contract
from cpts.steering.scope import geo

LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0"
CSV_NAME = "cpts.csv"
STARTED = tuple(mission for mission in MISSIONS if mission != "operating")  # operating runs from the signature
SEPARATOR = ";"  # between codes inside one cell (departments, missions)


def field(name: str, kind: str, title: str, description: str, **constraints: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"name": name, "type": kind, "title": title, "description": description}
    if kind == "number":
        descriptor |= {"decimalChar": ".", "bareNumber": True}
    if kind == "boolean":
        descriptor |= {"trueValues": ["true"], "falseValues": ["false"]}
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def codes_pattern(choices: Iterable[str]) -> str:
    """A list of codes separated by `SEPARATOR`, possibly empty."""
    one = "(" + "|".join(choices) + ")"
    return f"^({one}({SEPARATOR}{one})*)?$"


def schema() -> dict[str, Any]:
    """The Table Schema of `cpts.csv` (https://specs.frictionlessdata.io/table-schema/)."""
    envelope = [
        field(f"envelope_{mission}", "number", f"Enveloppe annuelle : {MISSION_LABELS[mission]}",
              f"Montant annuel maximal en euros (« {MISSION_LABELS[mission]} »), tous volets, volets variables à "
              "100 %, barèmes de l'ACI (002 annexe 1, art. 5) aux conditions du contrat à la date ; vide si la "
              "mission n'est pas démarrée.", minimum=0)
        for mission in MISSIONS
    ]  # fmt: skip
    fields = [
        field("siren", "string", "SIREN", "SIREN de l'association CPTS (vide s'il n'est pas connu).",
              pattern="^([0-9]{9})?$"),
        field("name", "string", "Nom de la CPTS", "Nom de l'association.", required=True),
        field("department", "string", "Département de la CPAM", "Département de la CPTS et de sa CPAM (code "
              "INSEE).", required=True, pattern="^[0-9][0-9AB][0-9]?$"),
        field("departments", "string", "Départements du territoire", "Départements des communes du territoire, "
              f"codes séparés par « {SEPARATOR} ».", pattern="^[0-9AB;]*$"),
        field("region", "string", "Région", "Code INSEE de la région de la CPTS.", required=True,
              pattern="^[0-9]{2}$"),
        field("region_name", "string", "Nom de la région", "Nom de la région (INSEE)."),
        field("size", "integer", "Taille", "Taille de la CPTS en vigueur au contrat (1 à 4, selon la population, "
              "002 annexe 1, art. 5).", required=True, minimum=1, maximum=4),
        field("population", "integer", "Population", "Population municipale INSEE du territoire.", minimum=0),
        field("population_vintage", "string", "Millésime de la population", "Millésime INSEE de la population."),
        field("signed_on", "date", "Signature du contrat", "Date de signature du contrat ACI en cours (le dernier "
              "signé à la date).", required=True),
        field("contract_ends_on", "date", "Fin du contrat", "Premier jour où le contrat ne court plus (cinquième "
              "anniversaire ou résiliation effective, 002 annexe 1, art. 7 et 8).", required=True),
        field("in_force", "boolean", "Contrat en vigueur", "Le contrat court à la date des données.",
              required=True),
        field("missions_started", "string", "Missions démarrées", "Missions démarrées à la date, codes séparés "
              f"par « {SEPARATOR} » : " + ", ".join(f"{m} = {MISSION_LABELS[m]}" for m in STARTED) + ".",
              pattern=codes_pattern(STARTED)),
        *envelope,
        field("envelope_total", "number", "Enveloppe annuelle totale",
              "Somme des enveloppes annuelles des missions ci-dessus (fonctionnement et missions démarrées).",
              required=True, minimum=0),
        field("envelope_on", "date", "Date des conditions", "Date dont les conditions du contrat fixent les "
              "enveloppes : la date des données, ou le dernier jour du contrat s'il a pris fin.", required=True),
    ]  # fmt: skip
    return {"fields": fields, "primaryKey": ["name", "department"], "missingValues": [""]}


def latest_signed(on: dt.date) -> list[Contract]:
    """The latest contract of each CPTS signed on or before `on` with a stored schedule (the engine accepted it)."""
    contracts = (
        Contract.objects.filter(signed_on__isnull=False, signed_on__lte=on, stored__isnull=False)
        .select_related("community__territory", "stored")
        .order_by("community_id", "-signed_on", "-pk")
    )
    latest: dict[int, Contract] = {}
    for contract in contracts:
        if not contract.stored.refused:
            latest.setdefault(contract.community_id, contract)
    return sorted(latest.values(), key=lambda c: (c.community.department, c.community.name, c.pk))


def row_of(contract: Contract, description: Any, on: dt.date) -> dict[str, str]:
    community = contract.community
    territory = community.territory
    ends_on = contract.stored.ends_on
    in_force = contract.stored.starts_on <= on < ends_on
    day = on if in_force else ends_on - dt.timedelta(days=1)
    years = contract_years(description.signed_on, DEFAULT_READINGS)
    first = not years or day < years[0].end
    terms = TermsTimeline(description).on(day, "first" if first else "later")
    started = [
        mission for mission in STARTED
        if (dates := description.missions.get(mission)) is not None and dates.started_on is not None
        and dates.started_on <= day
    ]  # fmt: skip
    by_mission = annual_envelopes(terms).by_mission()
    envelopes = {mission: sum(by_mission.get(mission, {}).values(), ZERO) for mission in ("operating", *started)}
    return {
        "siren": community.siren,
        "name": community.name,
        "department": community.department,
        "departments": SEPARATOR.join(territory.departments) if territory is not None else "",
        "region": community.region,
        "region_name": geo().region_name(community.region),
        "size": str(contract.stored.size),
        "population": str(territory.population) if territory is not None else "",
        "population_vintage": territory.vintage if territory is not None else "",
        "signed_on": contract.signed_on.isoformat(),
        "contract_ends_on": ends_on.isoformat(),
        "in_force": "true" if in_force else "false",
        "missions_started": SEPARATOR.join(started),
        **{f"envelope_{m}": as_text(envelopes[m]) if m in envelopes else "" for m in MISSIONS},
        "envelope_total": as_text(sum(envelopes.values(), ZERO)),
        "envelope_on": day.isoformat(),
    }


def rows(on: dt.date) -> list[dict[str, str]]:
    contracts = latest_signed(on)
    return [row_of(c, d, on) for c, d in zip(contracts, describe_many(contracts), strict=True)]


README = """# CPTS ayant signé l'accord conventionnel interprofessionnel (ACI)

Données au {on} : {count} CPTS (communautés professionnelles territoriales de santé) ayant signé un
contrat tripartite CPTS–CPAM–ARS au titre de l'ACI des CPTS de 2019 et de son avenant n° 2.

## Fichiers

- `{csv}` : une ligne par CPTS, le dernier contrat signé à la date ; séparateur « , », UTF-8,
  montants en euros avec un point décimal et deux décimales (« 18750.00 »), dates AAAA-MM-JJ.
- `schema.json` : le schéma des colonnes (Table Schema, https://specs.frictionlessdata.io/table-schema/),
  titre et description de chacune.
- `datapackage.json` : la description du jeu de données (Data Package), avec sa licence.
- `LICENCE.md` : la licence.

## Contenu

Nom et SIREN de la CPTS, département de sa CPAM, départements de son territoire, région, taille,
population municipale INSEE du territoire, date de signature et de fin du contrat, missions démarrées,
et l'enveloppe annuelle de chaque mission.

Les enveloppes sont calculées par le moteur de règles du logiciel à partir des barèmes de l'accord
(avenant n° 2, annexe 1, article 5 ; barèmes de 2019 pour les périodes antérieures au 3 septembre 2022),
aux conditions du contrat à la date (taille, avenants, SAS, service d'orientation, nombre de membres) :
c'est le montant annuel **maximal** (volets variables à 100 % d'atteinte), pas ce qui a été versé. Une
mission non démarrée n'a pas d'enveloppe (case vide). Un contrat qui a pris fin (cinq ans ou résiliation)
est décrit aux conditions de son dernier jour.

Aucune donnée sur une personne (membres, représentants, comptes) ni aucune donnée bancaire.

## Licence

{licence}, {url}.

Produit par `cpts open-data` le {made}.
"""

LICENCE = """# {licence}

Ces données sont publiées sous la {licence} d'Etalab.

Texte officiel de la licence : {url}

Mention de la source à reprendre lors de la réutilisation : « Données des contrats ACI des CPTS, {on} ».
"""


def write(directory: Path, on: dt.date) -> int:
    """Write the data set in `directory` (created if needed); the number of CPTS."""
    directory.mkdir(parents=True, exist_ok=True)
    found = rows(on)
    table = schema()
    names = [descriptor["name"] for descriptor in table["fields"]]
    with (directory / CSV_NAME).open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)
    (directory / "schema.json").write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    package = {
        "name": "cpts-aci",
        "title": "CPTS ayant signé l'accord conventionnel interprofessionnel",
        "licenses": [{"name": "etalab-2.0", "title": LICENCE_NAME, "path": LICENCE_URL}],
        "resources": [{
            "name": "cpts", "path": CSV_NAME, "format": "csv", "encoding": "utf-8", "mediatype": "text/csv",
            "schema": "schema.json",
        }],
    }  # fmt: skip
    (directory / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", "utf-8")
    words = {"licence": LICENCE_NAME, "url": LICENCE_URL, "on": on.isoformat()}
    (directory / "README.md").write_text(
        README.format(count=len(found), csv=CSV_NAME, made=dt.date.today().isoformat(), **words), encoding="utf-8"
    )
    (directory / "LICENCE.md").write_text(LICENCE.format(**words), encoding="utf-8")
    return len(found)
