"""Lifecycle transitions of a CPTS before its contract, and its member list.

Each function checks who acts (docs/permissions.md), refuses a move the texts
do not allow with a French `TransitionRefused`, and records the change in the
audit trail. Sources: 003 "Gouvernance" (letter of intent, then a health
project the ARS validates), 002 §3.2 and annexe 2 (early-mission contract),
002 §5.1 (members).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from cpts.accord.contract import EarlyMissionContract as EarlyContractTerms
from cpts.accord.early_mission import aci_deadline
from cpts.accord.envelopes import avenant_2_start
from cpts.communities.models import Community, EarlyMissionContract, HealthProject, LetterOfIntent, Member
from cpts.communities.permissions import can_create_community
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.models import Organisation
from cpts.core.services import checked_save, french_date, refuse_if
from cpts.territories.services import store_territory

# --- The CPTS itself ------------------------------------------------------------------------------


def create_community(
    actor: Actor,
    *,
    name: str,
    department: str,
    address: str,
    rna: str = "",
    siren: str = "",
    finess: str = "",
) -> Community:
    """Register a CPTS project and its organisation (the CPTS's users will belong to it)."""
    actor.require(
        lambda organisation: can_create_community(organisation, department),
        "Seules la CPAM du département et l'ARS de la région peuvent enregistrer une CPTS.",
    )
    with audited(actor, "créer la CPTS") as change:
        organisation = Organisation.objects.create(kind=Organisation.Kind.CPTS, name=name)
        community = Community(
            organisation=organisation,
            name=name,
            department=department,
            address=address,
            rna=rna,
            siren=siren,
            finess=finess,
        )
        checked_save(community)
        change.instance = community
    return community


def set_territory(
    actor: Actor, community: Community, communes: Iterable[str] = (), epci: Iterable[str] = ()
) -> Community:
    """Store a new territory snapshot (cpts.geo.build_territory) and make it the CPTS's territory."""
    actor.require(community.can_edit, "Vous ne pouvez pas modifier le territoire de cette CPTS.")
    with audited(actor, "définir le territoire", community):
        community.territory = store_territory(communes, epci)
        community.save(update_fields=["territory"])
    return community


# --- Letter of intent and health project (003 "Gouvernance") ---------------------------------------


def submit_letter(actor: Actor, community: Community, on: dt.date, declared_size: int | None = None) -> LetterOfIntent:
    actor.require(community.can_submit, "Seules la CPTS et l'ARS de la région peuvent déposer la lettre d'intention.")
    existing = LetterOfIntent.objects.filter(community=community).first()
    refuse_if(
        existing is not None,
        f"La lettre d'intention a déjà été déposée le {french_date(existing.submitted_on) if existing else ''}.",
    )
    with audited(actor, "déposer la lettre d'intention") as change:
        letter = LetterOfIntent(community=community, submitted_on=on, declared_size=declared_size)
        checked_save(letter)
        change.instance = letter
    return letter


def validate_letter(actor: Actor, community: Community, on: dt.date) -> LetterOfIntent:
    """The ARS validates the letter of intent (003 "Gouvernance"; 002 annexe 2, art. 1.2)."""
    actor.require(community.can_validate_letter, "Seule l'ARS de la région peut valider la lettre d'intention.")
    letter = LetterOfIntent.objects.filter(community=community).first()
    refuse_if(letter is None, "Aucune lettre d'intention n'a été déposée : il n'y a rien à valider.")
    assert letter is not None
    _check_letter_pending(letter, on)
    with audited(actor, "valider la lettre d'intention", letter):
        letter.validated_on = on
        letter.validated_by = actor.organisation
        letter.save()
    return letter


def refuse_letter(actor: Actor, community: Community, on: dt.date, reason: str) -> LetterOfIntent:
    """The ARS refuses the letter of intent, with a reason the CPTS reads (003 "Gouvernance": the ARS
    decides on the letter; a refusal without reason would leave the project holders nothing to correct)."""
    actor.require(community.can_validate_letter, "Seule l'ARS de la région peut refuser la lettre d'intention.")
    refuse_if(not reason.strip(), "Le refus de la lettre d'intention doit être motivé : la CPTS lira ce motif.")
    letter = LetterOfIntent.objects.filter(community=community).first()
    refuse_if(letter is None, "Aucune lettre d'intention n'a été déposée : il n'y a rien à refuser.")
    assert letter is not None
    _check_letter_pending(letter, on)
    with audited(actor, "refuser la lettre d'intention", letter):
        letter.refused_on = on
        letter.refusal = reason.strip()
        letter.save()
    return letter


def _check_letter_pending(letter: LetterOfIntent, on: dt.date) -> None:
    refuse_if(
        letter.validated_on is not None,
        f"La lettre d'intention a déjà été validée le {french_date(letter.validated_on or on)}.",
    )
    refuse_if(
        letter.refused_on is not None,
        f"La lettre d'intention a déjà été refusée le {french_date(letter.refused_on or on)}.",
    )
    refuse_if(
        on < letter.submitted_on,
        f"La décision ne peut précéder le dépôt de la lettre d'intention ({french_date(letter.submitted_on)}).",
    )


def submit_health_project(actor: Actor, community: Community, on: dt.date) -> HealthProject:
    actor.require(community.can_submit, "Seules la CPTS et l'ARS de la région peuvent déposer le projet de santé.")
    letter = LetterOfIntent.objects.filter(community=community).first()
    refuse_if(
        letter is None or letter.validated_on is None,
        "Le projet de santé ne peut être déposé qu'après la validation de la lettre d'intention par l'ARS.",
    )
    assert letter is not None and letter.validated_on is not None
    refuse_if(
        on < letter.validated_on,
        f"Le projet de santé ne peut être déposé avant la validation de la lettre d'intention "
        f"({french_date(letter.validated_on)}).",
    )
    refuse_if(HealthProject.objects.filter(community=community).exists(), "Le projet de santé a déjà été déposé.")
    with audited(actor, "déposer le projet de santé") as change:
        project = HealthProject(community=community, submitted_on=on)
        checked_save(project)
        change.instance = project
    return project


def _pending_project(community: Community, on: dt.date) -> HealthProject:
    """The submitted project the ARS may still validate or object to on `on`."""
    project = HealthProject.objects.filter(community=community).first()
    refuse_if(project is None, "Aucun projet de santé n'a été déposé.")
    assert project is not None
    refuse_if(
        project.validated_on is not None,
        f"Le projet de santé a déjà été validé le {french_date(project.validated_on or on)}.",
    )
    refuse_if(project.objected_on is not None, "L'ARS s'est déjà opposée à ce projet de santé.")
    refuse_if(
        on < project.submitted_on,
        f"La décision ne peut précéder le dépôt du projet de santé ({french_date(project.submitted_on)}).",
    )
    deemed = project.validation_date(on)
    refuse_if(
        deemed is not None,
        f"Le projet de santé est réputé validé depuis le {french_date(deemed or on)} faute d'opposition de l'ARS "
        "dans le délai (art. L. 1434-12 CSP).",
    )
    return project


def validate_health_project(actor: Actor, community: Community, on: dt.date) -> HealthProject:
    actor.require(community.can_validate_health_project, "Seule l'ARS de la région peut valider le projet de santé.")
    project = _pending_project(community, on)
    with audited(actor, "valider le projet de santé", project):
        project.validated_on = on
        project.validated_by = actor.organisation
        project.save()
    return project


def object_to_health_project(actor: Actor, community: Community, on: dt.date, reason: str) -> HealthProject:
    actor.require(community.can_validate_health_project, "Seule l'ARS de la région peut s'opposer au projet de santé.")
    refuse_if(not reason.strip(), "L'opposition de l'ARS doit être motivée.")
    project = _pending_project(community, on)
    with audited(actor, "opposition au projet de santé", project):
        project.objected_on = on
        project.objection = reason.strip()
        project.save()
    return project


def health_project_validated_on(community: Community, today: dt.date) -> dt.date | None:
    """The date the health project was validated, explicitly or tacitly, as seen on `today`."""
    project = HealthProject.objects.filter(community=community).first()
    return project.validation_date(today) if project else None


# --- Early-mission contract (002 §3.2, annexe 2) -------------------------------------------------


def sign_early_mission_contract(
    actor: Actor,
    community: Community,
    on: dt.date,
    started_missions: Iterable[str] = (),
    size: int | None = None,
    registered_on: dt.date | None = None,
) -> EarlyMissionContract:
    """Annexe 2, art. 1.2 and 3: a validated letter of intent, no ACI contract yet, once only."""
    actor.require(
        community.can_sign_early_contract,
        "Seules la CPTS et la CPAM du département signent le contrat de démarrage des missions.",
    )
    letter = LetterOfIntent.objects.filter(community=community).first()
    refuse_if(
        letter is None or letter.validated_on is None,
        "Le contrat de démarrage suppose une lettre d'intention validée par l'ARS (002 annexe 2, art. 1.2).",
    )
    assert letter is not None and letter.validated_on is not None
    refuse_if(
        on < letter.validated_on,
        f"Le contrat de démarrage ne peut précéder la validation de la lettre d'intention "
        f"({french_date(letter.validated_on)}).",
    )
    refuse_if(  # 002 §3.2: the contract is annexe 6 of avenant n° 2, in force on 3 September 2022 (002 §1.3)
        on < avenant_2_start(),
        f"Le contrat de démarrage des missions n'existe qu'avec l'avenant n° 2 (en vigueur le "
        f"{french_date(avenant_2_start())}).",
    )
    refuse_if(
        EarlyMissionContract.objects.filter(community=community).exists(),
        "Un contrat de démarrage a déjà été signé : il n'est possible qu'une fois (002 annexe 2, art. 1.2).",
    )
    refuse_if(
        community.contracts.filter(signed_on__isnull=False).exists(),  # type: ignore[attr-defined]
        "La CPTS a déjà adhéré à l'ACI : le contrat de démarrage lui est fermé (002 annexe 2, art. 1.2).",
    )
    chosen_size = size or letter.declared_size or (community.territory.size if community.territory else None)
    refuse_if(chosen_size is None, "La taille de la future CPTS doit être connue (lettre d'intention ou territoire).")
    cpam = Organisation.objects.filter(kind=Organisation.Kind.CPAM, department=community.department).first()
    refuse_if(cpam is None, f"Aucune CPAM n'est enregistrée pour le département {community.department}.")
    refuse_if(
        registered_on is not None and registered_on < on,
        f"L'enregistrement de l'adhésion ne peut précéder la signature ({french_date(on)}).",
    )
    with audited(actor, "signer le contrat de démarrage des missions") as change:
        contract = EarlyMissionContract(
            community=community,
            cpam=cpam,
            signed_on=on,
            registered_on=registered_on,
            size=chosen_size,
            started_missions=sorted(started_missions),
        )
        checked_save(contract)
        change.instance = contract
    return contract


def early_deadline(contract: EarlyMissionContract) -> dt.date:
    """Nine months from the registration of the adhesion by the CPAM, or the signature (002 annexe 2, art. 3)."""
    described = EarlyContractTerms(contract.signed_on, contract.size, registered_on=contract.registered_on)
    return aci_deadline(described)


def terminate_early_mission_contract(
    actor: Actor, community: Community, on: dt.date, by: str, ground: str = ""
) -> EarlyMissionContract:
    """002 annexe 2, art. 4: the CPTS may terminate while the contract runs, with no ground and no refund; the
    CPAM on one of the grounds of art. 4.2 (non-deployment at any time; no adhesion once the nine months have
    passed without the ACI signed within them), and the whole aid is then refunded (art. 4.3, rule
    EARLY_MISSION_CONTRACT)."""
    actor.require(
        community.can_sign_early_contract, "Seules la CPTS et la CPAM peuvent résilier le contrat de démarrage."
    )
    refuse_if(by not in EarlyMissionContract.Initiator.values, f"Initiative inconnue : « {by} » (cpts ou cpam).")
    contract = EarlyMissionContract.objects.filter(community=community).first()
    refuse_if(contract is None, "Aucun contrat de démarrage n'a été signé.")
    assert contract is not None
    refuse_if(contract.terminated_notified_on is not None, "Le contrat de démarrage est déjà résilié.")
    refuse_if(
        on < contract.signed_on,
        f"La résiliation ne peut précéder la signature ({french_date(contract.signed_on)}).",
    )
    end = early_deadline(contract)
    if by == "cpts":
        refuse_if(bool(ground), "Une résiliation par la CPTS n'a pas de motif à enregistrer (annexe 2, art. 4.1).")
        refuse_if(on > end, f"Le contrat de démarrage a pris fin le {french_date(end)} (9 mois, 002 annexe 2, art. 3).")
    else:
        grounds = EarlyMissionContract.Ground
        refuse_if(
            ground not in grounds.values,
            "Indiquez le motif de la résiliation par la CPAM : non déploiement des actions, ou pas d'adhésion à "
            "l'ACI dans les neuf mois (002 annexe 2, art. 4.2).",
        )
        if ground == grounds.NO_ADHESION:
            refuse_if(
                on < end,
                f"La résiliation faute d'adhésion n'est possible qu'à l'issue des neuf mois, le {french_date(end)} "
                "(002 §3.2).",
            )
            joined = community.contracts.filter(signed_on__lte=end).exists()  # type: ignore[attr-defined]
            refuse_if(joined, "La CPTS a adhéré à l'ACI dans les neuf mois : pas de résiliation faute d'adhésion.")
    with audited(actor, "résilier le contrat de démarrage des missions", contract):
        contract.terminated_notified_on = on
        contract.terminated_by = by
        contract.termination_ground = ground if by == "cpam" else ""
        checked_save(contract)
    return contract


# --- Members (002 §5.1) ----------------------------------------------------------------------------


def add_member(actor: Actor, community: Community, **fields: object) -> Member:
    """Add one professional or structure; field errors come back as a French ValidationError."""
    actor.require(community.can_declare_members, "Seule la CPTS déclare la liste de ses membres.")
    with audited(actor, "ajouter un membre") as change:
        member = Member(community=community, **fields)
        checked_save(member)
        change.instance = member
    return member


def add_members(actor: Actor, community: Community, rows: Iterable[dict[str, object]]) -> list[Member]:
    """All rows or none (an import refused whole): the first invalid row raises, nothing is written."""
    with transaction.atomic():
        return [add_member(actor, community, **row) for row in rows]


def member_leaves(actor: Actor, member: Member, on: dt.date) -> Member:
    actor.require(member.can_declare_members, "Seule la CPTS déclare la liste de ses membres.")
    refuse_if(member.left_on is not None, f"Ce membre a déjà quitté la CPTS le {french_date(member.left_on or on)}.")
    refuse_if(on < member.joined_on, f"Le départ ne peut précéder l'adhésion ({french_date(member.joined_on)}).")
    with audited(actor, "départ d'un membre", member):
        member.left_on = on
        member.save()
    return member
