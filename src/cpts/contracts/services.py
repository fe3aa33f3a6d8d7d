"""Lifecycle transitions of the ACI contract, each permitted, checked and audited.

Sources: 002 annexe 1 (contrat type): art. 2-3 (missions and calendar),
art. 4.2.2 (attainment of the variable part), art. 7 (amendments), art. 8
(termination, the joint commission); 003 "Gouvernance" (a contract follows a
health project validated by the ARS); 002 §5.1 (member count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from cpts.accord import dates
from cpts.accord.calendar import add_months
from cpts.accord.envelopes import aci_2019_start, avenant_2_start
from cpts.accord.parameters import rule
from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.termination import effective_on
from cpts.accord.years import contract_years
from cpts.communities.members import member_count
from cpts.communities.models import Community
from cpts.communities.services import health_project_validated_on
from cpts.contracts.bridge import termination_of
from cpts.contracts.models import Amendment, Attainment, Contract, Dossier, Mission, Signature, Termination
from cpts.core import signing
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.dates import on_field
from cpts.core.errors import TransitionRefused
from cpts.core.models import Organisation
from cpts.core.services import checked_save, french_date, refuse_if

OPTIONAL_MISSIONS = ("quality", "support")  # 002 annexe 1, art. 2: the two optional missions


def contract_in_force(community: Community, on: dt.date) -> Contract | None:
    """The signed contract of the CPTS not yet ended on `on` (neither terminated nor past its fifth anniversary)."""
    signed = community.contracts.filter(signed_on__isnull=False).order_by("-signed_on")  # type: ignore[attr-defined]
    return in_force_among(signed, on, contract_ends_on)


def in_force_among(
    signed_latest_first: Iterable[Contract], on: dt.date, ends_on: Callable[[Contract], dt.date | None]
) -> Contract | None:
    """The latest signed contract whose termination (`ends_on`) is not effective on `on`."""
    for contract in signed_latest_first:
        ends = ends_on(contract)
        if ends is None or ends > on:
            return contract
    return None


def expires_on(contract: Contract) -> dt.date | None:
    """The fifth anniversary of the signature: the contract is concluded for five years (002 annexe 1, art. 7;
    rule CONTRACT_YEARS). None for a draft."""
    if contract.signed_on is None:
        return None
    return contract_years(contract.signed_on, DEFAULT_READINGS)[-1].end


def contract_ends_on(contract: Contract) -> dt.date | None:
    """When the contract ends: its termination's effect or its fifth anniversary, whichever comes first."""
    return min(filter(None, (termination_effective_on(contract), expires_on(contract))), default=None)


def termination_effective_on(contract: Contract) -> dt.date | None:
    """When the notified termination takes effect (engine rule TERMINATION_PRORATA); None if none or suspended."""
    return effective_on(termination_of(contract))


def _party(kind: str, community: Community, field: str) -> Organisation:
    value = community.department if field == "department" else community.region
    organisation = Organisation.objects.filter(kind=kind, **{field: value}).first()
    if organisation is None:
        raise TransitionRefused(f"Aucune {kind.upper()} n'est enregistrée pour le code {value}.")
    return organisation


def draft_contract(
    actor: Actor,
    community: Community,
    *,
    today: dt.date,
    size: int | None = None,
    sas_from: dt.date | None = None,
    orientation_service: bool = False,
    covid_2021_actions: bool = False,
) -> Contract:
    """Prepare the tripartite contract: only after the health project is validated (003 "Gouvernance")."""
    actor.require(community.can_edit, "Seules la CPTS, sa CPAM et son ARS peuvent préparer le contrat.")
    refuse_if(
        health_project_validated_on(community, today) is None,
        "Pas de contrat avant un projet de santé validé par l'ARS (003, « Gouvernance »).",
    )
    refuse_if(
        community.contracts.filter(signed_on__isnull=True).exists(),  # type: ignore[attr-defined]
        "Un projet de contrat existe déjà pour cette CPTS.",
    )
    refuse_if(contract_in_force(community, today) is not None, "La CPTS a déjà un contrat en cours.")
    chosen = size or (community.territory.size if community.territory else None)
    refuse_if(chosen is None, "La taille doit être connue : définir le territoire de la CPTS ou la saisir.")
    with audited(actor, "préparer le contrat") as change:
        contract = Contract(
            community=community,
            cpam=_party("cpam", community, "department"),
            ars=_party("ars", community, "region"),
            size=chosen,
            sas_from=sas_from,
            orientation_service=orientation_service,
            covid_2021_actions=covid_2021_actions,
            # Linked to the contract it follows: its own five years of money, without the early-mission aid and
            # the one-off bonus of the first one (rules EARLY_MISSION_CONTRACT, OPERATING_BONUS_ONE_OFF).
            previous=community.contracts.filter(signed_on__isnull=False)  # type: ignore[attr-defined]
            .order_by("-signed_on", "-pk")
            .first(),
        )
        checked_save(contract)
        change.instance = contract
    return contract


PARTY_NAMES = {"cpts": "la CPTS", "cpam": "la CPAM", "ars": "l'ARS"}


def signing_refusal(contract: Contract, on: dt.date) -> str:
    """Why the contract cannot be signed on `on` by any party, or "" (checked at each of the three signatures):
    a health project validated by the ARS (003, « Gouvernance »), the agreement in force, the territory of
    intervention and at least one member (002 annexe 1, art. 1: the contract annexes « les contours du territoire
    d'intervention » and « la liste des membres »; art. 4: the territory of the health project)."""
    validated = health_project_validated_on(contract.community, on)
    if validated is None:
        return "Pas de contrat avant un projet de santé validé par l'ARS (003, « Gouvernance »)."
    if on < validated:
        return f"Le contrat ne peut être signé avant la validation du projet de santé ({french_date(validated)})."
    if on < aci_2019_start():
        return f"L'ACI n'est en vigueur que depuis le {french_date(aci_2019_start())} (règle ACI_2019_START)."
    if contract.community.territory_id is None:
        return (
            "Le contrat ne peut être signé : la CPTS n'a pas de territoire enregistré (002 annexe 1, art. 1 et 4 : "
            "les contours du territoire d'intervention sont annexés au contrat)."
        )
    if member_count(contract.community, on) == 0:
        return (
            f"Le contrat ne peut être signé : la CPTS n'a aucun membre le {french_date(on)} (002 annexe 1, art. 1 : "
            "la liste des membres est annexée au contrat ; 002 §5.1)."
        )
    return ""


def signature_of(contract: Contract, party: str) -> Signature | None:
    return Signature.objects.filter(contract=contract, party=party).first()


def sign(
    actor: Actor,
    contract: Contract,
    party: str,
    on: dt.date,
    signer_name: str = "",
    signer_capacity: str = "",
) -> Signature:
    """One party signs (002 annexe 1, closing block), by its legal representative in his or her capacity. The
    contract takes effect on the date of the last of the three signatures (rule SIGNATURES_THREE_PARTIES): then
    `signed_on` is set and the member count at signature computed (002 §5.1)."""
    actor.require(contract.can_sign, "Seules les parties au contrat (CPTS, CPAM, ARS) peuvent le signer.")
    refuse_if(party not in Signature.Party.values, f"Partie inconnue : « {party} » (cpts, cpam ou ars).")
    if not actor.is_command:
        refuse_if(
            contract.party_of(actor.organisation) != party,
            "Une organisation ne signe le contrat que pour elle-même.",
        )
    refuse_if(
        contract.signed_on is not None, f"Le contrat est déjà signé (le {french_date(contract.signed_on or on)})."
    )
    existing = signature_of(contract, party)
    refuse_if(
        existing is not None,
        f"{PARTY_NAMES[party][0].upper()}{PARTY_NAMES[party][1:]} a déjà signé le contrat le "
        f"{french_date(existing.signed_on if existing else on)}.",
    )
    refusal = signing_refusal(contract, on)
    refuse_if(bool(refusal), refusal)
    name, capacity = " ".join(signer_name.split()), " ".join(signer_capacity.split())
    if actor.is_command and not name:  # a command signs in the name of the representative the party named
        organisation = {"cpts": contract.community.organisation, "cpam": contract.cpam, "ars": contract.ars}[party]
        name, capacity = organisation.representative, organisation.representative_title
    refuse_if(not actor.is_command and not name, "Le nom du signataire (le représentant légal) est obligatoire.")
    with audited(actor, f"signer le contrat pour {PARTY_NAMES[party]}") as change:
        signature = Signature(
            contract=contract,
            party=party,
            signer_name=name,
            signer_capacity=capacity,
            signed_on=on,
            recorded_by=actor.user if actor.user is not None and actor.user.pk else None,
            recorded_by_name=actor.name,
        )
        checked_save(signature)
        change.instance = signature
    signed = list(Signature.objects.filter(contract=contract))
    if len(signed) == len(Signature.Party.values):
        _take_effect(actor, contract, max(item.signed_on for item in signed))
    return signature


def _take_effect(actor: Actor, contract: Contract, on: dt.date) -> None:
    """The third signature: the contract takes effect on the latest of the three dates."""
    with audited(actor, "contrat signé par les trois parties", contract):
        contract.signed_on = on
        contract.members_at_signature = member_count(contract.community, on)
        # Its yearly lists of members are followed from now on: the size-4 bonus of a year's settlement waits for
        # the year's list (002 §5.1, rule MEMBERS_LIST_YEARLY).
        contract.members_lists_followed = True
        contract.save()
        for key in ("access", "pathways", "prevention", "crisis"):  # core missions (002 annexe 1, art. 2)
            Mission.objects.get_or_create(contract=contract, key=key)
        # Its dossier is followed from now on: the year-1 operating payment waits for its completeness (art. 6.1).
        Dossier.objects.get_or_create(contract=contract)
        signing.contract_signed(actor, contract)  # its indicators are pre-filled (cpts.core.signing)


def sign_contract(actor: Actor, contract: Contract, on: dt.date) -> Contract:
    """The three parties sign on the same day, each by the representative its organisation named: the way commands
    (demo data, generated data, tests) record a signed contract. An organisation signs only for itself (`sign`)."""
    refuse_if(
        contract.signed_on is not None, f"Le contrat est déjà signé (le {french_date(contract.signed_on or on)})."
    )
    for party in Signature.ORDER:
        if signature_of(contract, party) is None:
            sign(actor, contract, party, on)
    contract.refresh_from_db()
    return contract


def _signed(contract: Contract, on: dt.date, what: str, *, after_expiry: bool = False) -> dt.date:
    """The signature date, refusing `what` before it, after the termination, and after the fifth anniversary
    unless `after_expiry` (what settles the money still owed for the five years)."""
    refuse_if(contract.signed_on is None, f"Le contrat n'est pas signé : {what} impossible avant la signature.")
    assert contract.signed_on is not None
    refuse_if(
        on < contract.signed_on,
        f"{what[0].upper()}{what[1:]} ne peut précéder la signature du contrat ({french_date(contract.signed_on)}).",
    )
    ends = termination_effective_on(contract)
    refuse_if(ends is not None and on >= ends, f"Le contrat est résilié depuis le {french_date(ends or on)}.")
    try:
        dates.within_contract(what, on, contract.signed_on, dates.contract_end(contract.signed_on, ends))
    except dates.DateRefused as refusal:
        raise TransitionRefused(str(refusal)) from refusal
    expiry = expires_on(contract)
    refuse_if(
        not after_expiry and expiry is not None and on >= expiry,
        f"Le contrat est arrivé à échéance le {french_date(expiry or on)} (cinq ans, 002 annexe 1, art. 7).",
    )
    return contract.signed_on


def _mission(contract: Contract, key: str) -> Mission:
    refuse_if(key not in dict(Mission._meta.get_field("key").choices or ()), f"Mission inconnue : « {key} ».")
    mission, _ = Mission.objects.get_or_create(contract=contract, key=key)
    return mission


def start_mission(actor: Actor, contract: Contract, key: str, on: dt.date) -> Mission:
    actor.require(contract.can_record_mission, "Seules les parties au contrat enregistrent ses missions.")
    _signed(contract, on, "le démarrage d'une mission")
    mission = _mission(contract, key)
    refuse_if(
        mission.started_on is not None,
        f"La mission « {mission.get_key_display()} » a déjà démarré le {french_date(mission.started_on or on)}.",
    )
    with audited(actor, "démarrer une mission", mission):
        mission.started_on = on
        mission.save()
    return mission


def start_access_action(actor: Actor, contract: Contract, action: str, on: dt.date) -> Mission:
    """Start one of the two actions of the access mission: `mt` (médecin traitant) or `snp`
    (soins non programmés); they matter for the early-mission contract (002 §3.2)."""
    actor.require(contract.can_record_mission, "Seules les parties au contrat enregistrent ses missions.")
    refuse_if(action not in {"mt", "snp"}, f"Action inconnue : « {action} » (mt ou snp).")
    _signed(contract, on, "le démarrage d'une action")
    mission = _mission(contract, "access")
    field = f"{action}_started_on"
    refuse_if(getattr(mission, field) is not None, "Cette action de la mission accès aux soins a déjà démarré.")
    with audited(actor, f"démarrer l'action {action} de l'accès aux soins", mission):
        setattr(mission, field, on)
        mission.save()
    return mission


def deploy_mission(actor: Actor, contract: Contract, key: str, on: dt.date) -> Mission:
    actor.require(contract.can_record_mission, "Seules les parties au contrat enregistrent ses missions.")
    _signed(contract, on, "le déploiement d'une mission")
    mission = _mission(contract, key)
    refuse_if(mission.started_on is None, "Une mission ne peut être déployée avant d'avoir démarré.")
    assert mission.started_on is not None
    refuse_if(
        on < mission.started_on,
        f"Le déploiement ne peut précéder le démarrage de la mission ({french_date(mission.started_on)}).",
    )
    refuse_if(mission.deployed_on is not None, "Cette mission est déjà déployée.")
    with audited(actor, "déployer une mission", mission):
        mission.deployed_on = on
        mission.save()
    return mission


def plan_optional_mission(
    actor: Actor, contract: Contract, key: str, start_on: dt.date, deployed_on: dt.date | None = None
) -> Mission:
    """The contract sets the calendar of an optional mission (002 annexe 1, art. 3)."""
    actor.require(contract.can_amend, "Seules les parties au contrat fixent le calendrier des missions.")
    refuse_if(key not in OPTIONAL_MISSIONS, "Seules les missions optionnelles ont un calendrier prévu au contrat.")
    refuse_if(deployed_on is not None and deployed_on < start_on, "Le déploiement prévu doit suivre le démarrage.")
    if contract.signed_on is not None:
        on_field("planned_start_on", dates.planned, "démarrage prévu", start_on, contract.signed_on)
        if deployed_on is not None:
            on_field("planned_deployed_on", dates.planned, "déploiement prévu", deployed_on, contract.signed_on)
    mission = _mission(contract, key)
    with audited(actor, "prévoir une mission optionnelle", mission):
        mission.planned_start_on = start_on
        mission.planned_deployed_on = deployed_on
        mission.save()
    return mission


def amend(
    actor: Actor,
    contract: Contract,
    signed_on: dt.date,
    *,
    size: int | None = None,
    sas_from: dt.date | None = None,
    changes_sas: bool = False,
    orientation_service: bool | None = None,
    avenant_2: bool = False,
    records_sas: bool = False,
    covid_2021_actions: bool | None = None,
    update_members: bool = False,
    note: str = "",
) -> Amendment:
    """An amendment (002 annexe 1, art. 7); with `update_members`, the member count on its date (002 §5.1)."""
    actor.require(contract.can_amend, "Seules les parties au contrat signent ses avenants.")
    _signed(contract, signed_on, "un avenant")
    if avenant_2:
        refuse_if(
            contract.avenant_2_on is not None or contract.signed_on >= avenant_2_start(),  # type: ignore[operator]
            "L'avenant n° 2 s'applique déjà à ce contrat.",
        )
        refuse_if(
            signed_on < avenant_2_start(),
            f"L'avenant n° 2 n'est en vigueur que depuis le {french_date(avenant_2_start())}.",
        )
    refuse_if(
        records_sas and signed_on < avenant_2_start(),
        f"L'avenant complémentaire qui acte le SAS suppose l'avenant n° 2, en vigueur depuis le "
        f"{french_date(avenant_2_start())}.",
    )
    changes = [size is not None, changes_sas, orientation_service is not None, avenant_2, records_sas, update_members]
    refuse_if(not any(changes) and covid_2021_actions is None, "Cet avenant ne modifie rien.")
    with audited(actor, "signer un avenant") as change:
        amendment = Amendment(
            contract=contract,
            signed_on=signed_on,
            size=size,
            changes_sas=changes_sas,
            sas_from=sas_from if changes_sas else None,
            members=member_count(contract.community, signed_on) if update_members else None,
            orientation_service=orientation_service,
            avenant_2=avenant_2,
            records_sas=records_sas,
            covid_2021_actions=covid_2021_actions,
            note=note,
        )
        checked_save(amendment)
        if avenant_2:
            contract.avenant_2_on = signed_on
        if covid_2021_actions is not None:
            contract.covid_2021_actions = covid_2021_actions
        contract.save()
        change.instance = amendment
    return amendment


def set_sas_date(actor: Actor, contract: Contract, sas_from: dt.date | None) -> Contract:
    """The date from which the ARS qualifies the SAS as operational on the territory (002 §2.1), recorded apart
    from the amendments: for a contract signed before avenant n° 2 the access amounts still wait for the amendment
    that records it (rule SAS_TRANSITION_BEFORE_AVENANT_2)."""
    actor.require(contract.can_set_sas_date, "Seule l'ARS du contrat qualifie l'opérationnalité du SAS (002 §2.1).")
    with audited(actor, "fixer la date du SAS", contract):
        contract.sas_from = sas_from
        contract.save(update_fields=["sas_from"])
    return contract


def _initiator(actor: Actor, contract: Contract, initiator: str) -> None:
    refuse_if(initiator not in Termination.Initiator.values, f"Initiative inconnue : « {initiator} ».")
    if actor.is_command:
        return
    refuse_if(
        contract.party_of(actor.organisation) != initiator,
        "Une organisation ne résilie le contrat qu'à sa propre initiative.",
    )


def terminate(
    actor: Actor,
    contract: Contract,
    notified_on: dt.date,
    initiator: str,
    effective_on: dt.date | None = None,
    reason: str = "",
) -> Termination:
    """Notice of termination (002 annexe 1, art. 8.1 by the CPTS, art. 8.2 by the CPAM or the ARS)."""
    actor.require(contract.can_terminate, "Seules les parties au contrat peuvent le résilier.")
    _initiator(actor, contract, initiator)
    refuse_if(contract.signed_on is None, "Un contrat non signé ne peut être résilié.")
    signed_on = _signed(contract, notified_on, "la résiliation")
    if effective_on is not None:
        end = dates.contract_end(signed_on)
        on_field("effective_on", dates.within_contract, "date d'effet", effective_on, signed_on, end)
    refuse_if(Termination.objects.filter(contract=contract).exists(), "Le contrat a déjà été résilié.")
    with audited(actor, "résilier le contrat") as change:
        termination = Termination(
            contract=contract, notified_on=notified_on, initiator=initiator, effective_on=effective_on, reason=reason
        )
        checked_save(termination)
        change.instance = termination
    return termination


def refer_to_commission(actor: Actor, contract: Contract, on: dt.date) -> Termination:
    """The CPTS refers a CPAM/ARS termination to the local joint commission within the notice (art. 8.2)."""
    actor.require(
        lambda organisation: organisation is not None and organisation.pk == contract.community.organisation_id,
        "Seule la CPTS peut saisir la commission paritaire locale.",
    )
    termination = Termination.objects.filter(contract=contract).first()
    refuse_if(termination is None, "Le contrat n'est pas résilié : il n'y a rien à contester.")
    assert termination is not None
    refuse_if(termination.initiator == "cpts", "La CPTS ne peut contester sa propre résiliation.")
    refuse_if(termination.referred_to_commission, "La commission paritaire locale est déjà saisie.")
    deadline = add_months(termination.notified_on, int(rule("termination_notice_months", termination.notified_on)))
    refuse_if(
        not termination.notified_on <= on < deadline,
        f"La commission se saisit dans les deux mois de la notification, avant le {french_date(deadline)} "
        "(002 annexe 1, art. 8.2).",
    )
    with audited(actor, "saisir la commission paritaire locale", termination):
        termination.referred_to_commission = True
        termination.effective_on = None  # the referral suspends the termination (art. 8.2)
        termination.save()
    return termination


def record_commission_decision(actor: Actor, contract: Contract, on: dt.date, upheld: bool) -> Termination | None:
    """The commission upholds the termination (effective on its decision) or sets it aside (withdrawn)."""
    actor.require(
        lambda organisation: organisation is not None and organisation.pk in {contract.cpam_id, contract.ars_id},
        "Seules la CPAM et l'ARS du contrat enregistrent la décision de la commission.",
    )
    termination = Termination.objects.filter(contract=contract).first()
    refuse_if(
        termination is None or not termination.referred_to_commission,
        "La commission paritaire locale n'a pas été saisie.",
    )
    assert termination is not None
    refuse_if(termination.commission_decided_on is not None, "La commission a déjà rendu sa décision.")
    refuse_if(on < termination.notified_on, "La décision ne peut précéder la notification de la résiliation.")
    with audited(actor, "décision de la commission paritaire locale", termination) as change:
        if upheld:
            termination.commission_decided_on = on
            termination.effective_on = on
            termination.save()
        else:
            termination.delete()
            change.instance = termination
            return None
    return termination


def set_attainment(
    actor: Actor, contract: Contract, contract_year: int, mission: str, rate: Decimal, on: dt.date
) -> Attainment:
    """The attainment rate of a mission for a contract year (002 annexe 1, art. 4.2.2), validated on `on`."""
    actor.require(contract.can_validate_attainment, "Seules la CPAM et l'ARS du contrat valident l'atteinte.")
    _signed(contract, on, "la validation d'un taux d'atteinte", after_expiry=True)
    refuse_if(not Decimal(0) <= rate <= Decimal(1), f"Taux d'atteinte hors de 0 à 100 % : {rate}.")
    refuse_if(contract_year < 1, "Les années du contrat commencent à 1.")
    existing = Attainment.objects.filter(contract=contract, contract_year=contract_year, mission=mission).first()
    with audited(actor, "valider un taux d'atteinte", existing) as change:
        attainment = existing or Attainment(contract=contract, contract_year=contract_year, mission=mission)
        attainment.rate = rate
        attainment.validated_on = on
        attainment.validated_by = actor.user if actor.user is not None and actor.user.pk else None
        attainment.validated_by_name = actor.name
        checked_save(attainment)
        change.instance = attainment
    return attainment
