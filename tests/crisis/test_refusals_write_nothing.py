"""A refused crisis-plan form writes nothing (principle: "A rejected import or form names the line and
the field, and writes nothing"): the items saved before a refused one are rolled back with it."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from cpts.core.models import Membership
from cpts.crisis.models import PlanVersion

from .crisis_sites import Site


def test_a_refused_item_rolls_back_the_items_saved_before_it(plateau: Site) -> None:
    user = User.objects.create_user("coordination", password="Mot-de-passe-2024!")
    Membership.objects.create(user=user, organisation=plateau.contract.community.organisation)
    client = Client()
    client.force_login(user)
    client.post(reverse("crisis-plan", args=[plateau.contract.pk]), {"on": "2023-11-02"})
    version = PlanVersion.objects.get()
    items = list(version.items.all())  # the order in which the page saves them
    before = {item.key: item.state for item in items}
    posted = {f"{item.key}-state": "filled" for item in items[:-1]}
    posted |= {f"{item.key}-content": f"Réponse pour {item.key}" for item in items[:-1]}
    posted[f"{items[-1].key}-state"] = "not_applicable"  # without its reason: refused
    page = client.post(reverse("crisis-version", args=[version.pk]), {"action": "save", **posted})
    assert page.status_code == 400  # shown again with its refusal and what was typed (docs/web.md)
    assert f"Réponse pour {items[0].key}" in page.content.decode()
    assert {item.key: item.state for item in version.items.all()} == before
