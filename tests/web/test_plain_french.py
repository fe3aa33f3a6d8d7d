"""Plain French on every page: the demo walked by link as each role shows no code meant for machines.

Outside the « détail technique » disclosures, no visible text may contain a named rule's code
(BALANCE_WITHHELD_WITHOUT_DOCUMENTS), an ISO date or timestamp, an English value of an enumeration
(payment, operating, due_soon…) or an amount or population written without its French format
(75000.00, 84574 habitants).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cpts.accord.interpretations import INTERPRETATIONS
from cpts.contracts.demo import USERS, load_demo
from cpts.core import words

from .crawl import crawl

ENUMS = (
    words.MISSION_LABELS, words.PART_LABELS, words.KIND_LABELS, words.DEADLINE_KIND_LABELS,
    words.DEADLINE_STATUS_LABELS, words.LINE_STATUS_LABELS, words.ENTRY_LABELS,
)  # fmt: skip
FRENCH_TOO = {"variable", "national", "local", "budget", "crisis_occurrence"} | {
    word for table in ENUMS for value in table.values() for word in value.split()
}
ENGLISH = sorted({key for table in ENUMS for key in table} - FRENCH_TOO)
MACHINE = {
    "rule code": re.compile(r"\b(" + "|".join(INTERPRETATIONS) + r")\b"),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "English value": re.compile(r"(?<![\w/.-])(" + "|".join(ENGLISH) + r")(?![\w/.-])"),
    # 75000.00, 12.50 €, 84574 habitants (a version number like « DSFR 1.14 » is not an amount).
    "unformatted amount": re.compile(r"\b\d{3,}\.\d{2}\b|\b\d+\.\d{2}\s?€|\b\d{4,}(,\d{2})?\s?(€|habitants|hab\.)"),
}


def offences(text: str) -> set[str]:
    found = set()
    for what, pattern in MACHINE.items():
        for match in pattern.finditer(text):
            found.add(f"{what} « {match.group()} » après « {text[max(0, match.start() - 50) : match.start()]} »")
    return found


@pytest.mark.django_db
def test_the_demo_reads_in_plain_french_for_every_role() -> None:
    load_demo()
    problems: dict[str, str] = {}  # offence -> first page where it was seen
    for _role, username, *_ in USERS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        pages = 0
        for path, text in crawl(client):
            pages += 1
            problems.update({offence: f"{username} {path}" for offence in offences(text) if offence not in problems})
        assert pages > 5, f"{username} n'a atteint que {pages} pages"
    listed = [f"{where} : {offence}" for offence, where in problems.items()]
    assert not problems, f"{len(problems)} textes pour machines :\n" + "\n".join(listed[:80])
