"""The payment notice (avis de paiement) of one transfer, and the notice of an amount due (avis de sommes à
rembourser) after a termination (002 annexe 1, art. 8.3) or an early-mission refund (002 annexe 2, art. 4.3).

A transfer is the payments of one contract recorded on the same day under the same reference
(`cpts.payments.entries.record_payment`). Each line's one-line explanation is that of the schedule line of the
same identity (the engine's `Payment.explanation`); amounts are the ledger's, as paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpts.accord.errors import AccordError
from cpts.accord.explain import Explanation
from cpts.accord.money import ZERO
from cpts.accord.schedule import Payment
from cpts.banking.iban import masked
from cpts.banking.services import current
from cpts.contracts.models import Contract
from cpts.documents.parties import cpts_party
from cpts.documents.render import Document
from cpts.payments.ledger import booked_for
from cpts.payments.models import LedgerEntry
from cpts.payments.schedules import contract_schedule


@dataclass(frozen=True)
class NoticeLine:
    contract_year: int
    mission: str
    part: str
    kind: str
    amount: Decimal
    explanation: str
    due_on: Any = None


def one_line(explanation: Explanation | None) -> str:
    """The explanation in one line: its label and its last arithmetic step, with the clause it cites."""
    if explanation is None:
        return "ligne absente de l'échéancier en vigueur (régularisation du grand livre)"
    step = f" : {explanation.steps[-1].formula}" if explanation.steps else ""
    return f"{explanation.label}{step} ({explanation.source})"


def explanations(contract: Contract) -> dict[tuple[int, str, str, str], Payment]:
    return {payment.key: payment for payment in contract_schedule(contract).payments}


def transfer_of(entry: LedgerEntry) -> list[LedgerEntry]:
    """The payments recorded with `entry` in one transfer: same contract, day and reference (reversals apart)."""
    if entry.entry != LedgerEntry.Entry.PAYMENT or entry.reverses_id is not None:
        raise AccordError(f"l'écriture n° {entry.pk} n'est pas un paiement : pas d'avis de paiement")
    return list(
        LedgerEntry.objects.filter(
            contract_id=entry.contract_id,
            entry=LedgerEntry.Entry.PAYMENT,
            reverses__isnull=True,
            paid_on=entry.paid_on,
            reference=entry.reference,
        ).order_by("contract_year", "id")
    )


def bank_line(contract: Contract) -> str:
    """The CPTS's current bank details, masked (a notice travels: docs/bank-details.md), with their state."""
    details = current(contract.community)
    if details is None:
        return "non enregistré dans l'application"
    state = f"vérifié le {details.verified_at:%d/%m/%Y}" if details.verified_at else "non encore vérifié par la CPAM"
    return f"{masked(details.iban)} — BIC {details.bic} ({state})"


def notice_reference(entry: LedgerEntry) -> str:
    return f"AVP-{entry.contract_id:06d}-{entry.pk:07d}"


def payment_notice(entry: LedgerEntry) -> Document:
    """Avis de paiement: the CPTS, its CPAM, the transfer's reference and date, each line explained, the total."""
    payments = transfer_of(entry)
    first = payments[0]
    contract = first.contract
    schedule = explanations(contract)
    lines = [
        NoticeLine(
            row.contract_year,
            row.mission,
            row.part,
            row.kind,
            row.amount,
            one_line(schedule[row.line_key].explanation if row.line_key in schedule else None),
            row.due_on,
        )
        for row in payments
    ]
    return Document(
        "notice",
        notice_reference(first),
        f"Avis de paiement à la {contract.community.name}",
        "documents/notice.html",
        {
            "contract": contract,
            "cpts": cpts_party(contract.community),
            "paid_on": first.paid_on,
            "transfer_reference": first.reference,
            "bank": bank_line(contract),
            "lines": lines,
            "total": sum((line.amount for line in lines), ZERO),
        },
        author=contract.cpam.name,
    )


def recovery_lines(contract: Contract) -> list[NoticeLine]:
    """The reimbursements of the schedule (art. 8.3 of annexe 1, art. 4.3 of annexe 2), as amounts due (positive)."""
    return [
        NoticeLine(p.contract_year, p.mission, p.part, p.kind, -p.amount, one_line(p.explanation), p.due_on)
        for p in contract_schedule(contract).payments
        if p.kind == "reimbursement"
    ]


def recovery_notice(contract: Contract) -> Document:
    """Avis de sommes à rembourser: each amount due with its due date, what was already received, the rest."""
    lines = recovery_lines(contract)
    if not lines:
        raise AccordError(f"le contrat de {contract.community} ne donne lieu à aucun remboursement")
    booked = booked_for([contract.pk]).get(contract.pk, {})
    keys = {(line.contract_year, line.mission, line.part, line.kind) for line in lines}
    received = sum((-booked[key].paid for key in keys if key in booked), ZERO)
    due = sum((line.amount for line in lines), ZERO)
    return Document(
        "recovery",
        f"ASR-{contract.pk:06d}",
        f"Avis de sommes à rembourser par la {contract.community.name}",
        "documents/recovery.html",
        {
            "contract": contract,
            "cpts": cpts_party(contract.community),
            "lines": lines,
            "due": due,
            "received": received,
            "remaining": due - received,
            "due_on": min(line.due_on for line in lines),
            "termination": getattr(contract, "termination", None),
        },
        author=contract.cpam.name,
    )
