"""The words of the domain in French: one catalogue for the pages, the exports and the command line.

Code names stay in English (docs/glossary.md); people read these labels. Pure Python (no Django),
so the command line and the engine's callers share it. A key missing from a table falls back to a
French word, never to the English code.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS
from cpts.accord.interpretations import INTERPRETATIONS
from cpts.accord.money import THIN_SPACE
from cpts.accord.schedule_model import KIND_LABELS  # the nature of a schedule line, kept beside the engine

__all__ = ["KIND_LABELS", "MISSION_LABELS", "PART_LABELS"]

# The two dates of a mission's calendar (002 annexe 1, art. 3).
DEADLINE_KIND_LABELS = {"start": "démarrage", "deployment": "déploiement"}
# The state of a deadline (cpts.accord.deadlines).
DEADLINE_STATUS_LABELS = {
    "met": "respectée",
    "due_soon": "bientôt due",
    "missed": "dépassée",
    "open": "à venir",
    "free": "sans date prévue",
    "not_applicable": "sans objet",
}
# The state of a schedule line against the ledger (cpts.payments.balances).
LINE_STATUS_LABELS = {
    "upcoming": "à venir",
    "to_order": "à ordonnancer",
    "ordered": "ordonnancé, à payer",
    "overdue": "en retard",
    "paid": "soldé",
    "overpaid": "trop-perçu à recouvrer",
    "withheld": "retenu",
}
# The state of a contract year's list of members (cpts.accord.members_lists, rule MEMBERS_LIST_YEARLY).
MEMBERS_LIST_STATUS_LABELS = {
    "received": "reçue",
    "late": "reçue après l'anniversaire",
    "due": "à transmettre avant l'anniversaire",
    "missing": "manquante",
    "upcoming": "à venir",
    "not_required": "non requise (pas de majoration de taille 4)",
}
# Who acts (cpts.core.models.Organisation.Kind) and who initiates a termination.
ROLE_LABELS = {"cpam": "CPAM", "ars": "ARS", "cnam": "CNAM", "cpts": "CPTS"}
# Ledger entries (cpts.payments.models.LedgerEntry.Entry).
ENTRY_LABELS = {"order": "ordre de paiement", "payment": "paiement"}

# The short French title of each named reading of the texts (cpts.accord.interpretations): the
# visible text shows the title, the code stays in the « détail technique ».
RULE_TITLES = {
    "ACI_2019_START": "Entrée en vigueur de l'ACI de 2019",
    "SIZE_BOUNDS_FROM_000": "Bornes de taille des CPTS",
    "CRISIS_OCCURRENCE_52500": "Survenue d'une crise en taille 2",
    "SIZE4_BONUS_SCOPE": "Majoration de 10 % des grandes CPTS",
    "OPERATING_BONUS_ONE_OFF": "Financement additionnel versé une fois",
    "NO_SAS_KEEPS_2019_ACCESS": "Accès aux soins sans SAS opérationnel",
    "CRISIS_TOTAL_COUNTS_FIRST_DRAFTING": "Total annuel de la mission crise",
    "REGIME_BY_DATE": "Texte applicable à une date",
    "CRISIS_PLAN_MANDATORY_ITEMS": "Rubriques obligatoires du plan de crise",
    "CRISIS_PLAN_VERSIONS": "Versions du plan de crise",
    "CRISIS_PLAN_DRAFTED_ON": "Date de rédaction du plan de crise",
    "CRISIS_AREA_TOUCHES": "CPTS concernées par une crise",
    "CRISIS_PAYMENTS_ELIGIBILITY": "Droit au volet « survenue d'une crise »",
    "COVID_2021_DEROGATION": "Dérogation COVID 2021",
    "NATIONAL_INDICATOR_DIRECTIONS": "Sens des indicateurs nationaux",
    "NATIONAL_INDICATOR_KINDS": "Nature des indicateurs nationaux",
    "WEIGHTED_MEAN_OF_INDICATORS": "Moyenne pondérée des indicateurs",
    "LINEAR_CAPPED": "Règle linéaire plafonnée",
    "STEPS_ON_VALUE": "Règle par paliers",
    "MISSING_VALUE_SCORES_ZERO": "Valeur manquante comptée à 0 %",
    "NO_VARIABLE_INDICATOR": "Mission sans indicateur pondéré",
    "JOINT_DECISION_OVERRIDE": "Décision conjointe des signataires",
    "ATTAINMENT_ROUNDED_TO_BASIS_POINT": "Arrondi des taux d'atteinte",
    "CRISIS_FOLLOW_UP_ONLY": "Indicateurs de suivi de la mission crise",
    "MUNICIPAL_POPULATION": "Population municipale",
    "EPCI_POPULATION_FROM_COMMUNES": "Population d'un EPCI par ses communes",
    "DELEGATED_CODE_TO_CURRENT_COMMUNE": "Commune déléguée",
    "WHOLE_CITY_SUPERSEDES_ARRONDISSEMENTS": "Ville entière et arrondissements",
    "BALANCE_WITHHELD_WITHOUT_DOCUMENTS": "Solde retenu sans les pièces de la revue",
    "CONTRACT_YEARS": "Années du contrat",
    "PRORATA_BY_DAYS": "Prorata en jours",
    "ROUNDING_BALANCE": "Arrondi et solde",
    "OPERATING_PAYMENTS": "Versements du fonctionnement",
    "FIXED_ADVANCE_AND_BALANCE": "Avance et solde du volet fixe",
    "VARIABLE_AT_SETTLEMENT": "Volet variable au règlement de l'année",
    "TERMS_AT_SETTLEMENT": "Montants en vigueur au règlement",
    "CRISIS_PAYMENTS": "Versements de la mission crise",
    "OPERATING_BONUS_DATE": "Date du financement additionnel",
    "AVENANT_2_BY_AMENDMENT": "Passage à l'avenant n° 2",
    "TERMINATION_PRORATA": "Résiliation et prorata",
    "EARLY_MISSION_CONTRACT": "Contrat de démarrage des missions",
    "DEPLOYMENT_DEADLINES": "Calendrier de déploiement",
    "CRISIS_TEMPLATE_AVAILABLE": "Trame nationale du plan de crise",
    "DEADLINE_DUE_SOON": "Échéance proche",
    "MEMBERS_LIST_YEARLY": "Liste annuelle des adhérents",
}

RULE_CODE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def label(table: dict[str, str], key: str | None, missing: str = "—") -> str:
    """The French label of `key`; `missing` (never the English code) for a key the table lacks."""
    return table.get(key or "", missing)


def rule_title(code: str) -> str:
    """The French title of a named rule; its summary's first clause for a rule added without a title."""
    if code in RULE_TITLES:
        return RULE_TITLES[code]
    found = INTERPRETATIONS.get(code)
    return found.summary.split(" ; ")[0].rstrip(".") if found else code


def without_rule_codes(text: str) -> str:
    """A French text whose named rules (« règle BALANCE_WITHHELD_… ») read as their titles."""
    return RULE_CODE.sub(lambda m: f"« {rule_title(m.group())} »" if m.group() in INTERPRETATIONS else m.group(), text)


def number(value: int | Decimal | None) -> str:
    """84574 -> « 84 574 » (a population, a count): groups of three with a narrow no-break space."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    whole, _, decimals = f"{abs(value)}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + THIN_SPACE.join(groups) + (f",{decimals}" if decimals else "")


SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_number(text: str) -> Decimal:
    """« 70 000 », « 70 000,50 » (spaces, no-break spaces, comma) or « 70000.50 » as a Decimal.

    Raises ValueError with a French message for anything else.
    """
    cleaned = SPACES.sub("", text.strip()).replace("€", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"« {text} » n'est pas un nombre (exemples : 70 000 ou 85,5).") from None
    if not value.is_finite():
        raise ValueError(f"« {text} » n'est pas un nombre (exemples : 70 000 ou 85,5).")
    return value


def region_name(code: str) -> str:
    """« 44 » -> « Grand Est » (INSEE COG, cpts.geo); the code itself if unknown."""
    from cpts.geo import UnknownCode, load

    try:
        return load().region_name(code)
    except UnknownCode:
        return code


def department_name(code: str) -> str:
    """« 57 » -> « Moselle (57) »."""
    from cpts.geo import UnknownCode, load

    try:
        return f"{load().department_name(code)} ({code})"
    except UnknownCode:
        return code
