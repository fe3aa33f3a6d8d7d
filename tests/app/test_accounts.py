"""Accounts (docs/security.md, « Comptes »): the CNIL password rule (délibération n° 2022-100 du
21 juillet 2022, cas n° 1), login throttling on the site and admin logins (django-axes), and the
session lifetime (30 minutes idle, 8 hours at most)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from app.conftest import PASSWORD, World
from cpts.core import sessions
from cpts.core.passwords import CnilPasswordValidator

LOGIN = "/connexion/"
ADMIN_LOGIN = "/admin/login/"


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaaaa",  # 14 characters, one class
        " " * 14,
        "unephrasesimplelongue",
        "sansmajuscule2024x",  # 14+, no upper case
        "SANSMINUSCULE2024X",  # 14+, no lower case
        "SansChiffreDuTout",  # 14+, no digit
        "Court-12!x",  # four classes, 10 characters
        "Aa1 aaaaaaaa",  # 12 characters: a space is not a special character
    ],
)
def test_cnil_refuses(password: str) -> None:
    """CNIL 2022-100, cas n° 1: 12 characters with the four classes, or 14 with upper, lower case and digits."""
    with pytest.raises(ValidationError, match="au moins 12 caractères"):
        CnilPasswordValidator().validate(password)


@pytest.mark.parametrize("password", ["Complexe-12!x", "MotDePasseLong2024", "Phrase avec 14 Signes"])
def test_cnil_accepts(password: str) -> None:
    CnilPasswordValidator().validate(password)


@pytest.mark.parametrize(
    ("password", "field"),
    [
        ("Claire.Lambert-2024!", "prénom"),
        ("XX-lambert-2024!", "nom"),
        ("HÉLÈNE-garçon-2024!", "prénom"),  # neither case nor accents hide a name
        ("Ok-coordination.cpts-1", "identifiant"),
    ],
)
def test_a_password_may_not_contain_the_login_or_the_names(password: str, field: str) -> None:
    user = SimpleNamespace(username="coordination.cpts", first_name="Claire", last_name="Lambert")
    helene = SimpleNamespace(username="hl", first_name="Hélène", last_name="Li")
    with pytest.raises(ValidationError, match=field):
        CnilPasswordValidator().validate(password, helene if "HÉLÈNE" in password else user)


def test_short_names_are_not_searched() -> None:
    """A two-letter name (« Li ») would refuse too many good passwords."""
    CnilPasswordValidator().validate("Limonade-2024!x", SimpleNamespace(username="hl", first_name="Hé", last_name="Li"))


@pytest.mark.django_db
def test_the_validators_of_the_settings_apply_the_rule() -> None:
    user = get_user_model()(username="agent.cpam", first_name="Claire", last_name="Martin")
    with pytest.raises(ValidationError):
        validate_password("aaaaaaaaaaaaaa", user)
    with pytest.raises(ValidationError):
        validate_password("Martin-Paris-2024!", user)
    validate_password("Demo-Cpam-57!2026", user)


def attempt(client: Client, url: str, username: str, password: str) -> Any:
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_forty_wrong_passwords_lock_the_login_even_for_the_right_password(world: World, url: str) -> None:
    user = world.users["cpam"]
    user.is_staff = True  # the admin login accepts staff only
    user.save()
    client = Client()
    for _ in range(40):
        assert attempt(client, url, "agent-cpam", "Mauvais-mot-de-passe-1").status_code in (200, 429)
    refused = attempt(client, url, "agent-cpam", PASSWORD)
    assert refused.status_code == 429
    assert "Connexion temporairement bloquée" in refused.content.decode()
    assert "15 minutes" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_cool_off(world: World) -> None:
    client = Client()
    for _ in range(10):
        attempt(client, LOGIN, "agent-cpam", "Mauvais-mot-de-passe-1")
    assert attempt(client, LOGIN, "agent-cpam", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert attempt(client, LOGIN, "agent-cpam", PASSWORD).status_code == 302


def test_nine_wrong_passwords_do_not_lock(world: World) -> None:
    client = Client()
    for _ in range(9):
        assert attempt(client, LOGIN, "agent-cpam", "Mauvais-mot-de-passe-1").status_code == 200
    assert attempt(client, LOGIN, "agent-cpam", PASSWORD).status_code == 302


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(sessions, "time", clock)
    return clock


def logged_in(world: World) -> Client:
    client = Client()
    assert attempt(client, LOGIN, "agent-cpam", PASSWORD).status_code == 302
    return client


def test_thirty_minutes_without_a_request_end_the_session(world: World, clock: Clock) -> None:
    client = logged_in(world)
    clock.now += 29 * 60
    assert client.get("/").status_code == 200
    clock.now += 29 * 60  # 58 minutes after the login, 29 after the last request
    assert client.get("/").status_code == 200
    clock.now += 31 * 60
    expired = client.get("/", follow=True)
    assert expired.redirect_chain[-1][0].startswith(LOGIN)
    assert "30 minutes d'inactivité" in expired.content.decode()


def test_eight_hours_after_the_login_the_session_ends_even_when_active(world: World, clock: Clock) -> None:
    client = logged_in(world)
    for _ in range(8 * 4):  # a request every 15 minutes for 8 hours
        clock.now += 15 * 60
        assert client.get("/").status_code == 200
    clock.now += 60
    expired = client.get("/", follow=True)
    assert expired.redirect_chain[-1][0].startswith(LOGIN)
    assert "plus de 8 heures" in expired.content.decode()
