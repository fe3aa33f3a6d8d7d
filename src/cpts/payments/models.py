"""The ledger: what was actually ordered for payment and paid (docs/ledger.md).

One row per schedule line identity (contract, contract year, mission, part,
kind), per entry type (order or payment) and per sequence number. Rows are
written once: `save` refuses updates, `delete` refuses, and database triggers
(migration 0002) refuse UPDATE and DELETE on the table. A correction is a new
row whose amount reverses the row it names in `reverses`. A trigger on INSERT
(migration 0003) keeps one fate per order: paid within its amount, or reversed.

The unique constraint on (line identity, entry, sequence) is what makes a
payment run idempotent even when two run at the same time: both compute the
same next sequence number from the same ledger state, and the database keeps
only one of the two rows (docs/ledger.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cpts.core.models import Organisation

IMMUTABLE = "Une écriture du grand livre ne se modifie ni ne se supprime : enregistrez une écriture d'annulation."


class LedgerImmutable(ValueError):
    """An attempt to update or delete a ledger row (French message)."""


class LedgerQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise LedgerImmutable(IMMUTABLE)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerImmutable(IMMUTABLE)


class PaymentRun(models.Model):
    """One execution of `cpts payments run --on DATE [--cpam CODE]`: the orders it created point to it."""

    on = models.DateField("échéances jusqu'au")
    cpam = models.CharField("département de la CPAM", max_length=3, blank=True, help_text="vide : toutes les CPAM")
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="contrat",
        help_text="vide : tous les contrats (de la CPAM) ; sinon la campagne lancée de la page de ce contrat",
    )
    started_at = models.DateTimeField("lancé le", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField("lancé par", max_length=200)

    class Meta:
        verbose_name = "campagne de paiement"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        scope = f"CPAM {self.cpam}" if self.cpam else "national"
        if self.contract_id:
            scope = f"contrat n° {self.contract_id}"
        return f"Campagne du {self.on:%d/%m/%Y} ({scope})"


class LedgerEntry(models.Model):
    class Entry(models.TextChoices):
        ORDER = "order", "ordre de paiement"
        PAYMENT = "payment", "paiement"

    # The account: an ACI contract, or the early-mission contract of a CPTS that has no signed ACI contract yet
    # (its aid is paid « dès la signature du contrat », without any ACI: 002 §3.2, annexe 2 art. 2.2).
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name="contrat",
    )
    early_mission = models.ForeignKey(
        "communities.EarlyMissionContract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name="contrat de démarrage des missions",
    )
    # The identity of the schedule line (cpts.accord.schedule.Payment.key).
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    mission = models.CharField("mission", max_length=16)
    part = models.CharField("volet", max_length=32)
    kind = models.CharField("nature", max_length=16)
    entry = models.CharField("écriture", max_length=8, choices=Entry.choices)
    sequence = models.PositiveIntegerField("numéro d'ordre")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)
    due_on = models.DateField("échéance", null=True, blank=True)
    ordered_on = models.DateField("ordonnancé le", null=True, blank=True)
    paid_on = models.DateField("payé le", null=True, blank=True)
    reference = models.CharField("référence", max_length=100, blank=True)
    note = models.TextField("motif", blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal", verbose_name="annule"
    )
    settles = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="settlements", verbose_name="règle"
    )
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="orders")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField("enregistré par", max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = "écriture du grand livre"
        verbose_name_plural = "grand livre"
        ordering = ["contract", "contract_year", "mission", "part", "kind", "entry", "sequence"]
        constraints = [
            # The identity of an order or payment: a concurrent duplicate is refused here.
            models.UniqueConstraint(
                fields=["contract", "contract_year", "mission", "part", "kind", "entry", "sequence"],
                name="ledger_one_row_per_line_entry_sequence",
            ),
            models.UniqueConstraint(
                fields=["early_mission", "contract_year", "mission", "part", "kind", "entry", "sequence"],
                name="ledger_early_one_row_per_line_entry_sequence",
            ),
            # One account per row; the early-mission account holds only the aid's year-0 line.
            models.CheckConstraint(
                name="ledger_one_account",
                condition=Q(contract__isnull=False, early_mission__isnull=True)
                | Q(contract__isnull=True, early_mission__isnull=False, contract_year=0, mission="early_mission"),
            ),
            models.CheckConstraint(name="ledger_sequence_from_1", condition=Q(sequence__gte=1)),
            models.CheckConstraint(name="ledger_amount_not_zero", condition=~Q(amount=0)),
            models.CheckConstraint(
                name="ledger_order_has_order_date",
                condition=~Q(entry="order") | Q(ordered_on__isnull=False, settles__isnull=True),
            ),
            models.CheckConstraint(
                name="ledger_payment_settles_an_order",
                condition=~Q(entry="payment") | Q(paid_on__isnull=False, settles__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["contract", "entry"], name="ledger_contract_entry")]

    def __str__(self) -> str:
        return (
            f"{self.get_entry_display()} {self.contract_year}/{self.mission}/{self.part}/{self.kind} #{self.sequence}"
        )

    @property
    def line_key(self) -> tuple[int, str, str, str]:
        return (self.contract_year, self.mission, self.part, self.kind)

    @property
    def account(self) -> models.Model:
        """The contract whose ledger holds the row: the ACI contract, or the early-mission contract."""
        return self.contract or self.early_mission  # type: ignore[no-any-return]

    @property
    def audit_scope(self) -> models.Model:
        """Ledger events belong to the contract's history, or the CPTS's for the early-mission account
        (cpts.core.audit.scope_of)."""
        return self.contract or self.early_mission.community  # type: ignore[no-any-return, union-attr]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerImmutable(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerImmutable(IMMUTABLE)
