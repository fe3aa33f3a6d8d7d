"""Indicators and objectives of a contract, and the annual review that sets the variable part.

Sources: 002 annexe 1, art. 4.2.2 (variable part on the attainment of objectives,
assessed by the three signatories, objectives per contract year), art. 4.2.2.1
(yearly exchanges), art. 4.2.2.2 (indicators of means and results)
(workflow, evidence, activity report and accounts, spending per mission).
The rules themselves are in `cpts.accord.variable`; these models store their inputs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cpts.accord.envelopes import MISSION_LABELS, MISSIONS
from cpts.accord.indicators import INDICATOR_MISSIONS, Indicator, local_indicator, national_indicators
from cpts.accord.variable import AllOrNothing, AttainmentRule, Baseline, Linear, Objective, Override, Steps
from cpts.communities.permissions import CommunityPermissions, VisibleQuerySet
from cpts.contracts.models import Contract, ContractPart

INDICATOR_MISSION_CHOICES = [(key, MISSION_LABELS[key]) for key in INDICATOR_MISSIONS]
SPENDING_CHOICES = [(key, MISSION_LABELS[key]) for key in MISSIONS]  # operating costs included (docs/reviews.md)
RATE = {"max_digits": 5, "decimal_places": 4}  # like contracts.Attainment (rule ATTAINMENT_ROUNDED_TO_BASIS_POINT)
VALUE = {"max_digits": 14, "decimal_places": 4}


class ObjectiveQuerySet(VisibleQuerySet):
    community_path = "indicator__contract__community"


class ReviewScopedQuerySet(VisibleQuerySet):
    community_path = "review__contract__community"


class ContractIndicator(ContractPart):
    """An indicator the contract follows (002 annexe 1, art. 4.2.2.2): national (catalogue) or local."""

    class Scope(models.TextChoices):
        NATIONAL = "national", "national"
        LOCAL = "local", "local"

    class Direction(models.TextChoices):
        INCREASING = "increasing", "croissant"
        DECREASING = "decreasing", "décroissant"

    class Kind(models.TextChoices):
        MEANS = "means", "indicateur de moyens"
        RESULT = "result", "indicateur de résultat"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField("code", max_length=60)
    scope = models.CharField("niveau", max_length=8, choices=Scope.choices)
    mission = models.CharField("mission", max_length=12, choices=INDICATOR_MISSION_CHOICES)
    label = models.CharField("libellé", max_length=300)
    direction = models.CharField("sens", max_length=10, choices=Direction.choices)
    kind = models.CharField("type", max_length=6, choices=Kind.choices)
    unit = models.CharField("unité", max_length=40)
    definition = models.TextField("définition", blank=True)
    computation = models.TextField("mode de calcul", blank=True)
    data_source = models.CharField("source des données", max_length=300, blank=True)

    class Meta:
        verbose_name = "indicateur du contrat"
        verbose_name_plural = "indicateurs du contrat"
        ordering = ["contract", "mission", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "code"], name="one_indicator_code_per_contract")]

    def __str__(self) -> str:
        return self.label

    def can_set_target(self, organisation: Any) -> bool:
        """The three signatories set the objectives together (002 annexe 1, art. 4.2.2.1: « définir et suivre
        conjointement […] les objectifs fixés »); any of them records what they agreed."""
        return self.contract.is_party(organisation)

    def to_engine(self) -> Indicator:
        """The engine's indicator; a national one is read from the catalogue, never from the row."""
        if self.scope == self.Scope.NATIONAL:
            return national_indicators()[self.code]
        return local_indicator(
            self.code,
            self.label,
            self.mission,
            definition=self.definition,
            unit=self.unit,
            computation=self.computation,
            data_source=self.data_source,
            kind=self.kind,  # type: ignore[arg-type]
            direction=self.direction,  # type: ignore[arg-type]
        )


class IndicatorObjective(CommunityPermissions, models.Model):
    """The objective of one indicator for one contract year (002 annexe 1, art. 4.2.2: "objectifs différenciés
    pour chaque année du contrat"). A zero weight keeps the indicator for follow-up only."""

    class Rule(models.TextChoices):
        NONE = "", "aucune (suivi seulement)"
        ALL_OR_NOTHING = "all_or_nothing", "tout ou rien"
        LINEAR = "linear", "linéaire entre la référence et la cible"
        STEPS = "steps", "paliers"

    indicator = models.ForeignKey(ContractIndicator, on_delete=models.CASCADE, related_name="objectives")
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    target = models.DecimalField("cible", null=True, blank=True, **VALUE)  # type: ignore[call-overload]
    weight = models.DecimalField("poids", max_digits=7, decimal_places=2, default=Decimal(0))
    rule = models.CharField("règle d'atteinte", max_length=16, choices=Rule.choices, blank=True)
    steps = models.JSONField("paliers", default=list, blank=True, help_text='[["seuil", "taux"], ...]')
    baseline_value = models.DecimalField("valeur de référence", null=True, blank=True, **VALUE)  # type: ignore[call-overload]
    baseline_on = models.DateField("date de la référence", null=True, blank=True)
    baseline_source = models.CharField("source de la référence", max_length=300, blank=True)
    baseline_version = models.CharField("version de la source", max_length=100, blank=True)

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = "objectif"
        ordering = ["indicator", "contract_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "contract_year"], name="one_objective_per_indicator_year"),
            models.CheckConstraint(name="objective_weight_not_negative", condition=Q(weight__gte=0)),
            models.CheckConstraint(name="objective_year_from_1", condition=Q(contract_year__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — année {self.contract_year}"

    @property
    def community(self) -> Any:  # type: ignore[override]
        return self.indicator.contract.community

    @property
    def audit_scope(self) -> Contract:
        """Its events belong to the contract's history (cpts.core.audit.scope_of)."""
        return self.indicator.contract

    def engine_rule(self) -> AttainmentRule | None:
        if self.rule == self.Rule.ALL_OR_NOTHING:
            return AllOrNothing()
        if self.rule == self.Rule.LINEAR:
            return Linear()
        if self.rule == self.Rule.STEPS:
            return Steps(tuple((Decimal(str(value)), Decimal(str(rate))) for value, rate in self.steps))
        return None

    def to_engine(self) -> Objective:
        """The engine's objective; raises AccordError (French) when the objective is inconsistent."""
        baseline = None
        if self.baseline_value is not None and self.baseline_on is not None:
            baseline = Baseline(self.baseline_value, self.baseline_on, self.baseline_source, self.baseline_version)
        return Objective(
            self.indicator.to_engine(), self.contract_year, self.target, self.weight, self.engine_rule(), baseline
        )


class AnnualReview(ContractPart):
    """The yearly "dialogue de gestion" of one contract year (002 annexe 1, art. 4.2.2.1).

    Workflow: draft -> submitted -> (correction_requested -> resubmitted)* -> validated, validated
    once both the CPAM and the ARS have validated; only then are the attainment rates written.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "brouillon"
        SUBMITTED = "submitted", "soumise"
        CORRECTION_REQUESTED = "correction_requested", "correction demandée"
        RESUBMITTED = "resubmitted", "soumise à nouveau"
        VALIDATED = "validated", "validée"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reviews")
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.DRAFT)
    correction_reason = models.TextField("correction demandée", blank=True)
    cpam_validated_on = models.DateField("validée par la CPAM le", null=True, blank=True)
    ars_validated_on = models.DateField("validée par l'ARS le", null=True, blank=True)
    validated_on = models.DateField("validée le", null=True, blank=True)

    class Meta:
        verbose_name = "revue annuelle"
        verbose_name_plural = "revues annuelles"
        ordering = ["contract", "contract_year"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "contract_year"], name="one_review_per_contract_year"),
            models.CheckConstraint(name="review_year_from_1", condition=Q(contract_year__gte=1)),
            models.CheckConstraint(
                name="validated_review_has_both_validations",
                condition=~Q(status="validated") | Q(cpam_validated_on__isnull=False, ars_validated_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Revue de l'année {self.contract_year} — {self.contract}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CORRECTION_REQUESTED)

    @property
    def under_review(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.RESUBMITTED)


class ReviewPart(CommunityPermissions, models.Model):
    """A row of a review: visibility follows the review's contract."""

    review: models.ForeignKey[AnnualReview, AnnualReview]
    objects = ReviewScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def community(self) -> Any:  # type: ignore[override]
        return self.review.contract.community

    @property
    def audit_scope(self) -> Contract:
        """Its events belong to the contract's history (cpts.core.audit.scope_of)."""
        return self.review.contract


class ReviewEvent(ReviewPart):
    """One step of the workflow: who, when, what, and the message (the trail of the dialogue)."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("date", auto_now_add=True)
    action = models.CharField("action", max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField("auteur", max_length=200)
    organisation_name = models.CharField("organisation", max_length=200)
    comment = models.TextField("message", blank=True)

    class Meta:
        verbose_name = "étape de la revue"
        ordering = ["review", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y} {self.action} ({self.organisation_name})"


class MeasuredValue(ReviewPart):
    """The value the CPTS reports for one indicator of the year; empty means "non renseignée"."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(ContractIndicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField("valeur mesurée", null=True, blank=True, **VALUE)  # type: ignore[call-overload]
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "valeur mesurée"
        verbose_name_plural = "valeurs mesurées"
        constraints = [models.UniqueConstraint(fields=["review", "indicator"], name="one_value_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.value}"


class EvidenceFile(ReviewPart):
    """A file uploaded with the review, stored outside the web root (`cpts.reviews.files`)."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "justificatif"
        ACTIVITY_REPORT = "activity_report", "rapport d'activité"
        ACCOUNTS = "accounts", "comptes de l'année"
        BUDGET = "budget", "budget"

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("type de document", max_length=16, choices=Kind.choices)
    indicator = models.ForeignKey(
        ContractIndicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    original_name = models.CharField("nom du fichier", max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Set when the review is validated, if the file was then part of it and its content is of a type
    # expected for its kind (cpts.reviews.files.is_expected): what releases a withheld balance under the
    # management policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS.
    validated_with_review = models.BooleanField("vérifié à la validation de la revue", default=False)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["review", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def can_remove(self, organisation: Any) -> bool:
        """The CPTS, who files the documents of its review; only while the review is a draft
        (`cpts.reviews.services.remove_file` refuses once it has been submitted)."""
        return organisation is not None and organisation.pk == self.review.contract.community.organisation_id


class Spending(ReviewPart):
    """What the CPTS actually spent in the year on one mission or on operating costs (docs/reviews.md)."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="spending")
    mission = models.CharField("mission", max_length=12, choices=SPENDING_CHOICES)
    amount = models.DecimalField("dépenses réelles (€)", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "dépense réelle"
        constraints = [
            models.UniqueConstraint(fields=["review", "mission"], name="one_spending_per_mission"),
            models.CheckConstraint(name="spending_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.mission} : {self.amount} €"


class MissionOverride(ReviewPart):
    """A rate set by joint decision, replacing the computed one (rule JOINT_DECISION_OVERRIDE)."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="overrides")
    mission = models.CharField("mission", max_length=12, choices=INDICATOR_MISSION_CHOICES)
    rate = models.DecimalField("taux retenu", **RATE)  # type: ignore[call-overload]
    reason = models.TextField("motif de la décision conjointe")
    decided_on = models.DateField("décidé le")

    class Meta:
        verbose_name = "décision conjointe"
        constraints = [
            models.UniqueConstraint(fields=["review", "mission"], name="one_override_per_mission"),
            models.CheckConstraint(name="override_rate_between_0_and_1", condition=Q(rate__gte=0, rate__lte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.mission} : {self.rate}"

    def to_engine(self) -> Override:
        return Override(self.rate, self.reason, self.decided_on)
