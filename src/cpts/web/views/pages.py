"""Pages that belong to no object: the accessibility statement, the legal notice, personal data, the glossary.

All four are reachable without login (settings.LOGIN_EXEMPT_URL_NAMES): they are linked from the footer.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from cpts.accord.interpretations import INTERPRETATIONS
from cpts.core import words
from cpts.core.pages import page


def accessibility(request: HttpRequest) -> HttpResponse:
    return page(request, "cpts/accessibility.html", "Déclaration d'accessibilité", trail=[])


def legal_notice(request: HttpRequest) -> HttpResponse:
    return page(request, "cpts/legal_notice.html", "Mentions légales", trail=[])


def personal_data(request: HttpRequest) -> HttpResponse:
    return page(request, "cpts/personal_data.html", "Données personnelles", trail=[])


def glossary(request: HttpRequest) -> HttpResponse:
    """The words of the pages and each named reading of the texts, with its French title (cpts.core.words)."""
    context = {
        "tables": [
            ("Missions", words.MISSION_LABELS),
            ("Volets de financement", words.PART_LABELS),
            ("Nature d'un versement", words.KIND_LABELS),
            ("État d'une échéance de paiement", words.LINE_STATUS_LABELS),
            ("État d'une échéance de déploiement", words.DEADLINE_STATUS_LABELS),
        ],
        "rules": [(code, words.rule_title(code), rule) for code, rule in INTERPRETATIONS.items()],
    }
    return page(request, "cpts/glossary.html", "Glossaire", context, trail=[])
