"""A stored snapshot of a CPTS territory, built by `cpts.geo.build_territory`.

A snapshot never changes: a new territory (other places, newer INSEE vintage)
is a new row, and the CPTS points to the one in force. Population, size class,
vintage and warnings are kept as computed on `computed_on` (docs/architecture.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Territory(models.Model):
    input_communes = models.JSONField("communes saisies", default=list, blank=True)
    input_epci = models.JSONField("EPCI saisis", default=list, blank=True)
    communes = models.JSONField("communes comptées", default=list)
    departments = models.JSONField("départements", default=list)
    regions = models.JSONField("régions", default=list)
    population = models.PositiveIntegerField("population municipale")
    size = models.PositiveSmallIntegerField("taille")
    vintage = models.CharField("millésime INSEE", max_length=20)
    warnings = models.JSONField("avertissements", default=list, blank=True)
    computed_on = models.DateTimeField("calculé le", auto_now_add=True)

    class Meta:
        verbose_name = "territoire"
        ordering = ["-computed_on", "-id"]
        constraints = [models.CheckConstraint(name="territory_size_1_to_4", condition=Q(size__gte=1, size__lte=4))]

    def __str__(self) -> str:
        return f"{len(self.communes)} communes, {self.population} habitants (taille {self.size}, {self.vintage})"
