"""« À traiter » on the home pages: each role's tasks, one click from their action; deployment deadlines
grouped by CPTS, paginated, ended contracts left out (cpts.core.worklist, cpts.web.views.home)."""

from __future__ import annotations

import datetime as dt
from html import unescape

from django.urls import reverse

from app.conftest import COMMAND
from cpts.contracts.models import Contract
from cpts.contracts.scenarios import found_cpts
from cpts.contracts.services import terminate
from cpts.core.identifiers import with_luhn_key
from cpts.web.views.home import today

from .conftest import World


def test_the_ars_reads_and_validates_letters_and_projects_from_its_home(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    on = today()
    letter = found_cpts(COMMAND, name="CPTS de la Lettre", department="55", siren=with_luhn_key("55200000"),
                        letter_on=on - dt.timedelta(days=3))  # fmt: skip
    project = found_cpts(COMMAND, name="CPTS du Projet", department="55", siren=with_luhn_key("55300000"),
                         letter_on=on - dt.timedelta(days=90), letter_validated_on=on - dt.timedelta(days=80),
                         project_on=on - dt.timedelta(days=10))  # fmt: skip
    html = unescape(client_for("ars").get(reverse("home")).content.decode())
    assert "À traiter (2)" in html
    assert f'href="{reverse("community-event", args=[letter.pk, "valider-lettre"])}">Lire et valider la lettre' in html
    assert f'href="{reverse("community-event", args=[project.pk, "valider-projet"])}">Lire et valider le projet' in html
    assert "sans opposition de l'ARS (art. L. 1434-12 CSP)" in html
    cpam = unescape(client_for("cpam").get(reverse("home")).content.decode())
    assert "Lire et valider" not in cpam  # only the ARS validates (003, « Gouvernance »)


def test_each_party_sees_the_draft_contract_to_sign(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    draft = Contract.objects.create(community=world.community, cpam=world.contract.cpam, ars=world.contract.ars, size=1)
    sign = reverse("contract-event", args=[draft.pk, "signer"])
    for role in ("cpam", "ars", "cpts"):
        assert f'href="{sign}">Signer le contrat' in client_for(role).get(reverse("home")).content.decode(), role
    assert sign not in client_for("other_cpam").get(reverse("home")).content.decode()


def test_the_cpam_orders_and_pays_what_is_due_from_its_home(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """The task leads to the payments desk, on the preview of what is payable today (docs/ledger.md)."""
    html = unescape(client_for("cpam").get(reverse("home")).content.decode())
    desk = f"{reverse('payments-desk')}?on={today():%Y-%m-%d}"
    assert f'href="{desk}">Ordonnancer et payer' in html
    assert "(002 annexe 1, art. 6)" in html
    assert desk not in client_for("ars").get(reverse("home")).content.decode()  # only the CPAM pays


def test_the_coordinator_is_asked_for_her_values_with_what_they_pay(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    html = unescape(client_for("cpts").get(reverse("home")).content.decode())
    assert f'href="{reverse("reviews:entry", args=[world.contract.pk, 1])}">Saisir vos valeurs de l\'année 1' in html
    assert "le volet variable de l'année 1" in html


def test_deadlines_are_one_row_per_cpts_and_ended_contracts_are_left_out(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    html = unescape(client_for("cpam").get(reverse("home")).content.decode())
    deadlines = html[html.index('id="deadlines-title"') :]
    assert deadlines.count(f'href="{reverse("contract-detail", args=[world.contract.pk])}#missions"') == 1
    notified = today() - dt.timedelta(days=100)
    terminate(COMMAND, world.contract, notified, "cpts", notified + dt.timedelta(days=61))
    html = unescape(client_for("cpam").get(reverse("home")).content.decode())
    assert "Aucune échéance de déploiement proche ou dépassée." in html
    assert "Paiements en retard" in html  # the money owed for an ended contract stays visible
