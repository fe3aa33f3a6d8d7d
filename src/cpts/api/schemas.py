"""The JSON shapes of the API. Amounts are strings with two decimals ("18750.00"), dates ISO."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema
from pydantic import AfterValidator

from cpts.accord.dates import DateRefused
from cpts.accord.envelopes import MISSIONS
from cpts.core import dates

# Bounds that keep generated or mistyped input out of the engine's reach (a 422, never a 500):
# dates read between the 2019 agreement's year and 2100, ids that fit a 64-bit key.
Day = Annotated[dt.date, Field(ge=dt.date(2019, 1, 1), le=dt.date(2100, 12, 31))]


def _date_rule(kind: str) -> AfterValidator:
    """The date rules of a written date (docs/input-limits.md, « Dates »): a 422 naming the field."""

    def check(value: dt.date) -> dt.date:
        try:
            return dates.check_kind(kind, "date", value)
        except DateRefused as refusal:
            raise ValueError(refusal.reason) from refusal

    return AfterValidator(check)


Done = Annotated[dt.date, _date_rule(dates.DONE)]  # a fact: not after today, not before the law of 2016
Event = Annotated[dt.date, _date_rule(dates.EVENT)]  # a contract event that may still be ahead
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Key = Annotated[int, Field(ge=1, le=2**63 - 1)]  # the same bound for an id given in the query string
Mission = Literal[tuple(key for key in MISSIONS if key != "operating")]  # type: ignore[valid-type]
Money = str


class Error(Schema):
    detail: str = Field(description="message en français")


class Me(Schema):
    username: str
    organisation: OrganisationOut | None
    organisations: list[OrganisationOut]


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    department: str
    region: str


class CommunityOut(Schema):
    id: int
    name: str
    rna: str
    siren: str
    finess: str
    department: str
    region: str
    population: int | None = None
    size: int | None = None


class StepOut(Schema):
    name: str
    done_on: dt.date | None
    detail: str = ""


class CommunityDetail(CommunityOut):
    address: str
    lifecycle: list[StepOut]
    contracts: list[int]


class MissionOut(Schema):
    key: str
    label: str
    started_on: dt.date | None
    deployed_on: dt.date | None
    planned_start_on: dt.date | None
    planned_deployed_on: dt.date | None


class AmendmentOut(Schema):
    id: int
    signed_on: dt.date
    size: int | None
    changes_sas: bool
    sas_from: dt.date | None
    members: int | None
    orientation_service: bool | None
    avenant_2: bool
    records_sas: bool
    note: str


class TerminationOut(Schema):
    notified_on: dt.date
    initiator: str
    reason: str
    effective_on: dt.date | None
    referred_to_commission: bool
    commission_decided_on: dt.date | None


class SignatureOut(Schema):
    """One party's signature (rule SIGNATURES_THREE_PARTIES): the contract takes effect on the last of the three."""

    party: str = Field(description="cpts, cpam ou ars")
    signer_name: str = Field(description="le représentant légal qui signe")
    signer_capacity: str = Field(description="sa qualité")
    signed_on: dt.date
    recorded_by: str = Field(description="l'utilisateur qui a enregistré la signature")
    recorded_at: dt.datetime


class AttainmentOut(Schema):
    contract_year: int
    mission: str
    rate: Decimal
    validated_on: dt.date
    validated_by: str


class ContractOut(Schema):
    id: int
    cpts: int
    cpts_name: str
    cpam: str
    ars: str
    signed_on: dt.date | None
    size: int
    members_at_signature: int
    sas_from: dt.date | None
    orientation_service: bool
    avenant_2_on: dt.date | None


class ContractDetail(ContractOut):
    signatures: list[SignatureOut] = Field(description="signatures enregistrées ; signed_on : la dernière des trois")
    missions: list[MissionOut]
    amendments: list[AmendmentOut]
    attainments: list[AttainmentOut]
    termination: TerminationOut | None


class PaymentOut(Schema):
    due_on: dt.date
    contract_year: int
    mission: str
    part: str
    kind: str
    amount: Money
    explanation: dict[str, Any] | None = Field(None, description="arbre (libellé, montant, règle, source)")
    explanation_text: str | None = None


class PendingOut(Schema):
    contract_year: int
    mission: str
    part: str
    settles_on: dt.date
    maximum: Money
    reason: str


class YearOut(Schema):
    number: int
    start: dt.date
    end: dt.date


class ScheduleOut(Schema):
    contract: int
    size: int
    years: list[YearOut]
    payments: list[PaymentOut]
    pending: list[PendingOut]
    totals: dict[str, Any]


class MembersListOut(Schema):
    """A list of members received (002 §5.1), counted from the members register on the day of its receipt."""

    contract_year: int
    received_on: dt.date
    members: int = Field(description="membres au sens du §5.1 (chaque professionnel d'une MSP compte)")
    natural_persons: int = Field(description="adhérents personnes physiques")
    legal_persons: int = Field(description="adhérents personnes morales")
    recorded_by: str | None
    note: str


class MembersListYearOut(Schema):
    contract_year: int
    start: dt.date
    closes_on: dt.date = Field(description="anniversaire de clôture : la liste manque une fois passé sans elle")
    expected: bool = Field(description="un versement de l'année porte la majoration de taille 4")
    status: str = Field(description="received, late, due, missing, upcoming ou not_required")
    status_label: str
    received_on: dt.date | None = Field(description="première liste reçue d'au moins cent membres")
    members: int | None
    short: bool = Field(description="une liste reçue compte moins de cent membres")
    held: Money | None = Field(description="majoration de taille 4 en attente de cette liste (liste manquante)")


class MembersListsOut(Schema):
    contract: int
    followed: bool = Field(description="listes suivies (règle MEMBERS_LIST_YEARLY) : depuis la signature")
    years: list[MembersListYearOut]
    lists: list[MembersListOut]


class DeadlineOut(Schema):
    mission: str
    kind: str
    due_on: dt.date | None
    done_on: dt.date | None
    status: str = Field(description="met, due_soon, missed, open, free ou not_applicable (après la fin du contrat)")
    reason: str | None = Field(None, description="motif d'une échéance sans objet (règle DEADLINES_AFTER_END)")


class LineOut(Schema):
    contract_year: int
    mission: str
    part: str
    kind: str
    due_on: dt.date | None
    payable_from: dt.date | None
    scheduled: Money
    ordered: Money
    paid: Money
    to_order: Money
    due: Money
    overdue: Money
    overpaid: Money
    status: str
    status_label: str
    withheld: Money = Field(description="solde retenu : dû à la CPTS mais ni ordonnancé ni en retard")
    withheld_reason: str | None = Field(
        None, description="motif du solde retenu (règle BALANCE_WITHHELD_WITHOUT_DOCUMENTS)"
    )


class EntryOut(Schema):
    id: int
    contract_year: int
    mission: str
    part: str
    kind: str
    entry: str
    sequence: int
    amount: Money
    due_on: dt.date | None
    ordered_on: dt.date | None
    paid_on: dt.date | None
    reference: str
    note: str
    reverses: int | None
    settles: int | None
    reversed_by: int | None
    recorded_by: str
    created_at: dt.datetime


class LedgerOut(Schema):
    contract: int
    on: dt.date
    lines: list[LineOut]
    totals: dict[str, Money]
    entries: list[EntryOut]


class EarlyLedgerOut(Schema):
    """The early-mission account of a CPTS without a signed ACI contract (docs/ledger.md)."""

    cpts: int
    on: dt.date
    lines: list[LineOut]
    totals: dict[str, Money]
    entries: list[EntryOut]


# Inputs of the lifecycle events.
class OnIn(Schema):
    on: Done


class SignatureIn(Schema):
    """The signature of the party the caller acts for (each party signs for itself, once)."""

    on: Done
    signer_name: str = Field("", max_length=200, description="vide : le représentant désigné par l'organisation")
    signer_capacity: str = Field("", max_length=200, description="vide : la qualité de ce représentant")


class AmendmentIn(Schema):
    signed_on: Done
    size: int | None = Field(None, ge=1, le=4)
    changes_sas: bool = False
    sas_from: Event | None = None
    orientation_service: bool | None = None
    avenant_2: bool = False
    records_sas: bool = Field(False, description="avenant complémentaire qui acte le SAS (002 §2.3)")
    update_members: bool = False
    note: str = Field("", max_length=2000)


class SasDateIn(Schema):
    sas_from: Event | None = Field(description="SAS opérationnel depuis le (fixé par l'ARS, 002 §2.1), null : aucun")


class AttainmentIn(Schema):
    contract_year: int = Field(ge=1, le=5)
    mission: Mission
    rate: Decimal = Field(ge=0, le=1, max_digits=5, decimal_places=4)
    on: Done


class TerminationIn(Schema):
    notified_on: Done
    initiator: Literal["cpts", "cpam", "ars"]
    effective_on: Event | None = None
    reason: str = Field("", max_length=2000, description="motif, imprimé sur la lettre de résiliation")


class MembersListIn(Schema):
    contract_year: int = Field(ge=1, le=5, description="année du contrat dont c'est la liste")
    received_on: Done = Field(description="reçue par la CPAM le (002 §5.1)")
    note: str = Field("", max_length=2000)


class PaymentIn(Schema):
    paid_on: Done
    reference: str = Field("", max_length=100)
    amount: Decimal | None = Field(None, max_digits=12, decimal_places=2, description="défaut : le reste à payer")


class ReversalIn(Schema):
    on: Done
    note: str = Field(min_length=1, max_length=2000)


Me.model_rebuild()
