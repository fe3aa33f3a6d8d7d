"""« À traiter » of the CPTS lifecycle: letters and health projects waiting for the ARS, contracts to sign
(cpts.core.worklist, registered by cpts.web.apps); a fixed number of queries whatever the number of CPTS."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cpts.communities.models import HealthProject, LetterOfIntent
from cpts.communities.rules import deemed_validated_on
from cpts.contracts.models import Contract
from cpts.core.models import Organisation
from cpts.core.worklist import Task

VALIDATE = 10  # ranks: what the ARS validates, then what the parties sign
SIGN = 20


def lifecycle_tasks(organisation: Organisation, on: dt.date) -> list[Task]:
    tasks = contracts_to_sign(organisation)
    if organisation.kind == Organisation.Kind.ARS:
        tasks += letters_to_validate(organisation) + projects_to_validate(organisation, on)
    return tasks


def letters_to_validate(organisation: Organisation) -> list[Task]:
    """Letters of intent the ARS has neither validated nor refused (003, « Gouvernance »)."""
    waiting = LetterOfIntent.objects.visible_to(organisation).filter(validated_on__isnull=True, refused_on__isnull=True)
    return [
        Task(
            letter.community.name,
            "Lire et valider la lettre d'intention",
            reverse("community-event", args=[letter.community_id, "valider-lettre"]),
            letter.submitted_on,
            f"déposée le {letter.submitted_on:%d/%m/%Y} (003, « Gouvernance »)",
            VALIDATE,
        )
        for letter in waiting.select_related("community")
    ]


def projects_to_validate(organisation: Organisation, on: dt.date) -> list[Task]:
    """Health projects neither validated nor objected to, before the ARS's silence validates them."""
    waiting = HealthProject.objects.visible_to(organisation).filter(validated_on__isnull=True, objected_on__isnull=True)
    tasks = []
    for project in waiting.select_related("community"):
        deemed = deemed_validated_on(project.submitted_on)
        if deemed > on:
            url = reverse("community-event", args=[project.community_id, "valider-projet"])
            detail = f"réputé validé le {deemed:%d/%m/%Y} sans opposition de l'ARS (art. L. 1434-12 CSP)"
            action = "Lire et valider le projet de santé"
            tasks.append(Task(project.community.name, action, url, deemed, detail, VALIDATE))
    return tasks


def contracts_to_sign(organisation: Organisation) -> list[Task]:
    drafts = Contract.objects.visible_to(organisation).filter(signed_on__isnull=True).select_related("community")
    return [
        Task(
            contract.community.name,
            "Signer le contrat",
            reverse("contract-event", args=[contract.pk, "signer"]),
            None,
            "contrat tripartite CPTS, CPAM, ARS (002 annexe 1)",
            SIGN,
        )
        for contract in drafts
        if contract.can_sign(organisation)
    ]
