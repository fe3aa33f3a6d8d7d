"""The stage of a CPTS in its lifecycle, from its stored events (000 "Mode d'emploi", 003, 002 annexes 1-2).

Stages are derived, never stored: the events (letter, health project,
contracts, termination) are the truth.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet

from cpts.accord.termination import effective_on
from cpts.communities.models import Community, EarlyMissionContract, HealthProject, LetterOfIntent
from cpts.contracts.bridge import as_termination
from cpts.contracts.models import Contract
from cpts.contracts.services import expires_on, in_force_among

STAGE_LABELS = {
    "created": "Projet enregistré",
    "letter_submitted": "Lettre d'intention déposée",
    "letter_validated": "Lettre d'intention validée",
    "letter_refused": "Lettre d'intention refusée par l'ARS",
    "early_mission": "Contrat de démarrage des missions",
    "project_submitted": "Projet de santé déposé",
    "project_objected": "Projet de santé refusé par l'ARS",
    "project_validated": "Projet de santé validé",
    "contract_draft": "Contrat en préparation",
    "contract_signed": "Contrat signé",
    "terminating": "Résiliation notifiée",
    "terminated": "Contrat résilié",
    "contract_ended": "Contrat arrivé à échéance",
}


def stage(community: Community, today: dt.date) -> str:
    """The key of STAGE_LABELS the CPTS has reached on `today`."""
    return stages([community], today)[0]


def stages(communities: Sequence[Community] | QuerySet[Community], today: dt.date) -> list[str]:
    """The stage of each CPTS, in order, reading each table once for all of them (lists and counts).

    Always reads the rows now, whatever the objects have cached, so a stage is never stale. Given a
    queryset (the national counts), the rows are selected by a subquery rather than a list of ids.
    """
    ids = [community.pk for community in communities]
    subquery = isinstance(communities, QuerySet)
    scope = {"community__in": communities.values("pk")} if subquery else {"community_id__in": ids}
    contracts: defaultdict[int, list[Contract]] = defaultdict(list)
    for contract in Contract.objects.filter(**scope).select_related("termination").order_by("id"):
        contracts[contract.community_id].append(contract)
    projects = {row.community_id: row for row in HealthProject.objects.filter(**scope)}
    early = set(EarlyMissionContract.objects.filter(**scope).values_list("community_id", flat=True))
    letters = {row.community_id: row for row in LetterOfIntent.objects.filter(**scope)}
    return [stage_from(contracts[pk], projects.get(pk), pk in early, letters.get(pk), today) for pk in ids]


def terminated_on(contract: Contract) -> dt.date | None:
    """When the contract's notified termination takes effect (None: not terminated, or suspended)."""
    return effective_on(as_termination(getattr(contract, "termination", None)))


def ends_on(contract: Contract) -> dt.date | None:
    """When the contract ends: its termination's effect, or its fifth anniversary (002 annexe 1, art. 7)."""
    return min(filter(None, (terminated_on(contract), expires_on(contract))), default=None)


def stage_from(
    contracts: list[Contract],
    project: HealthProject | None,
    early_mission: bool,
    letter: LetterOfIntent | None,
    today: dt.date,
) -> str:
    """The stage from one CPTS's rows (its contracts with their termination fetched)."""
    signed = sorted((c for c in contracts if c.signed_on is not None), key=lambda c: c.signed_on, reverse=True)
    in_force = in_force_among(signed, today, ends_on)
    if in_force is not None:
        return "terminating" if getattr(in_force, "termination", None) is not None else "contract_signed"
    if signed:
        ended = terminated_on(signed[0])
        return "terminated" if ended is not None and ended <= today else "contract_ended"
    if any(contract.signed_on is None for contract in contracts):
        return "contract_draft"
    if project is not None:
        if project.validation_date(today):
            return "project_validated"
        return "project_objected" if project.objected_on else "project_submitted"
    if early_mission:
        return "early_mission"
    if letter is not None:
        if letter.refused_on:
            return "letter_refused"
        return "letter_validated" if letter.validated_on else "letter_submitted"
    return "created"
