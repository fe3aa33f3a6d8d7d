"""The contract's dossier (002 annexe 1, art. 1 and 6.1): rules OPERATING_PAYMENTS and DOSSIER_YEARLY_UPDATE."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from cpts.accord.contract import ContractDescription, Dossier
from cpts.accord.contract_file import parse_contract
from cpts.accord.dossier import yearly_updates
from cpts.accord.errors import AccordError
from cpts.accord.schedule import compute_schedule
from cpts.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "dossier.yaml"
SIGNED = dt.date(2023, 1, 15)


def operating_year_1(contract: ContractDescription) -> list[tuple[dt.date, str, Decimal]]:
    return [
        (p.due_on, p.kind, p.amount)
        for p in compute_schedule(contract).payments
        if p.contract_year == 1 and p.mission == "operating"
    ]


def test_the_year_1_operating_payment_is_payable_from_the_complete_dossier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """002 annexe 1, art. 6.1: « déclenché dès la signature du contrat (versement du montant dans son
    intégralité), sous réserve de la vérification de la complétude du dossier dont les documents justificatifs
    sont précisés à l'article 1 du contrat ».

    By hand: size 2, signed on 15/01/2023, operating funding 60 000,00 € a year (002 annexe 1, art. 5), paid in
    full for year 1 (365/365 days): 60 000,00 €, payable from 10/03/2023, the day the CPAM declared the dossier
    complete, and not from the signature. Nothing else moves: the year-1 balance of the operating part is nil
    (60 000 − 60 000), the year-2 advance is 75 % × 60 000 = 45 000,00 €.
    """
    assert main(["schedule", str(EXAMPLE), "--json", "--today", "2025-06-01"]) == 0
    document = json.loads(capsys.readouterr().out)
    year_1 = [p for p in document["payments"] if p["contract_year"] == 1 and p["mission"] == "operating"]
    assert [(p["due_on"], p["kind"], p["amount"]) for p in year_1] == [("2023-03-10", "payment", "60000.00")]
    assert year_1[0]["explanation"]["inputs"]["dossier déclaré complet le (versement à partir de cette date)"] == (
        "10/03/2023"
    )
    advance = next(p for p in document["payments"] if (p["contract_year"], p["mission"]) == (2, "operating"))
    assert (advance["kind"], advance["amount"]) == ("advance", "45000.00")
    assert document["dossier"]["complete_on"] == "2023-03-10"


def test_an_incomplete_dossier_leaves_the_payment_pending_not_paid_by_a_balance() -> None:
    """Art. 6.1: not before the dossier is complete. The 60 000,00 € are owed but not payable: a pending line
    with its reason, never a payment, and the year-1 balance does not pay it instead (60 000 due − 60 000
    owed = 0)."""
    contract = ContractDescription(signed_on=SIGNED, size=2, dossier=Dossier())
    assert operating_year_1(contract) == []
    pending = [p for p in compute_schedule(contract).pending if p.mission == "operating"]
    assert [(p.contract_year, p.part, p.maximum, p.settles_on) for p in pending] == [
        (1, "operating", Decimal("60000.00"), SIGNED)
    ]
    assert "dossier du contrat pas encore déclaré complet" in pending[0].reason


def test_without_a_followed_dossier_the_payment_is_at_signature() -> None:
    """A description without `dossier` (older files, contracts recorded before dossiers were followed)."""
    assert operating_year_1(ContractDescription(signed_on=SIGNED, size=2)) == [(SIGNED, "payment", Decimal("60000.00"))]


def test_a_dossier_declared_complete_at_signature_changes_nothing() -> None:
    contract = ContractDescription(signed_on=SIGNED, size=2, dossier=Dossier(SIGNED))
    assert operating_year_1(contract) == [(SIGNED, "payment", Decimal("60000.00"))]


def test_one_update_a_year_from_year_2() -> None:
    """Rule DOSSIER_YEARLY_UPDATE, 002 annexe 1, art. 1: « La communauté professionnelle doit informer
    l'organisme local d'Assurance maladie, une fois par an, des modifications intervenues sur ces éléments ».
    Year 2 (15/01/2024 to 15/01/2025) received on 01/02/2024; on 01/06/2026, year 3 closed without one
    (missing), year 4 runs (due), year 5 is to come."""
    dossier = Dossier(dt.date(2023, 3, 10), (dt.date(2024, 2, 1),))
    updates = yearly_updates(SIGNED, dossier, dt.date(2026, 6, 1))
    assert [(u.contract_year, u.status, u.received_on) for u in updates] == [
        (2, "received", dt.date(2024, 2, 1)),
        (3, "missing", None),
        (4, "due", None),
        (5, "upcoming", None),
    ]
    assert yearly_updates(SIGNED, Dossier(), dt.date(2026, 6, 1)) == ()  # not complete: nothing to update
    assert yearly_updates(SIGNED, None, dt.date(2026, 6, 1)) == ()


def test_the_text_output_lists_the_yearly_updates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", str(EXAMPLE), "--today", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "année 2 : reçue le 01/02/2024" in out and "année 3 : manquante" in out


@pytest.mark.parametrize(
    ("dossier", "message"),
    [
        ({"complete_on": "2022-12-31"}, "dossier.complete_on"),
        ({"updates": ["2024-02-01"]}, "dossier.updates"),
        ({"complete_on": "2023-03-10", "updates": ["2023-03-01"]}, r"dossier.updates\[0\]"),
        ({"complete": "2023-03-10"}, "dossier.complete"),
    ],
)
def test_a_wrong_dossier_is_refused_naming_the_field(dossier: dict[str, object], message: str) -> None:
    with pytest.raises(AccordError, match=message):
        parse_contract({"signed_on": "2023-01-15", "size": 2, "dossier": dossier})
