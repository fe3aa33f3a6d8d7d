"""The explanations of the yearly money (`cpts.accord.recurring`), built when first read.

Each function turns the figures a payment was computed from into its
explanation tree: the clause, the inputs, the annual amount's cell and the
arithmetic (rules OPERATING_PAYMENTS, FIXED_ADVANCE_AND_BALANCE,
VARIABLE_AT_SETTLEMENT, ROUNDING_BALANCE, TERMINATION_PRORATA). Amounts arrive
in integer cents, as the engine computes them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from cpts.accord.calendar import french_date
from cpts.accord.contract_terms import TermsState, envelope_line, line_of, terms_of
from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS
from cpts.accord.explain import Explanation, make_explanation, make_step
from cpts.accord.money import french, from_cents, percent
from cpts.accord.schedule_model import Recipe
from cpts.accord.years import YearPlan

OPERATING_SOURCE = "002 annexe 1, art. 4.1 et 6.1"
FIXED_SOURCE = "002 annexe 1, art. 6.2 ; 002 §1.3 et §2.3"
VARIABLE_SOURCE = "002 annexe 1, art. 4.2.2 et 6.2"
BALANCE_SOURCE = "002 annexe 1, art. 6.2 ; 002 §2.3 et §5.1 (montants en vigueur au solde)"
TERMINATION_SOURCE = "002 annexe 1, art. 8.3"
TRANSITION_SOURCE = (
    "002 §2.3 (« Présence d'un SAS sur le territoire : pour les CPTS signataires avant l'entrée en vigueur de "
    "l'avenant n° 2 et dont le solde doit être versé après cette même date, celui-ci sera calculé sur la base du "
    "montant de l'avenant n° 2 »)"
)
# Formatting is pure and the same few amounts recur in every schedule: format each once.
_money = lru_cache(maxsize=8192)(french)
_percent = lru_cache(maxsize=256)(percent)


def _formula(rate: Decimal | None, amount: Decimal, days: int, total: int, factor: Decimal | None = None) -> str:
    terms = [_percent(rate)] if rate is not None else []
    terms.append(_money(amount))
    if factor is not None:
        terms.append(_percent(factor))
    if days != total:
        terms.append(f"{days}/{total}")
    return " × ".join(terms)


def _year_inputs(plan: YearPlan, running_from: dt.date, days: int) -> tuple[tuple[str, str], ...]:
    year = plan.year
    return _inputs(year.number, year.start, year.end, running_from, days, plan.days)


@lru_cache(maxsize=4096)
def _inputs(
    number: int, start: dt.date, end: dt.date, running_from: dt.date, days: int, total: int
) -> tuple[tuple[str, str], ...]:
    return (
        ("année du contrat", str(number)),
        ("année du", f"{french_date(start)} au {french_date(end)} (exclu)"),
        ("en cours depuis le", french_date(running_from)),
        ("jours", f"{days}/{total}"),
    )


def opening(
    mission: str,
    part: str,
    kind: str,
    plan: YearPlan,
    running_from: dt.date,
    on: dt.date,
    days: int,
    rate: Decimal,
    terms: TermsState,
    amount: int,
    complete_on: dt.date | None = None,
) -> Explanation:
    """The 75 % advance, or the year-1 operating payment in full (kind "payment"), payable from `complete_on`
    when the CPAM declared the dossier complete after the signature (002 annexe 1, art. 6.1)."""
    line = line_of(terms, mission, part)
    paid = from_cents(amount)
    shown_rate = None if kind == "payment" else rate
    what = "versement intégral à la signature" if kind == "payment" else "avance"
    inputs = (*_year_inputs(plan, running_from, days), ("montants en vigueur le", french_date(on)))
    if complete_on is not None:
        inputs = (*inputs, ("dossier déclaré complet le (versement à partir de cette date)", french_date(complete_on)))
    return make_explanation(
        f"{MISSION_LABELS[mission]} — {PART_LABELS[part]} : {what}, année {plan.year.number}",
        paid,
        "OPERATING_PAYMENTS" if mission == "operating" else "FIXED_ADVANCE_AND_BALANCE",
        OPERATING_SOURCE if mission == "operating" else FIXED_SOURCE,
        inputs,
        line.explanation.cell,
        (make_step(what.capitalize(), _formula(shown_rate, line.amount, days, plan.days), paid),),
        (line.explanation,),
    )


def balance(
    mission: str,
    part: str,
    kind: str,
    plan: YearPlan,
    terms: TermsState,
    due: int,
    already: int,
    running_from: dt.date,
    days: int,
    terms_on: dt.date,
    rule: str | None = None,
) -> Explanation:
    """Due for the year with the terms in force at its settlement, minus what was already paid (a reimbursement
    when negative in a terminated year); `rule` names the reading that chose those terms, if not the default."""
    line = envelope_line(terms_of(terms), mission, part)
    amount, owed = from_cents(due - already), from_cents(due)
    annual = line.amount if line is not None else from_cents(0)
    formula = _formula(None, annual, days, plan.days) if line else "volet absent des montants en vigueur"
    steps = [make_step("Dû pour l'année", formula, owed)]
    if already:
        steps.append(
            make_step("Moins déjà versé pour l'année", f"{_money(owed)} − {_money(from_cents(already))}", amount)
        )
    label = "remboursement" if kind == "reimbursement" else "solde"
    return make_explanation(
        f"{MISSION_LABELS[mission]} — {PART_LABELS[part]} : {label}, année {plan.year.number}",
        amount,
        rule or ("TERMINATION_PRORATA" if plan.terminated else "ROUNDING_BALANCE"),
        TRANSITION_SOURCE if rule else TERMINATION_SOURCE if plan.terminated else BALANCE_SOURCE,
        (*_year_inputs(plan, running_from, days), ("montants en vigueur le", french_date(terms_on))),
        line.explanation.cell if line else None,
        tuple(steps),
        (line.explanation,) if line else (),
    )


def variable(
    mission: str,
    plan: YearPlan,
    terms: TermsState,
    attainment: Decimal,
    due: int,
    running_from: dt.date,
    days: int,
    terms_on: dt.date,
    rule: str | None = None,
) -> Explanation:
    """Annual variable amount × attainment rate × prorata of the year (`rule`: as in `balance`)."""
    line = line_of(terms, mission, "variable")
    amount = from_cents(due)
    return make_explanation(
        f"{MISSION_LABELS[mission]} — {PART_LABELS['variable']} : solde, année {plan.year.number}",
        amount,
        rule or ("TERMINATION_PRORATA" if plan.terminated else "VARIABLE_AT_SETTLEMENT"),
        TRANSITION_SOURCE if rule else TERMINATION_SOURCE if plan.terminated else VARIABLE_SOURCE,
        (
            *_year_inputs(plan, running_from, days),
            ("taux d'atteinte", _percent(attainment)),
            ("montants en vigueur le", french_date(terms_on)),
        ),
        line.explanation.cell,
        (make_step("Volet variable", _formula(None, line.amount, days, plan.days, attainment), amount),),
        (line.explanation,),
    )


BONUS_SOURCE = (
    "002 §5.1 (« Les 10 % supplémentaires s'appliquent sur l'ensemble des rémunérations éligibles à partir de la "
    "signature de l'avenant et versées à date anniversaire (solde de l'année en cours, avance de l'année à venir "
    "...) ») ; 002 annexe 3 (« Non rétroactif »)"
)


def bonus_balance(
    mission: str,
    part: str,
    kind: str,
    plan: YearPlan,
    terms: TermsState,
    figures: tuple[int, int, int, int, Decimal, Decimal],
    running_from: dt.date,
    days: int,
    terms_on: dt.date,
) -> Explanation:
    """Rule SIZE4_BONUS_FROM_AMENDMENT: the size-4 bonus changed between the advance and the settlement; the
    advance keeps the bonus of its date, the rest of the year takes the bonus in force at the settlement."""
    base_due, base_advance, already, amount, advance_bonus, bonus = figures
    line = line_of(terms._replace(size4_bonus=False), mission, part)
    due, advance, rest = from_cents(base_due), from_cents(base_advance), from_cents(base_due - base_advance)
    paid, result = from_cents(already), from_cents(amount)
    steps = (
        make_step("Dû pour l'année, hors majoration", _formula(None, line.amount, days, plan.days), due),
        make_step("Moins l'avance, hors majoration", f"{_money(due)} − {_money(advance)}", rest),
        make_step("Reste versé au solde, majoration en vigueur au solde", f"{_money(rest)} × (1 + {_percent(bonus)})",
                  result),
        make_step("Total de l'année pour ce volet", f"{_money(paid)} + {_money(result)}", paid + result),
    )  # fmt: skip
    label = "remboursement" if kind == "reimbursement" else "solde"
    return make_explanation(
        f"{MISSION_LABELS[mission]} — {PART_LABELS[part]} : {label}, année {plan.year.number}",
        result,
        "SIZE4_BONUS_FROM_AMENDMENT",
        BONUS_SOURCE,
        (
            *_year_inputs(plan, running_from, days),
            ("montants en vigueur le", french_date(terms_on)),
            ("avance versée", f"{_money(paid)} (majoration {_percent(advance_bonus)})"),
            ("majoration au solde", _percent(bonus)),
        ),
        line.explanation.cell,
        steps,
        (line.explanation,),
    )


NET_SOURCE = (
    "002 annexe 1, art. 8.3 (« Dans le cas où la rémunération calculée selon les modalités ci-dessus venait à être "
    "inférieure à l'avance versée ..., la communauté professionnelle est tenue de procéder au remboursement de la "
    "différence ... dans un délai de deux mois à compter de la date effective de la résiliation »)"
)


def net_settlement(
    plan: YearPlan, kind: str, amount: int, parts: tuple[tuple[int, int, Recipe], ...]
) -> Explanation:
    """Rule TERMINATION_NET_SETTLEMENT: the termination year's remuneration, prorata temporis, minus what was paid
    for the year, as one amount; each part's own calculation is a child of the explanation."""
    paid = sum(already for _, already, _ in parts)
    due = from_cents(paid + amount)
    net, before = from_cents(amount), from_cents(paid)
    children = tuple(build(*arguments) for _, _, (build, arguments) in parts)
    what = "remboursement dû par la CPTS" if kind == "reimbursement" else "solde versé à la CPTS"
    return make_explanation(
        f"{MISSION_LABELS['termination']} — {PART_LABELS['net_settlement']} {plan.year.number} : {what}",
        net,
        "TERMINATION_NET_SETTLEMENT",
        NET_SOURCE,
        (
            ("année du contrat", str(plan.year.number)),
            ("année du", f"{french_date(plan.year.start)} au {french_date(plan.year.end)} (exclu)"),
            ("résiliation effective le", french_date(plan.closes_on)),
            ("à régler au plus tard le", french_date(plan.settlement_due)),
            ("volets", str(len(parts))),
        ),
        None,
        (
            make_step(
                "Rémunération de l'année au prorata temporis (somme des volets)",
                " + ".join(_money(from_cents(difference + already)) for difference, already, _ in parts),
                due,
            ),
            make_step("Moins versé pour l'année (avances, fonctionnement)", f"{_money(due)} − {_money(before)}", net),
        ),
        children,
    )


def top_up(
    mission: str,
    part: str,
    plan: YearPlan,
    settled: TermsState,
    transition: TermsState,
    figures: tuple[int, int, Decimal, dt.date, int, dt.date],
) -> Explanation:
    """Rule SAS_TRANSITION_BEFORE_AVENANT_2: a year settled at the 2019 amounts before the amendment gets the
    difference to the avenant n° 2 SAS amounts, due from the amendment."""
    old, new, rate, running_from, days, on = figures
    line = envelope_line(terms_of(transition), mission, part)
    before = envelope_line(terms_of(settled), mission, part)
    shown_rate = rate if part == "variable" else None
    owed, paid, amount = from_cents(new), from_cents(old), from_cents(new - old)
    steps = (
        make_step(
            "Dû sur les montants de l'avenant n° 2 (SAS)",
            _formula(None, line.amount, days, plan.days, shown_rate) if line else "volet absent des montants avec SAS",
            owed,
        ),
        make_step("Moins réglé aux montants de 2019", f"{_money(owed)} − {_money(paid)}", amount),
    )
    return make_explanation(
        f"{MISSION_LABELS[mission]} — {PART_LABELS[part]} : complément, année {plan.year.number}",
        amount,
        "SAS_TRANSITION_BEFORE_AVENANT_2",
        TRANSITION_SOURCE,
        (*_year_inputs(plan, running_from, days), ("avenant n° 2 signé le", french_date(on))),
        line.explanation.cell if line else None,
        steps,
        tuple(found.explanation for found in (line, before) if found is not None),
    )


MEMBERS_LIST_SOURCE = (
    "002 §5.1 (« En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses "
    "adhérents » ; « Les 10 % supplémentaires s'appliquent sur l'ensemble des rémunérations éligibles ... versées "
    "à date anniversaire (solde de l'année en cours ...) »)"
)


def _list_state(number: int, received_on: dt.date | None) -> tuple[str, str]:
    state = f"reçue le {french_date(received_on)}" if received_on is not None else "non transmise"
    return (f"liste des adhérents de l'année {number}", state)


def bonus_held(
    base: Recipe, full: Recipe, number: int, received_on: dt.date | None, amounts: tuple[Decimal, Decimal]
) -> Explanation:
    """Rule MEMBERS_LIST_YEARLY: a settlement payment made while the year's list of members is not received carries
    no size-4 bonus; the bonus it would carry waits for the list (a pending line, or a line payable from it)."""
    full_amount, base_amount = amounts
    held = full_amount - base_amount
    full_tree, base_tree = full[0](*full[1]), base[0](*base[1])
    when = (
        f"versée à part à partir du {french_date(received_on)}, jour de réception de la liste"
        if received_on is not None
        else "en attente de la liste"
    )
    return make_explanation(
        f"{base_tree.label}, sans la majoration de taille 4",
        base_amount,
        "MEMBERS_LIST_YEARLY",
        MEMBERS_LIST_SOURCE,
        (_list_state(number, received_on), ("majoration de 10 % suspendue", f"{_money(held)}, {when}")),
        None,
        (
            make_step("Versement avec la majoration de taille 4 (détail ci-dessous)", _money(full_amount), full_amount),
            make_step("Moins la majoration, suspendue", f"{_money(full_amount)} − {_money(held)}", base_amount),
        ),
        (base_tree, full_tree),
    )


def bonus_released(
    base: Recipe | None, full: Recipe, number: int, received_on: dt.date, amounts: tuple[Decimal, Decimal]
) -> Explanation:
    """Rule MEMBERS_LIST_YEARLY: the size-4 bonus of a settlement payment, payable from the day the year's list of
    members (showing the hundred members) was received; `base`: the payment made without it, if any."""
    full_amount, base_amount = amounts
    held = full_amount - base_amount
    full_tree = full[0](*full[1])
    children = (full_tree,) if base is None else (full_tree, base[0](*base[1]))
    return make_explanation(
        f"{full_tree.label} : majoration de taille 4 versée à la réception de la liste des adhérents",
        held,
        "MEMBERS_LIST_YEARLY",
        MEMBERS_LIST_SOURCE,
        (_list_state(number, received_on),),
        None,
        (
            make_step(
                "Versement avec la majoration moins versement sans",
                f"{_money(full_amount)} − {_money(base_amount)}",
                held,
            ),
        ),
        children,
    )
