"""The register of sources (parameters/sources.yaml): every parameter and named rule cites a registered text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cpts.accord.interpretations import INTERPRETATIONS
from cpts.accord.parameters import HERE, amounts, rules
from cpts.accord.sources import cited, register

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


def _yaml_sources(node: object) -> list[str]:
    """Every `source` value of a parsed parameter file, at any depth."""
    if isinstance(node, dict):
        found = [str(node["source"])] if "source" in node else []
        return found + [text for value in node.values() for text in _yaml_sources(value)]
    if isinstance(node, list):
        return [text for value in node for text in _yaml_sources(value)]
    return []


def test_citations_name_the_registered_texts() -> None:
    assert [source.key for source in cited("002 §3.1 ; 000 « 7 points-clés » ; 002 annexe 1, art. 5")] == ["002", "000"]
    assert [source.key for source in cited("ACI 2019 : aucune majoration (002 §5.1)")] == ["ACI 2019", "002"]
    assert [source.key for source in cited("art. L. 1434-12 CSP")] == ["CSP"]
    assert cited("002 annexe 1, art. 4.2.2") != cited("2002 ; art. 4.0.02")


def test_the_note_of_12_january_2023_is_002() -> None:
    """The seed 002 is the note DGOS/R5/CNAM/DDGOS/2023/3 (002, first page: « Référence NOR : SPRH2300554N »)."""
    note = register()["002"]
    assert "DGOS/R5/CNAM/DDGOS/2023/3" in note.identifier and "SPRH2300554N" in note.identifier
    assert str(note.date) == "2023-01-12"


def test_every_seed_of_the_register_is_a_file_of_the_seeds() -> None:
    for source in register().values():
        if source.seed is not None:
            assert (SEEDS / source.seed).is_file(), source.key


@pytest.mark.parametrize("name", ["amounts.yaml", "rules.yaml", "indicators.yaml", "crisis_plan.yaml"])
def test_every_parameter_source_cites_a_registered_text(name: str) -> None:
    with (HERE / name).open(encoding="utf-8") as stream:
        sources = _yaml_sources(yaml.safe_load(stream))
    assert sources, name
    assert [text for text in sources if not cited(text)] == []


def test_every_loaded_period_cites_a_registered_text() -> None:
    periods = [period for table in (amounts(), rules()) for parameter in table.values() for period in parameter.periods]
    assert [period.source for period in periods if not cited(period.source)] == []


def test_every_named_rule_cites_a_registered_text() -> None:
    assert [rule.name for rule in INTERPRETATIONS.values() if not cited(rule.sources)] == []


def test_docs_sources_lists_every_registered_text() -> None:
    document = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    for source in register().values():
        assert f"`{source.key}`" in document and source.identifier in document, source.key
