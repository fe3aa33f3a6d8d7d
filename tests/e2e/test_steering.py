"""The steering page in a real browser, as the CNAM, an ARS and a CPAM: the scope shows in the figures,
the DSFR charts render from the local static files, and axe finds no serious violation (docs/steering.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cpts.contracts.models import Attainment
from cpts.steering.store import refresh_all

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


PROJECTION = {"cnam": "France entière", "cpam": "Département Meuse (55)"}


@pytest.mark.parametrize("role", PROJECTION)
def test_the_projection_page_draws_its_band_and_takes_the_scenario(page: Any, world: World, role: str) -> None:
    """The projection page in Chromium: the DSFR line chart renders from the local files, its table has a row per
    year with P10, median and P90 once drawn, every scenario switch is on the form, a switch changes the scenario,
    and axe finds no serious violation (docs/steering.md, « Projection budgétaire »)."""
    contract = world.community.contracts.get()  # a validated rate to draw from (002 annexe 1, art. 4.2.2)
    Attainment.objects.create(contract=contract, contract_year=1, mission="access", rate=Decimal("0.7"),
                              validated_on=contract.signed_on + dt.timedelta(days=400))  # fmt: skip
    refresh_all()
    log_in(page, f"agent-{role}")
    page.goto("/")
    page.get_by_role("link", name="Pilotage", exact=True).first.click()
    page.get_by_role("link", name="Projection budgétaire").first.click()
    page.wait_for_url("**/pilotage/projection/")
    assert PROJECTION[role] in page.locator("p.fr-text--lead").inner_text()
    for label in ("Taux d'atteinte", "Retard de démarrage", "Missions non démarrées des contrats signés",
                  "Arrivée du SAS", "Crises sanitaires graves déclarées par an", "Nouveau contrat au cinquième"):
        assert page.get_by_label(label).count() == 1, label  # fmt: skip
    page.get_by_label("Horizon (années)").fill("4")
    page.get_by_label("Tirages aléatoires (0 : aucun)").fill("40")
    page.get_by_label("Crises sanitaires graves déclarées par an").fill("1")
    page.get_by_label("Nouveau contrat au cinquième anniversaire").uncheck(force=True)
    page.get_by_role("button", name="Projeter").click()
    page.wait_for_url("**crises=1**")
    assert "renewals=on" not in page.url and "draws=40" in page.url
    page.wait_for_function("() => customElements.get('line-chart')")
    page.wait_for_selector("line-chart canvas")
    table = page.locator("#tableau-projection")
    assert table.locator("tbody tr").count() == 4
    assert "P90" in table.locator("thead").inner_text()
    assert audited(page, f"projection-{role}") == []
