"""A signed contract with its three parties, and a private folder per test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from app.conftest import client_for, world  # noqa: F401  (the application world: two CPTS, every role)
from cpts.communities.models import Community
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.models import Membership, Organisation
from cpts.core.regions import region_of
from cpts.reviews.models import ContractIndicator, IndicatorObjective


@dataclass
class Parties:
    contract: Contract
    cpts: Organisation
    cpam: Organisation
    ars: Organisation
    other_cpam: Organisation
    coordinator: User

    @property
    def as_cpts(self) -> Actor:
        return Actor(self.coordinator, self.cpts)

    @property
    def as_cpam(self) -> Actor:
        return Actor(User(username="agent-cpam"), self.cpam)

    @property
    def as_ars(self) -> Actor:
        return Actor(User(username="agent-ars"), self.ars)

    @property
    def as_other(self) -> Actor:
        return Actor(User(username="agent-69"), self.other_cpam)


@pytest.fixture(autouse=True)
def private_dir(settings: object, tmp_path: Path) -> Path:
    folder = tmp_path / "private"
    settings.CPTS_PRIVATE_DIR = folder  # type: ignore[attr-defined]
    return folder


@pytest.fixture
def parties(db: None) -> Parties:
    cpam = Organisation.objects.create(kind="cpam", name="CPAM de Paris", department="75")
    ars = Organisation.objects.create(kind="ars", name="ARS Île-de-France", region=region_of("75"))
    other = Organisation.objects.create(kind="cpam", name="CPAM du Rhône", department="69")
    cpts = Organisation.objects.create(kind="cpts", name="CPTS Paris 20")
    community = Community.objects.create(
        organisation=cpts, name="CPTS Paris 20", rna="W751234567", address="1 rue X", department="75"
    )
    contract = Contract.objects.create(community=community, cpam=cpam, ars=ars, signed_on=dt.date(2023, 1, 15), size=2)
    coordinator = User.objects.create_user("coordination", password="x")
    Membership.objects.create(user=coordinator, organisation=cpts)
    return Parties(contract, cpts, cpam, ars, other, coordinator)


def add_national(contract: Contract, code: str, **objective: object) -> ContractIndicator:
    """A national indicator of the catalogue retained by the contract, with an objective for year 1."""
    from cpts.accord.indicators import national_indicators

    source = national_indicators()[code]
    indicator = ContractIndicator.objects.create(
        contract=contract, code=code, scope="national", mission="access", label=source.label,
        direction=source.direction, kind=source.kind, unit=source.unit,
    )
    if objective:
        IndicatorObjective.objects.create(indicator=indicator, contract_year=1, **objective)
    return indicator


@pytest.fixture
def access_objectives(parties: Parties) -> Parties:
    """Emergency visits 80 % -> 70 % linear (weight 3), SAS doctors >= 30 all-or-nothing (weight 1)."""
    add_national(parties.contract, "access_emergency_without_admission", target=Decimal(70), weight=Decimal(3),
             rule="linear", baseline_value=Decimal(80), baseline_on=dt.date(2022, 12, 31),
             baseline_source="ATIH", baseline_version="2022")
    add_national(parties.contract, "access_sas_doctors", target=Decimal(30), weight=Decimal(1), rule="all_or_nothing")
    return parties


@pytest.fixture
def national() -> object:
    return add_national
