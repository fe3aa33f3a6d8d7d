"""Filters that show amounts and labels of the engine in French (one formatting, cpts.accord.money)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS
from cpts.accord.explain import Explanation
from cpts.accord.money import french
from cpts.accord.schedule_model import KIND_LABELS

register = template.Library()

DEADLINE_KIND_LABELS = {"start": "démarrage", "deployment": "déploiement"}


@register.filter
def euros(amount: Decimal | None) -> str:
    """18750.00 -> « 18 750,00 € » (cpts.accord.money.french)."""
    return "" if amount is None else french(Decimal(amount))


@register.filter
def mission_label(key: str) -> str:
    return MISSION_LABELS.get(key, key)


@register.filter
def part_label(key: str) -> str:
    return PART_LABELS.get(key, key)


@register.filter
def kind_label(key: str) -> str:
    return KIND_LABELS.get(key, key)


@register.filter
def deadline_kind_label(key: str) -> str:
    return DEADLINE_KIND_LABELS.get(key, key)


@register.filter
def status_label(key: str) -> str:
    """State of a schedule line against the ledger (cpts.payments.balances.STATUS_LABELS)."""
    from cpts.payments.balances import STATUS_LABELS

    return STATUS_LABELS.get(key, key)


@register.filter
def percent(rate: Decimal | None) -> str:
    """0.755 -> « 75,5 % » (cpts.accord.money.percent)."""
    from cpts.accord.money import percent as as_percent

    return "" if rate is None else as_percent(Decimal(rate))


def joined(parts: Iterable[SafeString], separator: str = "") -> SafeString:
    """Escaped fragments put together (each was escaped by format_html)."""
    return mark_safe(separator.join(parts))


@register.simple_tag
def explanation(node: Explanation) -> SafeString:
    """One node of a Payment's Explanation tree (cpts.accord.explain) in French, its children nested in it.

    Built in Python, not by a template including itself: a schedule has a hundred nodes, and the
    recursive include took a third of the contract page's time (benchmarks/pages.py).
    """
    inputs = cell = SafeString("")
    if node.inputs:
        data = joined((format_html("{} = {}", name, value) for name, value in node.inputs), " ; ")
        inputs = format_html("<li>Données : {}</li>", data)
    if node.cell:
        size = format_html(", taille {}", node.cell.size) if node.cell.size else ""
        effective = date(node.cell.effective_from, "d/m/Y")
        cell = format_html(
            "<li>Barème : {}{}, en vigueur depuis le {} : {}</li>",
            node.cell.parameter, size, effective, euros(node.cell.value),
        )  # fmt: skip
    steps = joined(format_html("<li>{} : {} = {}</li>", s.label, s.formula, euros(s.result)) for s in node.steps)
    children = joined(explanation(child) for child in node.children)
    return format_html(
        '\n<div class="cpts-explanation">\n  <p class="fr-mb-1v"><strong>{}</strong> : {}</p>\n'
        '  <ul class="fr-text--sm">\n    <li>Règle : {} — source : {}</li>\n    {}\n    {}\n    {}\n  </ul>\n'
        "  {}\n</div>\n",
        node.label, euros(node.amount), node.rule, node.source, inputs, cell, steps, children,
    )  # fmt: skip
