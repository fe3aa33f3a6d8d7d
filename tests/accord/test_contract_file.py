"""The contract file (docs/contract-format.md): read, checked field by field, refused in French."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpts.accord.contract_file import load_contract, load_description, parse_contract
from cpts.accord.errors import AccordError

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def base(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "signed_on": "2023-03-01",
        "population": 55000,
        "sas_from": "2022-11-15",
        "missions": {"access": {"started_on": "2023-06-01"}, "crisis": {"started_on": "2023-06-01"}},
        "attainment": {"1": {"access": 80}},
    }
    document.update(changes)
    return document


def refused(document: dict[str, Any]) -> str:
    with pytest.raises(AccordError) as error:
        parse_contract(document)
    return str(error.value)


def test_every_example_reads() -> None:
    for path in sorted(EXAMPLES.glob("*.y*ml")) + sorted(EXAMPLES.glob("*.json")):
        assert load_description(path).signed_on >= dt.date(2019, 8, 24), path  # an ACI or an early contract alone


def test_yaml_and_json_give_the_same_contract(tmp_path: Path) -> None:
    document = base()
    (tmp_path / "c.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    assert load_contract(tmp_path / "c.json") == load_contract(tmp_path / "c.yaml")


def test_population_gives_the_size_and_percentages_become_fractions() -> None:
    """55 000 inhabitants: size 2 (000, 7 points-clés); 80 % is stored as 0.8."""
    contract = parse_contract(base())
    assert contract.size == 2
    assert contract.attainment == {(1, "access"): Decimal("0.8")}


def test_unknown_field_is_named() -> None:
    assert "« sign_on »" in refused(base(sign_on="2023-03-01"))
    assert "« missions.access.start »" in refused(base(missions={"access": {"start": "2023-06-01"}}))


def test_unknown_mission_is_named() -> None:
    assert "« missions.telehealth »" in refused(base(missions={"telehealth": {"started_on": "2023-06-01"}}))
    assert "« attainment.1.operating »" in refused(base(attainment={1: {"operating": 50}}))


def test_impossible_dates_are_named() -> None:
    assert "« signed_on »" in refused(base(signed_on="2023-02-30"))
    message = refused(base(missions={"access": {"started_on": "2023-01-01"}}))
    assert "« missions.access.started_on »" in message and "antérieur" in message
    message = refused(base(termination={"notified_on": "2022-12-01", "by": "cpts"}))
    assert "« termination.notified_on »" in message


def test_yaml_impossible_date_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("signed_on: 2023-02-30\nsize: 2\n", encoding="utf-8")
    with pytest.raises(AccordError, match="signed_on"):
        load_contract(path)


def test_wrong_values_are_named() -> None:
    assert "« size »" in refused({"signed_on": "2023-03-01", "size": 5})
    assert "« size »" in refused({"signed_on": "2023-03-01", "size": 1, "population": 55000})
    assert "« attainment.1.access »" in refused(base(attainment={1: {"access": 120}}))
    assert "« termination.by »" in refused(base(termination={"notified_on": "2024-01-01", "by": "cpts!"}))
    assert "« covid_2021_actions »" in refused(base(covid_2021_actions="yes"))
    assert "« amendments[0].avenant_2 »" in refused(
        {"signed_on": "2021-01-01", "size": 1, "amendments": [{"signed_on": "2022-01-01", "avenant_2": True}]}
    )


def test_crisis_mission_needs_avenant_2() -> None:
    """002 §1: the crisis mission comes with avenant n° 2; a 2021 contract cannot start it before moving."""
    document = {"signed_on": "2021-01-01", "size": 1, "missions": {"crisis": {"started_on": "2021-06-01"}}}
    assert "« missions.crisis.started_on »" in refused(document)
    document["amendments"] = [{"signed_on": "2022-10-01", "avenant_2": True}]
    document["missions"] = {"crisis": {"started_on": "2022-11-01"}}
    assert parse_contract(document).missions["crisis"].started_on == dt.date(2022, 11, 1)


def test_early_mission_contract_fields() -> None:
    """Annexe 2: signed from 3 September 2022, before the ACI; the ACI date defaults to the contract's."""
    early = {"signed_on": "2022-12-01", "size": 1, "started_missions": ["access"], "access_actions": ["mt", "snp"]}
    contract = parse_contract(base(early_mission_contract=early))
    assert contract.early_mission_contract is not None
    assert contract.early_mission_contract.aci_signed_on == dt.date(2023, 3, 1)
    assert "« early_mission_contract.signed_on »" in refused(
        base(early_mission_contract={**early, "signed_on": "2023-04-01"})
    )
    assert "« early_mission_contract.started_missions[0] »" in refused(
        base(early_mission_contract={**early, "started_missions": ["quality"]})
    )
    assert "« early_mission_contract.signed_on »" in refused(
        base(early_mission_contract={**early, "signed_on": "2022-06-01"})
    )
