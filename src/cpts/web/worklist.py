"""« À traiter » of the CPTS lifecycle: letters and health projects waiting for the ARS, contracts to sign
(cpts.core.worklist, registered by cpts.web.apps); a fixed number of queries whatever the number of CPTS.
The yearly lists of members (`members_list_tasks`) come from the schedules the home page already computes,
without a query of their own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from cpts.accord.members_lists import MembersListYear
from cpts.accord.money import french
from cpts.communities.models import HealthProject, LetterOfIntent
from cpts.communities.rules import deemed_validated_on
from cpts.contracts.models import Contract, Signature
from cpts.core.models import Organisation
from cpts.core.worklist import Task

VALIDATE = 10  # ranks: what the ARS validates, then what the parties sign
SIGN = 20
MEMBERS_LIST = 15  # a missing list holds money: before the signatures
# A CPTS is reminded of its list once the year's anniversary is this close (the home's horizon of payments).
LIST_REMINDER_DAYS = 60
PARTY_LABELS = dict(Signature.Party.choices)


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
    """Drafts this party has not signed yet (rule SIGNATURES_THREE_PARTIES: each party signs for itself; the
    contract takes effect on the last signature), with who has signed already."""
    drafts = (
        Contract.objects.visible_to(organisation)
        .filter(signed_on__isnull=True)
        .select_related("community")
        .prefetch_related("signatures")
    )
    tasks = []
    for contract in drafts:
        party = contract.party_of(organisation)
        signed = {signature.party: signature for signature in contract.signatures.all()}  # type: ignore[attr-defined]
        if party is None or party in signed or not contract.can_sign(organisation):
            continue
        done = ", ".join(
            f"{PARTY_LABELS[key]} le {signed[key].signed_on:%d/%m/%Y}" for key in Signature.ORDER if key in signed
        )
        detail = f"déjà signé : {done}" if done else "aucune signature encore"
        tasks.append(
            Task(
                contract.community.name,
                "Signer le contrat",
                reverse("contract-event", args=[contract.pk, "signer"]),
                None,
                f"contrat tripartite CPTS, CPAM, ARS (002 annexe 1) ; {detail}",
                SIGN,
            )
        )
    return tasks


def members_list_tasks(
    organisation: Organisation, found: list[tuple[Contract, MembersListYear, Decimal | None]], on: dt.date
) -> list[Task]:
    """Rule MEMBERS_LIST_YEARLY (002 §5.1 « l'association CPTS transmettra tous les ans, la liste exhaustive de
    ses adhérents »): for the CPTS, its list missing, or due within LIST_REMINDER_DAYS of the year's anniversary;
    for its CPAM, which records a list received, the missing ones. `found`: (contract, year's list, the size-4
    bonus waiting for it), from the schedules of the home page."""
    is_cpts = organisation.kind == Organisation.Kind.CPTS
    tasks = []
    for contract, item, held in found:
        soon = item.status == "due" and (item.closes_on - on).days <= LIST_REMINDER_DAYS
        if not (item.status == "missing" or (is_cpts and soon)) or not contract.can_record_members_list(organisation):
            continue
        url = reverse("contract-event", args=[contract.pk, "liste-adherents"]) + f"?annee={item.contract_year}"
        if item.status == "missing":
            action = (
                f"Transmettre la liste des adhérents de l'année {item.contract_year}"
                if is_cpts
                else f"Enregistrer la liste des adhérents de l'année {item.contract_year}"
            )
            money = f"{french(held)} de majoration de taille 4 en attente" if held else "majoration de taille 4"
            detail = f"manquante depuis le {item.closes_on:%d/%m/%Y} : {money} jusqu'à sa réception (002 §5.1)"
        else:
            action = f"Transmettre la liste des adhérents de l'année {item.contract_year}"
            detail = (
                f"avant le {item.closes_on:%d/%m/%Y} : sans elle, la majoration de 10 % du règlement de l'année "
                "attend sa réception (002 §5.1)"
            )
        tasks.append(Task(contract.community.name, action, url, item.closes_on, detail, MEMBERS_LIST))
    return tasks
