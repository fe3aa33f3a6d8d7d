"""The annual review workflow (002 annexe 1, art. 4.2.2, 4.2.2.1, 6.2).

The CPTS fills in and submits its review; the CPAM and the ARS may ask for a
correction, and validate; once both have validated, the attainment rates
computed by `cpts.accord.variable` are written to `contracts.Attainment`, which
the schedule reads. Every refusal is a `ReviewError` with a French message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from cpts.accord.envelopes import MISSION_LABELS, MISSIONS
from cpts.accord.errors import AccordError
from cpts.accord.indicators import INDICATOR_MISSIONS
from cpts.accord.parameters import NotInForce
from cpts.accord.rate_explanation import rate_text
from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.variable import MissionAttainment, mission_attainment
from cpts.accord.years import contract_years
from cpts.contracts.models import Contract
from cpts.contracts.services import set_attainment
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.models import Organisation
from cpts.core.services import refuse_if
from cpts.reviews import files
from cpts.reviews.models import (
    AnnualReview,
    EvidenceFile,
    IndicatorObjective,
    MeasuredValue,
    MissionOverride,
    ReviewEvent,
    Spending,
)

Status = AnnualReview.Status
# Documents without which the year's balance is withheld (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS, off by default).
REQUIRED_DOCUMENTS = (EvidenceFile.Kind.ACTIVITY_REPORT, EvidenceFile.Kind.ACCOUNTS)
# The crisis mission's variable part follows the crises, not objectives (rule CRISIS_FOLLOW_UP_ONLY).
RATED_MISSIONS = tuple(mission for mission in INDICATOR_MISSIONS if mission != "crisis")


class ReviewError(TransitionRefused):
    """A step of the review that is not allowed now, or with these inputs; French message.

    Refusals because of who acts are `cpts.core.errors.NotAllowed`.
    """


def _is_cpts(contract: Contract, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk == contract.community.organisation_id


def _party(contract: Contract, actor: Actor) -> str:
    organisation = actor.organisation
    if organisation is not None and organisation.pk == contract.cpam_id:
        return "cpam"
    if organisation is not None and organisation.pk == contract.ars_id:
        return "ars"
    if _is_cpts(contract, organisation):
        return "cpts"
    raise NotAllowed("Seuls les signataires du contrat (CPTS, CPAM, ARS) interviennent dans la revue annuelle.")


def _user(actor: Actor) -> Any:
    return actor.user if getattr(actor.user, "pk", None) else None


def _log(review: AnnualReview, action: str, actor: Actor, comment: str = "") -> None:
    ReviewEvent.objects.create(
        review=review,
        action=action,
        actor=_user(actor),
        actor_name=actor.name,
        organisation_name=str(actor.organisation) if actor.organisation is not None else "",
        comment=comment,
    )


def open_review(contract: Contract, year: int) -> AnnualReview:
    """The review of a contract year, created as a draft the first time."""
    if contract.signed_on is None:
        raise ReviewError("Le contrat n'est pas encore signé : pas de revue annuelle.")
    review, _ = AnnualReview.objects.get_or_create(contract=contract, contract_year=year)
    return review


def check_editable_by_cpts(actor: Actor, review: AnnualReview) -> None:
    if _party(review.contract, actor) != "cpts":
        raise NotAllowed("Seule la CPTS renseigne sa revue annuelle.")
    if not review.editable:
        raise ReviewError(f"La revue est {review.get_status_display()} : elle ne peut plus être modifiée.")


def set_values(
    actor: Actor,
    review: AnnualReview,
    values: Mapping[str, Decimal | None],
    comments: Mapping[str, str] | None = None,
) -> None:
    """Record measured values (and their comments) by indicator code (the indicators of the contract only)."""
    check_editable_by_cpts(actor, review)
    indicators = {indicator.code: indicator for indicator in review.contract.indicators.all()}
    unknown = sorted(set(values) - set(indicators))
    if unknown:
        raise ReviewError(f"Indicateurs inconnus pour ce contrat : {', '.join(unknown)}.")
    with transaction.atomic():
        for code, value in values.items():
            defaults: dict[str, Any] = {"value": value}
            if comments is not None:
                defaults["comment"] = comments.get(code, "")
            MeasuredValue.objects.update_or_create(review=review, indicator=indicators[code], defaults=defaults)


def set_spending(actor: Actor, review: AnnualReview, amounts: Mapping[str, Decimal]) -> None:
    """Record the year's actual spending per mission and for operating costs (docs/reviews.md)."""
    check_editable_by_cpts(actor, review)
    for mission, amount in amounts.items():
        if mission not in MISSIONS:
            raise ReviewError(f"Mission inconnue : « {mission} ».")
        if amount < 0:
            raise ReviewError(f"{MISSION_LABELS[mission]} : une dépense ne peut pas être négative.")
    with transaction.atomic():
        for mission, amount in amounts.items():
            Spending.objects.update_or_create(review=review, mission=mission, defaults={"amount": amount})


def attach_file(actor: Actor, review: AnnualReview, kind: str, name: str, content: bytes) -> EvidenceFile:
    """Check and store an uploaded file (type and size limits, private folder)."""
    check_editable_by_cpts(actor, review)
    if kind not in EvidenceFile.Kind.values:
        raise ReviewError(f"Type de document inconnu : « {kind} ».")
    try:
        stored = files.store(name, content)
    except files.FileRefused as error:
        raise ReviewError(str(error)) from error
    return EvidenceFile.objects.create(
        review=review,
        kind=kind,
        original_name=name[:255],
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=_user(actor),
    )


def remove_file(actor: Actor, evidence: EvidenceFile) -> None:
    """The CPTS removes a document from its review while the review is a draft; never once it has been submitted
    (the CPAM and the ARS may have read it: it stays in the review and its trail). Audited; the stored file is
    erased once the removal is committed."""
    actor.require(evidence.can_remove, "Seule la CPTS retire une pièce de sa revue annuelle.")
    review = evidence.review
    refuse_if(
        review.status != Status.DRAFT,
        f"La revue est {review.get_status_display()} : une pièce transmise à la CPAM et à l'ARS ne peut plus être "
        "retirée.",
    )
    stored = evidence.stored_name
    with audited(actor, "retirer une pièce de la revue annuelle", evidence):
        evidence.delete()
    transaction.on_commit(lambda: files.discard(stored))


def missing_documents(review: AnnualReview | None) -> list[str]:
    """The labels of the required documents not yet uploaded."""
    present = set(review.files.values_list("kind", flat=True)) if review is not None else set()
    return [str(kind.label) for kind in REQUIRED_DOCUMENTS if kind.value not in present]


def withholding_on() -> bool:
    """The management policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS, outside the agreement: off unless set nationally."""
    return bool(getattr(settings, "CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS", False))


def withheld_reason(contract: Contract, year: int) -> str | None:
    """Why the balance of a contract year is withheld, or None (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."""
    return withheld_balances(contract).get(year)


def withheld_balances(contract: Contract) -> dict[int, str]:
    """{contract year: reason} for every year whose balance is withheld (policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."""
    return withheld_balances_many([contract]).get(contract.pk, {})


def withheld_balances_many(contracts: Sequence[Contract]) -> dict[int, dict[int, str]]:
    """{contract id: {contract year: reason}} for the signed contracts given, in two queries; {} with the policy off.

    Public interface for the payment service, which reaches it through the hook of
    `cpts.core.withholding` (registered in `ReviewsConfig.ready`): the payment run does
    not order a withheld year's balance, the ledger shows it as withheld. Neither the
    amount nor the validation of the rates depends on it. A year is released only by
    its **validated** review holding both documents, each checked by content when the
    review was validated (`EvidenceFile.validated_with_review`).
    """
    if not withholding_on():
        return {}
    signed = [contract for contract in contracts if contract.signed_on is not None]
    ids = [contract.pk for contract in signed]
    validated = set(
        AnnualReview.objects.filter(contract__in=ids, status=Status.VALIDATED).values_list(
            "contract_id", "contract_year"
        )
    )
    checked: dict[tuple[int, int], set[str]] = {}
    rows = EvidenceFile.objects.filter(
        review__contract__in=ids,
        review__status=Status.VALIDATED,
        validated_with_review=True,
        kind__in=[kind.value for kind in REQUIRED_DOCUMENTS],
    ).values_list("review__contract_id", "review__contract_year", "kind")
    for contract_id, year, kind in rows:
        checked.setdefault((contract_id, year), set()).add(kind)
    found: dict[int, dict[int, str]] = {}
    for contract in signed:
        assert contract.signed_on is not None
        try:
            spans = contract_years(contract.signed_on, DEFAULT_READINGS)
        except (AccordError, NotInForce):  # a contract the engine refuses has no schedule to withhold
            continue
        for span in spans:
            have = checked.get((contract.pk, span.number), set())
            missing = [str(kind.label) for kind in REQUIRED_DOCUMENTS if kind.value not in have]
            if missing:
                is_validated = (contract.pk, span.number) in validated
                found.setdefault(contract.pk, {})[span.number] = _withheld_text(span.number, missing, is_validated)
    return found


POLICY_LABEL = "politique de gestion hors accord"


def _withheld_text(year: int, missing: list[str], validated: bool) -> str:
    why = (
        f"{', '.join(missing)} absent(s) ou non conforme(s) dans la revue validée"
        if validated
        else f"revue annuelle non validée avec {', '.join(missing)}"
    )
    return (
        f"Solde de l'année {year} retenu : {why} — {POLICY_LABEL}, non prévue par l'accord "
        "(règle BALANCE_WITHHELD_WITHOUT_DOCUMENTS)."
    )


def _check_documents(review: AnnualReview) -> None:
    """At validation: mark the required documents then in the review whose content is of an expected type."""
    for evidence in review.files.filter(kind__in=[kind.value for kind in REQUIRED_DOCUMENTS]):
        content = files.stored_content(evidence.stored_name)
        if content is not None and files.is_expected(evidence.kind, content):
            evidence.validated_with_review = True
            evidence.save(update_fields=["validated_with_review"])


def submit(actor: Actor, review: AnnualReview, comment: str = "") -> None:
    """The CPTS submits (or resubmits after a correction request)."""
    check_editable_by_cpts(actor, review)
    resubmission = review.status == Status.CORRECTION_REQUESTED
    review.status = Status.RESUBMITTED if resubmission else Status.SUBMITTED
    review.save(update_fields=["status"])
    _log(review, "resubmitted" if resubmission else "submitted", actor, comment)


def _reviewer(actor: Actor, review: AnnualReview) -> str:
    party = _party(review.contract, actor)
    if party == "cpts":
        raise NotAllowed("La CPAM et l'ARS examinent la revue ; la CPTS ne peut pas la valider.")
    if not review.under_review:
        raise ReviewError(f"La revue est {review.get_status_display()} : elle n'est pas en cours d'examen.")
    return party


def request_correction(actor: Actor, review: AnnualReview, reason: str) -> None:
    """The CPAM or the ARS sends the review back; both validations start again."""
    _reviewer(actor, review)
    if not reason.strip():
        raise ReviewError("Indiquez la correction demandée.")
    review.status = Status.CORRECTION_REQUESTED
    review.correction_reason = reason
    review.cpam_validated_on = review.ars_validated_on = None
    review.save(update_fields=["status", "correction_reason", "cpam_validated_on", "ars_validated_on"])
    _log(review, "correction_requested", actor, reason)


def set_override(
    actor: Actor, review: AnnualReview, mission: str, rate: Decimal, reason: str, decided_on: dt.date
) -> MissionOverride:
    """Record a joint decision replacing a computed rate (rule JOINT_DECISION_OVERRIDE)."""
    _reviewer(actor, review)
    if mission not in RATED_MISSIONS:
        raise ReviewError(f"Pas de taux d'atteinte pour la mission « {mission} ».")
    override = MissionOverride(review=review, mission=mission, rate=rate, reason=reason, decided_on=decided_on)
    try:
        override.to_engine()
    except AccordError as error:
        raise ReviewError(str(error)) from error
    with transaction.atomic():
        MissionOverride.objects.filter(review=review, mission=mission).delete()
        override.save()
        _log(review, "override", actor, f"{MISSION_LABELS[mission]} : {rate_text(override.rate)} — {reason}")
    return override


def attainments(review: AnnualReview) -> dict[str, MissionAttainment]:
    """Each mission's attainment for the review's year, with its explanation (cpts.accord.variable).

    Only the indicators with an objective for the year count: one whose target is still « à fixer » has no
    objective, so its measured value is kept and shown but left out of the rate (rule TARGET_NOT_SET_NOT_COUNTED).
    """
    objectives = IndicatorObjective.objects.filter(
        indicator__contract=review.contract, contract_year=review.contract_year
    ).select_related("indicator")
    values = {value.indicator.code: value.value for value in review.values.select_related("indicator")}
    overrides = {override.mission: override.to_engine() for override in review.overrides.all()}
    by_mission: dict[str, list[IndicatorObjective]] = {}
    for objective in objectives:
        by_mission.setdefault(objective.indicator.mission, []).append(objective)
    results: dict[str, MissionAttainment] = {}
    try:
        for mission in RATED_MISSIONS:
            if mission not in by_mission and mission not in overrides:
                continue
            rows = by_mission.get(mission, [])
            codes = {row.indicator.code for row in rows}
            # A value without an objective for the year is left out (rule TARGET_NOT_SET_NOT_COUNTED).
            measured = {code: value for code, value in values.items() if code in codes}
            engine = [row.to_engine() for row in rows]
            override = overrides.get(mission)
            results[mission] = mission_attainment(mission, review.contract_year, engine, measured, override)
    except AccordError as error:
        raise ReviewError(str(error)) from error
    return results


def missing_values(review: AnnualReview) -> list[str]:
    """Weighted indicators without a measured value: they will count 0 % (rule MISSING_VALUE_SCORES_ZERO)."""
    return [
        result.objective.indicator.label
        for attainment in attainments(review).values()
        for result in attainment.indicators
        if result.rate is not None and result.value is None
    ]


def validate(actor: Actor, review: AnnualReview, on: dt.date) -> bool:
    """The CPAM or the ARS validates; with both, the rates are written. True when the review is validated."""
    party = _reviewer(actor, review)
    results = attainments(review)
    blocked = [MISSION_LABELS[m] for m, result in results.items() if result.rate is None]
    if blocked:
        raise ReviewError(
            f"Taux non calculable pour : {', '.join(blocked)} ; aucun indicateur pondéré, fixez le taux par "
            "décision conjointe (règle NO_VARIABLE_INDICATOR)."
        )
    with transaction.atomic():
        setattr(review, f"{party}_validated_on", on)
        fields = [f"{party}_validated_on"]
        if review.cpam_validated_on and review.ars_validated_on:
            review.status, review.validated_on = Status.VALIDATED, on
            fields += ["status", "validated_on"]
            _check_documents(review)
            for result in results.values():
                assert result.rate is not None  # checked above
                set_attainment(actor, review.contract, review.contract_year, result.mission, result.rate, on)
        review.save(update_fields=fields)
        _log(review, f"validated_{party}", actor)
    return review.status == Status.VALIDATED
