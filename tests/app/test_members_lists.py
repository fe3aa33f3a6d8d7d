"""Recording the yearly list of members (002 §5.1, rule MEMBERS_LIST_YEARLY): service, rights, refusals.

« En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses adhérents en
mentionnant s'il s'agit d'une personne physique ou morale. » The CPTS records the list it transmits, the CPAM the
list it received; the counts come from the members register on the day of receipt. Every refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cpts.communities import services as community_services
from cpts.contracts.members_lists import record_members_list
from cpts.contracts.models import Contract, MembersList
from cpts.contracts.scenarios import FOUNDERS
from cpts.contracts.services import terminate
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.identifiers import with_luhn_key
from cpts.core.models import AuditEvent
from cpts.web.views.home import today

from .conftest import COMMAND, World

D = dt.date


def with_members(world: World) -> Contract:
    """Our contract (signed 15/03/2023) and, from 01/01/2023, 40 professionals (its founding ones and 37 more), an
    MSP of 70 and a health centre: 002 §5.1 counts 40 + 70 + 1 = 111 members, 40 natural persons and 2 legal
    persons."""
    rows: list[dict[str, object]] = [
        {"kind": "professional", "name": f"Pro {n}", "profession": "Infirmier", "rpps": with_luhn_key(f"100000{n:04d}"),
         "joined_on": D(2023, 1, 1)}
        for n in range(40 - FOUNDERS)
    ]  # fmt: skip
    rows += [
        {"kind": "msp", "name": "MSP du Barrois", "professionals": 70, "joined_on": D(2023, 1, 1)},
        {"kind": "health_centre", "name": "Centre de santé", "joined_on": D(2023, 1, 1)},
    ]
    community_services.add_members(world.actor("cpts"), world.community, rows)
    return world.contract


def test_signing_follows_the_lists(world: World) -> None:
    """From its signature a contract's lists are followed (the size-4 bonus waits for them)."""
    assert world.contract.members_lists_followed


def test_the_cpts_records_its_list_counted_from_its_register(world: World) -> None:
    """002 §5.1: the list « en mentionnant s'il s'agit d'une personne physique ou morale »; the CPTS's own record,
    audited, counts 111 members (each professional of the MSP), 40 natural and 2 legal persons."""
    contract = with_members(world)
    found = record_members_list(world.actor("cpts"), contract, 1, D(2024, 2, 1), "  par courriel ")
    assert (found.contract_year, found.received_on, found.members) == (1, D(2024, 2, 1), 111)
    assert (found.natural_persons, found.legal_persons, found.note) == (40, 2, "par courriel")
    assert found.recorded_by == world.organisations["cpts"]
    event = AuditEvent.objects.get(action="recevoir la liste annuelle des adhérents")
    assert event.scope == f"contracts.contract:{contract.pk}"


def test_the_cpam_records_a_list_it_received(world: World) -> None:
    found = record_members_list(world.actor("cpam"), with_members(world), 2, D(2024, 3, 20))
    assert found.recorded_by == world.organisations["cpam"]


@pytest.mark.parametrize("role", ["ars", "cnam", "other_cpts", "other_cpam"])
def test_other_organisations_may_not_record_it(world: World, role: str) -> None:
    with pytest.raises(NotAllowed, match="la CPTS, qui transmet sa liste des adhérents, et la CPAM du contrat"):
        record_members_list(world.actor(role), world.contract, 1, D(2024, 2, 1))
    assert not MembersList.objects.exists()


@pytest.mark.parametrize(
    ("year", "received_on", "message"),
    [
        (1, today() + dt.timedelta(days=1), "est dans le futur"),
        (1, D(2023, 3, 1), "précède la signature du contrat"),
        (2, D(2024, 3, 14), r"ne peut être reçue avant le début de cette année \(15/03/2024\)"),
        (6, D(2024, 3, 20), "le contrat court sur les années 1 à 5"),
    ],
)
def test_impossible_dates_and_years_are_refused(world: World, year: int, received_on: dt.date, message: str) -> None:
    """The shared date rules (cpts.accord.dates: a fact done, within the contract) and the core's check of the year
    (cpts.accord.members_lists.check_list), refused with their French message, nothing written."""
    with pytest.raises(TransitionRefused, match=message):
        record_members_list(world.actor("cpts"), world.contract, year, received_on)
    assert not MembersList.objects.exists() and not AuditEvent.objects.filter(action__contains="liste").exists()


def test_no_list_for_a_year_after_the_termination(world: World) -> None:
    """A contract terminated on notice of 01/02/2024 (effective 01/04/2024) runs years 1 and 2 only."""
    terminate(COMMAND, world.contract, D(2024, 2, 1), "cpts")
    with pytest.raises(TransitionRefused, match="le contrat court sur les années 1 à 2"):
        record_members_list(world.actor("cpts"), world.contract, 3, D(2024, 3, 20))


def test_unsigned_contract_has_no_list(world: World) -> None:
    draft = Contract.objects.create(community=world.community, cpam=world.contract.cpam, ars=world.contract.ars, size=1)
    with pytest.raises(TransitionRefused, match="pas encore de liste annuelle"):
        record_members_list(world.actor("cpts"), draft, 1, D(2024, 2, 1))


def test_a_year_already_justified_is_refused_a_short_one_is_not(world: World) -> None:
    """A list of fewer than a hundred members justifies nothing: a second list of the year may follow it; once a
    list shows the hundred members, another one for the year is refused (« déjà reçue »)."""
    contract = world.contract
    short = record_members_list(world.actor("cpts"), contract, 1, D(2023, 6, 1))  # only its founding members
    assert short.members == FOUNDERS < 100
    with_members(world)
    record_members_list(world.actor("cpts"), contract, 1, D(2023, 9, 1))
    with pytest.raises(TransitionRefused, match=r"La liste de l'année 1 est déjà reçue \(le 01/09/2023, 111 membres\)"):
        record_members_list(world.actor("cpam"), contract, 1, D(2023, 10, 1))
    assert MembersList.objects.count() == 2
