"""The domain's words in French (cpts.core.words): labels, rule titles, numbers read and written as French
people do, the history of a contract without stored machine values, the glossary and footer pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from cpts.accord.interpretations import INTERPRETATIONS
from cpts.core import words
from cpts.core.actors import Actor
from cpts.core.forms import NumberField
from cpts.payments.entries import record_payment
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments

from .conftest import World
from .crawl import visible_text
from .test_plain_french import offences


def test_every_named_rule_reads_as_a_french_title_and_codes_in_a_text_are_replaced() -> None:
    for code in INTERPRETATIONS:
        assert words.RULE_CODE.search(words.rule_title(code)) is None, code
    text = "pièces manquantes (002 annexe 1, art. 6.2 ; règle BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."
    assert words.without_rule_codes(text) == (
        "pièces manquantes (002 annexe 1, art. 6.2 ; règle « Solde retenu sans les pièces de la revue »)."
    )


def test_numbers_are_written_with_narrow_no_break_spaces() -> None:
    assert words.number(84574) == "84\u202f574"
    assert words.number(1234567) == "1\u202f234\u202f567"
    assert words.number(999) == "999"
    assert words.number(None) == "—"


@pytest.mark.parametrize(
    ("typed", "value"),
    [("70 000", "70000"), ("70\u00a0000,50", "70000.50"), ("70\u202f000", "70000"), ("85,5", "85.5"), ("85.5", "85.5")],
)
def test_numbers_are_read_with_spaces_no_break_spaces_and_a_comma(typed: str, value: str) -> None:
    assert words.parse_number(typed) == Decimal(value)
    assert NumberField(max_digits=12, decimal_places=2).clean(typed) == Decimal(value)


def test_a_word_that_is_not_a_number_is_refused_in_french() -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        words.parse_number("soixante-dix")


def test_an_unknown_key_never_shows_its_code() -> None:
    assert words.label(words.KIND_LABELS, "payment") == "versement"
    assert words.label(words.KIND_LABELS, "unknown_kind") == "—"


def test_the_history_shows_amounts_dates_and_words_in_french(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """A ledger order and its payment: « 75000.00 », ISO timestamps, `operating`, `payment` and the
    id of the user who recorded them must not reach the page."""
    run_payments(Actor.command("tests"), dt.date(2024, 3, 31))
    order = LedgerEntry.objects.filter(contract=world.contract, entry="order").order_by("pk").first()
    assert order is not None
    record_payment(world.actor("cpam"), order, dt.date(2024, 4, 2), "VIR-1")
    html = client_for("cpam").get(reverse("contract-history", args=[world.contract.pk])).content.decode()
    text = visible_text(html)
    assert not offences(text), offences(text)
    assert "VIR-1" in text and "02/04/2024" in text
    assert words.MISSION_LABELS[order.mission] in unescape(text)
    assert "recorded by" not in text
    assert "enregistré par — agent-cpam" in text  # the name stored beside the link, never the user's id


@pytest.mark.parametrize("name", ["glossary", "legal-notice", "personal-data", "accessibility"])
def test_footer_pages_are_public_and_linked_from_every_page(db: None, name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert f'href="{reverse(name)}"' in response.content.decode()


def test_the_glossary_names_every_rule_by_its_title_with_the_code_folded(db: None) -> None:
    html = Client().get(reverse("glossary")).content.decode()
    text = visible_text(html)
    for code in INTERPRETATIONS:
        assert f'id="{code}"' in html
        assert unescape(words.rule_title(code)) in unescape(text)
        assert code not in text
