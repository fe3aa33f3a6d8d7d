"""Filters that show amounts and labels of the engine in French (one formatting, cpts.accord.money)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cpts.accord.explain import Explanation
from cpts.accord.interpretations import INTERPRETATIONS
from cpts.accord.money import french
from cpts.core import words

register = template.Library()


@register.filter
def euros(amount: Decimal | None) -> str:
    """18750.00 -> « 18 750,00 € » (cpts.accord.money.french)."""
    return "" if amount is None else french(Decimal(amount))


@register.filter
def number(value: int | Decimal | None) -> str:
    """84574 -> « 84 574 » (populations, counts; cpts.core.words.number)."""
    return words.number(value)


@register.filter
def mission_label(key: str) -> str:
    return words.label(words.MISSION_LABELS, key)


@register.filter
def part_label(key: str) -> str:
    return words.label(words.PART_LABELS, key)


@register.filter
def kind_label(key: str) -> str:
    return words.label(words.KIND_LABELS, key)


@register.filter
def deadline_kind_label(key: str) -> str:
    return words.label(words.DEADLINE_KIND_LABELS, key)


@register.filter
def deadline_status_label(key: str) -> str:
    return words.label(words.DEADLINE_STATUS_LABELS, key)


@register.filter
def status_label(key: str) -> str:
    """State of a schedule line against the ledger (cpts.payments.balances)."""
    return words.label(words.LINE_STATUS_LABELS, key)


@register.filter
def members_list_status(key: str) -> str:
    """State of a year's list of members (cpts.accord.members_lists, rule MEMBERS_LIST_YEARLY)."""
    return words.label(words.MEMBERS_LIST_STATUS_LABELS, key)


@register.filter
def plain(text: str) -> str:
    """A French text whose named rules read as their titles (cpts.core.words.without_rule_codes)."""
    return words.without_rule_codes(str(text))


@register.filter
def region_name(code: str) -> str:
    """« 44 » -> « Grand Est »."""
    return words.region_name(code)


@register.filter
def department_name(code: str) -> str:
    """« 57 » -> « Moselle (57) »."""
    return words.department_name(code)


@register.filter
def percent(rate: Decimal | None) -> str:
    """0.755 -> « 75,5 % » (cpts.accord.money.percent)."""
    from cpts.accord.money import percent as as_percent

    return "" if rate is None else as_percent(Decimal(rate))


def joined(parts: Iterable[SafeString], separator: str = "") -> SafeString:
    """Escaped fragments put together (each was escaped by format_html)."""
    return mark_safe(separator.join(parts))


def technical(*codes: str) -> SafeString:
    """The codes meant for machines and maintainers, folded away in a « détail technique » disclosure (none: "")."""
    if not any(codes):
        return SafeString("")
    return format_html(
        '<details class="cpts-technical fr-text--xs fr-mb-0"><summary>Détail technique</summary>{}</details>',
        " ; ".join(filter(None, codes)),
    )


def rule_text(rule: str) -> SafeString:
    """A named rule as its French title linked to the glossary; a table parameter as « barème de l'accord »;
    a rule already written in French as it is."""
    if rule in INTERPRETATIONS:
        return format_html('<a href="{}#{}">{}</a>', reverse("glossary"), rule, words.rule_title(rule))
    if " " in rule:
        return format_html("{}", rule)
    return SafeString("barème de l'accord")


@register.simple_tag
def explanation(node: Explanation) -> SafeString:
    """One node of a Payment's Explanation tree (cpts.accord.explain) in French, its children nested in it.

    Built in Python, not by a template including itself: a schedule has a hundred nodes, and the
    recursive include took a third of the contract page's time (benchmarks/pages.py). Codes (rule,
    table parameter) are shown only in the node's « détail technique ».
    """
    inputs = cell = SafeString("")
    if node.inputs:
        data = joined((format_html("{} = {}", name, value) for name, value in node.inputs), " ; ")
        inputs = format_html("<li>Données : {}</li>", data)
    if node.cell:
        size = format_html(", taille {}", node.cell.size) if node.cell.size else ""
        effective = date(node.cell.effective_from, "d/m/Y")
        cell = format_html("<li>Barème{}, en vigueur depuis le {} : {}</li>", size, effective, euros(node.cell.value))
    steps = joined(format_html("<li>{} : {} = {}</li>", s.label, s.formula, euros(s.result)) for s in node.steps)
    children = joined(explanation(child) for child in node.children)
    rule_code = f"règle {node.rule}" if " " not in node.rule else ""
    codes = technical(rule_code, f"barème {node.cell.parameter}" if node.cell else "")
    return format_html(
        '\n<div class="cpts-explanation">\n  <p class="fr-mb-1v"><strong>{}</strong> : {}</p>\n'
        '  <ul class="fr-text--sm">\n    <li>Règle : {} — source : {}</li>\n    {}\n    {}\n    {}\n  </ul>\n'
        "  {}\n  {}\n</div>\n",
        node.label, euros(node.amount), rule_text(node.rule), words.without_rule_codes(node.source),
        inputs, cell, steps, codes, children,
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def page_query(context: Any, parameter: str, number: int) -> str:
    """The current query string with `parameter` set to page `number` (several paginated lists on one page)."""
    query = context["request"].GET.copy()
    query[parameter] = str(number)
    return str(query.urlencode())
