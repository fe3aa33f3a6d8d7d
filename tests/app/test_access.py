"""Login required by default (explicit allow-list), current organisation in the session, settings modes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cpts.core.current import SESSION_KEY
from cpts.core.models import Membership
from cpts.web.settings import database_from_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/cpts/", "/organisation/", "/admin/", "/une-page-qui-n-existe-pas/"])
def test_anonymous_requests_are_sent_to_the_login_page(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_open():
    assert Client().get(reverse("login")).status_code == 200


def test_choosing_another_organisation_needs_a_membership(world, client_for):
    client = client_for("cpam")
    user = world.users["cpam"]
    Membership.objects.create(user=user, organisation=world.organisations["ars"])
    response = client.post("/organisation/", {"organisation": world.organisations["ars"].pk, "next": "/"})
    assert response.status_code == 302 and client.session[SESSION_KEY] == world.organisations["ars"].pk
    refused = client.post("/organisation/", {"organisation": world.organisations["other_ars"].pk})
    assert refused.status_code == 400
    assert client.session[SESSION_KEY] == world.organisations["ars"].pk


def test_database_url_is_parsed():
    database = database_from_url("postgres://postgres:s%40cret@127.0.0.1:5432/cpts")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
        "cpts", "postgres", "s@cret", "127.0.0.1", "5432",
    )  # fmt: skip


def test_production_settings_pass_the_deploy_check(tmp_path):
    """Production settings pass `manage.py check --deploy`."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "CPTS_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-Production-Secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "cpts.example.fr",
        "CPTS_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' live server, never in production
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
