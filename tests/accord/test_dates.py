"""The date rules shared by forms, API, services and contract files (cpts.accord.dates, docs/input-limits.md)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cpts.accord import dates
from cpts.accord.contract_file import parse_contract
from cpts.accord.errors import AccordError

TODAY = dt.date(2026, 12, 1)


def test_a_fact_is_not_after_today() -> None:
    """A signature, a start, a payment, a declared crisis... is already done: today at the latest."""
    assert dates.done("date du paiement", TODAY, TODAY) == TODAY
    with pytest.raises(dates.DateRefused, match=r"^date du paiement : le 02/12/2026 est dans le futur"):
        dates.done("date du paiement", TODAY + dt.timedelta(days=1), TODAY)
    with pytest.raises(dates.DateRefused, match="31/12/9999"):
        dates.done("date", dt.date.max, TODAY)


def test_nothing_predates_the_law_that_created_the_cpts() -> None:
    """Loi n° 2016-41 du 26 janvier 2016, art. 65 (003 « Base légale »); a health project may predate
    the 2019 agreement (002 annexe 1 art. 1), so 2016 and not 2019 is the floor."""
    assert dates.done("projet de santé", dt.date(2016, 1, 26), TODAY) == dt.date(2016, 1, 26)
    assert dates.done("projet de santé", dt.date(2018, 5, 1), TODAY) == dt.date(2018, 5, 1)
    with pytest.raises(dates.DateRefused, match="précède la création des CPTS par la loi du 26 janvier 2016"):
        dates.done("lettre d'intention", dt.date(2016, 1, 25), TODAY)
    with pytest.raises(dates.DateRefused):
        dates.plausible("date d'effet", dt.date.min, TODAY)


def test_a_contract_event_lies_between_signature_and_six_months_after_the_end() -> None:
    """Balances and refunds fall after the end (002 annexe 1 art. 6 and 8.3): six months of margin."""
    signed = dt.date(2021, 3, 15)
    end = dates.contract_end(signed)
    assert end == dt.date(2026, 3, 15)  # five years (002 annexe 1 art. 7)
    assert dates.within_contract("remboursement", dt.date(2026, 9, 15), signed, end) == dt.date(2026, 9, 15)
    with pytest.raises(dates.DateRefused, match="plus de 6 mois après la fin du contrat"):
        dates.within_contract("remboursement", dt.date(2026, 9, 16), signed, end)
    with pytest.raises(dates.DateRefused, match="précède la signature du contrat"):
        dates.within_contract("avenant", dt.date(2021, 3, 14), signed, end)
    terminated = dates.contract_end(signed, dt.date(2023, 1, 1))
    assert terminated == dt.date(2023, 1, 1)
    with pytest.raises(dates.DateRefused):
        dates.within_contract("paiement", dt.date(2023, 7, 2), signed, terminated)


def test_a_planned_date_lies_within_the_five_years() -> None:
    signed = dt.date(2021, 3, 15)
    assert dates.planned("démarrage prévu", dt.date(2026, 3, 14), signed) == dt.date(2026, 3, 14)
    with pytest.raises(dates.DateRefused, match="hors des cinq ans du contrat"):
        dates.planned("démarrage prévu", dt.date(2026, 3, 15), signed)


def test_a_stored_absurd_date_never_overflows_a_check() -> None:
    """year 10000 is out of range: the checks cap at the calendar's end instead of failing."""
    assert dates.contract_end(dt.date(9999, 6, 1)) == dt.date.max
    assert dates.within_contract("x", dt.date(9999, 7, 1), dt.date(9999, 6, 1), dt.date.max)
    with pytest.raises(dates.DateRefused, match="trop loin"):
        dates.plausible("date d'effet", dt.date.max, TODAY)


def _contract(**fields: object) -> dict[str, object]:
    return {"signed_on": "2021-03-15", "population": 50_000, **fields}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"missions": {"quality": {"started_on": "9999-12-31"}}}, "missions.quality.started_on"),
        ({"missions": {"quality": {"planned_start_on": "2027-01-01"}}}, "missions.quality.planned_start_on"),
        ({"termination": {"notified_on": "2030-01-01", "by": "cpts"}}, "termination.notified_on"),
        ({"amendments": [{"signed_on": "2040-01-01"}]}, "amendments[0].signed_on"),
        ({"crisis_plan_updates": ["9999-12-31"]}, "crisis_plan_updates[0]"),
        ({"sas_from": "2015-12-31"}, "sas_from"),
        ({"crises": ["2010-01-01"]}, "crises[0]"),
    ],
)
def test_contract_files_follow_the_same_rules(fields: dict[str, object], message: str) -> None:
    with pytest.raises(AccordError, match="^" + re.escape(f"champ « {message} » : le ")):
        parse_contract(_contract(**fields))


def test_a_contract_file_may_describe_the_future() -> None:
    """A file is a scenario (`cpts schedule --today`): its events may lie after today."""
    described = parse_contract(_contract(signed_on="2026-06-01", missions={"quality": {"started_on": "2027-01-01"}}))
    assert described.missions["quality"].started_on == dt.date(2027, 1, 1)
