"""Services of the crisis mission: each change is checked, audited and refused in French.

Plan workflow (002 §1.1, §1.2; annexe 1 art. 2): the CPTS opens the version of
the contract year (first drafting, then one update a year), fills the items,
submits it; its ARS checks it for consistency with the territory's other plans
(validates or returns it); the CPTS then shares it with its members and the
ARS, the CPAM and the MSA. Declared crises (002 annexe 4, préambule): only an
ARS records them. Logbook and lessons learnt: 002 annexe 4, parties 3 and 4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cpts.accord.crises import Crisis, Decision, covid_2021_derogation, decisions
from cpts.accord.crisis_plan import (
    Completeness,
    ItemEntry,
    check_entry,
    completeness,
    next_version,
    template,
)
from cpts.accord.errors import AccordError
from cpts.communities.models import Community, Member
from cpts.communities.permissions import is_ars_of, is_itself
from cpts.contracts.bridge import describe
from cpts.contracts.models import Amendment, Contract
from cpts.core.actors import Actor
from cpts.core.audit import audited, record
from cpts.core.errors import TransitionRefused
from cpts.core.models import Organisation
from cpts.core.services import check_text_lengths
from cpts.crisis.bridge import all_crises, as_crisis, candidate
from cpts.crisis.models import (
    CrisisContact,
    CrisisPlan,
    DeclaredCrisis,
    LessonsReview,
    LogbookEntry,
    PlanItem,
    PlanVersion,
)

# 002 §1.2: « mis à disposition auprès de tous les acteurs de la CPTS et les partenaires institutionnels,
# dont l'agence régionale de santé, la caisse primaire d'assurance maladie et la caisse de la [MSA] ».
SHARED_WITH = ["membres de la CPTS", "ARS", "CPAM", "MSA"]
# The lessons-learnt review fills part 4 of the next version (002 annexe 4, partie 4).
REVIEW_ITEMS = {
    "description": "crisis_description",
    "strengths": "strengths",
    "weaknesses": "weaknesses",
    "improvements": "improvements",
    "completion_delay": "completion_delay",
    "experience_sharing": "experience_sharing",
}
Status = PlanVersion.Status


def _refused(error: AccordError) -> TransitionRefused:
    return TransitionRefused(str(error))


def _cpts_only(actor: Actor, community: Community, doing: str) -> None:
    actor.require(lambda organisation: is_itself(organisation, community), f"Seule la CPTS peut {doing}.")


def _ars_only(actor: Actor, community: Community, doing: str) -> None:
    actor.require(lambda organisation: is_ars_of(organisation, community), f"Seule l'ARS de la CPTS peut {doing}.")


# --- The plan and its directory ----------------------------------------------------------------


def plan_of(contract: Contract) -> CrisisPlan:
    plan, _ = CrisisPlan.objects.get_or_create(contract=contract)
    return plan


def active_members(community: Community, on: dt.date) -> list[Member]:
    members = community.members.filter(joined_on__lte=on).exclude(left_on__lte=on)
    return list(members.order_by("kind", "name"))


def directory(plan: CrisisPlan, on: dt.date) -> list[dict[str, str]]:
    """The annexe-4 directory: the CPTS's members on `on` with their crisis contact, never retyped."""
    contacts = {contact.member_id: contact for contact in plan.contacts.all()}
    rows = []
    for member in active_members(plan.contract.community, on):
        contact = contacts.get(member.pk)
        rows.append(
            {
                "name": member.name,
                "kind": member.get_kind_display(),
                "profession": member.profession,
                "phone": contact.phone if contact else "",
                "email": contact.email if contact else "",
                "role": contact.role if contact else "",
            }
        )
    return rows


def set_contact(actor: Actor, plan: CrisisPlan, member: Member, phone: str, email: str, role: str) -> CrisisContact:
    _cpts_only(actor, plan.contract.community, "compléter l'annuaire de crise")
    if member.community_id != plan.contract.community_id:
        raise TransitionRefused("Ce membre n'appartient pas à la CPTS du plan.")
    contact, _ = CrisisContact.objects.get_or_create(plan=plan, member=member)
    with audited(actor, "compléter l'annuaire de crise", contact):
        contact.phone, contact.email, contact.role = phone.strip(), email.strip(), role.strip()
        contact.full_clean()
        contact.save()
    return contact


# --- Versions ----------------------------------------------------------------------------------


def entries(version: PlanVersion) -> dict[str, ItemEntry]:
    return {item.key: ItemEntry(item.state, item.content, item.reason) for item in version.items.all()}  # type: ignore[arg-type]


def version_completeness(version: PlanVersion) -> Completeness:
    return completeness(entries(version))


def previous_version(version: PlanVersion) -> PlanVersion | None:
    earlier = version.plan.versions.filter(contract_year__lt=version.contract_year)
    return earlier.order_by("-contract_year").first()


def _records(plan: CrisisPlan) -> list[Any]:
    from cpts.crisis.bridge import version_records

    return version_records(plan.contract)


def _apply_reviews(version: PlanVersion, items: dict[str, PlanItem]) -> None:
    """Fill part 4 with the lessons-learnt reviews no version has used yet."""
    used = LessonsReview.objects.filter(plan_versions__plan=version.plan)
    reviews = LessonsReview.objects.filter(community=version.plan.contract.community).exclude(pk__in=used)
    for review in reviews.order_by("written_on"):
        for field, key in REVIEW_ITEMS.items():
            text = getattr(review, field).strip()
            if not text:
                continue
            item = items[key]
            heading = f"Retex {review.crisis} :"
            item.content = f"{item.content}\n\n{heading}\n{text}".strip()
            item.state, item.reason = "filled", ""
        version.lessons.add(review)


@transaction.atomic
def open_version(actor: Actor, contract: Contract, on: dt.date) -> PlanVersion:
    """Open the version of the contract year holding `on` (rule CRISIS_PLAN_VERSIONS).

    An update starts from the previous version's items, plus the lessons-learnt
    reviews written since.
    """
    _cpts_only(actor, contract.community, "rédiger son plan de crise")
    if contract.signed_on is None:
        raise TransitionRefused("Le contrat n'est pas signé : pas encore de plan de crise.")
    plan = plan_of(contract)
    mission = contract.missions.filter(key="crisis").first()
    try:
        slot = next_version(contract.signed_on, mission.started_on if mission else None, on, _records(plan))
    except AccordError as error:
        raise _refused(error) from error
    previous = plan.versions.order_by("-contract_year").first()
    with audited(actor, "ouvrir une version du plan de crise") as change:
        version = PlanVersion.objects.create(plan=plan, contract_year=slot.contract_year, kind=slot.kind, opened_on=on)
        change.instance = version
    before = {item.key: item for item in previous.items.all()} if previous else {}
    items = {
        item.key: PlanItem(
            version=version,
            key=item.key,
            state=before[item.key].state if item.key in before else "todo",
            content=before[item.key].content if item.key in before else "",
            reason=before[item.key].reason if item.key in before else "",
        )
        for item in template().items
    }
    _apply_reviews(version, items)
    PlanItem.objects.bulk_create(items.values())
    return version


def _editable(version: PlanVersion) -> None:
    if not version.editable:
        raise TransitionRefused(f"Cette version est « {version.get_status_display()} » : elle n'est plus modifiable.")


def save_item(
    actor: Actor, version: PlanVersion, key: str, state: str, content: str = "", reason: str = ""
) -> PlanItem:
    """Fill an item, mark it not applicable (with a reason) or back to do."""
    _cpts_only(actor, version.community, "rédiger son plan de crise")
    _editable(version)
    entry = ItemEntry(state, content.strip(), reason.strip() if state == "not_applicable" else "")  # type: ignore[arg-type]
    try:
        check_entry(template().item(key), entry)
    except AccordError as error:
        raise _refused(error) from error
    item = version.items.get(key=key)
    with audited(actor, "modifier une rubrique du plan de crise", item):
        item.state, item.content, item.reason = entry.state, entry.content, entry.reason
        item.save()
    return item


def submit(actor: Actor, version: PlanVersion, on: dt.date) -> PlanVersion:
    """The CPTS hands the complete version to its ARS; the directory is frozen as of that day."""
    _cpts_only(actor, version.community, "transmettre son plan de crise")
    _editable(version)
    result = version_completeness(version)
    if not result.complete:
        raise TransitionRefused(
            f"Le plan n'est pas complet : {result.overall.todo} rubrique(s) à faire. Renseignez-les ou "
            "marquez-les sans objet avec un motif."
        )
    if on < version.opened_on:
        raise TransitionRefused(
            f"Date de transmission antérieure à l'ouverture de la version ({version.opened_on:%d/%m/%Y})."
        )
    with audited(actor, "transmettre le plan de crise à l'ARS", version):
        version.status, version.submitted_on = Status.SUBMITTED, on
        version.directory = directory(version.plan, on)
        version.save()
    return version


def _submitted(version: PlanVersion) -> None:
    if version.status != Status.SUBMITTED:
        raise TransitionRefused(
            f"Seule une version transmise peut être contrôlée (état : {version.get_status_display()})."
        )


def validate(actor: Actor, version: PlanVersion, on: dt.date, comment: str = "") -> PlanVersion:
    """The ARS checks the plan against the territory's other plans (002 §1.1; annexe 1, art. 2)."""
    _ars_only(actor, version.community, "contrôler le plan de crise")
    _submitted(version)
    assert version.submitted_on is not None
    if on < version.submitted_on:
        raise TransitionRefused(f"Date de contrôle antérieure à la transmission ({version.submitted_on:%d/%m/%Y}).")
    with audited(actor, "valider le plan de crise", version):
        version.status, version.validated_on = Status.VALIDATED, on
        version.validated_by_name, version.ars_comment = actor.name, comment.strip()
        version.save()
    return version


def return_to_cpts(actor: Actor, version: PlanVersion, comment: str) -> PlanVersion:
    """The ARS sends the plan back with what to change."""
    _ars_only(actor, version.community, "renvoyer le plan de crise")
    _submitted(version)
    if not comment.strip():
        raise TransitionRefused("Indiquez à la CPTS ce qu'elle doit reprendre dans son plan.")
    with audited(actor, "renvoyer le plan de crise à la CPTS", version):
        version.status, version.ars_comment = Status.RETURNED, comment.strip()
        version.save()
    return version


def share(actor: Actor, version: PlanVersion, on: dt.date) -> PlanVersion:
    """002 §1.2: once finalised, the plan goes to all members and to the ARS, the CPAM and the MSA."""
    _cpts_only(actor, version.community, "diffuser son plan de crise")
    if version.status != Status.VALIDATED:
        raise TransitionRefused("Seule une version contrôlée par l'ARS peut être diffusée.")
    assert version.validated_on is not None
    if on < version.validated_on:
        raise TransitionRefused(f"Date de diffusion antérieure au contrôle de l'ARS ({version.validated_on:%d/%m/%Y}).")
    with audited(actor, "diffuser le plan de crise", version):
        version.status, version.shared_on, version.shared_with = Status.SHARED, on, SHARED_WITH
        version.save()
    return version


@dataclass(frozen=True)
class ItemChange:
    key: str
    text: str
    part: str
    before: PlanItem | None
    after: PlanItem

    @property
    def changed(self) -> bool:
        if self.before is None:
            return True
        return (self.before.state, self.before.content, self.before.reason) != (
            self.after.state,
            self.after.content,
            self.after.reason,
        )


def compare(version: PlanVersion) -> list[ItemChange]:
    """Each item of the version beside the previous version's (versions comparable, 002 annexe 4)."""
    previous = previous_version(version)
    before = {item.key: item for item in previous.items.all()} if previous else {}
    after = {item.key: item for item in version.items.all()}
    plan = template()
    parts = {part.key: f"{part.number}. {part.title}" for part in plan.parts}
    return [ItemChange(i.key, i.text, parts[i.part], before.get(i.key), after[i.key]) for i in plan.items]


# --- Declared crises ---------------------------------------------------------------------------


def _codes(raw: Sequence[str]) -> list[str]:
    return sorted({code.strip() for code in raw if code.strip()})


def _check_codes(communes: list[str], departments: list[str], regions: list[str]) -> None:
    from cpts.geo import UnknownCode, load

    data = load()
    unknown = [code for code in communes if not data.has_unit(code)]
    for code, name in [*((d, data.department_name) for d in departments), *((r, data.region_name) for r in regions)]:
        try:
            name(code)
        except UnknownCode:
            unknown.append(code)
    if unknown:
        raise TransitionRefused(f"Code(s) inconnu(s) dans la zone de la crise : {', '.join(unknown)}.")


DECLARE_REFUSED = "Seule une ARS peut enregistrer une crise sanitaire déclarée."


def can_declare_crisis(organisation: Organisation | None) -> bool:
    """« une décision du directeur général de l'ARS, du préfet du département ou du ministre chargé de la santé »
    (002 annexe 4, préambule): the ARS records it in the application."""
    return organisation is not None and organisation.kind == Organisation.Kind.ARS


def declare_crisis(
    actor: Actor,
    declared_on: dt.date,
    kind: str,
    authority: str,
    reference: str,
    communes: Sequence[str] = (),
    departments: Sequence[str] = (),
    regions: Sequence[str] = (),
    title: str = "",
) -> DeclaredCrisis:
    """An ARS records the decision qualifying an exceptional health situation (002 annexe 4, préambule)."""
    actor.require(can_declare_crisis, DECLARE_REFUSED)
    communes, departments, regions = (_codes(communes), _codes(departments), _codes(regions))
    _check_codes(communes, departments, regions)
    ars = actor.organisation
    if ars is None:  # a command acts for the ARS of the first region listed
        ars = Organisation.objects.filter(kind=Organisation.Kind.ARS, region__in=regions).first()
    if ars is None:
        raise TransitionRefused("Indiquez l'ARS qui enregistre la crise.")
    stored = DeclaredCrisis(
        ars=ars,
        declared_on=declared_on,
        kind=kind,
        authority=authority,
        reference=reference.strip(),
        communes=communes,
        departments=departments,
        regions=regions,
        title=title.strip(),
        recorded_by=actor.user if actor.user is not None and actor.user.pk else None,
        recorded_by_name=actor.name,
    )
    try:
        as_crisis(stored)  # the engine checks kind, authority, area and reference
    except AccordError as error:
        raise _refused(error) from error
    if DeclaredCrisis.objects.filter(ars=ars, reference=stored.reference).exists():
        raise TransitionRefused(f"Une crise est déjà enregistrée sous la référence « {stored.reference} ».")
    check_text_lengths(stored)
    with transaction.atomic():
        stored.save()
        record(actor, "déclarer une crise sanitaire", stored)
    return stored


def crisis_decisions(stored: DeclaredCrisis) -> list[Decision]:
    """For one declaration, every signed contract whose CPTS it touches: paid, or excluded with the reason.

    Earlier crises count, so that a second crisis of the same contract year is
    shown as already paid (002 annexe 1, art. 6.2).
    """
    crises: list[Crisis] = [c for c in all_crises() if c.declared_on <= stored.declared_on]
    target = as_crisis(stored)
    found: list[Decision] = []
    for contract in Contract.objects.filter(signed_on__isnull=False).select_related("community__territory"):
        mine = [d for d in decisions(crises, [candidate(contract, describe(contract))]) if d.in_area]
        found.extend(d for d in mine if d.crisis == target)
    return sorted(found, key=lambda d: (not d.paid, d.cpts))


RECENT_CRISES = dt.timedelta(days=365)  # what a CPTS home lists: a display choice, no rule of the texts


def recent_crises_of(contract: Contract, on: dt.date) -> list[tuple[DeclaredCrisis, Decision]]:
    """The crises declared in the year up to `on` whose zone holds the territory of this signed contract, each with
    what it means for the « survenue d'une crise » part (002 annexe 1, art. 6.2): paid by a date, or why not."""
    recent = list(DeclaredCrisis.objects.filter(declared_on__gt=on - RECENT_CRISES, declared_on__lte=on))
    if not recent:
        return []
    earlier = [c for c in all_crises() if c.declared_on <= on]  # a second crisis of a year is not paid again
    mine = {d.crisis: d for d in decisions(earlier, [candidate(contract, describe(contract))]) if d.in_area}
    found = [(stored, mine[as_crisis(stored)]) for stored in recent if as_crisis(stored) in mine]
    return sorted(found, key=lambda pair: pair[0].declared_on, reverse=True)


def _touched(actor: Actor, stored: DeclaredCrisis, community: Community) -> None:
    _cpts_only(actor, community, "tenir son journal de bord et son retour d'expérience")
    for contract in community.contracts.filter(signed_on__isnull=False):
        if as_crisis(stored).area.touches(candidate(contract, describe(contract)).territory):
            return
    raise TransitionRefused("Le territoire de la CPTS n'est pas dans la zone de cette crise.")


def log_action(
    actor: Actor, stored: DeclaredCrisis, community: Community, on: dt.datetime, action: str, who: str
) -> LogbookEntry:
    """One line of the logbook: date, action, who (002 annexe 4, partie 3)."""
    _touched(actor, stored, community)
    if not action.strip() or not who.strip():
        raise TransitionRefused("Une entrée du journal de bord indique l'action et qui l'a menée.")
    if on.date() < stored.declared_on:
        raise TransitionRefused(f"Date antérieure à la déclaration de la crise ({stored.declared_on:%d/%m/%Y}).")
    entry = LogbookEntry(crisis=stored, community=community, on=on, action=action.strip(), who=who.strip())
    entry.recorded_by_name = actor.name
    check_text_lengths(entry)
    with transaction.atomic():
        entry.save()
        record(actor, "ajouter au journal de bord", entry)
    return entry


def write_review(
    actor: Actor, stored: DeclaredCrisis, community: Community, written_on: dt.date, **texts: str
) -> LessonsReview:
    """The lessons-learnt review (002 annexe 4, partie 4); it fills part 4 of the next plan version."""
    _touched(actor, stored, community)
    unknown = set(texts) - set(REVIEW_ITEMS)
    if unknown:
        raise TransitionRefused(f"Champ(s) inconnu(s) du retour d'expérience : {', '.join(sorted(unknown))}.")
    if not texts.get("description", "").strip():
        raise TransitionRefused("Le retour d'expérience décrit la crise et sa gestion.")
    if written_on < stored.declared_on:
        raise TransitionRefused(f"Date antérieure à la déclaration de la crise ({stored.declared_on:%d/%m/%Y}).")
    review, _ = LessonsReview.objects.get_or_create(
        crisis=stored, community=community, defaults={"written_on": written_on, "description": texts["description"]}
    )
    if review.plan_versions.exists():
        raise TransitionRefused("Ce retour d'expérience est déjà repris dans une version du plan.")
    with audited(actor, "rédiger le retour d'expérience", review):
        review.written_on = written_on
        for field, value in texts.items():
            setattr(review, field, value.strip())
        review.save()
    return review


def record_covid_derogation(actor: Actor, amendment: Amendment, actions_2021: bool, paid_elsewhere: bool) -> bool:
    """Rule COVID_2021_DEROGATION, recorded on the amendment bringing in avenant n° 2 (002 §1.3)."""
    contract = amendment.contract
    actor.require(contract.can_amend, "Seules les parties au contrat peuvent modifier l'avenant.")
    if not amendment.avenant_2:
        raise TransitionRefused("La dérogation COVID 2021 s'inscrit sur l'avenant qui intègre l'avenant n° 2.")
    assert contract.signed_on is not None
    outcome = covid_2021_derogation(contract.signed_on, actions_2021, paid_elsewhere)
    if actions_2021 and not outcome.eligible:
        raise TransitionRefused(f"Dérogation COVID 2021 refusée : {outcome.reason}.")
    with audited(actor, "inscrire la dérogation COVID 2021", amendment):
        amendment.covid_2021_actions = outcome.eligible
        amendment.save()
        # The contract carries what describe() hands to the schedule, as contracts.services.amend does.
        contract.covid_2021_actions = outcome.eligible
        contract.save(update_fields=["covid_2021_actions"])
    return outcome.eligible
