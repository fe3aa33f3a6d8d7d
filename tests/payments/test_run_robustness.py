"""A payment run never stops for one contract, and a run cut short leaves complete, audited chunks.

docs/ledger.md, « Campagnes de paiement » : a contract whose schedule cannot be computed is
reported with its reason and the others are ordered (exit code 3); each chunk of contracts
commits its orders with their audit events, so a rerun after a crash or a kill gives the
ledger of one clean run.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from cpts.api.testing import World
from cpts.cli import main
from cpts.contracts import bridge
from cpts.contracts.models import Contract
from cpts.core.actors import Actor
from cpts.core.models import AuditEvent
from cpts.payments import runs
from cpts.payments.models import LedgerEntry
from cpts.payments.runs import run_payments

COMMAND = Actor.command("tests")
ON = dt.date(2024, 3, 31)
ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


def ledger() -> list[tuple[Any, ...]]:
    """The ledger as a run leaves it, without what differs between two runs (ids, run, time)."""
    fields = ("contract_id", "contract_year", "mission", "part", "kind", "entry", "sequence", "amount", "due_on")
    return sorted(LedgerEntry.objects.values_list(*fields, "ordered_on"))


def clean_run_ledger() -> list[tuple[Any, ...]]:
    """The ledger one clean run would write, rolled back once read."""
    with transaction.atomic():
        run_payments(COMMAND, ON)
        found = ledger()
        transaction.set_rollback(True)
    return found


def uncovered_orders() -> list[int]:
    """Orders without the audit event of their run in their contract's history."""
    events = set(
        AuditEvent.objects.filter(object_type="payments.paymentrun", action="ordres de paiement de la campagne")
        .values_list("object_id", "scope")
    )  # fmt: skip
    return [
        pk
        for pk, run_id, contract_id in LedgerEntry.objects.values_list("pk", "run_id", "contract_id")
        if (str(run_id), f"contracts.contract:{contract_id}") not in events
    ]


def test_an_uncomputable_contract_is_reported_and_the_others_are_ordered(
    documented: World, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = documented.other_contract
    assert broken is not None
    Contract.objects.filter(pk=broken.pk).update(signed_on=dt.date(2019, 1, 2))  # before the 2019 agreement
    assert main(["payments", "run", "--on", "2024-03-31"]) == 3  # partial: one contract not ordered
    out = capsys.readouterr().out
    assert "Contrats non traités (échéancier impossible) : 1" in out
    assert f"contrat n° {broken.pk} : " in out
    ordered = set(LedgerEntry.objects.values_list("contract_id", flat=True))
    assert ordered == {documented.signed.pk}
    report = AuditEvent.objects.get(action="fin de la campagne de paiement")
    assert report.after is not None and [line["contract"] for line in report.after["refused"]] == [broken.pk]
    assert main(["payments", "run", "--on", "2024-03-31", "--cpam", "75"]) == 0  # complete: exit 0


def test_a_contract_that_spoils_its_chunks_description_is_found_alone(
    documented: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = documented.other_contract
    assert broken is not None
    original = bridge.describe_many

    def refusing(contracts: list[Contract]) -> Any:
        if any(contract.pk == broken.pk for contract in contracts):
            raise ValueError("year 10000 is out of range")
        return original(contracts)

    monkeypatch.setattr(bridge, "describe_many", refusing)
    summary = run_payments(COMMAND, ON)
    reason = "échéancier impossible à calculer (ValueError : year 10000 is out of range)"
    assert summary.refused == ((broken.pk, reason),)
    assert summary.contracts_with_orders == 1 and summary.orders > 0


class Crash(Exception):
    """The run dies inside its second chunk's transaction, after inserting its orders."""


def test_a_crash_mid_run_leaves_complete_audited_chunks_and_a_rerun_completes_it(
    documented: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = clean_run_ledger()
    assert LedgerEntry.objects.count() == 0
    monkeypatch.setattr(runs, "CHUNK", 1)
    original, calls = runs.audit_orders, []

    def audit_then_crash(*args: Any) -> None:
        original(*args)
        calls.append(args)
        if len(calls) == 2:
            raise Crash

    monkeypatch.setattr(runs, "audit_orders", audit_then_crash)
    with pytest.raises(Crash):
        run_payments(COMMAND, ON)
    assert set(LedgerEntry.objects.values_list("contract_id", flat=True)) == {documented.signed.pk}
    assert uncovered_orders() == []
    monkeypatch.setattr(runs, "audit_orders", original)
    run_payments(COMMAND, ON)
    assert ledger() == expected
    assert uncovered_orders() == []


KILLED_RUN = """
import pathlib, sys, time
from cpts.commands.manage import setup_django
setup_django()
from cpts.payments import runs
from cpts.cli import main
runs.CHUNK = 1
original, calls = runs.audit_orders, []
def audit_then_hang(*args):
    original(*args)
    calls.append(args)
    if len(calls) == 2:  # inside the second chunk's transaction: orders and events written, not committed
        pathlib.Path(sys.argv[1]).touch()
        time.sleep(120)
runs.audit_orders = audit_then_hang
sys.exit(main(["payments", "run", "--on", sys.argv[2]]))
"""


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the SQLite test database is in memory: a subprocess cannot share it")
def test_a_run_killed_mid_way_then_rerun_gives_the_ledger_of_one_clean_run(
    documented_committed: World, tmp_path: Path
) -> None:
    """`cpts payments run` in a subprocess, killed by SIGKILL inside its second chunk."""
    expected = clean_run_ledger()
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    marker = tmp_path / "second-chunk"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(marker), ON.isoformat()],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before its second chunk"
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert set(LedgerEntry.objects.values_list("contract_id", flat=True)) == {documented_committed.signed.pk}
    assert uncovered_orders() == []
    run_payments(COMMAND, ON)
    assert ledger() == expected
    assert uncovered_orders() == []
