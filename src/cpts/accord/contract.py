"""The plain description of one ACI contract: what the schedule engine computes from.

The application builds it from its database, the CLI from a YAML or JSON file
(`cpts.accord.contract_file`); the engine never reaches back to either
(ARCHITECTURE.md, "Data flows one way"). Mission keys are those of
`cpts.accord.envelopes.MISSIONS` (without "operating").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Initiator = Literal["cpts", "cpam", "ars"]


@dataclass(frozen=True, slots=True)
class MissionDates:
    """When a mission started and was fully deployed (002 annexe 1, art. 3).

    For the access mission, `mt_started_on` and `snp_started_on` are the starts of
    its two actions (médecin traitant, soins non programmés); they matter for the
    early-mission contract (002 §3.2). `planned_*` are the dates the contract sets
    for the optional missions, whose calendar is free.
    """

    started_on: dt.date | None = None
    deployed_on: dt.date | None = None
    mt_started_on: dt.date | None = None
    snp_started_on: dt.date | None = None
    planned_start_on: dt.date | None = None
    planned_deployed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Amendment:
    """An amendment to the contract (002 annexe 1, art. 7), effective on its signature.

    Only the fields it changes are set: `size`, `sas_from` (with `changes_sas`
    true, since None means "no SAS"), `members`, `orientation_service`, or
    `avenant_2` (the amendment that brings in avenant n° 2 for an older contract).
    `records_sas` marks the « avenant complémentaire » that records the SAS set by
    the ARS for a contract signed before avenant n° 2 (002 §2.3); an amendment that
    states a SAS date records it too.
    """

    signed_on: dt.date
    size: int | None = None
    changes_sas: bool = False
    sas_from: dt.date | None = None
    members: int | None = None
    orientation_service: bool | None = None
    avenant_2: bool = False
    records_sas: bool = False


@dataclass(frozen=True, slots=True)
class Termination:
    """Notice of termination (002 annexe 1, art. 8).

    `effective_on` overrides the default (notice + two months), e.g. the date the
    local joint commission decided when the CPTS referred a CPAM/ARS termination.
    """

    notified_on: dt.date
    by: Initiator
    effective_on: dt.date | None = None
    referred_to_commission: bool = False


EarlyTerminationGround = Literal["non_deployment", "no_adhesion"]


@dataclass(frozen=True, slots=True)
class EarlyMissionContract:
    """The early-mission contract signed before the ACI (002 §3.2, annexe 2).

    `registered_on`: the date the CPAM registered the act of adhesion (annexe 2, art. 3), from which the
    nine months run; None: the signature. `termination_ground` of a CPAM termination (annexe 2, art. 4.2):
    "non_deployment" (actions not deployed) or "no_adhesion" (no ACI within the nine months).
    """

    signed_on: dt.date
    size: int
    started_missions: tuple[str, ...] = ()
    aci_signed_on: dt.date | None = None
    terminated_notified_on: dt.date | None = None
    terminated_by: Literal["cpts", "cpam"] | None = None
    # The access actions started ("mt": médecin traitant, "snp": soins non programmés); access counts as a
    # started mission only with both (002 §3.2). The ARS validation of the letter of intent (annexe 2, art. 1.2).
    access_actions: tuple[str, ...] = ()
    letter_of_intent_validated_on: dt.date | None = None
    registered_on: dt.date | None = None
    termination_ground: EarlyTerminationGround | None = None


@dataclass(frozen=True, slots=True)
class Dossier:
    """The contract's dossier (002 annexe 1, art. 1 and 6.1): when the CPAM declared it complete, and the
    yearly updates the CPTS sent (« une fois par an, des modifications intervenues sur ces éléments »).

    `complete_on` None: not yet complete, so the year-1 operating payment waits (rule OPERATING_PAYMENTS).
    """

    complete_on: dt.date | None = None
    updates: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class MembersList:
    """The list of its members a CPTS transmits for one contract year (002 §5.1: « En justificatif,
    l'association CPTS transmettra tous les ans, la liste exhaustive de ses adhérents »): the day the CPAM
    received it and the member count it shows (counted as 002 §5.1 says). Rule MEMBERS_LIST_YEARLY."""

    contract_year: int
    received_on: dt.date
    members: int


@dataclass(frozen=True, slots=True)
class ContractDescription:
    """Everything the schedule of one contract depends on.

    `attainment` maps (contract year, mission) to a rate between 0 and 1 from a
    validated annual review; a missing key means the review is pending.
    `crisis_plan_updates` are the dates the yearly plan updates were validated.
    `attainment_validated_on` gives the day each rate was validated (the variable part
    is payable from then, 002 annexe 1 art. 6.2); a rate without it is payable from
    the anniversary.
    """

    signed_on: dt.date
    size: int
    sas_from: dt.date | None = None  # the SAS date the ARS set for the territory (002 §2.1), whatever the amendments
    orientation_service: bool = False
    members: int = 0
    missions: Mapping[str, MissionDates] = field(default_factory=dict)
    crisis_plan_drafted_on: dt.date | None = None
    crisis_plan_updates: tuple[dt.date, ...] = ()
    attainment: Mapping[tuple[int, str], Decimal] = field(default_factory=dict)
    attainment_validated_on: Mapping[tuple[int, str], dt.date] = field(default_factory=dict)
    crises: tuple[dt.date, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    termination: Termination | None = None
    covid_2021_actions: bool = False
    early_mission_contract: EarlyMissionContract | None = None
    # A next contract of the same CPTS (after the five years, or a termination): the one-off operating bonus was
    # its first contract's, never paid again (rule OPERATING_BONUS_ONE_OFF).
    follows_contract: bool = False
    # None: the dossier is not followed (a description without it), the year-1 operating payment is due at
    # signature as before; a Dossier: that payment is payable from the date it was declared complete.
    dossier: Dossier | None = None
    # None: the yearly members lists are not followed (a description without them): the size-4 bonus is paid
    # as before; a tuple (maybe empty): the lists received, rule MEMBERS_LIST_YEARLY applies.
    members_lists: tuple[MembersList, ...] | None = None
