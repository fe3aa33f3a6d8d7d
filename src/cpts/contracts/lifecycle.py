"""The stage of a CPTS in its lifecycle, from its stored events (000 "Mode d'emploi", 003, 002 annexes 1-2).

Stages are derived, never stored: the events (letter, health project,
contracts, termination) are the truth.
"""

from __future__ import annotations

import datetime as dt

from cpts.communities.models import Community, EarlyMissionContract, HealthProject, LetterOfIntent
from cpts.contracts.services import contract_in_force, termination_effective_on

STAGE_LABELS = {
    "created": "Projet enregistré",
    "letter_submitted": "Lettre d'intention déposée",
    "letter_validated": "Lettre d'intention validée",
    "early_mission": "Contrat de démarrage des missions",
    "project_submitted": "Projet de santé déposé",
    "project_objected": "Projet de santé refusé par l'ARS",
    "project_validated": "Projet de santé validé",
    "contract_draft": "Contrat en préparation",
    "contract_signed": "Contrat signé",
    "terminating": "Résiliation notifiée",
    "terminated": "Contrat résilié",
}


def stage(community: Community, today: dt.date) -> str:
    """The key of STAGE_LABELS the CPTS has reached on `today`."""
    in_force = contract_in_force(community, today)
    if in_force is not None:
        return "terminating" if hasattr(in_force, "termination") else "contract_signed"
    contracts = community.contracts.all()  # type: ignore[attr-defined]
    if any(contract.signed_on is not None and termination_effective_on(contract) for contract in contracts):
        return "terminated"
    if any(contract.signed_on is None for contract in contracts):
        return "contract_draft"
    project = HealthProject.objects.filter(community=community).first()
    if project is not None:
        if project.validation_date(today):
            return "project_validated"
        return "project_objected" if project.objected_on else "project_submitted"
    if EarlyMissionContract.objects.filter(community=community).exists():
        return "early_mission"
    letter = LetterOfIntent.objects.filter(community=community).first()
    if letter is not None:
        return "letter_validated" if letter.validated_on else "letter_submitted"
    return "created"
