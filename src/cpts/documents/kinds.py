"""The kinds of documents, how each is found by id within what the reader may see, and built.

One registry serves the pages, the API and `cpts document KIND ID` (docs/documents.md, « Où les trouver »):
an object outside the reader's territory does not exist for them (same scopes as the pages,
docs/permissions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cpts.communities.models import Community
from cpts.core.models import Organisation
from cpts.documents.render import Document

CONTRACT_ID = "identifiant du contrat"


class DocumentNotFound(ValueError):
    """No such document for this reader (French message)."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # French, for links and messages
    id_of: str  # what the ID names, in French (CLI help)
    queryset: Callable[[], QuerySet[Any]]
    community_path: str  # from the object to its CPTS, for visibility
    build: Callable[[Any], Document]


def kinds() -> dict[str, Kind]:
    """Every kind, by its name on the command line and in URLs."""
    from cpts.communities.models import EarlyMissionContract
    from cpts.contracts.models import Amendment, Contract
    from cpts.documents.amendment import amendment_document
    from cpts.documents.contract import contract_document
    from cpts.documents.letters import adhesion_form, review_decision, termination_letter
    from cpts.documents.notices import payment_notice, recovery_notice
    from cpts.payments.models import LedgerEntry
    from cpts.reviews.models import AnnualReview

    def contracts() -> QuerySet[Any]:
        return Contract.objects.select_related(
            "community__territory", "community__health_project", "cpam", "ars", "termination"
        )

    found = [
        Kind("contract", "Contrat", CONTRACT_ID, contracts, "community", contract_document),
        Kind(
            "amendment",
            "Avenant",
            "identifiant de l'avenant",
            lambda: Amendment.objects.select_related("contract__community", "contract__cpam", "contract__ars"),
            "contract__community",
            amendment_document,
        ),
        Kind(
            "notice",
            "Avis de paiement",
            "identifiant d'un paiement du virement (grand livre)",
            lambda: LedgerEntry.objects.select_related("contract__community", "contract__cpam", "contract__ars"),
            "contract__community",
            payment_notice,
        ),
        Kind("recovery", "Avis de sommes à rembourser", CONTRACT_ID, contracts, "community", recovery_notice),
        Kind("termination", "Lettre de résiliation", CONTRACT_ID, contracts, "community", termination_letter),
        Kind(
            "decision",
            "Décision de revue annuelle",
            "identifiant de la revue annuelle",
            lambda: AnnualReview.objects.select_related("contract__community", "contract__cpam", "contract__ars"),
            "contract__community",
            review_decision,
        ),
        Kind(
            "adhesion",
            "Adhésion au contrat de mission précoce",
            "identifiant du contrat de démarrage des missions",
            lambda: EarlyMissionContract.objects.select_related("community__letter_of_intent", "cpam"),
            "community",
            adhesion_form,
        ),
    ]
    return {kind.name: kind for kind in found}


def find(kind_name: str, pk: int, organisation: Organisation | None, everyone: bool = False) -> tuple[Kind, Any]:
    """The object a document is made of, if `organisation` may see it (`everyone`: the command line)."""
    kind = kinds().get(kind_name)
    if kind is None:
        raise DocumentNotFound(f"type de document inconnu : « {kind_name} » (types : {', '.join(kinds())})")
    queryset = kind.queryset()
    if not everyone:
        path = f"{kind.community_path}__in"
        queryset = queryset.filter(**{path: Community.objects.visible_to(organisation)})
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise DocumentNotFound(f"{kind.label} : aucun objet n° {pk} (ou hors de votre périmètre)")
    return kind, found


def document_for(kind_name: str, pk: int, organisation: Organisation | None, everyone: bool = False) -> Document:
    kind, found = find(kind_name, pk, organisation, everyone)
    return kind.build(found)
