"""The CPTS association, its lifecycle before the contract, and its members.

Sources: 000 "Mode d'emploi" (creation steps), 003 (gouvernance: letter of
intent, health project validated by the ARS, association loi 1901), 002 §3.2
and annexe 2 (early-mission contract), 002 §5.1 (who counts as a member).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from cpts.accord.envelopes import MISSION_LABELS
from cpts.communities.permissions import CommunityPermissions, CommunityQuerySet, CommunityScopedQuerySet
from cpts.core.identifiers import validate_finess, validate_rna, validate_rpps, validate_siren
from cpts.core.models import Organisation
from cpts.core.regions import region_of, validate_department

# The core missions an early-mission contract may fund (002 annexe 2, art. 1:
# "une ou des missions socles"); the crisis mission is core only since avenant 2.
CORE_MISSION_CHOICES = [(key, MISSION_LABELS[key]) for key in ("access", "pathways", "prevention", "crisis")]


class Community(CommunityPermissions, models.Model):
    """A CPTS: an association loi 1901 (003, "Gouvernance") with its territory."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="community",
        limit_choices_to={"kind": Organisation.Kind.CPTS},
        verbose_name="organisation",
    )
    name = models.CharField("nom", max_length=200)
    rna = models.CharField("numéro RNA", max_length=10, blank=True, validators=[validate_rna])
    siren = models.CharField("SIREN", max_length=9, blank=True, validators=[validate_siren])
    finess = models.CharField("FINESS", max_length=9, blank=True, validators=[validate_finess])
    address = models.TextField("adresse")
    department = models.CharField("département", max_length=3, validators=[validate_department])
    region = models.CharField("région", max_length=3, editable=False)  # derived from the department on save
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire",
        help_text="instantané du territoire en vigueur",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = "CPTS"
        verbose_name_plural = "CPTS"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="community_has_rna_or_siren",
                condition=~Q(rna="") | ~Q(siren=""),
                violation_error_message="Une CPTS doit avoir un numéro RNA ou un SIREN.",
            )
        ]
        indexes = [models.Index(fields=["department"]), models.Index(fields=["region"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.region = region_of(self.department)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def community(self) -> Community:  # lets permission code treat every object alike
        return self


class LetterOfIntent(CommunityPermissions, models.Model):
    """The letter of intent, submitted to and validated by the ARS (003, "Gouvernance")."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="letter_of_intent")
    submitted_on = models.DateField("déposée le")
    declared_size = models.PositiveSmallIntegerField(
        "taille prévue", null=True, blank=True, help_text="taille de la future CPTS (002 §3.2)"
    )
    validated_on = models.DateField("validée le", null=True, blank=True)
    validated_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="validée par"
    )
    refused_on = models.DateField("refusée par l'ARS le", null=True, blank=True)
    refusal = models.TextField("motif du refus", blank=True, help_text="lu par la CPTS")

    objects = CommunityScopedQuerySet.as_manager()
    audit_scope = property(lambda self: self.community)  # its events belong to the CPTS history

    class Meta:
        verbose_name = "lettre d'intention"
        constraints = [
            models.CheckConstraint(
                name="letter_validated_or_refused_not_both",
                condition=Q(validated_on__isnull=True) | Q(refused_on__isnull=True),
            ),
            models.CheckConstraint(
                name="letter_validated_after_submission",
                condition=Q(validated_on__isnull=True) | Q(validated_on__gte=models.F("submitted_on")),
            ),
            models.CheckConstraint(
                name="letter_size_1_to_4",
                condition=Q(declared_size__isnull=True) | Q(declared_size__gte=1, declared_size__lte=4),
            ),
        ]

    def __str__(self) -> str:
        return f"Lettre d'intention de {self.community}"


class HealthProject(CommunityPermissions, models.Model):
    """The health project: submitted to the ARS, validated, or deemed validated
    two months after submission unless the ARS objects (art. L. 1434-12 CSP,
    docs/interpretations.md; delay in cpts.communities.rules)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="health_project")
    submitted_on = models.DateField("déposé le")
    validated_on = models.DateField("validé le", null=True, blank=True)
    validated_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="validé par"
    )
    objected_on = models.DateField("opposition de l'ARS le", null=True, blank=True)
    objection = models.TextField("motif de l'opposition", blank=True)

    objects = CommunityScopedQuerySet.as_manager()
    audit_scope = property(lambda self: self.community)  # its events belong to the CPTS history

    class Meta:
        verbose_name = "projet de santé"
        constraints = [
            models.CheckConstraint(
                name="project_validated_or_objected_not_both",
                condition=Q(validated_on__isnull=True) | Q(objected_on__isnull=True),
            ),
            models.CheckConstraint(
                name="project_validated_after_submission",
                condition=Q(validated_on__isnull=True) | Q(validated_on__gte=models.F("submitted_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Projet de santé de {self.community}"

    def validation_date(self, today: dt.date) -> dt.date | None:
        """When the project is (or was deemed) validated as seen on `today`; None if not (yet)."""
        from cpts.communities.rules import deemed_validated_on

        if self.validated_on:
            return self.validated_on
        if self.objected_on:
            return None
        deemed = deemed_validated_on(self.submitted_on)
        return deemed if deemed <= today else None


class EarlyMissionContract(CommunityPermissions, models.Model):
    """The early-mission contract between the CPAM and the project holders (002 §3.2, annexe 2)."""

    class Initiator(models.TextChoices):
        CPTS = "cpts", "CPTS"
        CPAM = "cpam", "CPAM"

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="early_mission_contract")
    cpam = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.CPAM},
        verbose_name="CPAM",
    )

    class Ground(models.TextChoices):  # a termination by the CPAM (002 annexe 2, art. 4.2)
        NON_DEPLOYMENT = "non_deployment", "non déploiement des actions financées"
        NO_ADHESION = "no_adhesion", "pas d'adhésion à l'ACI dans les neuf mois"

    signed_on = models.DateField("signé le")
    registered_on = models.DateField(
        "adhésion enregistrée par la caisse le",
        null=True,
        blank=True,
        help_text="vide : la signature (annexe 2, art. 3)",
    )
    size = models.PositiveSmallIntegerField("taille (lettre d'intention)")
    started_missions = models.JSONField("missions démarrées", default=list, blank=True)
    terminated_notified_on = models.DateField("résiliation notifiée le", null=True, blank=True)
    terminated_by = models.CharField("résilié par", max_length=4, choices=Initiator.choices, blank=True)
    termination_ground = models.CharField("motif de la résiliation", max_length=16, choices=Ground.choices, blank=True)

    objects = CommunityScopedQuerySet.as_manager()
    audit_scope = property(lambda self: self.community)  # its events belong to the CPTS history

    class Meta:
        verbose_name = "contrat de démarrage des missions"
        constraints = [
            models.CheckConstraint(name="early_size_1_to_4", condition=Q(size__gte=1, size__lte=4)),
            models.CheckConstraint(
                name="early_termination_complete",
                condition=Q(terminated_notified_on__isnull=True, terminated_by="")
                | Q(terminated_notified_on__isnull=False) & ~Q(terminated_by=""),
            ),
            models.CheckConstraint(  # annexe 2, art. 4.2: only a termination by the CPAM has a ground
                name="early_ground_with_cpam_termination",
                condition=Q(terminated_by="cpam") | Q(termination_ground=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Contrat de démarrage de {self.community}"

    def can_record_payment(self, organisation: Organisation | None) -> bool:
        """The CPAM that signed it pays the aid (002 annexe 2, art. 2.2)."""
        return organisation is not None and organisation.pk == self.cpam_id


class Member(CommunityPermissions, models.Model):
    """A member of the CPTS: a health professional or a structure (002 §5.1, 002 annexe 1 art. 6.3)."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", "Professionnel de santé"
        MSP = "msp", "Maison de santé pluriprofessionnelle"
        HEALTH_CENTRE = "health_centre", "Centre de santé"
        ESTABLISHMENT = "establishment", "Établissement sanitaire"
        MEDICO_SOCIAL = "medico_social", "Service ou établissement médico-social"
        OTHER = "other", "Autre structure"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField("type", max_length=16, choices=Kind.choices)
    name = models.CharField("nom", max_length=200, help_text="nom et prénom, ou raison sociale")
    profession = models.CharField("profession", max_length=100, blank=True)
    rpps = models.CharField("RPPS", max_length=11, blank=True, validators=[validate_rpps])
    professionals = models.PositiveIntegerField(
        "nombre de professionnels", null=True, blank=True, help_text="MSP : chacun compte comme membre (002 §5.1)"
    )
    joined_on = models.DateField("adhésion le")
    left_on = models.DateField("départ le", null=True, blank=True)

    objects = CommunityScopedQuerySet.as_manager()
    audit_scope = property(lambda self: self.community)  # its events belong to the CPTS history

    class Meta:
        verbose_name = "membre"
        ordering = ["community", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="professional_has_rpps_and_profession",
                condition=~Q(kind="professional") | (~Q(rpps="") & ~Q(profession="")),
                violation_error_message="Un professionnel de santé doit avoir une profession et un numéro RPPS.",
            ),
            models.CheckConstraint(
                name="msp_has_professionals",
                condition=~Q(kind="msp") | Q(professionals__isnull=False, professionals__gte=1),  # NULL would pass
                violation_error_message="Une MSP doit indiquer son nombre de professionnels.",
            ),
            models.CheckConstraint(
                name="member_left_after_joining",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                violation_error_message="La date de départ doit suivre la date d'adhésion.",
            ),
            models.UniqueConstraint(
                fields=["community", "rpps"],
                condition=Q(kind="professional", left_on__isnull=True),
                name="one_active_membership_per_rpps",
                violation_error_message="Ce professionnel (RPPS) est déjà membre de la CPTS.",
            ),
        ]

    def __str__(self) -> str:
        return self.name
