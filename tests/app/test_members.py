"""Member count (002 §5.1) and identifier checks (RPPS, SIREN, RNA)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cpts.communities import services as cs
from cpts.communities.members import member_count, size4_bonus_rate_on
from cpts.core.identifiers import luhn_valid, validate_rna, validate_rpps, validate_siren, with_luhn_key

from .conftest import COMMAND

D = dt.date


def test_luhn_key_makes_a_valid_number_and_a_changed_digit_breaks_it():
    number = with_luhn_key("1000000000")
    assert len(number) == 11 and luhn_valid(number)
    validate_rpps(number)
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="clé de contrôle est fausse"):
        validate_rpps(broken)


@pytest.mark.parametrize("value", ["1234567890", "123456789012", "1000000000A", ""])
def test_rpps_needs_eleven_digits(value):
    with pytest.raises(ValidationError, match="11 chiffres"):
        validate_rpps(value)


def test_siren_and_rna_formats():
    validate_siren("732829320")  # a real SIREN (Luhn-valid)
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siren("732829321")
    validate_rna("W551000123")
    with pytest.raises(ValidationError, match="« W » suivi de 9 chiffres"):
        validate_rna("551000123")


@pytest.mark.django_db
def test_member_count_msp_professionals_count_individually(world):
    """002 §5.1: each professional of a member MSP counts; any other structure counts one."""
    community = world.community
    base = member_count(community, D(2024, 1, 1))
    cs.add_member(COMMAND, community, kind="professional", name="Dr A", profession="Médecin généraliste",
                  rpps=with_luhn_key("1000000001"), joined_on=D(2023, 1, 1))  # fmt: skip
    cs.add_member(COMMAND, community, kind="msp", name="MSP du Barrois", professionals=12, joined_on=D(2023, 6, 1))
    cs.add_member(COMMAND, community, kind="health_centre", name="Centre de santé", joined_on=D(2023, 6, 1))
    leaving = cs.add_member(COMMAND, community, kind="medico_social", name="SSIAD", joined_on=D(2023, 6, 1))
    assert member_count(community, D(2023, 5, 31)) == base + 1
    assert member_count(community, D(2024, 1, 1)) == base + 1 + 12 + 1 + 1
    cs.member_leaves(COMMAND, leaving, D(2024, 1, 1))
    assert member_count(community, D(2024, 1, 1)) == base + 14  # leaving on a day no longer counts that day


@pytest.mark.django_db
def test_invalid_member_rows_are_refused_whole(world):
    community = world.community
    rows = [
        {"kind": "professional", "name": "Dr B", "profession": "Infirmier", "rpps": with_luhn_key("1000000002"),
         "joined_on": D(2023, 1, 1)},
        {"kind": "professional", "name": "Dr C", "profession": "Infirmier", "rpps": "10000000030",
         "joined_on": D(2023, 1, 1)},
    ]  # fmt: skip
    before = community.members.count()
    with pytest.raises(ValidationError):
        cs.add_members(COMMAND, community, rows)
    assert community.members.count() == before


@pytest.mark.django_db
def test_msp_without_professionals_and_duplicate_rpps_are_refused(world):
    with pytest.raises(ValidationError, match="nombre de professionnels"):
        cs.add_member(COMMAND, world.community, kind="msp", name="MSP", joined_on=D(2023, 1, 1))
    row = {"kind": "professional", "name": "Dr D", "profession": "Kiné", "rpps": with_luhn_key("1000000004"),
           "joined_on": D(2023, 1, 1)}  # fmt: skip
    cs.add_member(COMMAND, world.community, **row)
    with pytest.raises(ValidationError, match="déjà membre"):
        cs.add_member(COMMAND, world.community, **row)


def test_size4_bonus_needs_size_4_100_members_and_avenant_2():
    """002 §5.1: +10 % for size 4 with at least one hundred members, from 3 September 2022."""
    assert size4_bonus_rate_on(4, 100, D(2023, 1, 1)) == Decimal("0.10")
    assert size4_bonus_rate_on(4, 99, D(2023, 1, 1)) == 0
    assert size4_bonus_rate_on(3, 500, D(2023, 1, 1)) == 0
    assert size4_bonus_rate_on(4, 150, D(2022, 9, 2)) == 0
