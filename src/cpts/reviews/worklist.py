"""« À traiter » of the annual reviews (cpts.core.worklist, registered in ReviewsConfig.ready).

The CPAM and the ARS validate the reviews submitted to them; the CPTS enters its values and
documents for every started year whose review is not submitted: the year's variable part is paid
at its settlement, after the review (002 annexe 1, art. 4.2.2.1 and 6.2).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cpts.contracts.models import Contract
from cpts.core.models import Organisation
from cpts.core.worklist import Task
from cpts.reviews.models import AnnualReview
from cpts.reviews.pages import years

Status = AnnualReview.Status
SOURCE = "002 annexe 1, art. 4.2.2.1 et 6.2"


def review_tasks(organisation: Organisation, on: dt.date) -> list[Task]:
    if organisation.kind in (Organisation.Kind.CPAM, Organisation.Kind.ARS):
        return reviews_to_validate(organisation)
    if organisation.kind == Organisation.Kind.CPTS:
        return values_to_enter(organisation, on)
    return []


def reviews_to_validate(organisation: Organisation) -> list[Task]:
    mine = "cpam_validated_on" if organisation.kind == Organisation.Kind.CPAM else "ars_validated_on"
    waiting = AnnualReview.objects.visible_to(organisation).filter(
        status__in=(Status.SUBMITTED, Status.RESUBMITTED), **{f"{mine}__isnull": True}
    )
    tasks = []
    for review in waiting.select_related("contract__community"):
        if review.contract.can_validate_attainment(organisation):
            url = reverse("reviews:detail", args=[review.contract_id, review.contract_year])
            detail = f"le volet variable de l'année {review.contract_year} attend cette validation ({SOURCE})"
            action = f"Valider la revue annuelle de l'année {review.contract_year}"
            tasks.append(Task(review.contract.community.name, action, url, None, detail, 30))
    return tasks


def values_to_enter(organisation: Organisation, on: dt.date) -> list[Task]:
    contracts = Contract.objects.filter(community__organisation=organisation, signed_on__isnull=False)
    tasks = []
    for contract in contracts.select_related("community"):
        reviews = {r.contract_year: r for r in contract.reviews.all()}  # type: ignore[attr-defined]
        for year in years(contract):
            review = reviews.get(year.number)
            if year.start > on or (review is not None and not review.editable):
                continue
            corrected = review is not None and review.status == Status.CORRECTION_REQUESTED
            action = f"{'Corriger' if corrected else 'Saisir'} vos valeurs de l'année {year.number}"
            detail = (
                f"valeurs des indicateurs, rapport d'activité et comptes : le volet variable de l'année "
                f"{year.number} (du {year.start:%d/%m/%Y} au {year.end:%d/%m/%Y}) est versé après la revue ({SOURCE})"
            )
            url = reverse("reviews:entry", args=[contract.pk, year.number])
            tasks.append(Task(contract.community.name, action, url, year.end, detail, 10 if corrected else 20))
    return tasks
