"""The early-mission contract signed before the ACI (002 §3.2, annexe 2): rule EARLY_MISSION_CONTRACT."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cpts.accord.calendar import add_months
from cpts.accord.contract import EarlyMissionContract
from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS, Line, early_mission_amount
from cpts.accord.explain import Explanation, Step
from cpts.accord.money import french
from cpts.accord.parameters import rule
from cpts.accord.schedule_model import Payment

SOURCE = "002 §3.2 ; 002 annexe 2, art. 1.2, 2.2, 3 et 4"
REIMBURSEMENT_SOURCE = "002 §3.2 ; 002 annexe 2, art. 2.1, 4.1 à 4.3"
# Core missions that may count; the crisis mission never does ("est exclue du dispositif", 002 §3.2).
COUNTED_MISSIONS = ("access", "pathways", "prevention")
ACCESS_ACTIONS = frozenset({"mt", "snp"})
LABEL = f"{MISSION_LABELS['early_mission']} — {PART_LABELS['early_mission']}"


def counted_missions(contract: EarlyMissionContract) -> tuple[str, ...]:
    """Rule EARLY_MISSION_CONTRACT: the core missions already started that the contract pays for.

    Access counts only if both its actions have started ("la CPTS aura démarré des
    actions concernant l'accès à un médecin traitant ET concernant les soins non
    programmés", 002 §3.2); the crisis mission never counts.
    """
    started = set(contract.started_missions)
    return tuple(
        mission
        for mission in COUNTED_MISSIONS
        if mission in started and (mission != "access" or set(contract.access_actions) >= ACCESS_ACTIONS)
    )


def aci_deadline(contract: EarlyMissionContract) -> dt.date:
    """The ACI must be signed within nine months of the early-mission contract (annexe 2, art. 2.1 and 3)."""
    months: int = rule("early_mission_months", contract.signed_on)
    return add_months(contract.signed_on, months)


def early_mission_payments(contract: EarlyMissionContract | None) -> list[Payment]:
    """Rule EARLY_MISSION_CONTRACT: at signature, the amount of its size per counted mission (annexe 2, art. 2.2:
    "Le montant de l'aide est versé dès la signature du contrat"); if terminated without the ACI signed within nine
    months, everything paid is reimbursed within two months of the effective date (one month after notice)."""
    if contract is None:
        return []
    missions = counted_missions(contract)
    if not missions:
        return []
    line = early_mission_amount(contract.size, contract.signed_on)
    total = line.amount * len(missions)
    recipe = (_explanation, (contract, missions, line, total))
    payments = [Payment(contract.signed_on, 0, "early_mission", "early_mission", "payment", total, recipe)]
    refund = _reimbursement(contract, total)
    if refund is not None:
        payments.append(refund)
    return payments


def _explanation(contract: EarlyMissionContract, missions: tuple[str, ...], line: Line, total: Decimal) -> Explanation:
    inputs = (
        ("taille", str(contract.size)),
        ("signé le", f"{contract.signed_on:%d/%m/%Y}"),
        ("missions socles démarrées retenues", ", ".join(MISSION_LABELS[mission] for mission in missions)),
    )
    step = Step("Aide par mission démarrée", f"{len(missions)} × {french(line.amount)}", total)
    return Explanation(
        LABEL, total, "EARLY_MISSION_CONTRACT", SOURCE, inputs, line.explanation.cell, (step,), (line.explanation,)
    )


def _reimbursement(contract: EarlyMissionContract, paid: Decimal) -> Payment | None:
    notified = contract.terminated_notified_on
    deadline = aci_deadline(contract)
    if notified is None or (contract.aci_signed_on is not None and contract.aci_signed_on <= deadline):
        return None
    effective = add_months(notified, rule("early_mission_notice_months", notified))
    due_on = add_months(effective, rule("early_mission_reimbursement_months", effective))
    recipe = (_reimbursement_explanation, (contract, paid, effective, deadline))
    return Payment(due_on, 0, "early_mission", "early_mission", "reimbursement", -paid, recipe)


def _reimbursement_explanation(
    contract: EarlyMissionContract, paid: Decimal, effective: dt.date, deadline: dt.date
) -> Explanation:
    aci = f"{contract.aci_signed_on:%d/%m/%Y}" if contract.aci_signed_on else "non signé"
    inputs = (
        ("résiliation notifiée le", f"{contract.terminated_notified_on:%d/%m/%Y}"),
        ("effective le", f"{effective:%d/%m/%Y}"),
        ("ACI à signer au plus tard le", f"{deadline:%d/%m/%Y}"),
        ("ACI", aci),
    )
    step = Step("Remboursement de la somme versée", f"− {french(paid)}", -paid)
    return Explanation(
        f"{LABEL} : remboursement", -paid, "EARLY_MISSION_CONTRACT", REIMBURSEMENT_SOURCE, inputs, None, (step,)
    )
