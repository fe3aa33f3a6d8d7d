"""Choosing communes and EPCI on a page: search by name or code (cpts.geo), add and remove with buttons
that post the whole form, so that it works without JavaScript and keeps what was typed. Used by the
territory builder of a CPTS and by the declaration of a health crisis."""

from __future__ import annotations

from typing import Any

from cpts.geo import Place, load

SUGGESTIONS = 10
ADDABLE = ("commune", "arrondissement", "epci", "delegated", "associated")


def chosen_places(data: Any) -> tuple[list[str], list[str]]:
    """The communes and EPCI already in the territory (hidden inputs), then the one added or removed."""
    communes = [c for c in data.getlist("commune") if c]
    epci = [c for c in data.getlist("epci") if c]
    for action, change in (("add", _add), ("remove", _remove)):
        value = data.get(action, "")
        if ":" in value:
            kind, code = value.split(":", 1)
            change(epci if kind == "epci" else communes, code)
    return communes, epci


def _add(codes: list[str], code: str) -> None:
    if code not in codes:
        codes.append(code)


def _remove(codes: list[str], code: str) -> None:
    if code in codes:
        codes.remove(code)


def place_rows(communes: list[str], epci: list[str]) -> list[tuple[str, Place]]:
    """(kind for the remove button, place) of each chosen code that the data knows."""
    geo = load()
    rows = []
    for code in epci:
        if geo.has_epci(code):
            rows.append(("epci", geo.epci(code)))
    for code in communes:
        place = geo.unit(code) if geo.has_unit(code) else geo.attached(code)
        if place is not None:
            rows.append(("commune", place))
    return rows


def suggestions(text: str) -> list[Place]:
    return [p for p in load().search(text, SUGGESTIONS) if p.kind in ADDABLE] if len(text.strip()) >= 2 else []
