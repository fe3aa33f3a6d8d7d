"""`cpts token`: issue, list and revoke API tokens from the command line (docs/api.md)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cpts.api.testing import World
from cpts.cli import main


def api_status(token: str) -> int:
    return Client(headers={"Authorization": f"Bearer {token}"}).get("/api/cpts").status_code


def test_create_use_and_revoke(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    username = world.user("cpam").username
    assert main(["token", "create", username, "--name", "tableur", "--json"]) == 0
    issued = json.loads(capsys.readouterr().out)
    assert issued["organisation"] == world.organisation("cpam").pk
    assert api_status(issued["token"]) == 200
    assert main(["token", "list", username]) == 0
    assert "tableur" in capsys.readouterr().out
    assert main(["token", "revoke", str(issued["id"])]) == 0
    assert api_status(issued["token"]) == 401
    assert main(["token", "revoke", str(issued["id"])]) == 2
    assert "aucun jeton actif" in capsys.readouterr().err


def test_unknown_user_and_foreign_organisation_are_refused(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "create", "personne"]) == 2
    assert "utilisateur inconnu" in capsys.readouterr().err
    other = str(world.organisation("other_cpam").pk)
    assert main(["token", "create", world.user("cpam").username, "--organisation", other]) == 2
    assert "précisez --organisation" in capsys.readouterr().err
