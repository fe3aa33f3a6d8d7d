"""`{% contract_documents contract [schedule amendments termination] %}` and `{% community_documents community %}`:
links to the documents as PDF (docs/documents.md)."""

from __future__ import annotations

from typing import Any

from django import template

from cpts.documents.links import community_links, contract_links

register = template.Library()


@register.inclusion_tag("documents/links.html")
def contract_documents(
    contract: Any, schedule: Any = None, amendments: Any = None, termination: Any = None, decisions: bool = True
) -> dict[str, Any]:
    return {"links": contract_links(contract, schedule, amendments, termination, decisions)}


@register.inclusion_tag("documents/links.html")
def community_documents(community: Any) -> dict[str, Any]:
    return {"links": community_links(community)}
