"""The steering page in a real browser, as the CNAM, an ARS and a CPAM: the scope shows in the figures,
the DSFR charts render from the local static files, and axe finds no serious violation (docs/steering.md)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import World, audited, log_in

ON = "2026-11-24"
# The world: a CPTS in the Meuse (55, Grand Est, region 44) and one in the Gironde (33, Nouvelle-Aquitaine).
SCOPES = {
    "cnam": ("France entière", {"Meuse (55)", "Gironde (33)"}),
    "ars": ("Région Grand Est", {"Meuse (55)"}),
    "cpam": ("Département Meuse (55)", {"Meuse (55)"}),
}


@pytest.mark.parametrize("role", SCOPES)
def test_the_steering_page_shows_the_role_scope(page: Any, world: World, role: str) -> None:
    scope, departments = SCOPES[role]
    log_in(page, f"agent-{role}")
    page.goto(f"/pilotage/?on={ON}")
    assert scope in page.locator("p.fr-text--lead").inner_text()
    page.wait_for_function("() => customElements.get('bar-chart') && customElements.get('map-chart')")
    page.wait_for_selector("bar-chart canvas")
    money = page.locator("#tableau-argent-departements tbody").text_content()
    shown = {name for name in ("Meuse (55)", "Gironde (33)") if name.split(" (")[0] in money}
    assert shown == departments
    coverage = page.locator("#tableau-couverture-departements tbody").text_content()
    assert ("Gironde" in coverage) == (role == "cnam")
    assert audited(page, f"pilotage-{role}") == []
