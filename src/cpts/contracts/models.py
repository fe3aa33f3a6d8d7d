"""The tripartite ACI contract (002 annexe 1, "contrat type") and what changes it.

Each model stores what the schedule engine needs; `cpts.contracts.bridge.describe`
turns a stored contract into the engine's `ContractDescription`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cpts.accord.envelopes import MISSION_LABELS, MISSIONS
from cpts.communities.models import Community
from cpts.communities.permissions import CommunityPermissions, VisibleQuerySet
from cpts.core.models import Organisation

MISSION_CHOICES = [(key, MISSION_LABELS[key]) for key in MISSIONS if key != "operating"]
SIZE_CONSTRAINT = Q(size__gte=1, size__lte=4)


class ContractQuerySet(VisibleQuerySet):
    community_path = "community"


class ContractScopedQuerySet(VisibleQuerySet):
    community_path = "contract__community"


class Contract(CommunityPermissions, models.Model):
    """The contract signed by the CPTS, the CPAM and the ARS (002 annexe 1)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="contracts", verbose_name="CPTS")
    cpam = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "cpam"}, verbose_name="CPAM"
    )
    ars = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "ars"}, verbose_name="ARS"
    )
    signed_on = models.DateField("signé le", null=True, blank=True, help_text="vide tant que le contrat est en projet")
    size = models.PositiveSmallIntegerField("taille à la signature")
    members_at_signature = models.PositiveIntegerField(
        "membres à la signature", default=0, editable=False, help_text="calculé à partir des membres (002 §5.1)"
    )
    sas_from = models.DateField(
        "SAS opérationnel depuis le",
        null=True,
        blank=True,
        help_text="date fixée par l'ARS (002 §2.1), à part des avenants",
    )
    orientation_service = models.BooleanField("service d'orientation organisé par la CPTS", default=False)
    avenant_2_on = models.DateField(
        "avenant n° 2 signé le", null=True, blank=True, help_text="contrats signés avant le 3 septembre 2022"
    )
    covid_2021_actions = models.BooleanField("actions de crise COVID en 2021 (dérogation 002 §1.3)", default=False)
    members_lists_followed = models.BooleanField(
        "listes annuelles des adhérents suivies",
        default=False,
        editable=False,
        help_text="002 §5.1, règle MEMBERS_LIST_YEARLY : suivies à partir de la signature ; un contrat signé avant "
        "leur suivi garde la majoration de taille 4 sans elles",
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="next_contract",
        verbose_name="contrat précédent",
        help_text="le contrat de la même CPTS qu'il suit (après ses cinq ans ou sa résiliation)",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat"
        ordering = ["community", "-signed_on"]
        constraints = [
            models.CheckConstraint(name="contract_size_1_to_4", condition=SIZE_CONSTRAINT),
            # One contract in force per CPTS at a time is a service rule; the
            # database at least refuses two drafts.
            models.UniqueConstraint(
                fields=["community"], condition=Q(signed_on__isnull=True), name="one_draft_per_cpts"
            ),
        ]
        indexes = [models.Index(fields=["signed_on"])]

    def __str__(self) -> str:
        when = f"signé le {self.signed_on:%d/%m/%Y}" if self.signed_on else "en projet"
        return f"Contrat de {self.community} ({when})"

    # Object-level permissions (docs/permissions.md).
    def is_party(self, organisation: Organisation | None) -> bool:
        """The three signatories (002 annexe 1, "Entre …")."""
        return organisation is not None and organisation.pk in {
            self.community.organisation_id,
            self.cpam_id,
            self.ars_id,
        }

    def party_of(self, organisation: Organisation | None) -> str | None:
        """Which of the three signatories the organisation is: "cpts", "cpam", "ars", or None."""
        if organisation is None:
            return None
        return {self.community.organisation_id: "cpts", self.cpam_id: "cpam", self.ars_id: "ars"}.get(organisation.pk)

    def can_sign(self, organisation: Organisation | None) -> bool:
        """Each party signs for itself (002 annexe 1: « Pour le directeur de la CPAM », « Pour le directeur de
        l'ARS », « Pour la communauté professionnelle »); rule SIGNATURES_THREE_PARTIES."""
        return self.is_party(organisation)

    def can_amend(self, organisation: Organisation | None) -> bool:
        """Amendments are signed by the parties (002 annexe 1, art. 7)."""
        return self.is_party(organisation)

    def can_record_mission(self, organisation: Organisation | None) -> bool:
        return self.is_party(organisation)

    def can_terminate(self, organisation: Organisation | None) -> bool:
        """The CPTS (art. 8.1), the CPAM or the ARS (art. 8.2) may terminate."""
        return self.is_party(organisation)

    def can_set_sas_date(self, organisation: Organisation | None) -> bool:
        """« Il appartient à l'ARS de qualifier l'opérationnalité du dispositif SAS » (002 §2.1)."""
        return organisation is not None and organisation.pk == self.ars_id

    def can_validate_attainment(self, organisation: Organisation | None) -> bool:
        """Attainment is assessed with the CPAM and the ARS (002 annexe 1, art. 4.2.2.1)."""
        return organisation is not None and organisation.pk in {self.cpam_id, self.ars_id}

    def can_record_payment(self, organisation: Organisation | None) -> bool:
        """The local Assurance maladie fund pays (002 annexe 1, art. 6)."""
        return organisation is not None and organisation.pk == self.cpam_id

    def can_manage_dossier(self, organisation: Organisation | None) -> bool:
        """The local fund checks the dossier and receives its yearly update (002 annexe 1, art. 1 and 6.1)."""
        return organisation is not None and organisation.pk == self.cpam_id

    def can_record_members_list(self, organisation: Organisation | None) -> bool:
        """« l'association CPTS transmettra tous les ans, la liste exhaustive de ses adhérents » (002 §5.1): the CPTS
        records the list it transmits, the CPAM the list it received."""
        return organisation is not None and organisation.pk in {self.community.organisation_id, self.cpam_id}


class ContractPart(CommunityPermissions, models.Model):
    """Base of the rows that belong to a contract: visibility and rights follow the contract."""

    contract: models.ForeignKey[Contract, Contract]

    objects = ContractScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def community(self) -> Community:  # type: ignore[override]
        return self.contract.community

    @property
    def audit_scope(self) -> Contract:
        """Its events belong to the contract's history (cpts.core.audit.scope_of)."""
        return self.contract


class Mission(ContractPart):
    """A mission of the contract and its calendar (002 annexe 1, art. 2 and 3)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="missions")
    key = models.CharField("mission", max_length=12, choices=MISSION_CHOICES)
    started_on = models.DateField("démarrée le", null=True, blank=True)
    deployed_on = models.DateField("déployée le", null=True, blank=True)
    mt_started_on = models.DateField("action médecin traitant démarrée le", null=True, blank=True)
    snp_started_on = models.DateField("action soins non programmés démarrée le", null=True, blank=True)
    planned_start_on = models.DateField("démarrage prévu le", null=True, blank=True)
    planned_deployed_on = models.DateField("déploiement prévu le", null=True, blank=True)

    class Meta:
        verbose_name = "mission"
        ordering = ["contract", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "key"], name="one_row_per_mission"),
            models.CheckConstraint(
                name="mission_deployed_after_start",
                condition=Q(deployed_on__isnull=True)
                | Q(started_on__isnull=False, deployed_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} — {self.contract}"


class Amendment(ContractPart):
    """A dated amendment (002 annexe 1, art. 7): only the fields it changes are set.

    `members` is the member count computed on the signature date (002 §5.1),
    never typed in.
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="amendments")
    signed_on = models.DateField("signé le")
    size = models.PositiveSmallIntegerField("nouvelle taille", null=True, blank=True)
    changes_sas = models.BooleanField("modifie le SAS", default=False)
    sas_from = models.DateField("SAS opérationnel depuis le", null=True, blank=True)
    members = models.PositiveIntegerField("membres (calculé)", null=True, blank=True, editable=False)
    orientation_service = models.BooleanField("service d'orientation", null=True, blank=True)
    avenant_2 = models.BooleanField("intègre l'avenant n° 2", default=False)
    records_sas = models.BooleanField(
        "acte le passage au dispositif avec SAS (avenant complémentaire, 002 §2.3)", default=False
    )
    covid_2021_actions = models.BooleanField("actions de crise COVID en 2021", null=True, blank=True)
    note = models.TextField("objet", blank=True)

    class Meta:
        verbose_name = "avenant"
        ordering = ["contract", "signed_on", "id"]
        constraints = [
            models.CheckConstraint(name="amendment_size_1_to_4", condition=Q(size__isnull=True) | SIZE_CONSTRAINT),
            models.CheckConstraint(
                name="amendment_sas_date_needs_flag", condition=Q(changes_sas=True) | Q(sas_from__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"Avenant du {self.signed_on:%d/%m/%Y} — {self.contract}"


class Termination(ContractPart):
    """Notice of termination (002 annexe 1, art. 8) and the joint-commission referral (art. 8.2)."""

    class Initiator(models.TextChoices):
        CPTS = "cpts", "CPTS"
        CPAM = "cpam", "CPAM"
        ARS = "ars", "ARS"

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="termination")
    notified_on = models.DateField("notifiée le")
    initiator = models.CharField("à l'initiative de", max_length=4, choices=Initiator.choices)
    effective_on = models.DateField(
        "effective le", null=True, blank=True, help_text="vide : deux mois après la notification (art. 8)"
    )
    referred_to_commission = models.BooleanField("commission paritaire locale saisie", default=False)
    reason = models.TextField("motif", blank=True, help_text="demandé à qui résilie, lu par les autres parties")
    commission_decided_on = models.DateField("décision de la commission le", null=True, blank=True)

    class Meta:
        verbose_name = "résiliation"
        constraints = [
            models.CheckConstraint(
                name="termination_effective_after_notice",
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=models.F("notified_on")),
            ),
            models.CheckConstraint(
                name="commission_only_when_referred",
                condition=Q(referred_to_commission=True) | Q(commission_decided_on__isnull=True),
            ),
            models.CheckConstraint(
                name="only_cpts_refers_cpam_ars_termination",
                condition=Q(referred_to_commission=False) | ~Q(initiator="cpts"),
            ),
        ]

    def __str__(self) -> str:
        return f"Résiliation — {self.contract}"


class Signature(ContractPart):
    """One party's signature of the contract (002 annexe 1, closing block: « Pour le directeur de … »): who signed
    for it, in what capacity, on what date, and who recorded it. The contract takes effect on the date of the last
    of the three (rule SIGNATURES_THREE_PARTIES, docs/interpretations.md): `Contract.signed_on` is set then."""

    class Party(models.TextChoices):
        CPTS = "cpts", "CPTS"
        CPAM = "cpam", "CPAM"
        ARS = "ars", "ARS"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField("partie", max_length=4, choices=Party.choices)
    signer_name = models.CharField("signataire", max_length=200, blank=True, help_text="nom et prénom")
    signer_capacity = models.CharField("qualité du signataire", max_length=200, blank=True)
    signed_on = models.DateField("signé le")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField("enregistrée par", max_length=200)
    recorded_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    # The order of the contrat type's closing block: the CPAM, the ARS, then the CPTS.
    ORDER = ("cpam", "ars", "cpts")

    class Meta:
        verbose_name = "signature du contrat"
        verbose_name_plural = "signatures du contrat"
        ordering = ["contract", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "party"], name="one_signature_per_party"),
        ]

    def __str__(self) -> str:
        return f"Signature de la {self.get_party_display()} le {self.signed_on:%d/%m/%Y} — {self.contract}"

    @property
    def signed_by(self) -> str:
        """« Mme Claire Martin, directrice », or "" when the signer was not named (recorded by a command)."""
        return ", ".join(part for part in (self.signer_name, self.signer_capacity) if part)


class Attainment(ContractPart):
    """The attainment rate (0..1) of a mission for a contract year, used for the variable part
    (002 annexe 1, art. 4.2.2); the annual review (docs/reviews.md) will feed it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="attainments")
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    mission = models.CharField("mission", max_length=12, choices=MISSION_CHOICES)
    rate = models.DecimalField("taux d'atteinte", max_digits=5, decimal_places=4)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_by_name = models.CharField("validé par", max_length=200, blank=True)
    validated_on = models.DateField("validé le")

    class Meta:
        verbose_name = "taux d'atteinte"
        verbose_name_plural = "taux d'atteinte"
        ordering = ["contract", "contract_year", "mission"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "contract_year", "mission"], name="one_rate_per_year_mission"),
            models.CheckConstraint(name="rate_between_0_and_1", condition=Q(rate__gte=0, rate__lte=1)),
            models.CheckConstraint(name="contract_year_from_1", condition=Q(contract_year__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.mission} année {self.contract_year} : {self.rate}"


class Dossier(ContractPart):
    """The pieces annexed to the contract (002 annexe 1, art. 1) and the CPAM's check of their completeness,
    which the year-1 operating payment waits for (art. 6.1: « sous réserve de la vérification de la
    complétude du dossier dont les documents justificatifs sont précisés à l'article 1 du contrat »)."""

    # (field, French label) of each piece art. 1 annexes to the contract.
    PIECES = (
        ("health_project_on", "copie du projet de santé validé par l'ARS"),
        ("statutes_on", "statuts de la communauté professionnelle"),
        ("territory_on", "contours du territoire d'intervention"),
        ("members_list_on", "liste des membres avec leurs statuts"),
    )

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="dossier")
    health_project_on = models.DateField("projet de santé validé reçu le", null=True, blank=True)
    statutes_on = models.DateField("statuts reçus le", null=True, blank=True)
    territory_on = models.DateField("contours du territoire reçus le", null=True, blank=True)
    members_list_on = models.DateField("liste des membres reçue le", null=True, blank=True)
    complete_on = models.DateField("déclaré complet le", null=True, blank=True)
    declared_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="déclaré par"
    )

    class Meta:
        verbose_name = "dossier du contrat"
        constraints = [
            models.CheckConstraint(
                name="dossier_complete_with_every_piece",
                condition=Q(complete_on__isnull=True)
                | Q(
                    health_project_on__isnull=False,
                    statutes_on__isnull=False,
                    territory_on__isnull=False,
                    members_list_on__isnull=False,
                ),
            )
        ]

    def __str__(self) -> str:
        return f"Dossier — {self.contract}"

    def missing_pieces(self) -> list[str]:
        return [label for name, label in self.PIECES if getattr(self, name) is None]


class DossierUpdate(ContractPart):
    """The yearly update of the dossier's pieces the CPTS sends to the CPAM (002 annexe 1, art. 1: « une fois
    par an, des modifications intervenues sur ces éléments, et notamment sur la liste des membres »)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="dossier_updates")
    received_on = models.DateField("reçue le")
    note = models.TextField("modifications", blank=True)

    class Meta:
        verbose_name = "mise à jour du dossier"
        verbose_name_plural = "mises à jour du dossier"
        ordering = ["contract", "received_on", "id"]

    def __str__(self) -> str:
        return f"Mise à jour du {self.received_on:%d/%m/%Y} — {self.contract}"


class MembersList(ContractPart):
    """The list of its members the CPTS transmits for one contract year (002 §5.1: « En justificatif,
    l'association CPTS transmettra tous les ans, la liste exhaustive de ses adhérents en mentionnant s'il s'agit
    d'une personne physique ou morale »), received by the CPAM on `received_on`. Its counts are those of the
    CPTS's members on that day (002 §5.1), computed, never typed in. Rule MEMBERS_LIST_YEARLY."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="members_lists")
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    received_on = models.DateField("reçue le")
    members = models.PositiveIntegerField("membres (décompte 002 §5.1)", editable=False)
    natural_persons = models.PositiveIntegerField("adhérents personnes physiques", editable=False)
    legal_persons = models.PositiveIntegerField("adhérents personnes morales", editable=False)
    recorded_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="enregistrée par"
    )
    note = models.TextField("observations", blank=True)

    class Meta:
        verbose_name = "liste des adhérents"
        verbose_name_plural = "listes des adhérents"
        ordering = ["contract", "contract_year", "received_on", "id"]
        constraints = [
            models.CheckConstraint(name="members_list_year_from_1", condition=Q(contract_year__gte=1)),
        ]

    def __str__(self) -> str:
        return f"Liste des adhérents de l'année {self.contract_year} reçue le {self.received_on:%d/%m/%Y}"
