"""`{% contract_documents contract %}`: the links to a contract's documents as PDF (docs/documents.md)."""

from __future__ import annotations

from typing import Any

from django import template

from cpts.documents.links import contract_links

register = template.Library()


@register.inclusion_tag("documents/links.html")
def contract_documents(contract: Any) -> dict[str, Any]:
    return {"links": contract_links(contract)}
