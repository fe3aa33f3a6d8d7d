"""The fast paths of the schedule engine give exactly what the plain rules give (benchmarks/schedule.py).

Rule ROUNDING_BALANCE (docs/interpretations.md, « Échéancier »): each payment is amount × factor ×
days/total rounded once to the cent, half up; the engine computes it on integer
cents. Payments are built through `cpts.accord.frozen.builder`, their
explanations on first read, and the annual amounts are shared between contracts
that differ only by a members count the size-4 bonus does not read (002 §5.1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpts.accord.contract import ContractDescription, MissionDates
from cpts.accord.frozen import builder
from cpts.accord.money import from_cents, to_cents
from cpts.accord.recurring import prorated, prorated_cents, share
from cpts.accord.schedule import compute_schedule
from cpts.accord.schedule_model import Payment, make_payment


def _explanation_of(value: int) -> object:
    return value


@given(
    st.integers(0, 10**10),
    st.sampled_from((365, 366)),
    st.data(),
    st.integers(0, 16),
    st.integers(0, 10**16),
)
def test_prorated_cents_equals_the_decimal_rule(
    amount: int, total: int, data: st.DataObject, places: int, digits: int
) -> None:
    """Any cents amount, any day count, a factor in [0, 1] with up to 16 places (over 12 takes the Decimal path)."""
    days = data.draw(st.integers(0, total))
    factor = min(Decimal(digits).scaleb(-places), Decimal(1))
    expected = to_cents(prorated(from_cents(amount), days, total, factor))
    assert prorated_cents(amount, days, total, factor) == expected
    assert share(amount, days, total) == to_cents(prorated(from_cents(amount), days, total))


def test_prorated_cents_half_cases() -> None:
    """Halves round up: 0.75 × 0.10 € = 0.075 € -> 0.08 €; 1 cent × 183/366 = 0.5 cent -> 1 cent."""
    assert prorated_cents(10, 366, 366, Decimal("0.75")) == 8
    assert prorated_cents(1, 183, 366) == 1
    assert prorated_cents(1, 182, 366) == 0


def test_cents_conversions_keep_two_places() -> None:
    assert str(from_cents(0)) == "0.00" and str(from_cents(-5)) == "-0.05" and str(from_cents(1234567)) == "12345.67"
    assert to_cents(Decimal("18750.00")) == 1875000
    with pytest.raises(ValueError):
        to_cents(Decimal("0.125"))


def test_builder_gives_an_ordinary_frozen_instance() -> None:
    values = (dt.date(2024, 1, 1), 1, "access", "fixed", "advance", Decimal("1.00"), (_explanation_of, (1,)))
    fast, plain = make_payment(*values), Payment(*values)
    assert type(fast) is Payment
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.amount = Decimal(2)  # type: ignore[misc]


def test_builder_refuses_a_class_it_cannot_mirror() -> None:
    @dataclasses.dataclass
    class Mutable:
        value: int

    with pytest.raises(TypeError):
        builder(Mutable)


def _contract(size: int, members: int) -> ContractDescription:
    return ContractDescription(
        signed_on=dt.date(2023, 3, 1),
        size=size,
        sas_from=dt.date(2023, 1, 1),
        members=members,
        missions={"access": MissionDates(started_on=dt.date(2023, 6, 1))},
        attainment={(1, "access"): Decimal("0.8")},
    )


def test_explanation_is_built_once_and_equals_between_computations() -> None:
    first, second = compute_schedule(_contract(2, 45)), compute_schedule(_contract(2, 45))
    payment = first.payments[1]
    assert payment.explanation is payment.explanation
    assert first.payments == second.payments
    assert first.to_dict(explain=True) == second.to_dict(explain=True)


def test_members_count_only_moves_amounts_through_the_size4_bonus() -> None:
    """002 §5.1 (rule SIZE4_BONUS_SCOPE): +10 % for size 4 with at least 100 members; nothing else reads it."""
    small, large = compute_schedule(_contract(2, 10)), compute_schedule(_contract(2, 120))
    assert [p.amount for p in small.payments] == [p.amount for p in large.payments]
    inputs = dict(large.payments[1].explanation.children[0].inputs)
    assert inputs["membres"] == "120"  # each contract's explanation keeps its own count
    below, above = compute_schedule(_contract(4, 99)), compute_schedule(_contract(4, 100))
    access = [
        (b.amount, a.amount) for b, a in zip(below.payments, above.payments, strict=True) if b.mission == "access"
    ]
    assert all(a > b for b, a in access)
