"""The early-mission aid (002 §3.2 and annexe 2): rule EARLY_MISSION_CONTRACT, with and without an ACI contract."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from cpts.accord.contract import EarlyMissionContract
from cpts.accord.contract_file import parse_description
from cpts.accord.early_mission import aci_deadline
from cpts.accord.errors import AccordError
from cpts.accord.schedule import early_mission_schedule
from cpts.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "early-mission-alone.yaml"
d = dt.date


def alone(**terms: object) -> EarlyMissionContract:
    """Size 3, signed on 01/06/2023, registered by the CPAM on 15/06/2023, access (both actions) and pathways."""
    block: dict[str, object] = {
        "signed_on": "2023-06-01", "registered_on": "2023-06-15", "size": 3,
        "started_missions": ["access", "pathways"], "access_actions": ["mt", "snp"], **terms,
    }  # fmt: skip
    found = parse_description({"early_mission_contract": block})
    assert isinstance(found, EarlyMissionContract)
    return found


def lines(contract: EarlyMissionContract) -> list[tuple[dt.date, str, Decimal]]:
    return [(p.due_on, p.kind, p.amount) for p in early_mission_schedule(contract).payments]


def test_a_cpts_with_only_an_early_mission_contract_is_paid_at_signature(capsys: pytest.CaptureFixture[str]) -> None:
    """002 annexe 2, art. 2.2: « Le montant de l'aide est versé dès la signature du contrat. Chaque mission socle
    démarrée ... peut faire l'objet d'un versement intégral de l'enveloppe » — without any ACI contract (the
    projects « qui n'en sont pas encore à l'étape de validation du projet de santé », 002 §3.2).

    By hand: size 3, 25 000,00 € per mission (annexe 2, art. 2.2), access (médecin traitant ET soins non
    programmés) and pathways: 2 × 25 000 = 50 000,00 € on 01/06/2023, contract year 0, no other line.
    """
    assert main(["schedule", str(EXAMPLE), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [(p["due_on"], p["contract_year"], p["kind"], p["amount"]) for p in document["payments"]] == [
        ("2023-06-01", 0, "payment", "50000.00")
    ]
    assert document["years"] == [] and document["totals"]["total"] == "50000.00"
    assert "warnings" not in document


def test_the_nine_months_run_from_the_registration() -> None:
    """Annexe 2, art. 3: « L'adhésion est valable à compter de la date d'enregistrement de l'acte d'adhésion par la
    caisse ... pour une durée de 9 mois maximum » (the note, §3.2, says « à partir de la signature »; annexe 2 is
    the contract the parties sign and wins). Registered 15/06/2023: 15/03/2024; without a registration date, the
    signature: 01/03/2024."""
    assert aci_deadline(alone()) == d(2024, 3, 15)
    assert aci_deadline(alone(registered_on=None)) == d(2024, 3, 1)


def test_a_termination_by_the_cpts_stops_the_aid_and_recovers_nothing() -> None:
    """Annexe 2, art. 4.3: « En cas de résiliation du contrat, quelle qu'en soit l'origine, le versement de l'aide
    est interrompu »; the refund is owed only « dans le cas où la résiliation intervient à l'initiative de
    l'organisme local d'Assurance maladie ». Before: 50 000 € clawed back from this size-3 CPTS."""
    assert lines(alone(terminated_notified_on="2024-01-10", terminated_by="cpts")) == [
        (d(2023, 6, 1), "payment", Decimal("50000.00"))
    ]


def test_a_termination_by_the_cpam_after_nine_months_without_adhesion_refunds_the_whole_aid() -> None:
    """002 §3.2: « À l'issue de ce délai de neuf mois, à défaut d'adhésion à l'ACI CPTS, le contrat pourra faire
    l'objet d'une résiliation et la CPTS devra procéder au remboursement de la somme versée dans un délai de deux
    mois à compter de la date effective de la résiliation ». Nine months end 15/03/2024; notified 20/03/2024,
    effective one month later (annexe 2, art. 4.2) 20/04/2024; the whole aid, 50 000,00 €, by 20/06/2024."""
    contract = alone(terminated_notified_on="2024-03-20", terminated_by="cpam", termination_ground="no_adhesion")
    assert lines(contract) == [
        (d(2023, 6, 1), "payment", Decimal("50000.00")),
        (d(2024, 6, 20), "reimbursement", Decimal("-50000.00")),
    ]
    refund = early_mission_schedule(contract).payments[1].explanation
    assert dict(refund.inputs)["ACI à signer au plus tard le (9 mois après l'enregistrement)"] == "15/03/2024"


def test_a_termination_by_the_cpam_for_non_deployment_refunds_at_any_time() -> None:
    """Annexe 2, art. 4.2 and 4.3: « lorsqu'il est constaté le non déploiement des actions »; notified 01/10/2023,
    effective 01/11/2023, 50 000,00 € refunded by 01/01/2024."""
    contract = alone(terminated_notified_on="2023-10-01", terminated_by="cpam", termination_ground="non_deployment")
    assert lines(contract)[1] == (d(2024, 1, 1), "reimbursement", Decimal("-50000.00"))


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        # Nine months from the registration end on 15/03/2024, not on 01/03/2024 (the signature's).
        (
            {"terminated_notified_on": "2024-03-10", "terminated_by": "cpam", "termination_ground": "no_adhesion"},
            "terminated_notified_on.*neuf mois",
        ),
        ({"terminated_notified_on": "2024-03-20", "terminated_by": "cpam"}, "termination_ground.*motif"),
        (
            {"terminated_notified_on": "2024-03-20", "terminated_by": "cpts", "termination_ground": "no_adhesion"},
            "termination_ground.*seule une résiliation par la CPAM",
        ),
        (
            {"terminated_notified_on": "2024-03-20", "terminated_by": "cpam", "termination_ground": "other"},
            "termination_ground",
        ),
        ({"registered_on": "2023-05-01"}, "registered_on"),
    ],
)
def test_terminations_the_texts_do_not_allow_are_refused(terms: dict[str, object], message: str) -> None:
    with pytest.raises(AccordError, match=message):
        alone(**terms)


def test_all_three_core_missions_claimed_gives_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """002 §3.2: « Le contrat n'a pas vocation à financer l'ensemble des missions de l'ACI qui seraient démarrées
    en amont. Dans ce cas de figure, le contrat ACI doit être signé directement. » Shown, not refused:
    3 × 25 000 = 75 000,00 €."""
    described = tmp_path / "trois.yaml"
    described.write_text(
        "early_mission_contract:\n  signed_on: 2023-06-01\n  size: 3\n"
        "  started_missions: [access, pathways, prevention]\n  access_actions: [mt, snp]\n",
        encoding="utf-8",
    )
    assert main(["schedule", str(described), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["totals"]["total"] == "75000.00"
    assert "n'a pas vocation à financer l'ensemble des missions" in document["warnings"][0]
    assert main(["schedule", str(described)]) == 0
    assert "Avertissements" in capsys.readouterr().out
