"""An organisation names its own representative, printed on the documents (« représenté(e) par … », 002 annexe 1,
« Il est conclu entre »; 002 annexe 2, « Nom et prénom du/des représentant(s) »; docs/documents.md)."""

from __future__ import annotations

import pytest

from cpts.core.errors import NotAllowed
from cpts.core.models import AuditEvent, Organisation
from cpts.core.organisations import name_representative

URL = "/representant/"


@pytest.mark.django_db
def test_each_organisation_names_its_own_representative_audited(world):
    cpam = world.organisations["cpam"]
    name_representative(world.actor("cpam"), cpam, "  Mme Claire   Martin ", "directrice")
    cpam.refresh_from_db()
    assert (cpam.representative, cpam.represented_by) == ("Mme Claire Martin", "Mme Claire Martin, directrice")
    event = AuditEvent.objects.get(action="désigner le représentant")
    assert event.before["representative"] == "" and event.after["representative"] == "Mme Claire Martin"
    for role in ("ars", "cpts", "cnam", "other_cpam"):
        with pytest.raises(NotAllowed):
            name_representative(world.actor(role), cpam, "M. Intrus", "")
    cpam.refresh_from_db()
    assert cpam.representative == "Mme Claire Martin"
    assert Organisation(name="x").represented_by == ""


@pytest.mark.django_db
def test_the_page_shows_and_changes_the_acting_organisations_representative(world, client_for):
    client = client_for("cpts")
    assert "non renseigné" in client.get(URL).content.decode()
    response = client.post(URL, {"representative": "Dr Anne Lefèvre", "representative_title": "présidente"})
    assert response.status_code == 302
    organisation = world.community.organisation
    organisation.refresh_from_db()
    assert organisation.represented_by == "Dr Anne Lefèvre, présidente"
    assert "Dr Anne Lefèvre, présidente" in client.get("/").content.decode()  # the CPTS's home links the page
    too_long = client.post(URL, {"representative": "x" * 201, "representative_title": ""})
    assert too_long.status_code == 200 and "200 caractères" in too_long.content.decode()
    organisation.refresh_from_db()
    assert organisation.representative == "Dr Anne Lefèvre"
    assert "non renseigné" in client_for("cpam").get("/").content.decode()  # an agent's home shows its own
