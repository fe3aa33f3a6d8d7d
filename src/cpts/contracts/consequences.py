"""What a dangerous action would change, computed before anything is written.

A termination: what it would change, computed by the engine before anything is written (002 annexe 1, art. 8;
rule TERMINATION_PRORATA): the schedule of the contract as it stands against the schedule with the notice,
and what the ledger has already paid. The page shows it and asks for confirmation.

A signature: who has signed and who has not, and, for the last of the three, the date the contract takes effect
(rule SIGNATURES_THREE_PARTIES) and its member count then (002 §5.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from cpts.accord import contract as engine
from cpts.accord.money import ZERO
from cpts.accord.schedule import Payment, compute_schedule
from cpts.accord.termination import effective_on
from cpts.communities.members import member_count
from cpts.contracts.bridge import describe
from cpts.contracts.models import Contract, Signature
from cpts.contracts.services import signing_refusal
from cpts.core.services import french_date, refuse_if


@dataclass(frozen=True)
class Change:
    """A schedule line the termination changes: its amount before and after (0: added or removed)."""

    key: tuple[int, str, str, str]
    due_on: dt.date | None
    before: Decimal
    after: Decimal


@dataclass(frozen=True)
class Consequences:
    effective_on: dt.date | None  # None: suspended (the local joint commission is referred)
    changes: list[Change]
    total_before: Decimal
    total_after: Decimal
    paid: Decimal  # paid so far under the contract (ledger)

    @property
    def balance(self) -> Decimal:
        """Positive: still to pay to the CPTS over the shortened contract; negative: to be refunded by the CPTS."""
        return self.total_after - self.paid

    @property
    def refund(self) -> Decimal:
        """The reimbursements the termination creates (advances beyond the prorata), as a positive amount."""
        return -sum((c.after for c in self.changes if c.after < 0), ZERO)

    @property
    def refund_due_on(self) -> dt.date | None:
        return max((c.due_on for c in self.changes if c.after < 0 and c.due_on), default=None)


def _amounts(payments: tuple[Payment, ...]) -> dict[tuple[int, str, str, str], tuple[Decimal, dt.date | None]]:
    return {p.key: (p.amount, p.due_on) for p in payments}


def termination_consequences(
    contract: Contract, notified_on: dt.date, initiator: str, effective: dt.date | None, paid: Decimal
) -> Consequences:
    """The schedule with this notice against the schedule without it (the engine, through the one bridge)."""
    current = describe(contract)
    notice = engine.Termination(notified_on, initiator, effective)  # type: ignore[arg-type]
    before = _amounts(compute_schedule(current).payments)
    after = _amounts(compute_schedule(replace(current, termination=notice)).payments)
    nothing = (ZERO, None)
    changes = [
        Change(key, (after.get(key) or before[key])[1], before.get(key, nothing)[0], after.get(key, nothing)[0])
        for key in set(before) | set(after)
        if before.get(key, nothing)[0] != after.get(key, nothing)[0]
    ]
    changes.sort(key=lambda change: (change.due_on or dt.date.max, change.key))
    total = sum((amount for amount, _ in before.values()), ZERO)
    total_after = sum((amount for amount, _ in after.values()), ZERO)
    return Consequences(effective_on(notice), changes, total, total_after, paid)


@dataclass(frozen=True)
class PartySignature:
    """One party of the contract and its signature, None until it signs."""

    party: str
    organisation: str
    signature: Signature | None


@dataclass(frozen=True)
class SignaturePreview:
    """What recording this party's signature does, shown before it is confirmed (rule SIGNATURES_THREE_PARTIES)."""

    party: str
    on: dt.date
    signers: list[PartySignature]  # the three parties, this one still unsigned
    takes_effect_on: dt.date | None  # the contract's effect when this is the last signature, else None
    members: int  # member count on the effect date (002 §5.1), or on this signature's date

    @property
    def waiting(self) -> list[PartySignature]:
        return [item for item in self.signers if item.signature is None and item.party != self.party]


def signatures_by_party(contract: Contract) -> list[PartySignature]:
    """The three parties in the order of the contrat type's closing block (CPAM, ARS, CPTS), with their signature."""
    recorded = {signature.party: signature for signature in contract.signatures.all()}  # type: ignore[attr-defined]
    names = {"cpam": contract.cpam.name, "ars": contract.ars.name, "cpts": contract.community.name}
    return [PartySignature(party, names[party], recorded.get(party)) for party in Signature.ORDER]


def signature_preview(contract: Contract, party: str, on: dt.date) -> SignaturePreview:
    """The party's signature before it is written: refused now (French) if it could not be recorded."""
    refuse_if(
        contract.signed_on is not None, f"Le contrat est déjà signé (le {french_date(contract.signed_on or on)})."
    )
    signers = signatures_by_party(contract)
    own = next((item for item in signers if item.party == party), None)
    refuse_if(own is None, "Seules les parties au contrat (CPTS, CPAM, ARS) peuvent le signer.")
    assert own is not None
    signed_on = own.signature.signed_on if own.signature else on
    refuse_if(own.signature is not None, f"Votre organisation a déjà signé le contrat le {french_date(signed_on)}.")
    refusal = signing_refusal(contract, on)
    refuse_if(bool(refusal), refusal)
    others = [item.signature.signed_on for item in signers if item.signature is not None]
    last = len(others) == len(signers) - 1
    effect = max([*others, on]) if last else None
    return SignaturePreview(party, on, signers, effect, member_count(contract.community, effect or on))
