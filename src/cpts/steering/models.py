"""The engine's schedule of every signed contract, stored (docs/steering.md, « Échéanciers enregistrés »).

A copy, never a source: each row is a line of `compute_schedule(describe(contract))`,
rewritten whenever an audited change touches the contract (`cpts.steering.store`) and
by `cpts steering refresh`. The national figures sum these rows instead of running the
engine for a thousand contracts per request; `tests/steering/test_store.py` checks that
they equal the engine's output.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from cpts.contracts.models import Contract


class StoredSchedule(models.Model):
    """When a contract's lines were last written, from which description, and the engine's refusal if any."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, primary_key=True, related_name="stored")
    digest = models.CharField("empreinte de la description", max_length=64)
    size = models.PositiveSmallIntegerField("taille en vigueur")  # at signature, or of the latest amendment
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")  # end of the last contract year (termination included)
    refused = models.TextField("refus du moteur", blank=True)
    refreshed_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "échéancier enregistré"
        verbose_name_plural = "échéanciers enregistrés"


class ScheduleLine(models.Model):
    """One `cpts.accord.schedule.Payment` of a contract (no explanation: the contract page builds it)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="schedule_lines")
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    mission = models.CharField("mission", max_length=16)
    part = models.CharField("volet", max_length=32)
    kind = models.CharField("nature", max_length=16)
    due_on = models.DateField("échéance")
    year = models.PositiveSmallIntegerField("année civile")  # of due_on, for grouping
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "ligne d'échéancier enregistrée"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "contract_year", "mission", "part", "kind"], name="stored_line_once"
            )
        ]
        indexes = [models.Index(fields=["year"])]

    @property
    def key(self) -> tuple[int, str, str, str]:
        """The line identity, as `Payment.key` and the ledger's."""
        return (self.contract_year, self.mission, self.part, self.kind)

    @property
    def payable_on(self) -> dt.date:
        """As `Payment.payable_on`; the stored line keeps only its due date, so it counts as payable from it."""
        return self.due_on  # type: ignore[no-any-return]


class PendingPart(models.Model):
    """A variable part waiting for its validated review (`cpts.accord.schedule.Pending`): its maximum."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="pending_parts")
    contract_year = models.PositiveSmallIntegerField("année du contrat")
    mission = models.CharField("mission", max_length=16)
    part = models.CharField("volet", max_length=32)
    settles_on = models.DateField("soldé le")
    maximum = models.DecimalField("maximum", max_digits=12, decimal_places=2)


class StoredDeadline(models.Model):
    """A deadline of the deployment calendar (`cpts.accord.schedule.Deadline`) without its dated status."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="stored_deadlines")
    mission = models.CharField("mission", max_length=16)
    kind = models.CharField("échéance", max_length=12)  # "start" | "deployment"
    due_on = models.DateField("prévue le", null=True)
    done_on = models.DateField("faite le", null=True)
    optional = models.BooleanField("mission optionnelle")  # undated: free, not open
