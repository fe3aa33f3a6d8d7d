"""Readings the texts require, each worked by hand from the quoted clause, through `cpts schedule --json`.

Rules of docs/interpretations.md: DEADLINES_AFTER_END, SIZE4_BONUS_FROM_AMENDMENT,
TERMINATION_NET_SETTLEMENT, SAS_TRANSITION_BEFORE_AVENANT_2, SAS_ARRIVAL_AFTER_SIGNATURE. The same readings
through the application (payment run, ledger, API): tests/payments/test_readings_ledger.py.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpts.cli import main


def schedule_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], contract: dict[str, Any], today: str) -> Any:
    """`cpts schedule FILE --json --today DAY` on a contract file written from `contract`."""
    path = tmp_path / "contrat.yaml"
    path.write_text(yaml.safe_dump(contract, allow_unicode=True), encoding="utf-8")
    assert main(["schedule", str(path), "--json", "--today", today]) == 0
    return json.loads(capsys.readouterr().out)


def deadline_states(document: Any) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {(d["mission"], d["kind"]): (d["due_on"], d["status"], d.get("reason", "")) for d in document["deadlines"]}


def test_deadlines_after_a_termination_are_sans_objet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """DEADLINES_AFTER_END. 002 annexe 1, art. 8.1: « Cette résiliation est effective deux mois après réception
    de la lettre de résiliation » ; art. 8.2: the CPAM may terminate « si la communauté professionnelle ne
    respecte pas de manière manifeste les termes du contrat (missions non mises en œuvre, etc.) ».

    Signed 01/01/2023, terminated by the CPTS on notice received 01/03/2024: effective 01/05/2024 (the end).
    Art. 3: access start by 01/07/2023 (not started: missed, before the end); access deployment by 01/07/2024,
    after the end: sans objet. Pathways started 01/03/2023 (start by 01/01/2024: met), deployment by
    01/01/2025: sans objet. Crisis: from the template (12/01/2023): start by 12/07/2023 missed, deployment by
    12/07/2024 sans objet. Seen on 15/01/2025, nothing after 01/05/2024 is missed.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2023-01-01", "size": 2, "missions": {"pathways": {"started_on": "2023-03-01"}},
        "termination": {"notified_on": "2024-03-01", "by": "cpts"},
    }, "2025-01-15")  # fmt: skip
    states = deadline_states(document)
    ended = "échéance après la fin du contrat : contrat résilié, résiliation effective le 01/05/2024"
    assert states[("access", "start")] == ("2023-07-01", "missed", "")
    assert states[("access", "deployment")] == ("2024-07-01", "not_applicable", ended)
    assert states[("pathways", "start")] == ("2024-01-01", "met", "")
    assert states[("pathways", "deployment")] == ("2025-01-01", "not_applicable", ended)
    assert states[("prevention", "start")] == ("2024-01-01", "missed", "")
    assert states[("crisis", "start")] == ("2023-07-12", "missed", "")
    assert states[("crisis", "deployment")] == ("2024-07-12", "not_applicable", ended)


def test_deadlines_after_the_fifth_anniversary_are_sans_objet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DEADLINES_AFTER_END. 002 annexe 1, art. 7: « La durée du contrat est de cinq ans ».

    Signed 01/09/2019, moved to avenant n° 2 by the amendment of 01/06/2024 (002 §1.2: the crisis mission
    starts « 6 mois à compter de la signature de l'avenant à leur contrat en cours », deployed within 18
    months): crisis start by 01/12/2024 and deployment by 01/12/2025 fall after the fifth anniversary
    (01/09/2024): sans objet, not missed on 15/01/2026. Access (2019 contract): start by 01/03/2020, missed.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2019-09-01", "size": 1, "amendments": [{"signed_on": "2024-06-01", "avenant_2": True}],
    }, "2026-01-15")  # fmt: skip
    states = deadline_states(document)
    ended = "échéance après la fin du contrat : contrat arrivé à son terme le 01/09/2024 (cinq ans)"
    assert states[("crisis", "start")] == ("2024-12-01", "not_applicable", ended)
    assert states[("crisis", "deployment")] == ("2025-12-01", "not_applicable", ended)
    assert states[("access", "start")] == ("2020-03-01", "missed", "")


def lines(document: Any) -> dict[tuple[int, str, str, str], tuple[str, str]]:
    return {
        (p["contract_year"], p["mission"], p["part"], p["kind"]): (p["due_on"], p["amount"])
        for p in document["payments"]
    }


def test_size4_bonus_raises_what_is_paid_from_its_amendment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SIZE4_BONUS_FROM_AMENDMENT. 002 §5.1: « Les 10 % supplémentaires s'appliquent sur l'ensemble des
    rémunérations éligibles à partir de la signature de l'avenant et versées à date anniversaire (solde de
    l'année en cours, avance de l'année à venir ...) » ; annexe 3: « Non rétroactif ».

    Size 4, signed 15/10/2022 with 80 members, pathways started the same day: advance 75 % × 50 000 =
    37 500 € on 15/10/2022, not raised. The amendment of 15/04/2023 records 120 members: the balance of the
    year in progress is (50 000 − 37 500) × 1.1 = 13 750 € (due 15/12/2023), so the year-1 fixed part is
    51 250 € (not 55 000). The variable part, paid at the settlement, is raised: 50 000 × 1.1 × 100 % =
    55 000 €; so is the year-2 advance: 75 % × 55 000 = 41 250 €. Operating funding stays outside: 90 000 €.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2022-10-15", "size": 4, "members": 80, "missions": {"pathways": {"started_on": "2022-10-15"}},
        "attainment": {1: {"pathways": 100}}, "amendments": [{"signed_on": "2023-04-15", "members": 120}],
    }, "2024-01-15")  # fmt: skip
    found = lines(document)
    assert found[(1, "pathways", "fixed", "advance")] == ("2022-10-15", "37500.00")
    assert found[(1, "pathways", "fixed", "balance")] == ("2023-12-15", "13750.00")
    assert found[(1, "pathways", "variable", "balance")] == ("2023-12-15", "55000.00")
    assert found[(2, "pathways", "fixed", "advance")] == ("2023-12-15", "41250.00")
    assert found[(1, "operating", "operating", "payment")] == ("2022-10-15", "90000.00")
    balance = next(p for p in document["payments"] if p["contract_year"] == 1 and p["kind"] == "balance"
                   and p["part"] == "fixed")  # fmt: skip
    explanation = balance["explanation"]
    assert explanation["rule"] == "SIZE4_BONUS_FROM_AMENDMENT" and "Non rétroactif" in explanation["source"]
    assert [step["result"] for step in explanation["steps"]] == ["50000.00", "12500.00", "13750.00", "51250.00"]


def test_covid_2021_derogation_is_never_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SIZE4_BONUS_FROM_AMENDMENT. 002 §1.3: the derogation « ne valorise que les actions mises en œuvre au
    cours de l'année 2021 », a period before 3 September 2022; annexe 3: « Non rétroactif ».

    Size 4 with 120 members, signed 01/06/2021, avenant n° 2 amendment of 15/11/2022 with COVID actions in
    2021: the occurrence amount of size 4, 75 000 € on 15/11/2022 (not 75 000 × 1.1 = 82 500 €). Pathways:
    the year-2 advance (year opened 01/06/2022, paid 01/08/2022, before avenant n° 2) is 75 % × 50 000 =
    37 500 €, not raised; the year-2 balance, at the anniversary of 01/06/2023 after the amendment, is
    (50 000 − 37 500) × 1.1 = 13 750 €.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2021-06-01", "size": 4, "members": 120, "covid_2021_actions": True,
        "missions": {"pathways": {"started_on": "2021-06-01"}},
        "amendments": [{"signed_on": "2022-11-15", "avenant_2": True}],
    }, "2024-01-15")  # fmt: skip
    found = lines(document)
    assert found[(2, "crisis", "crisis_occurrence_2021", "payment")] == ("2022-11-15", "75000.00")
    assert found[(2, "pathways", "fixed", "advance")] == ("2022-08-01", "37500.00")
    assert found[(2, "pathways", "fixed", "balance")] == ("2023-08-01", "13750.00")


def test_termination_year_is_settled_by_one_net_amount(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """TERMINATION_NET_SETTLEMENT. 002 annexe 1, art. 8.3: « Dans le cas où la rémunération calculée selon les
    modalités ci-dessus venait à être inférieure à l'avance versée ..., la communauté professionnelle est tenue
    de procéder au remboursement de la différence ... dans un délai de deux mois à compter de la date effective
    de la résiliation »; art. 6.2: the crisis occurrence is paid « en totalité pour l'année considérée ».

    Size 2 with a SAS, signed 01/01/2023; notice by the CPTS received 01/03/2023, effective 01/05/2023: 120 of
    365 days. Paid for year 1: operating in full 60 000; access advance 75 % × 70 000 = 52 500; crisis
    advance 75 % × 35 000 × 334/365 = 24 020,55 (started 01/02/2023). Due prorata temporis: operating
    60 000 × 120/365 = 19 726,03; access fixed 70 000 × 120/365 = 23 013,70; access variable at 100 %
    30 000 × 120/365 = 9 863,01; crisis 35 000 × 89/365 = 8 534,25. One reimbursement: 61 136,99 −
    136 520,55 = −75 383,56 by 01/07/2023. The occurrence (crisis declared 01/03/2023, plan drafted
    15/02/2023) stays paid in full, 52 500, outside the net amount.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2023-01-01", "size": 2, "sas_from": "2023-01-01",
        "missions": {"access": {"started_on": "2023-01-01"}, "crisis": {"started_on": "2023-02-01"}},
        "crisis_plan_drafted_on": "2023-02-15", "crises": ["2023-03-01"], "attainment": {1: {"access": 100}},
        "termination": {"notified_on": "2023-03-01", "by": "cpts"},
    }, "2023-06-01")  # fmt: skip
    found = lines(document)
    assert found[(1, "termination", "net_settlement", "reimbursement")] == ("2023-07-01", "-75383.56")
    assert found[(1, "crisis", "crisis_occurrence", "payment")] == ("2023-04-01", "52500.00")
    assert not [key for key in found if key[3] == "balance" or (key[3] == "reimbursement" and key[1] != "termination")]
    net = next(p for p in document["payments"] if p["mission"] == "termination")["explanation"]
    assert net["rule"] == "TERMINATION_NET_SETTLEMENT"
    assert [step["result"] for step in net["steps"]] == ["61136.99", "-75383.56"]
    assert [child["amount"] for child in net["children"]] == ["-40273.97", "-29486.30", "9863.01", "-15486.30"]


def year_total(document: Any, year: int, mission: str = "access") -> str:
    payments = document["payments"]
    total = sum(Decimal(p["amount"]) for p in payments if (p["contract_year"], p["mission"]) == (year, mission))
    return f"{total:.2f}"


def test_sas_already_there_settles_the_year_on_avenant_2_amounts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SAS_TRANSITION_BEFORE_AVENANT_2, case 1. 002 §2.3: « Présence d'un SAS sur le territoire : pour les CPTS
    signataires avant l'entrée en vigueur de l'avenant n° 2 et dont le solde doit être versé après cette même
    date, celui-ci sera calculé sur la base du montant de l'avenant n° 2 ».

    Size 2, signed 01/10/2020, SAS since 01/06/2021, avenant n° 2 signed 15/11/2022. Year 2
    (01/10/2021–01/10/2022), balance due by 01/12/2022, after the amendment. Advances at 2019 rates: fixed
    75 % × 17 500 = 13 125, compensation 75 % × 12 000 = 9 000. Settled on the avenant n° 2 amounts for the
    whole year: fixed 70 000 − 13 125 = 56 875, variable 30 000 × 100 % = 30 000, compensation 0 − 9 000 =
    −9 000: balances 77 875, year total 100 000 (previously 24 875 and 47 000). With the 2019 orientation
    service, its advance 75 % × 45 000 = 33 750 comes back (−33 750): never paid on top of the SAS amounts,
    the year still totals 100 000.
    """
    contract = {
        "signed_on": "2020-10-01", "size": 2, "sas_from": "2021-06-01",
        "missions": {"access": {"started_on": "2020-10-01"}}, "attainment": {2: {"access": 100}},
        "amendments": [{"signed_on": "2022-11-15", "avenant_2": True}],
    }  # fmt: skip
    document = schedule_json(tmp_path, capsys, contract, "2023-01-15")
    found = lines(document)
    balances = {part: found[(2, "access", part, "balance")] for part in ("fixed", "variable", "snp_compensation")}
    assert balances == {
        "fixed": ("2022-12-01", "56875.00"), "variable": ("2022-12-01", "30000.00"),
        "snp_compensation": ("2022-12-01", "-9000.00"),
    }  # fmt: skip
    assert sum(Decimal(amount) for _, amount in balances.values()) == Decimal("77875.00")
    assert year_total(document, 2) == "100000.00"
    explained = {p["explanation"]["rule"] for p in document["payments"] if p["contract_year"] == 2
                 and p["kind"] == "balance" and p["mission"] == "access"}  # fmt: skip
    assert explained == {"SAS_TRANSITION_BEFORE_AVENANT_2"}
    oriented = schedule_json(tmp_path, capsys, {**contract, "orientation_service": True}, "2023-01-15")
    assert lines(oriented)[(2, "access", "snp_orientation", "balance")] == ("2022-12-01", "-33750.00")
    assert year_total(oriented, 2) == "100000.00"


def test_balance_already_paid_at_2019_rates_gets_a_top_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SAS_TRANSITION_BEFORE_AVENANT_2, case 1, the year closed before 3/9/2022 with its balance due after it.
    002 §2.3: « dont le solde doit être versé après cette même date, celui-ci sera calculé sur la base du
    montant de l'avenant n° 2 ».

    Size 2, signed 01/08/2020, SAS since 01/01/2021, avenant n° 2 signed 15/11/2022. Year 2
    (01/08/2021–01/08/2022) closed before 3/9/2022; its balance, due by 01/10/2022, falls after 3/9/2022 but
    before the amendment: paid at 2019 rates (fixed 17 500 − 13 125 = 4 375, variable 17 500, compensation
    12 000 − 9 000 = 3 000). From the amendment, the top-up to the avenant n° 2 amounts: fixed 70 000 − 17 500
    = 52 500, variable 30 000 − 17 500 = 12 500, compensation 0 − 12 000 = −12 000: 53 000 on 15/11/2022, so
    the year totals 100 000. Year 1 (balance due 01/10/2021, before 3/9/2022) stays at 47 000.
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2020-08-01", "size": 2, "sas_from": "2021-01-01",
        "missions": {"access": {"started_on": "2020-08-01"}}, "attainment": {1: {"access": 100}, 2: {"access": 100}},
        "amendments": [{"signed_on": "2022-11-15", "avenant_2": True}],
    }, "2023-01-15")  # fmt: skip
    found = lines(document)
    assert found[(2, "access", "fixed", "balance")] == ("2022-10-01", "4375.00")
    assert {part: found[(2, "access", part, "top_up")] for part in ("fixed", "variable", "snp_compensation")} == {
        "fixed": ("2022-11-15", "52500.00"), "variable": ("2022-11-15", "12500.00"),
        "snp_compensation": ("2022-11-15", "-12000.00"),
    }  # fmt: skip
    assert year_total(document, 2) == "100000.00"
    assert year_total(document, 1) == "47000.00"


def test_sas_arriving_later_needs_the_complementary_amendment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SAS_TRANSITION_BEFORE_AVENANT_2, case 2. 002 §2.3: « Sur des territoires sans SAS : ... à l'exception de
    la mission accès aux soins qui devra faire l'objet ultérieurement d'un avenant complémentaire pour acter le
    passage au nouveau dispositif dès lors qu'un SAS sera présent sur le territoire. Dans l'attente, pour la
    mission accès aux soins, les dispositions et les rémunérations existantes sont maintenues. »

    Size 2, signed 01/10/2020, avenant n° 2 on 15/11/2022 (no SAS then), SAS set by the ARS from 01/03/2024.
    Without the complementary amendment, year 4 (01/10/2023–01/10/2024) stays at 2019 rates: 17 500 + 17 500
    + 12 000 = 47 000 at 100 % (previously 100 000). With it, signed 01/06/2024, year 4 in progress is
    settled on the SAS amounts for the whole year: 70 000 + 30 000 = 100 000; access deadlines then run from
    01/06/2024 (start by 01/12/2024).
    """
    contract = {
        "signed_on": "2020-10-01", "size": 2, "sas_from": "2024-03-01",
        "missions": {"access": {"started_on": "2020-10-01"}}, "attainment": {4: {"access": 100}},
        "amendments": [{"signed_on": "2022-11-15", "avenant_2": True}],
    }  # fmt: skip
    assert year_total(schedule_json(tmp_path, capsys, contract, "2025-01-15"), 4) == "47000.00"
    contract["amendments"].append({"signed_on": "2024-06-01", "records_sas": True})
    recorded = schedule_json(tmp_path, capsys, contract, "2025-01-15")
    assert year_total(recorded, 4) == "100000.00"
    assert deadline_states(recorded)[("access", "start")][0] == "2024-12-01"


def test_sas_arriving_after_a_later_signature_needs_no_amendment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SAS_ARRIVAL_AFTER_SIGNATURE, by analogy with 002 §2.3 (2-: « Les anciennes dispositions sont maintenues,
    avec une mention des modifications à venir dès l'arrivée du SAS »).

    Size 2, signed 01/01/2023 without SAS, SAS set by the ARS from 01/06/2024: year 1 (2023) at 2019 rates,
    47 000 at 100 %; year 2 (01/01/2024–01/01/2025), whose closing anniversary follows the SAS, settled on the
    SAS amounts: 100 000 (advances 13 125 + 9 000, balances 56 875 + 30 000 − 9 000).
    """
    document = schedule_json(tmp_path, capsys, {
        "signed_on": "2023-01-01", "size": 2, "sas_from": "2024-06-01",
        "missions": {"access": {"started_on": "2023-01-01"}}, "attainment": {1: {"access": 100}, 2: {"access": 100}},
    }, "2025-01-15")  # fmt: skip
    assert year_total(document, 1) == "47000.00"
    assert year_total(document, 2) == "100000.00"
