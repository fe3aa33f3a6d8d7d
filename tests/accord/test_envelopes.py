"""Annual envelopes: every table of the seeds, cell by cell, and every published total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpts.accord.envelopes import (
    MISSIONS,
    Terms,
    annual_envelopes,
    early_mission_amount,
    envelope,
    envelope_cents_batch,
    operating_bonus,
    regime_on,
)
from cpts.accord.errors import AccordError

BEFORE = dt.date(2021, 6, 1)  # ACI of 2019
AFTER = dt.date(2023, 1, 1)  # avenant n° 2
SIZES = (1, 2, 3, 4)


def amounts(mission: str, part: str, terms_of_size: object) -> list[Decimal]:
    result = []
    for size in SIZES:
        line = envelope(terms_of_size(size), mission, part)  # type: ignore[operator]
        assert line is not None
        result.append(line.amount)
    return result


def aci_2019(size: int) -> Terms:
    return Terms(size, BEFORE, avenant_2=False, sas=False, orientation=True)


def avenant_2_sas(size: int) -> Terms:
    return Terms(size, AFTER, avenant_2=True, sas=True)


def euros(*values: int | str) -> list[Decimal]:
    return [Decimal(str(value)) for value in values]


# 000 "Dispositif de financement par taille de CPTS" and 004 "Le montant des financements" (ACI of 2019).
TABLE_2019 = [
    ("operating", "operating", euros(50000, 60000, 75000, 90000)),
    ("access", "fixed", euros(15000, 17500, 25000, 30000)),
    ("access", "variable", euros(15000, 17500, 25000, 30000)),
    ("access", "snp_compensation", euros(10000, 12000, 15000, 20000)),
    ("access", "snp_orientation", euros(35000, 45000, 55000, 70000)),
    ("pathways", "fixed", euros(25000, 35000, 45000, 50000)),
    ("pathways", "variable", euros(25000, 35000, 45000, 50000)),
    ("prevention", "fixed", euros(10000, 15000, 17500, 20000)),
    ("prevention", "variable", euros(10000, 15000, 17500, 20000)),
    ("quality", "fixed", euros(7500, 10000, 15000, 20000)),
    ("quality", "variable", euros(7500, 10000, 15000, 20000)),
    ("support", "fixed", euros(5000, 7500, 10000, 15000)),
    ("support", "variable", euros(5000, 7500, 10000, 15000)),
]

# 002 annexe 1, art. 5 and §1.3, §2.3 a) (avenant n° 2, territory with a SAS).
TABLE_AVENANT_2 = [
    ("operating", "operating", euros(50000, 60000, 75000, 90000)),
    ("access", "fixed", euros(55000, 70000, 90000, 110000)),
    ("access", "variable", euros(25000, 30000, 35000, 45000)),
    ("pathways", "fixed", euros(25000, 35000, 45000, 50000)),
    ("pathways", "variable", euros(25000, 35000, 45000, 50000)),
    ("prevention", "fixed", euros(10000, 15000, 17500, 20000)),
    ("prevention", "variable", euros(10000, 15000, 17500, 20000)),
    ("crisis", "fixed", euros(25000, 35000, 45000, 50000)),
    ("crisis", "crisis_occurrence", euros(37500, 52500, 67500, 75000)),
    ("quality", "fixed", euros(7500, 10000, 15000, 20000)),
    ("quality", "variable", euros(7500, 10000, 15000, 20000)),
    ("support", "fixed", euros(5000, 7500, 10000, 15000)),
    ("support", "variable", euros(5000, 7500, 10000, 15000)),
]


@pytest.mark.parametrize(("mission", "part", "expected"), TABLE_2019)
def test_2019_table_cell_by_cell(mission: str, part: str, expected: list[Decimal]) -> None:
    """000 « Dispositif de financement par taille de CPTS »: each cell of the 2019 table."""
    assert amounts(mission, part, aci_2019) == expected


@pytest.mark.parametrize(("mission", "part", "expected"), TABLE_AVENANT_2)
def test_avenant_2_table_cell_by_cell(mission: str, part: str, expected: list[Decimal]) -> None:
    """002 annexe 1, art. 5: each cell of the avenant-2 table with a SAS."""
    assert amounts(mission, part, avenant_2_sas) == expected


def test_crisis_update_amount_for_later_years() -> None:
    """002 §1.3: « Année 2 & suivantes – mise à jour du plan » 12 500 / 17 500 / 22 500 / 25 000."""
    later = [envelope(Terms(s, AFTER, True, crisis_year="later"), "crisis", "fixed") for s in SIZES]
    assert [line.amount for line in later if line] == euros(12500, 17500, 22500, 25000)


def test_size_2_crisis_occurrence_misprint_is_52500() -> None:
    """002 §1.3 prints « 52 00 »; annexe 1 art. 5 and annexe 3 give 52 500 (rule CRISIS_OCCURRENCE_52500)."""
    line = envelope(Terms(2, AFTER, True), "crisis", "crisis_occurrence")
    assert line is not None and line.amount == Decimal("52500")
    assert "52 00" in line.explanation.source


@pytest.mark.parametrize(
    ("size", "without", "with_orientation"),
    [(1, 185000, 220000), (2, 242000, 287000), (3, 315000, 370000), (4, 380000, 450000)],
)
def test_published_2019_totals(size: int, without: int, with_orientation: int) -> None:
    """004 « Total possible » 185 000..380 000; 000 « Financement total possible » 220 000..450 000."""
    assert annual_envelopes(Terms(size, BEFORE, False, False)).total == without
    assert annual_envelopes(Terms(size, BEFORE, False, False, orientation=True)).total == with_orientation


@pytest.mark.parametrize(("size", "total"), [(1, 287500), (2, 382500), (3, 487500), (4, 580000)])
def test_published_avenant_2_totals(size: int, total: int) -> None:
    """002 annexe 1, art. 5 « Financement total possible »: counts crisis first drafting + occurrence (note **)."""
    assert annual_envelopes(avenant_2_sas(size)).total == total


def test_size_3_table_of_000() -> None:
    """000 « Financement maximum … pour une CPTS > 80 000 habitants »: 75 000, 120 000, 90 000, 35 000,
    30 000, 20 000, total 370 000 (ACI of 2019, with the orientation part)."""
    missions = annual_envelopes(Terms(3, BEFORE, False, False, orientation=True)).by_mission()
    per_mission = {mission: sum(parts.values()) for mission, parts in missions.items()}
    assert per_mission == {
        "operating": 75000,
        "access": 120000,
        "pathways": 90000,
        "prevention": 35000,
        "quality": 30000,
        "support": 20000,
    }
    assert sum(per_mission.values()) == 370000


def test_no_sas_under_avenant_2_keeps_2019_access() -> None:
    """002 §2.3 b): without a SAS the 2019 access amounts stay (rule NO_SAS_KEEPS_2019_ACCESS);
    the crisis mission of avenant n° 2 applies all the same."""
    missions = annual_envelopes(Terms(2, AFTER, True, sas=False, orientation=True)).by_mission()
    assert missions["access"] == {
        "fixed": 17500,
        "variable": 17500,
        "snp_compensation": 12000,
        "snp_orientation": 45000,
    }
    assert "crisis" in missions


def test_orientation_part_needs_the_orientation_service() -> None:
    """000: the « volet supplémentaire » finances the treatment and orientation of requests, if organised."""
    assert envelope(Terms(2, BEFORE, False, False, orientation=False), "access", "snp_orientation") is None


def test_no_crisis_mission_under_2019_agreement() -> None:
    """001, 002 §1: the crisis mission is created by avenant n° 2."""
    assert "crisis" not in annual_envelopes(Terms(4, BEFORE, False, False)).by_mission()


def test_size_4_bonus_with_100_members() -> None:
    """002 §5.1: +10 % on every mission amount, not on the operating funding (rule SIZE4_BONUS_SCOPE)."""
    missions = annual_envelopes(Terms(4, AFTER, True, members=100)).by_mission()
    assert missions["operating"]["operating"] == 90000
    assert missions["access"] == {"fixed": Decimal("121000.00"), "variable": Decimal("49500.00")}
    assert missions["crisis"]["crisis_occurrence"] == Decimal("82500.00")
    line = envelope(Terms(4, AFTER, True, members=100), "access", "fixed")
    assert line is not None and "110\u202f000,00 € × (1 + 10 %)" in line.explanation.to_text()


@pytest.mark.parametrize(
    ("size", "members", "on", "avenant_2"),
    [(4, 99, AFTER, True), (3, 500, AFTER, True), (4, 150, BEFORE, False)],
)
def test_size_4_bonus_not_applicable(size: int, members: int, on: dt.date, avenant_2: bool) -> None:
    """002 §5.1: only size 4, at least one hundred members, from avenant n° 2 (not retroactive)."""
    bare = annual_envelopes(Terms(size, on, avenant_2, avenant_2))
    assert annual_envelopes(Terms(size, on, avenant_2, avenant_2, members=members)).total == bare.total


@pytest.mark.parametrize(
    ("signed_on", "eligible"),
    [(dt.date(2020, 1, 15), True), (dt.date(2022, 9, 29), True), (dt.date(2022, 9, 30), False)],
)
def test_operating_bonus_before_30_september_2022(signed_on: dt.date, eligible: bool) -> None:
    """002 §3.1: + 37 500 / 45 000 / 56 250 / 67 500 € for CPTS signing before 30 September 2022, one-off
    (rule OPERATING_BONUS_ONE_OFF): under `one_off`, not in the annual total."""
    bonuses = [operating_bonus(size, signed_on, AFTER) for size in SIZES]
    if eligible:
        assert [b.amount for b in bonuses if b] == euros(37500, 45000, 56250, 67500)
        envelopes = annual_envelopes(avenant_2_sas(2), signed_on)
        assert envelopes.to_dict()["one_off"] == {"operating_bonus": "45000.00"}
        assert envelopes.total == 382500
    else:
        assert bonuses == [None] * 4


def test_operating_bonus_not_before_avenant_2() -> None:
    """002 §3.1: the bonus is in force from 3 September 2022 only."""
    assert operating_bonus(2, dt.date(2020, 1, 1), BEFORE) is None


def test_early_mission_amounts() -> None:
    """002 §3.2 and annexe 2 art. 2.2: 15 000 / 17 500 / 25 000 / 30 000 € per started core mission."""
    assert [early_mission_amount(s, AFTER).amount for s in SIZES] == euros(15000, 17500, 25000, 30000)


def test_regime_follows_the_date() -> None:
    """002 §1.3: avenant n° 2 in force « soit le 3 septembre 2022 » (rule REGIME_BY_DATE)."""
    assert regime_on(dt.date(2022, 9, 2)) is False
    assert regime_on(dt.date(2022, 9, 3)) is True


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 5, "on": AFTER, "avenant_2": True}, "taille inconnue"),
        ({"size": 2, "on": dt.date(2019, 1, 1), "avenant_2": False}, "antérieure à l'accord de 2019"),
        ({"size": 2, "on": BEFORE, "avenant_2": True}, "n'est pas en vigueur"),
        ({"size": 2, "on": AFTER, "avenant_2": True, "members": -1}, "membres"),
    ],
)
def test_invalid_terms_are_refused_in_french(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(AccordError, match=message):
        Terms(**kwargs)  # type: ignore[arg-type]


def test_explanation_names_cell_source_and_inputs() -> None:
    """Inputs, parameter and table cell, source clause, JSON and French text."""
    line = envelope(avenant_2_sas(2), "access", "fixed")
    assert line is not None
    document = line.explanation.to_dict()
    assert document["cell"] == {
        "parameter": "access_sas_fixed",
        "size": 2,
        "effective_from": "2022-09-03",
        "value": "70000.00",
    }
    assert document["amount"] == "70000.00"
    assert "002 §2.3 a)" in document["source"]
    assert document["inputs"]["taille"] == "2"
    assert "70\u202f000,00 €" in line.explanation.to_text()


def test_batch_lookup_matches_single_lookups() -> None:
    sizes = np.array([1, 2, 3, 4, 4, 1])
    cents = envelope_cents_batch("access_sas_fixed", AFTER, sizes)
    assert cents.tolist() == [5500000, 7000000, 9000000, 11000000, 11000000, 5500000]


terms_strategy = st.builds(
    Terms,
    size=st.sampled_from(SIZES),
    on=st.dates(dt.date(2022, 9, 3), dt.date(2030, 12, 31)),
    avenant_2=st.just(True),
    sas=st.booleans(),
    orientation=st.booleans(),
    members=st.integers(0, 400),
    crisis_year=st.sampled_from(("first", "later")),
) | st.builds(
    Terms,
    size=st.sampled_from(SIZES),
    on=st.dates(dt.date(2019, 8, 24), dt.date(2030, 12, 31)),
    avenant_2=st.just(False),
    sas=st.booleans(),
    orientation=st.booleans(),
    members=st.integers(0, 400),
)


@given(terms_strategy)
def test_total_is_the_sum_of_its_parts_to_the_cent(terms: Terms) -> None:
    """Principle 1: a total is exactly the sum of its lines, each a whole number of cents."""
    envelopes = annual_envelopes(terms)
    lines = envelopes.lines
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in lines)
    assert envelopes.total == sum(line.amount for line in lines)
    assert Decimal(envelopes.to_dict()["total"]) == sum(
        Decimal(v) for m in envelopes.to_dict()["missions"].values() for v in m.values()
    )
    assert {line.mission for line in lines} <= set(MISSIONS)


@given(terms_strategy, st.integers(0, 400))
def test_more_members_never_lower_an_amount(terms: Terms, extra: int) -> None:
    """002 §5.1: the bonus only ever adds."""
    more = Terms(
        terms.size, terms.on, terms.avenant_2, terms.sas, terms.orientation, terms.members + extra, terms.crisis_year
    )
    assert annual_envelopes(more).total >= annual_envelopes(terms).total
