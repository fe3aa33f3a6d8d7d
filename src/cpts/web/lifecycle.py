"""The lifecycle of a CPTS as people read it: a dated timeline, and the stage (from cpts.contracts.lifecycle).

Only reads what the core stored (000 "Mode d'emploi" creation steps; 003
"Gouvernance"; 002 annexe 2; 002 annexe 1 art. 8); the tacit validation of the
health project is the model's own `validation_date` (art. L. 1434-12 CSP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from cpts.communities.models import Community
from cpts.contracts.lifecycle import STAGE_LABELS, stages
from cpts.contracts.models import Contract
from cpts.contracts.services import expires_on, termination_effective_on

# DSFR badge type of each stage of cpts.contracts.lifecycle (the one place stages are computed).
STAGE_BADGES = {
    "created": "new",
    "letter_refused": "error",
    "project_objected": "warning",
    "contract_signed": "success",
    "terminating": "warning",
    "terminated": "error",
}


def stage_of(community: Community, today: dt.date) -> tuple[str, str, str]:
    """(key, French label, badge type) of the stage the CPTS has reached."""
    return stages_of([community], today)[0]


def stages_of(communities: Sequence[Community] | QuerySet[Community], today: dt.date) -> list[tuple[str, str, str]]:
    """`stage_of` for each CPTS of a list, in a fixed number of queries."""
    return [(key, STAGE_LABELS[key], STAGE_BADGES.get(key, "info")) for key in stages(communities, today)]


@dataclass(frozen=True, slots=True)
class Step:
    label: str
    on: dt.date | None
    stage: str


def with_lifecycle(queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The CPTS with everything `timeline` reads, in a fixed number of queries."""
    contracts = Contract.objects.select_related("termination").order_by("signed_on", "id")
    return queryset.select_related(
        "letter_of_intent", "health_project", "early_mission_contract", "territory"
    ).prefetch_related(Prefetch("contracts", queryset=contracts))


def _related(community: Community, name: str) -> Any:
    """A reverse one-to-one, or None (its DoesNotExist is an AttributeError)."""
    return getattr(community, name, None)


def timeline(community: Community, today: dt.date) -> list[Step]:
    """The dated steps reached so far, oldest first."""
    steps: list[Step] = []
    letter = _related(community, "letter_of_intent")
    if letter is not None:
        steps.append(Step("Lettre d'intention déposée", letter.submitted_on, "letter_submitted"))
        if letter.validated_on:
            steps.append(Step("Lettre d'intention validée par l'ARS", letter.validated_on, "letter_validated"))
        if letter.refused_on:  # its reason is shown beside the timeline
            steps.append(Step("Lettre d'intention refusée par l'ARS", letter.refused_on, "letter_refused"))
    project = _related(community, "health_project")
    if project is not None:
        steps.append(Step("Projet de santé déposé", project.submitted_on, "project_submitted"))
        if project.objected_on:
            steps.append(Step("Opposition de l'ARS au projet de santé", project.objected_on, "project_objected"))
        else:
            validated = project.validation_date(today)
            if validated:
                tacit = project.validated_on is None
                label = (
                    "Projet de santé réputé validé (silence de l'ARS)" if tacit else "Projet de santé validé par l'ARS"
                )
                steps.append(Step(label, validated, "project_validated"))
    early = _related(community, "early_mission_contract")
    if early is not None:
        steps.append(Step("Contrat de démarrage des missions signé", early.signed_on, "early_mission"))
    for contract in community.contracts.all():
        if contract.signed_on is None:
            steps.append(Step("Contrat ACI en préparation", None, "contract_draft"))
            continue
        steps.append(Step("Contrat ACI signé", contract.signed_on, "contract_signed"))
        termination = getattr(contract, "termination", None)
        effective = termination_effective_on(contract) if termination is not None else None
        expiry = expires_on(contract)
        if termination is not None:
            steps.append(Step("Résiliation notifiée", termination.notified_on, "terminating"))
        if effective is not None and effective <= today and (expiry is None or effective < expiry):
            steps.append(Step("Résiliation effective", effective, "terminated"))
        elif expiry is not None and expiry <= today:
            steps.append(Step("Contrat arrivé à échéance (cinq ans)", expiry, "contract_ended"))
    return steps
