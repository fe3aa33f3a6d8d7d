"""Filters that show amounts and labels of the engine in French (one formatting, cpts.accord.money)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS
from cpts.accord.money import french

register = template.Library()

KIND_LABELS = {"payment": "versement", "advance": "avance", "balance": "solde", "reimbursement": "remboursement"}
DEADLINE_KIND_LABELS = {"start": "démarrage", "deployment": "déploiement"}


@register.filter
def euros(amount: Decimal | None) -> str:
    """18750.00 -> « 18 750,00 € » (cpts.accord.money.french)."""
    return "" if amount is None else french(Decimal(amount))


@register.filter
def mission_label(key: str) -> str:
    return MISSION_LABELS.get(key, "Contrat de démarrage des missions" if key == "early_mission" else key)


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
