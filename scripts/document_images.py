"""Render the first page of each kind of document as PNG into docs/documents/ (called by scripts/refresh-images).

Loads the demonstration data into a temporary SQLite database, creates what some documents need (bank details,
a payment transfer, a CPAM termination, an annual review), renders each document at a fixed generation date and turns
its first page into `docs/documents/<kind>.png` with pdftoppm (Debian poppler-utils). Never run by the tests.
Run: .venv/bin/python scripts/document_images.py
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "docs" / "documents"
GENERATED_AT = "2026-12-01T10:00:00+01:00"
DEMO_TODAY = dt.date(2026, 11, 24)


def setup() -> None:
    os.environ["CPTS_VAR_DIR"] = tempfile.mkdtemp(prefix="cpts-document-images-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from cpts.contracts.demo import load_demo

    load_demo(DEMO_TODAY)


def examples() -> dict[str, int]:
    """One object per kind, from the demo data (size 4 contract; the demo's early-mission contract)."""
    from cpts.banking.services import enter_details
    from cpts.communities.models import EarlyMissionContract
    from cpts.contracts import services as contracts
    from cpts.contracts.demo import CPAM_GROUND
    from cpts.contracts.models import Contract
    from cpts.core.actors import Actor
    from cpts.payments.entries import record_payment
    from cpts.payments.models import LedgerEntry
    from cpts.payments.runs import run_payments
    from cpts.reviews.services import open_review

    command = Actor.command("scripts/document_images.py")
    urban = Contract.objects.get(community__name="CPTS Troyes Champagne")
    enter_details(command, urban.community, "FR7630006000011234567890189", "AGRIFRPP", urban.community.name)
    run_payments(command, dt.date(2024, 1, 31))
    orders = LedgerEntry.objects.filter(contract=urban, entry="order", ordered_on=dt.date(2024, 1, 31), amount__gt=0)
    payments = [record_payment(command, order, dt.date(2024, 2, 5), "VIR-2024-0205") for order in orders]
    terminated = Contract.objects.get(community__name="CPTS du Val de Fensch")
    contracts.terminate(command, terminated, dt.date(2024, 10, 1), "cpam", reason=CPAM_GROUND)
    return {
        "contract": urban.pk,
        "amendment": urban.amendments.get().pk,
        "notice": payments[0].pk,
        "recovery": terminated.pk,
        "termination": terminated.pk,
        "decision": open_review(urban, 1).pk,
        "adhesion": EarlyMissionContract.objects.get().pk,
    }


def main() -> int:
    setup()
    from django.utils.dateparse import parse_datetime

    from cpts.documents.kinds import document_for
    from cpts.documents.render import render_pdf

    TARGET.mkdir(parents=True, exist_ok=True)
    generated_at = parse_datetime(GENERATED_AT)
    with tempfile.TemporaryDirectory() as folder:
        for kind, pk in examples().items():
            pdf = Path(folder) / f"{kind}.pdf"
            pdf.write_bytes(render_pdf(document_for(kind, pk, None, everyone=True), generated_at))
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(TARGET / kind)],
                check=True,
            )
            print(f"docs/documents/{kind}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
