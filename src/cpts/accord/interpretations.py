"""Where the texts are ambiguous, silent or misprinted: each choice is a named rule.

One place for every reading of the texts (ARCHITECTURE.md, "Catala"). The code
cites the rule's name next to where it applies; `docs/interpretations.md` gives
the full reasoning with the passages, and a test checks both name the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Interpretation:
    name: str
    summary: str
    sources: str


def _rules(*items: Interpretation) -> dict[str, Interpretation]:
    return {item.name: item for item in items}


INTERPRETATIONS = _rules(
    Interpretation(
        "ACI_2019_START",
        "L'ACI de 2019 s'applique à partir du 24 août 2019, date de sa publication au Journal officiel.",
        "002 annexe 1, préambule",
    ),
    Interpretation(
        "SIZE_BOUNDS_FROM_000",
        "Les bornes de taille sont celles de 000 (bornes basses incluses : 40 000, 80 000, 175 000), "
        "et non les bornes approximatives du contrat type.",
        "000 « 7 points-clés » ; 002 annexe 1, art. 4 ; 004",
    ),
    Interpretation(
        "CRISIS_OCCURRENCE_52500",
        "Le volet « survenue d'une crise » de taille 2 vaut 52 500 € ; le « 52 00 » de 002 §1.3 est une coquille.",
        "002 §1.3 ; 002 annexe 1, art. 5 ; 002 annexe 3",
    ),
    Interpretation(
        "SIZE4_BONUS_SCOPE",
        "La majoration de 10 % (taille 4, au moins 100 membres) s'applique à tous les volets des missions "
        "(fixe, variable, crise, volets soins non programmés de 2019), ni au fonctionnement, ni au "
        "financement additionnel du fonctionnement ; elle n'existe qu'avec l'avenant n° 2.",
        "002 §5.1 ; 002 annexe 1, art. 5 ; 002 annexe 3",
    ),
    Interpretation(
        "OPERATING_BONUS_ONE_OFF",
        "Le financement additionnel du fonctionnement est versé une seule fois, en totalité, et n'entre "
        "pas dans le total annuel ; éligibles : contrats signés avant le 30 septembre 2022.",
        "002 §3.1 ; 002 annexe 1, art. 4.1, 5 et 6.1",
    ),
    Interpretation(
        "NO_SAS_KEEPS_2019_ACCESS",
        "Sans SAS opérationnel, seule la mission accès aux soins garde les montants de 2019 (avec le volet "
        "compensation et, si la CPTS l'organise, le volet orientation) ; les autres dispositions de "
        "l'avenant n° 2 s'appliquent.",
        "002 §2.2, §2.3 b), et la fin du §2 (« Les CPTS qui se conventionnent après… »)",
    ),
    Interpretation(
        "CRISIS_TOTAL_COUNTS_FIRST_DRAFTING",
        "Le total annuel compte le volet fixe de la mission crise pour la première rédaction du plan et "
        "le volet « survenue d'une crise », comme les totaux publiés.",
        "002 annexe 1, art. 5, note ** du tableau",
    ),
    Interpretation(
        "REGIME_BY_DATE",
        "Sans autre précision, le régime applicable à une date est l'avenant n° 2 à partir du 3 septembre "
        "2022 et l'ACI de 2019 avant ; un contrat antérieur passe à l'avenant n° 2 à la signature de son "
        "avenant au contrat.",
        "002 §1.3, §2.3, §3.1, §5.1",
    ),
)
