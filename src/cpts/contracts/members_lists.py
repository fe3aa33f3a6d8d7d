"""The yearly list of members of a CPTS (002 §5.1, rule MEMBERS_LIST_YEARLY): recording its receipt.

« En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses adhérents en
mentionnant s'il s'agit d'une personne physique ou morale. » The CPTS records the list it transmits, or the CPAM
the list it received (`Contract.can_record_members_list`), for a contract year, on the day the CPAM received it.
The list is the CPTS's members register on that day: its counts are computed from it (002 §5.1), never typed
in. A list showing the hundred members justifies the size-4 bonus of the year (its settlement is held without
it, `cpts.accord.recurring`). Refusals are `TransitionRefused` with the core's French message; audited.
"""

from __future__ import annotations

import datetime as dt

from cpts.accord import dates
from cpts.accord.contract import ContractDescription
from cpts.accord.errors import AccordError
from cpts.accord.members_lists import check_list, minimum
from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.termination import effective_on
from cpts.accord.years import year_plans
from cpts.communities.members import member_count, persons
from cpts.contracts.bridge import termination_of
from cpts.contracts.models import Contract, MembersList
from cpts.core.actors import Actor
from cpts.core.audit import audited
from cpts.core.dates import today
from cpts.core.errors import TransitionRefused
from cpts.core.services import checked_save, french_date, refuse_if

DATE_LABEL = "date de réception de la liste"


def record_members_list(
    actor: Actor, contract: Contract, contract_year: int, received_on: dt.date, note: str = ""
) -> MembersList:
    """The list of `contract_year` received by the CPAM on `received_on`, counted from the members register."""
    actor.require(
        contract.can_record_members_list,
        "Seules la CPTS, qui transmet sa liste des adhérents, et la CPAM du contrat, qui la reçoit, l'enregistrent "
        "(002 §5.1).",
    )
    refuse_if(contract.signed_on is None, "Le contrat n'est pas signé : pas encore de liste annuelle des adhérents.")
    assert contract.signed_on is not None
    termination = termination_of(contract)
    description = ContractDescription(signed_on=contract.signed_on, size=contract.size, termination=termination)
    ends = dates.contract_end(contract.signed_on, effective_on(termination))
    try:
        dates.done(DATE_LABEL, received_on, today())
        dates.within_contract(DATE_LABEL, received_on, contract.signed_on, ends)
        plan = check_list(year_plans(description, DEFAULT_READINGS), contract_year, received_on)
    except AccordError as refusal:
        raise TransitionRefused(f"{str(refusal)[0].upper()}{str(refusal)[1:]}.") from refusal
    least = minimum(plan.closes_on)
    already = (
        MembersList.objects.filter(contract=contract, contract_year=contract_year, members__gte=least)
        .order_by("received_on")
        .first()
    )
    refuse_if(
        already is not None,
        f"La liste de l'année {contract_year} est déjà reçue (le {french_date(already.received_on)}, "
        f"{already.members} membres) : elle justifie la majoration."
        if already is not None
        else "",
    )
    natural, legal = persons(contract.community, received_on)
    with audited(actor, "recevoir la liste annuelle des adhérents") as change:
        found = MembersList(
            contract=contract,
            contract_year=contract_year,
            received_on=received_on,
            members=member_count(contract.community, received_on),
            natural_persons=natural,
            legal_persons=legal,
            recorded_by=actor.organisation,
            note=note.strip(),
        )
        checked_save(found)
        change.instance = found
    return found

