"""Demo data (idempotent, every stage, the required dates), synthetic data, migrations, CNIL passwords."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cpts.communities.members import member_count
from cpts.communities.models import Community
from cpts.contracts.demo import USERS, load_demo
from cpts.contracts.lifecycle import STAGE_LABELS, stage
from cpts.contracts.models import Contract
from cpts.contracts.services import termination_effective_on
from cpts.contracts.synthetic import generate
from cpts.core.models import AuditEvent, Membership
from cpts.core.passwords import CnilPasswordValidator

TODAY = dt.date(2026, 11, 24)


@pytest.mark.django_db
def test_demo_data_is_complete_and_idempotent():
    load_demo(TODAY)
    counts = (Community.objects.count(), Contract.objects.count(), Membership.objects.count())
    events = AuditEvent.objects.count()
    second = load_demo(TODAY)
    assert second["created"] == []
    assert (Community.objects.count(), Contract.objects.count(), Membership.objects.count()) == counts
    assert AuditEvent.objects.count() == events

    stages = {stage(community, TODAY) for community in Community.objects.all()}
    assert stages == set(STAGE_LABELS)

    signed = sorted(Contract.objects.exclude(signed_on=None).values_list("signed_on", flat=True))
    years = {day.year for day in signed}
    assert {2019, 2021, 2022, 2024} <= years
    in_2022 = [day for day in signed if day.year == 2022]
    assert any(day < dt.date(2022, 9, 3) for day in in_2022)  # before avenant n° 2 (002 §1.3)
    assert any(dt.date(2022, 9, 3) <= day < dt.date(2022, 9, 30) for day in in_2022)  # 002 §3.1 bonus window
    assert any(day >= dt.date(2022, 9, 30) for day in in_2022)
    assert any(termination_effective_on(contract) for contract in Contract.objects.exclude(signed_on=None))

    sizes = {c.name: c.territory.size for c in Community.objects.filter(name__in=[
        "CPTS Der et Vallées", "CPTS Troyes Champagne", "CPTS Portes de France"])}  # fmt: skip
    assert sizes == {"CPTS Der et Vallées": 2, "CPTS Troyes Champagne": 4, "CPTS Portes de France": 3}  # 000 examples
    urban = Community.objects.get(name="CPTS Troyes Champagne")
    assert member_count(urban, TODAY) > 100


@pytest.mark.django_db
def test_demo_logins_work_with_the_printed_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("demo_data", stdout=out)
    for _role, username, password, _first, _last in USERS:
        assert password in out.getvalue()
        assert authenticate(username=username, password=password) is not None


@pytest.mark.django_db
def test_generate_creates_signed_contracts_in_bulk():
    assert generate(50) == 50
    assert generate(10) == 60
    assert Contract.objects.filter(signed_on__isnull=False).count() == 60
    assert Contract.objects.first().missions.count() == 4


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("password", ["Court-1!", "sansmaj-12!x", "Sans-Chiffre!", "SansSpecial12"])
def test_cnil_refuses_weak_passwords(password):
    with pytest.raises(ValidationError):
        CnilPasswordValidator().validate(password)


@pytest.mark.parametrize("password", ["Complexe-12!x", "UnePhraseLongue2024"])
def test_cnil_accepts_complex_12_or_long_14(password):
    CnilPasswordValidator().validate(password)
