"""One form page per lifecycle event (docs/web.md), all driven by the same view.

Each event names its form, the model's `can_*` check deciding who sees it, and
the service of the core that performs it. The service's French refusal
(`TransitionRefused`) is shown above the form; its field errors
(`ValidationError`) are tied to the matching fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cpts.accord.errors import AccordError
from cpts.communities import services as community_services
from cpts.communities.models import Community
from cpts.contracts import dossier as contract_dossier
from cpts.contracts import lifecycle as contract_lifecycle
from cpts.contracts import members_lists as contract_members_lists
from cpts.contracts import services as contract_services
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.forms import attach_errors
from cpts.core.pages import acting, page, visible_or_404
from cpts.payments import entries, runs
from cpts.payments.models import LedgerEntry
from cpts.web import forms as web_forms
from cpts.web import lifecycle as web_lifecycle

Run = Callable[[Actor, Any, dict[str, Any]], object]


Possible = Callable[[Any, dt.date], str]  # (object, today) -> "" if the event can happen now, else why not


def always(subject: Any, on: dt.date) -> str:
    return ""


@dataclass(frozen=True)
class Event:
    label: str
    form: type[forms.Form]
    allowed: Callable[[Any, Any], bool]  # (object, organisation) -> bool: a model's can_* method
    run: Run
    done: str  # French confirmation
    intro: str = ""
    possible: Possible = always  # the stage: only events possible now are offered
    document: str = ""  # the template of what the event validates, shown above its form
    dangerous: bool = False  # set apart on the page, never the primary action
    # Dangerous events show what they would change first, and run only once `confirm` is ticked.
    preview: Callable[[Any, dict[str, Any], Any], Any] | None = None
    preview_template: str = "cpts/contracts/termination_preview.html"
    preview_button: str = "Voir les conséquences financières"
    preview_first: bool = False  # the preview is shown on opening the page, with the confirmation to tick
    # (object, organisation) -> "" if this organisation can do it now, else why not (a party that already signed)
    pending_for: Callable[[Any, Any], str] = lambda subject, organisation: ""

    @property
    def previewed(self) -> bool:  # for templates, which would call `preview` itself
        return self.preview is not None


def at_stages(*keys: str) -> Possible:
    """Possible only at these stages of the CPTS (cpts.contracts.lifecycle)."""

    def possible(community: Community, on: dt.date) -> str:
        key, label, _ = web_lifecycle.stage_of(community, on)
        return "" if key in keys else f"Pas à cette étape : la CPTS en est à « {label} »."

    return possible


def signed(contract: Contract, on: dt.date) -> str:
    if contract.signed_on is None:
        return "Le contrat n'est pas encore signé."
    ends = contract_lifecycle.ends_on(contract)
    return f"Le contrat a pris fin le {ends:%d/%m/%Y}." if ends is not None and ends <= on else ""


def unsigned(contract: Contract, on: dt.date) -> str:
    return f"Le contrat est déjà signé depuis le {contract.signed_on:%d/%m/%Y}." if contract.signed_on else ""


def not_terminated(contract: Contract, on: dt.date) -> str:
    if getattr(contract, "termination", None) is not None:
        return "La résiliation du contrat est déjà notifiée."
    return signed(contract, on)


def has_schedule(contract: Contract, on: dt.date) -> str:
    """Payments stay possible after the end: the money still owed for the contract remains payable."""
    return "" if contract.signed_on else "Le contrat n'est pas encore signé : il n'a pas d'échéancier."


COMMUNITY_EVENTS: dict[str, Event] = {
    "lettre": Event(
        "Déposer la lettre d'intention",
        web_forms.LetterForm,
        lambda c, o: c.can_submit(o),
        lambda a, c, d: community_services.submit_letter(a, c, d["on"], d["declared_size"]),
        "Lettre d'intention enregistrée.",
        possible=at_stages("created"),
    ),
    "valider-lettre": Event(
        "Valider la lettre d'intention",
        web_forms.DateForm,
        lambda c, o: c.can_validate_letter(o),
        lambda a, c, d: community_services.validate_letter(a, c, d["on"]),
        "Lettre d'intention validée.",
        "L'ARS valide la lettre d'intention (003, « Gouvernance » ; 002 annexe 2, art. 1.2).",
        at_stages("letter_submitted"),
        "cpts/documents/letter.html",
    ),
    "refuser-lettre": Event(
        "Refuser la lettre d'intention",
        web_forms.RefusalForm,
        lambda c, o: c.can_validate_letter(o),
        lambda a, c, d: community_services.refuse_letter(a, c, d["on"], d["reason"]),
        "Lettre d'intention refusée : la CPTS lit votre motif sur sa page.",
        "Le motif est affiché à la CPTS, sur sa page et dans son historique.",
        at_stages("letter_submitted"),
        "cpts/documents/letter.html",
    ),
    "projet-sante": Event(
        "Déposer le projet de santé",
        web_forms.DateForm,
        lambda c, o: c.can_submit(o),
        lambda a, c, d: community_services.submit_health_project(a, c, d["on"]),
        "Projet de santé enregistré.",
        "Sans opposition de l'ARS, le projet est réputé validé deux mois après son dépôt (art. L. 1434-12 CSP).",
        at_stages("letter_validated", "early_mission"),
    ),
    "valider-projet": Event(
        "Valider le projet de santé",
        web_forms.DateForm,
        lambda c, o: c.can_validate_health_project(o),
        lambda a, c, d: community_services.validate_health_project(a, c, d["on"]),
        "Projet de santé validé.",
        possible=at_stages("project_submitted"),
        document="cpts/documents/health_project.html",
    ),
    "opposition-projet": Event(
        "S'opposer au projet de santé",
        web_forms.ObjectionForm,
        lambda c, o: c.can_validate_health_project(o),
        lambda a, c, d: community_services.object_to_health_project(a, c, d["on"], d["reason"]),
        "Opposition enregistrée.",
        possible=at_stages("project_submitted"),
        document="cpts/documents/health_project.html",
    ),
    "contrat-demarrage": Event(
        "Signer le contrat de démarrage des missions",
        web_forms.EarlyContractForm,
        lambda c, o: c.can_sign_early_contract(o),
        lambda a, c, d: community_services.sign_early_mission_contract(
            a, c, d["on"], d["started_missions"], d["size"], d["registered_on"]
        ),
        "Contrat de démarrage enregistré.",
        "002 §3.2 et annexe 2 : possible une fois, après la validation de la lettre d'intention.",
        at_stages("letter_validated"),
    ),
    "resilier-demarrage": Event(
        "Résilier le contrat de démarrage des missions",
        web_forms.EarlyTerminationForm,
        lambda c, o: c.can_sign_early_contract(o),
        lambda a, c, d: community_services.terminate_early_mission_contract(
            a, c, d["on"], "cpts" if a.organisation and a.organisation.pk == c.organisation_id else "cpam", d["ground"]
        ),
        "Résiliation du contrat de démarrage enregistrée.",
        "002 annexe 2, art. 4 : effective un mois après la notification ; l'aide n'est remboursée qu'après une "
        "résiliation par la CPAM pour l'un des motifs de l'art. 4.2.",
    ),
    "paiement-aide": Event(
        "Enregistrer un paiement de l'aide au démarrage",
        web_forms.PaymentForm,
        lambda c, o: _early_payer(c, o),
        lambda a, c, d: _record_payment(a, c, d),
        "Paiement de l'aide enregistré au grand livre du contrat de démarrage.",
        "Seule la CPAM signataire du contrat de démarrage verse l'aide (002 annexe 2, art. 2.2).",
        lambda c, on: "" if _open_orders(c) else "Aucun ordre de paiement de l'aide à régler.",
    ),
    "preparer-contrat": Event(
        "Préparer le contrat ACI",
        web_forms.DraftContractForm,
        lambda c, o: c.can_edit(o),
        lambda a, c, d: contract_services.draft_contract(
            a,
            c,
            today=_today(),
            size=d["size"],
            sas_from=d["sas_from"],
            orientation_service=d["orientation_service"],
            covid_2021_actions=d["covid_2021_actions"],
        ),
        "Projet de contrat créé : il reste à le signer.",
        possible=at_stages("project_validated", "terminated", "contract_ended"),
    ),
}


def _today() -> Any:
    from cpts.web.views.home import today

    return today()


def _ledger_rows(subject: Contract | Community) -> Any:
    """The ledger rows a payment form offers: the contract's, or the CPTS's early-mission account."""
    if isinstance(subject, Community):
        return LedgerEntry.objects.filter(early_mission__community=subject)
    return subject.ledger_entries.all()  # type: ignore[attr-defined]


def _early_payer(community: Community, organisation: Any) -> bool:
    """The CPAM that signed the CPTS's early-mission contract (EarlyMissionContract.can_record_payment)."""
    early = getattr(community, "early_mission_contract", None)
    return early is not None and early.can_record_payment(organisation)


def _open_orders(subject: Contract | Community) -> list[tuple[int, str]]:
    """Orders of the contract (or of the CPTS's early-mission account) not reversed and not fully paid, as
    (id, French label)."""
    return [
        (order.pk, order_label(order, remaining)) for order, remaining in entries.open_orders(_ledger_rows(subject))
    ]


def order_label(order: LedgerEntry, remaining: Any) -> str:
    """An order as the CPAM reads it: due date, line, what remains to pay."""
    from cpts.accord.money import french
    from cpts.web.templatetags.cpts_format import kind_label, mission_label, part_label

    return (
        f"{order.due_on:%d/%m/%Y} — année {order.contract_year}, {mission_label(order.mission)}, "
        f"{part_label(order.part)} ({kind_label(order.kind)}) — reste {french(remaining)}"
    )


def _members_list_years(contract: Contract, asked: str) -> dict[str, Any]:
    """The contract's years, each with the state of its list of members (rule MEMBERS_LIST_YEARLY), and the year
    to propose: the one asked (« ?annee=2 », from a task), else the first whose list is missing or due."""
    from cpts.core.words import MEMBERS_LIST_STATUS_LABELS
    from cpts.payments.schedules import contract_schedule

    schedule = contract_schedule(contract, _today())
    states = {item.contract_year: item for item in schedule.members_lists}
    years = []
    for year in schedule.years:
        label = f"Année {year.number} (du {year.start:%d/%m/%Y} au {year.end:%d/%m/%Y} exclu)"
        state = states.get(year.number)
        if state is not None:
            label += f" — liste {MEMBERS_LIST_STATUS_LABELS[state.status]}"
        years.append((year.number, label))
    waiting = [n for n, state in states.items() if state.status in ("missing", "due")]
    year = int(asked) if asked.isdigit() and int(asked) in {n for n, _ in years} else min(waiting, default=None)
    return {"years": years, "year": year}


def _record_payment(actor: Actor, subject: Contract | Community, data: dict[str, Any]) -> object:
    order = _ledger_rows(subject).filter(pk=data["order"]).first()
    if order is None:
        raise TransitionRefused("Cet ordre de paiement n'appartient pas à ce contrat.")
    return entries.record_payment(actor, order, data["on"], data["reference"], data["amount"])


def _terminate(actor: Actor, contract: Contract, data: dict[str, Any]) -> object:
    initiator = _initiator_of(contract, actor.organisation)
    return contract_services.terminate(
        actor, contract, data["notified_on"], initiator, data["effective_on"], data["reason"].strip()
    )


def _initiator_of(contract: Contract, organisation: Any) -> str:
    return contract.party_of(organisation) or ""


def _sign(actor: Actor, contract: Contract, data: dict[str, Any]) -> object:
    party = contract.party_of(actor.organisation) or ""
    return contract_services.sign(actor, contract, party, data["on"], data["signer_name"], data["signer_capacity"])


def _signature_preview(contract: Contract, data: dict[str, Any], organisation: Any) -> Any:
    """Who has signed, who has not, and the date the contract takes effect if this is the last signature."""
    from cpts.contracts.consequences import signature_preview

    return signature_preview(contract, contract.party_of(organisation) or "", data["on"])


def _not_signed_by(contract: Contract, organisation: Any) -> str:
    party = contract.party_of(organisation)
    signature = next((s for s in contract.signatures.all() if s.party == party), None)  # type: ignore[attr-defined]
    return f"Votre organisation a signé le contrat le {signature.signed_on:%d/%m/%Y}." if signature else ""


def _termination_preview(contract: Contract, data: dict[str, Any], organisation: Any) -> Any:
    """The prorated schedule, the refund or balance and its date, before the termination is written."""
    from cpts.contracts.consequences import termination_consequences
    from cpts.payments.ledger import contract_statement

    paid = contract_statement(contract, _today()).totals["paid"]
    initiator = _initiator_of(contract, organisation)
    return termination_consequences(contract, data["notified_on"], initiator, data["effective_on"], paid)


CONTRACT_EVENTS: dict[str, Event] = {
    "signer": Event(
        "Signer le contrat",
        web_forms.SignatureForm,
        lambda c, o: c.can_sign(o),
        _sign,
        "Signature enregistrée.",
        "Chaque partie (CPTS, CPAM, ARS) signe pour elle-même, par son représentant légal ; le contrat prend effet "
        "à la date de la dernière des trois signatures (002 annexe 1). Le nombre de membres à la signature est "
        "calculé à partir de la liste des membres (002 §5.1).",
        unsigned,
        dangerous=True,
        preview=_signature_preview,
        preview_template="cpts/contracts/signature_preview.html",
        preview_button="Vérifier avant de signer",
        preview_first=True,
        pending_for=_not_signed_by,
    ),
    "demarrer-mission": Event(
        "Démarrer une mission",
        web_forms.MissionForm,
        lambda c, o: c.can_record_mission(o),
        lambda a, c, d: contract_services.start_mission(a, c, d["mission"], d["on"]),
        "Démarrage de la mission enregistré.",
        possible=signed,
    ),
    "deployer-mission": Event(
        "Déployer une mission",
        web_forms.MissionForm,
        lambda c, o: c.can_record_mission(o),
        lambda a, c, d: contract_services.deploy_mission(a, c, d["mission"], d["on"]),
        "Déploiement de la mission enregistré.",
        possible=signed,
    ),
    "avenant": Event(
        "Signer un avenant",
        web_forms.AmendmentForm,
        lambda c, o: c.can_amend(o),
        lambda a, c, d: contract_services.amend(
            a,
            c,
            d["signed_on"],
            size=d["size"],
            sas_from=d["sas_from"],
            changes_sas=d["changes_sas"],
            orientation_service=d["orientation_service"],
            avenant_2=d["avenant_2"],
            records_sas=d["records_sas"],
            update_members=d["update_members"],
            note=d["note"],
        ),
        "Avenant enregistré.",
        "002 annexe 1, art. 7.",
        signed,
    ),
    "sas": Event(
        "Fixer la date du SAS",
        web_forms.SasDateForm,
        lambda c, o: c.can_set_sas_date(o),
        lambda a, c, d: contract_services.set_sas_date(a, c, d["sas_from"]),
        "Date du SAS enregistrée.",
        "002 §2.1 : « Il appartient à l'ARS de qualifier l'opérationnalité du dispositif SAS ». Pour un contrat "
        "signé avant le 03/09/2022, l'accès aux soins passe aux montants avec SAS à l'avenant qui l'acte "
        "(002 §2.3).",
    ),
    "atteinte": Event(
        "Valider un taux d'atteinte",
        web_forms.AttainmentForm,
        lambda c, o: c.can_validate_attainment(o),
        lambda a, c, d: contract_services.set_attainment(a, c, d["contract_year"], d["mission"], d["rate"], d["on"]),
        "Taux d'atteinte enregistré : le volet variable est recalculé.",
        "002 annexe 1, art. 4.2.2 : la part variable dépend du taux d'atteinte des indicateurs.",
        has_schedule,
    ),
    "resilier": Event(
        "Résilier le contrat",
        web_forms.TerminationForm,
        lambda c, o: c.can_terminate(o),
        _terminate,
        "Résiliation enregistrée.",
        "002 annexe 1, art. 8 : la résiliation prend effet deux mois après sa notification.",
        not_terminated,
        dangerous=True,
        preview=_termination_preview,
    ),
    "dossier-piece": Event(
        "Enregistrer une pièce du dossier",
        web_forms.DossierPieceForm,
        lambda c, o: c.can_manage_dossier(o),
        lambda a, c, d: contract_dossier.receive_piece(a, c, d["piece"], d["on"]),
        "Pièce du dossier enregistrée.",
        "002 annexe 1, art. 1 : projet de santé validé par l'ARS, statuts, contours du territoire, liste des "
        "membres avec leurs statuts.",
    ),
    "dossier-complet": Event(
        "Déclarer le dossier complet",
        web_forms.DateForm,
        lambda c, o: c.can_manage_dossier(o),
        lambda a, c, d: contract_dossier.declare_complete(a, c, d["on"]),
        "Dossier déclaré complet : le versement du fonctionnement de l'année 1 est payable à partir de cette date.",
        "002 annexe 1, art. 6.1 : le versement à la signature est fait « sous réserve de la vérification de la "
        "complétude du dossier ».",
    ),
    "dossier-mise-a-jour": Event(
        "Enregistrer la mise à jour annuelle du dossier",
        web_forms.DossierUpdateForm,
        lambda c, o: c.can_manage_dossier(o),
        lambda a, c, d: contract_dossier.record_update(a, c, d["on"], d["note"]),
        "Mise à jour annuelle du dossier enregistrée.",
        "002 annexe 1, art. 1 : la CPTS informe la CPAM « une fois par an, des modifications intervenues sur ces "
        "éléments ».",
    ),
    "liste-adherents": Event(
        "Enregistrer la liste annuelle des adhérents",
        web_forms.MembersListForm,
        lambda c, o: c.can_record_members_list(o),
        lambda a, c, d: contract_members_lists.record_members_list(a, c, d["contract_year"], d["on"], d["note"]),
        "Liste des adhérents enregistrée : elle compte les membres de la liste des membres à sa date de réception.",
        "002 §5.1 : « En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses "
        "adhérents en mentionnant s'il s'agit d'une personne physique ou morale ». La liste enregistrée est celle "
        "des membres de la CPTS le jour de sa réception par la CPAM (mettez-la à jour avant, page « Membres ») ; "
        "elle justifie la majoration de 10 % de taille 4 si elle compte au moins cent membres. Sans la liste de "
        "l'année à son anniversaire, le règlement de l'année est versé sans la majoration, qui attend la liste.",
        has_schedule,
    ),
    "ordonnancer": Event(
        "Ordonnancer les échéances dues",
        web_forms.RunForm,
        lambda c, o: c.can_record_payment(o),
        lambda a, c, d: runs.run_payments(a, d["on"], cpam=c.cpam.department, only=c),
        "Ordres de paiement créés pour les échéances dues de ce contrat.",
        "Ordonne chaque ligne de ce contrat payable à cette date (pas après aujourd'hui), sans jamais la doubler. "
        "Pour tous les contrats de votre CPAM, avec un aperçu avant d'ordonnancer : le guichet des paiements.",
        has_schedule,
    ),
    "paiement": Event(
        "Enregistrer un paiement",
        web_forms.PaymentForm,
        lambda c, o: c.can_record_payment(o),
        _record_payment,
        "Paiement enregistré au grand livre.",
        "Seule la CPAM signataire enregistre les paiements (002 annexe 1, art. 6).",
        has_schedule,
    ),
}


@dataclass(frozen=True)
class Action:
    url: str
    label: str
    kind: str  # "primary", "secondary" or "dangerous"


def offered(subject: Any, organisation: Any, registry: dict[str, Event], url_name: str, on: dt.date) -> list[Action]:
    """The events the organisation may do now, in the order of the lifecycle: the first is the primary
    action (the next step), the others secondary, dangerous ones apart and never primary."""
    actions: list[Action] = []
    for key, event in registry.items():
        if (
            event.allowed(subject, organisation)
            and not event.possible(subject, on)
            and not event.pending_for(subject, organisation)
        ):
            primary = not event.dangerous and not any(a.kind == "primary" for a in actions)
            kind = "dangerous" if event.dangerous else "primary" if primary else "secondary"
            actions.append(Action(reverse(url_name, args=[subject.pk, key]), event.label, kind))
    return actions


def perform(
    request: HttpRequest, subject: Any, key: str, registry: dict[str, Event], back: str, trail: list[tuple[str, str]]
) -> HttpResponse:
    event = registry.get(key)
    organisation = acting(request)
    if event is None:
        return page(request, "cpts/event_refused.html", "Action inconnue", {"back": back}, trail=trail, status=404)
    if not event.allowed(subject, organisation):
        context = {"event": event, "back": back, "reason": "Votre organisation ne peut pas faire cette action."}
        return page(request, "cpts/event_refused.html", f"{event.label} — refusé", context, trail=trail, status=403)
    why_not = event.possible(subject, _today()) or event.pending_for(subject, organisation)
    if why_not:
        context = {"event": event, "back": back, "reason": why_not}
        return page(request, "cpts/event_refused.html", f"{event.label} — impossible", context, trail=trail, status=409)
    extra: dict[str, Any] = {}
    if event.form is web_forms.PaymentForm:
        extra["orders"] = _open_orders(subject)
    if event.form is web_forms.MembersListForm:
        extra.update(_members_list_years(subject, request.GET.get("annee", "")))
    if event.form is web_forms.SignatureForm and organisation is not None:
        extra["representative"] = (organisation.representative, organisation.representative_title)
    form = event.form(request.POST or None, **extra)
    preview = None
    refusal_now = ""
    if request.method != "POST" and event.preview_first and event.preview:
        initial = {**{name: field.initial for name, field in form.fields.items()}, **form.initial}
        try:
            preview = event.preview(subject, initial, organisation)
        except (AccordError, TransitionRefused) as refusal:
            refusal_now = str(refusal)
    elif request.method == "POST" and form.is_valid() and event.preview and not form.cleaned_data.get("confirm"):
        try:
            preview = event.preview(subject, form.cleaned_data, organisation)
        except (AccordError, TransitionRefused) as refusal:
            form.add_error(None, str(refusal))
        else:
            if event.preview_first:  # the preview was on the page already: only the confirmation was missing
                form.add_error("confirm", "Cochez cette case pour confirmer.")
    elif request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a refusal leaves the block by its exception: nothing written stays
                event.run(Actor.of(request), subject, form.cleaned_data)
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, event.done)
            return redirect(back)
    context = {
        "event": event,
        "form": form,
        "subject": subject,
        "back": back,
        "on": _today(),
        "preview": preview,
        "refusal_now": refusal_now,
    }
    status = 400 if request.method == "POST" and preview is None else 200
    return page(request, "cpts/event.html", f"{event.label} — {subject}", context, trail=trail, status=status)


def community_event(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    community = visible_or_404(Community.objects, request, pk=pk)
    back = reverse("community-detail", args=[community.pk])
    trail = [(reverse("community-list"), "CPTS"), (back, community.name)]
    return perform(request, community, key, COMMUNITY_EVENTS, back, trail)


def contract_event(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    contract = visible_or_404(Contract.objects.select_related("community", "cpam", "ars"), request, pk=pk)
    back = reverse("contract-detail", args=[contract.pk])
    trail = [
        (reverse("community-list"), "CPTS"),
        (reverse("community-detail", args=[contract.community_id]), contract.community.name),
        (back, "Contrat"),
    ]
    return perform(request, contract, key, CONTRACT_EVENTS, back, trail)
