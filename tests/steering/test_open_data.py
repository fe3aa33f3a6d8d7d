"""`cpts open-data DIR`: the public data set, valid against its Table Schema (frictionless), one row per CPTS
with a signed contract, the engine's envelopes, nothing about a person and no bank data (docs/steering.md)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal

import pytest
from frictionless import Package, Resource, Schema, validate
from tests.steering.conftest import TODAY

from cpts.accord.contract_terms import TermsTimeline
from cpts.accord.envelopes import annual_envelopes
from cpts.banking.models import BankDetails
from cpts.cli import main
from cpts.communities.models import Member
from cpts.contracts.bridge import describe
from cpts.contracts.models import Contract
from cpts.core.models import Organisation
from cpts.steering.open_data import LICENCE_URL


@pytest.fixture
def written(demo, tmp_path, capsys):
    assert main(["open-data", str(tmp_path / "jeu"), "--on", TODAY.isoformat()]) == 0
    assert "CPTS" in capsys.readouterr().out
    directory = tmp_path / "jeu"
    with (directory / "cpts.csv").open(encoding="utf-8", newline="") as data:
        return directory, list(csv.DictReader(data))


def test_the_csv_is_valid_against_its_table_schema(written):
    directory, rows = written
    assert rows
    schema = Schema.from_descriptor(json.loads((directory / "schema.json").read_text(encoding="utf-8")))
    report = validate(Resource(path="cpts.csv", basepath=str(directory), schema=schema))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(directory / "datapackage.json"))
    assert package.licenses[0]["path"] == LICENCE_URL
    assert package.validate().valid


def test_one_row_per_cpts_with_a_signed_contract(written):
    _directory, rows = written
    signed = Contract.objects.filter(signed_on__isnull=False, signed_on__lte=TODAY, stored__refused="")
    communities = {contract.community for contract in signed}
    assert sorted((row["name"], row["department"]) for row in rows) == sorted(
        (community.name, community.department) for community in communities
    )
    for row in rows:
        latest = max(c.signed_on for c in signed if c.community.name == row["name"])
        assert row["signed_on"] == latest.isoformat()


def test_envelopes_are_the_engines_under_the_contract_terms(written):
    """Each mission's envelope is `annual_envelopes` (002 annexe 1, art. 5) under the terms of the day, all parts
    summed; a mission not started has none; the total is their sum, in Decimal strings with two decimals."""
    _directory, rows = written
    for row in rows:
        contract = Contract.objects.get(community__name=row["name"], signed_on=row["signed_on"])
        description = describe(contract)
        day = dt.date.fromisoformat(row["envelope_on"])
        first_anniversary = contract.signed_on.replace(year=contract.signed_on.year + 1)
        crisis_year = "first" if day < first_anniversary else "later"
        by_mission = annual_envelopes(TermsTimeline(description).on(day, crisis_year)).by_mission()
        started = set(filter(None, row["missions_started"].split(";")))
        total = Decimal("0.00")
        for mission, parts in by_mission.items():
            cell = row[f"envelope_{mission}"]
            if mission == "operating" or mission in started:
                assert cell == str(sum(parts.values(), Decimal("0.00")).quantize(Decimal("0.01")))
                total += Decimal(cell)
            else:
                assert cell == ""
        assert row["envelope_total"] == f"{total:.2f}" and Decimal(row["envelope_operating"]) > 0
    assert any(row["in_force"] == "true" and row["missions_started"] for row in rows)


def test_no_person_and_no_bank_data(written):
    directory, rows = written
    text = "\n".join(path.read_text(encoding="utf-8") for path in directory.iterdir())
    people = [m.name for m in Member.objects.exclude(kind="structure")] + [
        o.representative for o in Organisation.objects.exclude(representative="")
    ]
    assert people and not [name for name in people if name in text]
    ibans = list(BankDetails.objects.values_list("iban", flat=True))
    assert not [iban for iban in ibans if iban in text or iban[-4:] in text.replace(" ", "")]
    assert set(rows[0]) >= {"name", "size", "population", "signed_on", "missions_started", "envelope_total"}


def test_readme_in_french_and_the_licence(written):
    directory, rows = written
    readme = (directory / "README.md").read_text(encoding="utf-8")
    assert f"{len(rows)} CPTS" in readme and "Aucune donnée sur une personne" in readme
    licence = (directory / "LICENCE.md").read_text(encoding="utf-8")
    assert "Licence Ouverte / Open Licence version 2.0" in licence and LICENCE_URL in licence
    fields = json.loads((directory / "schema.json").read_text(encoding="utf-8"))["fields"]
    assert all(field["title"] and field["description"] for field in fields)
