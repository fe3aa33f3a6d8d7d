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
REIMBURSEMENT_SOURCE = "002 §3.2 ; 002 annexe 2, art. 2.1, 4.2 et 4.3"
# Core missions that may count; the crisis mission never does ("est exclue du dispositif", 002 §3.2).
COUNTED_MISSIONS = ("access", "pathways", "prevention")
ACCESS_ACTIONS = frozenset({"mt", "snp"})
LABEL = f"{MISSION_LABELS['early_mission']} — {PART_LABELS['early_mission']}"
# The grounds of a termination by the CPAM (002 annexe 2, art. 4.2), both followed by a refund.
GROUND_LABELS = {
    "non_deployment": "non déploiement des actions de la ou des missions financées (annexe 2, art. 4.2 et 4.3)",
    "no_adhesion": "pas d'adhésion à l'ACI dans les neuf mois (002 §3.2 ; annexe 2, art. 2.1 et 4.2)",
}
ALL_MISSIONS_WARNING = (
    "Les trois missions socles sont déclarées démarrées : « Le contrat n'a pas vocation à financer l'ensemble des "
    "missions de l'ACI qui seraient démarrées en amont. Dans ce cas de figure, le contrat ACI doit être signé "
    "directement » (002 §3.2)."
)


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


def warnings(contract: EarlyMissionContract | None) -> tuple[str, ...]:
    """What the texts advise against, shown but not refused: all three core missions claimed (002 §3.2)."""
    if contract is not None and len(counted_missions(contract)) == len(COUNTED_MISSIONS):
        return (ALL_MISSIONS_WARNING,)
    return ()


def aci_deadline(contract: EarlyMissionContract) -> dt.date:
    """Nine months to join the ACI, from the registration of the act of adhesion by the CPAM (annexe 2, art. 3:
    « L'adhésion est valable à compter de la date d'enregistrement de l'acte d'adhésion par la caisse ...
    pour une durée de 9 mois maximum »), or from the signature when no registration date is known."""
    start = contract.registered_on or contract.signed_on
    months: int = rule("early_mission_months", start)
    return add_months(start, months)


def effective_termination(notified_on: dt.date) -> dt.date:
    """« effective un mois après réception de la lettre de résiliation » (annexe 2, art. 4.1 and 4.2)."""
    return add_months(notified_on, rule("early_mission_notice_months", notified_on))


def refund_owed(contract: EarlyMissionContract) -> bool:
    """Rule EARLY_MISSION_CONTRACT: a refund only after a termination by the CPAM on one of its two grounds;
    « no_adhesion » only once the nine months have passed without the ACI signed within them."""
    if contract.terminated_notified_on is None or contract.terminated_by != "cpam":
        return False
    if contract.termination_ground == "non_deployment":
        return True
    if contract.termination_ground == "no_adhesion":
        deadline = aci_deadline(contract)
        joined = contract.aci_signed_on is not None and contract.aci_signed_on <= deadline
        return contract.terminated_notified_on >= deadline and not joined
    return False


def early_mission_payments(contract: EarlyMissionContract | None) -> list[Payment]:
    """Rule EARLY_MISSION_CONTRACT: at signature, the amount of its size per counted mission (annexe 2, art. 2.2:
    "Le montant de l'aide est versé dès la signature du contrat"); after a termination by the CPAM for
    non-deployment or for no adhesion within nine months, everything paid is refunded within two months of the
    effective date (one month after notice). A termination by the CPTS stops the aid and recovers nothing."""
    if contract is None:
        return []
    missions = counted_missions(contract)
    if not missions:
        return []
    line = early_mission_amount(contract.size, contract.signed_on)
    total = line.amount * len(missions)
    recipe = (_explanation, (contract, missions, line, total))
    signed = contract.signed_on
    payments = [Payment(signed, 0, "early_mission", "early_mission", "payment", total, recipe, signed)]
    if refund_owed(contract):
        payments.append(_reimbursement(contract, total))
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


def _reimbursement(contract: EarlyMissionContract, paid: Decimal) -> Payment:
    assert contract.terminated_notified_on is not None
    effective = effective_termination(contract.terminated_notified_on)
    due_on = add_months(effective, rule("early_mission_reimbursement_months", effective))
    recipe = (_reimbursement_explanation, (contract, paid, effective, aci_deadline(contract)))
    return Payment(due_on, 0, "early_mission", "early_mission", "reimbursement", -paid, recipe, effective)


def _reimbursement_explanation(
    contract: EarlyMissionContract, paid: Decimal, effective: dt.date, deadline: dt.date
) -> Explanation:
    aci = f"{contract.aci_signed_on:%d/%m/%Y}" if contract.aci_signed_on else "non signé"
    inputs = (
        ("résiliation par la CPAM notifiée le", f"{contract.terminated_notified_on:%d/%m/%Y}"),
        ("motif", GROUND_LABELS[contract.termination_ground or "non_deployment"]),
        ("effective le", f"{effective:%d/%m/%Y}"),
        ("ACI à signer au plus tard le (9 mois après l'enregistrement)", f"{deadline:%d/%m/%Y}"),
        ("ACI", aci),
    )
    step = Step("Remboursement de toute la somme versée", f"− {french(paid)}", -paid)
    return Explanation(
        f"{LABEL} : remboursement", -paid, "EARLY_MISSION_CONTRACT", REIMBURSEMENT_SOURCE, inputs, None, (step,)
    )
