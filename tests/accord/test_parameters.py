"""The parameter files: dated values with sources, checked at load time (docs/interpretations.md)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from cpts.accord.interpretations import INTERPRETATIONS
from cpts.accord.parameters import ParameterError, amounts, parse, rules

DOCS = Path(__file__).resolve().parents[2] / "docs"


def table(periods: list[dict[str, Any]]) -> dict[str, Any]:
    return {"operating": {"label": "Fonctionnement", "periods": periods}}


def period(start: str, until: str | None = None, source: str = "000", **values: int) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "from": dt.date.fromisoformat(start),
        "values": values or {1: 1, 2: 2, 3: 3, 4: 4},
        "source": source,
    }
    if until:
        entry["until"] = dt.date.fromisoformat(until)
    return entry


def test_shipped_files_load() -> None:
    assert "access_sas_fixed" in amounts()
    assert "advance_rate" in rules()


def test_every_shipped_value_cites_a_seed() -> None:
    for parameter in [*amounts().values(), *rules().values()]:
        for entry in parameter.periods:
            assert re.search(r"\b00[0-4]\b", entry.source), parameter.name


def test_contiguous_periods_are_accepted() -> None:
    parsed = parse(table([period("2019-08-24", "2022-09-03"), period("2022-09-03")]), "t.yaml", per_size=True)
    assert parsed["operating"].at(dt.date(2022, 9, 2))[1] == 1


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ([period("2019-08-24", "2022-01-01"), period("2022-09-03")], "trou"),
        ([period("2019-08-24", "2022-12-01"), period("2022-09-03")], "chevauchement"),
        ([period("2019-08-24"), period("2022-09-03")], "chevauchement"),
        ([period("2019-08-24", source="")], "source"),
        ([{"from": dt.date(2019, 8, 24), "values": {1: 1, 2: 2, 3: 3}, "source": "000"}], "taille"),
        ([{"from": "hier", "values": {1: 1, 2: 2, 3: 3, 4: 4}, "source": "000"}], "date"),
        ([period("2022-09-03", "2019-08-24")], "until"),
    ],
)
def test_malformed_files_are_refused_at_load_time(periods: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        parse(table(periods), "t.yaml", per_size=True)


def test_value_outside_every_period_is_not_in_force() -> None:
    assert not amounts()["crisis_occurrence"].in_force(dt.date(2021, 1, 1))


def test_every_named_rule_is_documented() -> None:
    """Each named rule has its entry in docs/interpretations.md, and vice versa."""
    text = (DOCS / "interpretations.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `([A-Z0-9_]+)`", text, flags=re.MULTILINE))
    assert documented == set(INTERPRETATIONS)
