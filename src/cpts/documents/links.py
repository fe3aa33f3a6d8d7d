"""Which documents a contract has, as (URL, label) pairs for the pages (docs/documents.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def link(kind: str, pk: int, label: str) -> tuple[str, str]:
    return reverse("document-pdf", args=[kind, pk]), label


def contract_links(contract: Any) -> list[tuple[str, str]]:
    if contract.signed_on is None:
        return []
    return [link("contract", contract.pk, f"Contrat signé le {contract.signed_on:%d/%m/%Y}")]
