"""The crisis action plan of a contract, its versions, and the crises the ARS declares.

Sources: 002 §1.1 and §1.2 (plan drafted then updated yearly, checked by the
ARS, shared with members, ARS, CPAM and MSA), annexe 1 art. 2 and 6.2, annexe 4
(the template, the logbook, the lessons-learnt review). The rules themselves
are in `cpts.accord.crisis_plan` and `cpts.accord.crises`; these models store.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cpts.accord.crises import AUTHORITIES
from cpts.accord.crisis_plan import ITEM_STATE_LABELS, VERSION_KIND_LABELS, template
from cpts.communities.models import Community, Member
from cpts.communities.permissions import CommunityPermissions, CommunityScopedQuerySet, VisibleQuerySet
from cpts.contracts.models import Contract, ContractPart
from cpts.core.models import Organisation

KIND_CHOICES = [(kind.key, kind.label) for kind in template().kinds]
AUTHORITY_CHOICES = list(AUTHORITIES.items())


class CrisisPlan(ContractPart):
    """The crisis action plan of one contract (002 annexe 1, art. 2): one per contract."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="crisis_plan")
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "plan d'action de crise sanitaire"
        verbose_name_plural = "plans d'action de crise sanitaire"

    def __str__(self) -> str:
        return f"Plan de crise — {self.contract}"

    @property
    def audit_scope(self) -> Contract:
        return self.contract


class PlanScopedQuerySet(VisibleQuerySet):
    community_path = "plan__contract__community"


class CrisisContact(CommunityPermissions, models.Model):
    """What the directory adds to a member: crisis contact and function (002 annexe 4, partie 1).

    The member itself (name, kind, profession) comes from the CPTS's member
    list and is never retyped (docs/interpretations.md).
    """

    plan = models.ForeignKey(CrisisPlan, on_delete=models.CASCADE, related_name="contacts")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField("téléphone en cas de crise", max_length=30, blank=True)
    email = models.EmailField("courriel en cas de crise", blank=True)
    role = models.CharField("fonction en cas de crise", max_length=200, blank=True)

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "contact de crise"
        constraints = [models.UniqueConstraint(fields=["plan", "member"], name="one_crisis_contact_per_member")]

    @property
    def community(self) -> Community:  # type: ignore[override]
        return self.plan.contract.community


class PlanVersion(CommunityPermissions, models.Model):
    """One version of the plan: the first drafting, or the update of a later contract year (002 §1.1)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "en rédaction"
        SUBMITTED = "submitted", "transmise à l'ARS"
        RETURNED = "returned", "renvoyée par l'ARS"
        VALIDATED = "validated", "contrôlée par l'ARS"
        SHARED = "shared", "diffusée"

    plan = models.ForeignKey(CrisisPlan, on_delete=models.CASCADE, related_name="versions")
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    kind = models.CharField("nature", max_length=16, choices=list(VERSION_KIND_LABELS.items()))
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.DRAFT)
    opened_on = models.DateField("ouverte le")
    submitted_on = models.DateField("transmise le", null=True, blank=True)
    validated_on = models.DateField("contrôlée le", null=True, blank=True)
    validated_by_name = models.CharField("contrôlée par", max_length=200, blank=True)
    ars_comment = models.TextField("avis de l'ARS (cohérence avec les autres plans du territoire)", blank=True)
    shared_on = models.DateField("diffusée le", null=True, blank=True)
    shared_with = models.JSONField("diffusée à", default=list, blank=True)
    directory = models.JSONField("annuaire des membres à la transmission", default=list, blank=True)
    lessons = models.ManyToManyField("LessonsReview", blank=True, related_name="plan_versions")

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "version du plan de crise"
        verbose_name_plural = "versions du plan de crise"
        ordering = ["plan", "contract_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "contract_year"], name="one_plan_version_per_year"),
            models.CheckConstraint(name="plan_version_year_from_1", condition=Q(contract_year__gte=1)),
            models.CheckConstraint(
                name="validated_version_has_dates",
                condition=~Q(status__in=["validated", "shared"])
                | Q(submitted_on__isnull=False, validated_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (année {self.contract_year}) — {self.plan.contract.community}"

    @property
    def community(self) -> Community:  # type: ignore[override]
        return self.plan.contract.community

    @property
    def audit_scope(self) -> Contract:
        return self.plan.contract

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class PlanItem(models.Model):
    """What one version says for one template item: filled, not applicable (with a reason), or to do."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")
    key = models.CharField("rubrique", max_length=40, help_text="clé d'une rubrique de la trame (crisis_plan.yaml)")
    state = models.CharField("état", max_length=16, choices=list(ITEM_STATE_LABELS.items()), default="todo")
    content = models.TextField("contenu", blank=True)
    reason = models.TextField("motif (sans objet)", blank=True)

    class Meta:
        verbose_name = "rubrique du plan"
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_item_per_key"),
            models.CheckConstraint(name="not_applicable_has_reason", condition=~Q(state="not_applicable", reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.key} : {self.get_state_display()}"


class DeclaredCrisis(models.Model):
    """An exceptional health situation declared by decision (002 annexe 4, préambule)."""

    ars = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "ars"}, verbose_name="ARS"
    )
    declared_on = models.DateField("déclarée le")
    kind = models.CharField("typologie", max_length=20, choices=KIND_CHOICES)
    communes = models.JSONField("communes", default=list, blank=True)
    departments = models.JSONField("départements", default=list, blank=True)
    regions = models.JSONField("régions", default=list, blank=True)
    authority = models.CharField("autorité", max_length=24, choices=AUTHORITY_CHOICES)
    reference = models.CharField("référence de la décision", max_length=200)
    title = models.CharField("intitulé", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField("enregistrée par", max_length=200, blank=True)
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "crise sanitaire déclarée"
        verbose_name_plural = "crises sanitaires déclarées"
        ordering = ["-declared_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ars", "reference"], name="one_crisis_per_decision"),
            models.CheckConstraint(name="crisis_authority_known", condition=Q(authority__in=list(AUTHORITIES))),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.get_kind_display()} — {self.declared_on:%d/%m/%Y} ({self.reference})"


class CrisisWork(CommunityPermissions, models.Model):
    """Base of what a CPTS writes about one crisis: its logbook entries and its lessons learnt."""

    crisis = models.ForeignKey(DeclaredCrisis, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")

    objects = CommunityScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class LogbookEntry(CrisisWork):
    """One line of the crisis logbook (002 annexe 4, partie 3: « journal de bord »): date, action, who."""

    on = models.DateTimeField("date")
    action = models.TextField("action")
    who = models.CharField("qui", max_length=200)
    recorded_by_name = models.CharField("saisi par", max_length=200, blank=True)

    class Meta:
        verbose_name = "entrée du journal de bord"
        verbose_name_plural = "journal de bord"
        ordering = ["crisis", "community", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y %H:%M} — {self.who} : {self.action[:60]}"


class LessonsReview(CrisisWork):
    """The lessons-learnt review after a crisis (002 annexe 4, partie 4); it feeds the next update."""

    written_on = models.DateField("rédigé le")
    description = models.TextField("descriptif de la crise et de sa gestion")
    strengths = models.TextField("points forts", blank=True)
    weaknesses = models.TextField("points faibles", blank=True)
    improvements = models.TextField("apprentissages / choses à améliorer", blank=True)
    completion_delay = models.TextField("délai de réalisation", blank=True)
    experience_sharing = models.TextField("échange des retours d'expérience", blank=True)

    class Meta:
        verbose_name = "retour d'expérience"
        verbose_name_plural = "retours d'expérience"
        ordering = ["community", "written_on"]
        constraints = [models.UniqueConstraint(fields=["crisis", "community"], name="one_review_per_crisis")]

    def __str__(self) -> str:
        return f"Retex de {self.community} — {self.crisis}"
