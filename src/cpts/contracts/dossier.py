"""The contract's dossier (002 annexe 1, art. 1 and 6.1): pieces received, completeness, yearly update.

The CPAM records each piece annexed to the contract as it receives it, declares the dossier
complete once every piece is in (the year-1 operating payment is payable from that date, rule
OPERATING_PAYMENTS), then records the update the CPTS sends once a year (rule DOSSIER_YEARLY_UPDATE).
Each step checks `Contract.can_manage_dossier`, refuses with `TransitionRefused` and is audited.
"""

from __future__ import annotations

import datetime as dt

from cpts.contracts.models import Contract, Dossier, DossierUpdate
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.services import checked_save, french_date, refuse_if

PIECE_NAMES = dict(Dossier.PIECES)


def dossier_of(contract: Contract) -> Dossier:
    """The dossier of a signed contract, created empty the first time."""
    refuse_if(contract.signed_on is None, "Le contrat n'est pas signé : son dossier n'est pas encore ouvert.")
    dossier, _ = Dossier.objects.get_or_create(contract=contract)
    return dossier


def _open_dossier(actor: Actor, contract: Contract, on: dt.date) -> Dossier:
    actor.require(contract.can_manage_dossier, "Seule la CPAM signataire vérifie le dossier du contrat.")
    dossier = dossier_of(contract)
    assert contract.signed_on is not None
    refuse_if(
        on < contract.signed_on,
        f"La date ne peut précéder la signature du contrat ({french_date(contract.signed_on)}).",
    )
    return dossier


def receive_piece(actor: Actor, contract: Contract, piece: str, on: dt.date) -> Dossier:
    """The CPAM records that a piece of art. 1 was received on `on`."""
    refuse_if(piece not in PIECE_NAMES, f"Pièce inconnue : « {piece} ».")
    dossier = _open_dossier(actor, contract, on)
    refuse_if(
        dossier.complete_on is not None,
        f"Le dossier est déjà déclaré complet (le {french_date(dossier.complete_on or on)}) : les modifications "
        "passent par la mise à jour annuelle.",
    )
    with audited(actor, "recevoir une pièce du dossier", dossier):
        setattr(dossier, piece, on)
        checked_save(dossier)
    return dossier


def declare_complete(actor: Actor, contract: Contract, on: dt.date) -> Dossier:
    """The CPAM declares the dossier complete: every piece of art. 1 received on or before `on`."""
    dossier = _open_dossier(actor, contract, on)
    refuse_if(
        dossier.complete_on is not None,
        f"Le dossier est déjà déclaré complet (le {french_date(dossier.complete_on or on)}).",
    )
    missing = dossier.missing_pieces()
    refuse_if(bool(missing), f"Dossier incomplet (002 annexe 1, art. 1) : manque {', '.join(missing)}.")
    late = [label for name, label in Dossier.PIECES if getattr(dossier, name) > on]
    refuse_if(bool(late), f"Pièce reçue après la date de complétude : {', '.join(late)}.")
    with audited(actor, "déclarer le dossier complet", dossier):
        dossier.complete_on = on
        dossier.declared_by = actor.organisation
        checked_save(dossier)
    return dossier


def record_update(actor: Actor, contract: Contract, on: dt.date, note: str = "") -> DossierUpdate:
    """The CPAM records the yearly update the CPTS sent (« une fois par an », 002 annexe 1, art. 1)."""
    dossier = _open_dossier(actor, contract, on)
    refuse_if(dossier.complete_on is None, "Le dossier n'est pas encore complet : pas de mise à jour annuelle.")
    assert dossier.complete_on is not None
    refuse_if(
        on < dossier.complete_on,
        f"La mise à jour ne peut précéder la complétude du dossier ({french_date(dossier.complete_on)}).",
    )
    with audited(actor, "recevoir la mise à jour annuelle du dossier") as change:
        update = DossierUpdate(contract=contract, received_on=on, note=note.strip())
        checked_save(update)
        change.instance = update
    return update
