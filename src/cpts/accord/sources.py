"""The register of the texts the agreement's code cites (parameters/sources.yaml, docs/sources.md).

A citation such as "002 annexe 1, art. 6.1 ; 000 « 7 points-clés »" is a list of passages separated by
" ; ", each starting with the short name of a registered text. `cited` finds the texts a citation names,
so that a parameter or a rule whose source names no registered text is caught by the tests, and a reader
can go from "002" to the note DGOS/R5/CNAM/DDGOS/2023/3 of 12 January 2023.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REGISTER = Path(__file__).parent / "parameters" / "sources.yaml"


@dataclass(frozen=True, slots=True)
class Source:
    key: str  # the short name citations start with: "002", "CSP", "Loi 2016-41"
    title: str
    date: dt.date | None
    identifier: str
    publication: str
    url: str | None
    seed: str | None  # the file of ../shared/seeds/ that holds the text, if any


@cache
def register() -> dict[str, Source]:
    """Every registered text, by short name."""
    with REGISTER.open(encoding="utf-8") as stream:
        raw = yaml.safe_load(stream)
    return {
        str(key): Source(
            str(key),
            entry["title"],
            entry.get("date"),
            entry["identifier"],
            entry["publication"],
            entry.get("url"),
            entry.get("seed"),
        )
        for key, entry in raw.items()
    }


@cache
def _pattern() -> re.Pattern[str]:
    # Longest names first, so that "ACI 2019" is not read as a shorter name.
    names = sorted(register(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(name) for name in names) + r")(?![\w-])")


def cited(citation: str) -> list[Source]:
    """The registered texts a citation names, in the order of their first mention."""
    found: dict[str, Source] = {}
    for match in _pattern().finditer(citation):
        found.setdefault(match.group(1), register()[match.group(1)])
    return list(found.values())
