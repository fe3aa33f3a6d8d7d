"""Lifecycle transitions: each allowed move is recorded and audited, each impossible one refused in French.

Sources: 003 "Gouvernance" (letter of intent, health project validated by the
ARS, then the contract); 002 annexe 1 art. 3, 7, 8; 002 annexe 2 (early-mission
contract); art. L. 1434-12 CSP (tacit validation, docs/interpretations.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cpts.communities import services as cs
from cpts.contracts import services as ks
from cpts.contracts.lifecycle import stage
from cpts.contracts.models import Contract
from cpts.contracts.scenarios import found_cpts
from cpts.core.errors import TransitionRefused
from cpts.core.identifiers import with_luhn_key
from cpts.core.models import AuditEvent

from .conftest import COMMAND

D = dt.date
pytestmark = pytest.mark.django_db


def new_cpts(**steps):
    """With its founding members, so that its contract can be signed (002 annexe 1, art. 1)."""
    return found_cpts(
        COMMAND, name="CPTS du Verdunois", department="55", siren=with_luhn_key("55200000"), communes=["55545"],
        founders=True, **steps,
    )  # fmt: skip


def refused(message_part, call, *args, **kwargs):
    with pytest.raises(TransitionRefused) as error:
        call(*args, **kwargs)
    assert message_part in str(error.value)


def test_letter_cannot_be_validated_before_it_is_submitted():
    refused("Aucune lettre d'intention", cs.validate_letter, COMMAND, new_cpts(), D(2023, 1, 1))


def test_letter_cannot_be_validated_twice():
    community = new_cpts(letter_on=D(2023, 1, 2), letter_validated_on=D(2023, 1, 20))
    refused("déjà été validée le 20/01/2023", cs.validate_letter, COMMAND, community, D(2023, 2, 1))


def test_letter_validation_cannot_precede_its_submission():
    community = new_cpts(letter_on=D(2023, 1, 2))
    refused("ne peut précéder le dépôt", cs.validate_letter, COMMAND, community, D(2023, 1, 1))


def test_letter_cannot_be_submitted_twice():
    community = new_cpts(letter_on=D(2023, 1, 2))
    refused("déjà été déposée le 02/01/2023", cs.submit_letter, COMMAND, community, D(2023, 1, 3))


def test_health_project_needs_a_validated_letter():
    community = new_cpts(letter_on=D(2023, 1, 2))
    refused("après la validation de la lettre", cs.submit_health_project, COMMAND, community, D(2023, 2, 1))


def test_contract_cannot_be_drafted_before_a_validated_health_project():
    community = new_cpts(letter_on=D(2023, 1, 2), letter_validated_on=D(2023, 1, 20), project_on=D(2023, 2, 1))
    refused("projet de santé validé", ks.draft_contract, COMMAND, community, today=D(2023, 2, 15))


def test_health_project_is_deemed_validated_two_months_after_submission():
    """Silence of the ARS for two months validates the project (art. L. 1434-12 CSP)."""
    community = new_cpts(letter_on=D(2023, 1, 2), letter_validated_on=D(2023, 1, 20), project_on=D(2023, 2, 1))
    assert cs.health_project_validated_on(community, D(2023, 3, 31)) is None
    assert cs.health_project_validated_on(community, D(2023, 4, 1)) == D(2023, 4, 1)
    refused("réputé validé depuis le 01/04/2023", cs.object_to_health_project, COMMAND, community, D(2023, 4, 2), "x")
    contract = ks.draft_contract(COMMAND, community, today=D(2023, 4, 2))
    refused("Pas de contrat avant un projet de santé validé", ks.sign_contract, COMMAND, contract, D(2023, 3, 31))
    assert ks.sign_contract(COMMAND, contract, D(2023, 4, 3)).signed_on == D(2023, 4, 3)


def test_an_objection_stops_tacit_validation_and_must_be_reasoned():
    community = new_cpts(letter_on=D(2023, 1, 2), letter_validated_on=D(2023, 1, 20), project_on=D(2023, 2, 1))
    refused("doit être motivée", cs.object_to_health_project, COMMAND, community, D(2023, 3, 1), " ")
    cs.object_to_health_project(COMMAND, community, D(2023, 3, 1), "Territoire en chevauchement")
    assert cs.health_project_validated_on(community, D(2024, 1, 1)) is None
    assert stage(community, D(2024, 1, 1)) == "project_objected"
    refused("déjà opposée", cs.validate_health_project, COMMAND, community, D(2023, 3, 2))


def signed(on=None):
    on = on or D(2023, 3, 15)
    days = dt.timedelta
    community = new_cpts(
        letter_on=on - days(160),
        letter_validated_on=on - days(130),
        project_on=on - days(60),
        project_validated_on=on - days(40),
        signed_on=on,
    )
    return Contract.objects.get(community=community)


def test_contract_cannot_be_signed_before_the_explicit_validation():
    community = new_cpts(
        letter_on=D(2022, 10, 3), letter_validated_on=D(2022, 11, 2), project_on=D(2023, 1, 9),
        project_validated_on=D(2023, 2, 1), drafted_on=D(2023, 2, 2),
    )  # fmt: skip
    contract = Contract.objects.get(community=community)
    refused("avant la validation du projet de santé (01/02/2023)", ks.sign_contract, COMMAND, contract, D(2023, 1, 31))


def test_contract_cannot_be_signed_twice():
    contract = signed()
    refused("déjà signé (le 15/03/2023)", ks.sign_contract, COMMAND, contract, D(2023, 4, 1))


def test_mission_cannot_start_before_signature():
    contract = signed()
    refused("ne peut précéder la signature du contrat (15/03/2023)", ks.start_mission, COMMAND, contract, "access",
            D(2023, 3, 1))  # fmt: skip


def test_mission_cannot_start_on_an_unsigned_contract():
    community = new_cpts(
        letter_on=D(2022, 10, 3), letter_validated_on=D(2022, 11, 2), project_on=D(2023, 1, 9),
        project_validated_on=D(2023, 2, 1), drafted_on=D(2023, 2, 2),
    )  # fmt: skip
    contract = Contract.objects.get(community=community)
    refused("n'est pas signé", ks.start_mission, COMMAND, contract, "access", D(2023, 3, 1))
    assert stage(community, D(2023, 3, 1)) == "contract_draft"


def test_mission_start_deploy_and_their_refusals():
    contract = signed()
    refused("avant d'avoir démarré", ks.deploy_mission, COMMAND, contract, "access", D(2023, 6, 1))
    ks.start_mission(COMMAND, contract, "access", D(2023, 4, 1))
    refused("a déjà démarré le 01/04/2023", ks.start_mission, COMMAND, contract, "access", D(2023, 5, 1))
    refused("ne peut précéder le démarrage", ks.deploy_mission, COMMAND, contract, "access", D(2023, 3, 20))
    mission = ks.deploy_mission(COMMAND, contract, "access", D(2024, 1, 1))
    assert (mission.started_on, mission.deployed_on) == (D(2023, 4, 1), D(2024, 1, 1))
    assert AuditEvent.objects.filter(scope=f"contracts.contract:{contract.pk}", action="déployer une mission").exists()


def test_termination_before_signature_is_refused():
    contract = signed()
    refused("ne peut précéder la signature", ks.terminate, COMMAND, contract, D(2023, 3, 1), "cpts")


def test_termination_by_cpts_takes_effect_two_months_later_and_only_once():
    contract = signed()
    ks.terminate(COMMAND, contract, D(2024, 5, 10), "cpts")
    assert ks.termination_effective_on(contract) == D(2024, 7, 10)  # 002 annexe 1, art. 8.1
    refused("déjà été résilié", ks.terminate, COMMAND, contract, D(2024, 5, 11), "cpam")
    assert stage(contract.community, D(2024, 6, 1)) == "terminating"
    assert stage(contract.community, D(2024, 7, 10)) == "terminated"
    refused("résilié depuis le 10/07/2024", ks.start_mission, COMMAND, contract, "pathways", D(2024, 8, 1))


def test_commission_referral_suspends_then_decides():
    """002 annexe 1, art. 8.2: only the CPTS refers a CPAM/ARS termination, within two months; it suspends."""
    contract = signed()
    ks.terminate(COMMAND, contract, D(2024, 5, 10), "cpam")
    refused("avant le 10/07/2024", ks.refer_to_commission, COMMAND, contract, D(2024, 7, 10))
    ks.refer_to_commission(COMMAND, contract, D(2024, 6, 1))
    assert ks.termination_effective_on(contract) is None
    refused("déjà saisie", ks.refer_to_commission, COMMAND, contract, D(2024, 6, 2))
    ks.record_commission_decision(COMMAND, contract, D(2024, 9, 20), upheld=True)
    assert ks.termination_effective_on(contract) == D(2024, 9, 20)
    refused("déjà rendu", ks.record_commission_decision, COMMAND, contract, D(2024, 9, 21), upheld=False)


def test_cpts_cannot_refer_its_own_termination():
    contract = signed()
    ks.terminate(COMMAND, contract, D(2024, 5, 10), "cpts")
    refused("sa propre résiliation", ks.refer_to_commission, COMMAND, contract, D(2024, 5, 20))


def test_commission_setting_aside_withdraws_the_termination():
    contract = signed()
    ks.terminate(COMMAND, contract, D(2024, 5, 10), "ars")
    ks.refer_to_commission(COMMAND, contract, D(2024, 5, 20))
    assert ks.record_commission_decision(COMMAND, contract, D(2024, 9, 1), upheld=False) is None
    assert ks.termination_effective_on(contract) is None
    event = AuditEvent.objects.get(action="décision de la commission paritaire locale")
    assert event.before["initiator"] == "ars" and event.after is None


def test_avenant_2_only_for_older_contracts_and_once():
    recent = signed(D(2023, 3, 15))
    refused("s'applique déjà", ks.amend, COMMAND, recent, D(2023, 6, 1), avenant_2=True)
    old = signed(D(2021, 6, 1))
    refused("n'est en vigueur que depuis le 03/09/2022", ks.amend, COMMAND, old, D(2022, 6, 1), avenant_2=True)
    ks.amend(COMMAND, old, D(2022, 10, 1), avenant_2=True)
    old.refresh_from_db()
    assert old.avenant_2_on == D(2022, 10, 1)
    refused("s'applique déjà", ks.amend, COMMAND, old, D(2022, 11, 1), avenant_2=True)


def test_an_amendment_must_change_something():
    refused("ne modifie rien", ks.amend, COMMAND, signed(), D(2023, 6, 1))


def test_attainment_rate_bounds_and_update_is_audited():
    contract = signed()
    refused("hors de 0 à 100 %", ks.set_attainment, COMMAND, contract, 1, "access", Decimal("1.2"), D(2024, 4, 1))
    ks.set_attainment(COMMAND, contract, 1, "access", Decimal("0.5"), D(2024, 4, 1))
    ks.set_attainment(COMMAND, contract, 1, "access", Decimal("0.75"), D(2024, 4, 2))
    events = AuditEvent.objects.filter(action="valider un taux d'atteinte").order_by("id")
    assert [e.before and e.before["rate"] for e in events] == [None, "0.5000"]
    assert events.last().after["rate"] == "0.7500"


def test_early_mission_contract_rules():
    """002 annexe 2, art. 1.2: a validated letter, once only, not after joining the ACI."""
    community = new_cpts(letter_on=D(2023, 1, 2))
    refused("lettre d'intention validée", cs.sign_early_mission_contract, COMMAND, community, D(2023, 2, 1))
    cs.validate_letter(COMMAND, community, D(2023, 1, 20))
    early = cs.sign_early_mission_contract(COMMAND, community, D(2023, 2, 1), ["access"])
    assert early.size == community.territory.size
    assert stage(community, D(2023, 3, 1)) == "early_mission"
    refused("qu'une fois", cs.sign_early_mission_contract, COMMAND, community, D(2023, 3, 1))
    refused("motif", cs.terminate_early_mission_contract, COMMAND, community, D(2023, 11, 2), "cpam")


def test_early_mission_contract_closed_after_joining_the_aci():
    contract = signed()
    refused("déjà adhéré", cs.sign_early_mission_contract, COMMAND, contract.community, D(2023, 4, 1))


def test_every_stage_label_is_reachable_in_order():
    community = new_cpts()
    seen = [stage(community, D(2023, 1, 1))]
    cs.submit_letter(COMMAND, community, D(2023, 1, 2))
    seen.append(stage(community, D(2023, 1, 2)))
    cs.validate_letter(COMMAND, community, D(2023, 1, 3))
    seen.append(stage(community, D(2023, 1, 3)))
    cs.submit_health_project(COMMAND, community, D(2023, 1, 4))
    seen.append(stage(community, D(2023, 1, 4)))
    cs.validate_health_project(COMMAND, community, D(2023, 1, 5))
    seen.append(stage(community, D(2023, 1, 5)))
    assert seen == ["created", "letter_submitted", "letter_validated", "project_submitted", "project_validated"]


def early_contract_signed(registered_on=None):
    """Letter validated 20/01/2023, early-mission contract signed 01/02/2023 (access and pathways started)."""
    community = new_cpts(letter_on=D(2023, 1, 2), letter_validated_on=D(2023, 1, 20))
    cs.sign_early_mission_contract(COMMAND, community, D(2023, 2, 1), ["access", "pathways"], None, registered_on)
    return community


def test_early_mission_termination_by_the_cpts_needs_no_ground_and_ends_with_the_nine_months():
    """002 annexe 2, art. 4.1 and 4.3: the CPTS may terminate; the aid is interrupted, nothing is refunded."""
    community = early_contract_signed()
    refused("pas de motif", cs.terminate_early_mission_contract, COMMAND, community, D(2023, 6, 1), "cpts",
            "non_deployment")  # fmt: skip
    refused("9 mois", cs.terminate_early_mission_contract, COMMAND, community, D(2023, 11, 2), "cpts")
    early = cs.terminate_early_mission_contract(COMMAND, community, D(2023, 6, 1), "cpts")
    assert (early.terminated_by, early.termination_ground) == ("cpts", "")


def test_early_mission_termination_by_the_cpam_names_its_ground():
    """002 annexe 2, art. 4.2; 002 §3.2: « À l'issue de ce délai de neuf mois, à défaut d'adhésion à l'ACI CPTS,
    le contrat pourra faire l'objet d'une résiliation ». Registered on 15/02/2023: the nine months end on
    15/11/2023, not on 01/11/2023 (annexe 2, art. 3); before, such a termination was refused after the nine
    months."""
    community = early_contract_signed(registered_on=D(2023, 2, 15))
    refused("motif", cs.terminate_early_mission_contract, COMMAND, community, D(2023, 11, 20), "cpam")
    refused("à l'issue des neuf mois, le 15/11/2023", cs.terminate_early_mission_contract, COMMAND, community,
            D(2023, 11, 10), "cpam", "no_adhesion")  # fmt: skip
    early = cs.terminate_early_mission_contract(COMMAND, community, D(2023, 11, 20), "cpam", "no_adhesion")
    assert (early.terminated_by, early.termination_ground) == ("cpam", "no_adhesion")


def test_the_early_mission_aid_is_paid_once_whatever_the_aci_contracts():
    """002 annexe 2, art. 1.2: « Le/les porteurs de projets ne peu(ven)t bénéficier qu'une seule fois du contrat »:
    only the CPTS's first ACI contract carries the aid (year 0), a later one never pays it again."""
    from cpts.accord.schedule import compute_schedule
    from cpts.contracts.bridge import describe
    from cpts.contracts.models import Termination

    community = early_contract_signed()
    cs.submit_health_project(COMMAND, community, D(2023, 3, 1))
    cs.validate_health_project(COMMAND, community, D(2023, 3, 10))
    first = ks.sign_contract(COMMAND, ks.draft_contract(COMMAND, community, today=D(2023, 4, 1)), D(2023, 4, 1))
    Termination.objects.create(contract=first, notified_on=D(2023, 9, 1), initiator="cpts")
    second = Contract.objects.create(
        community=community, cpam=first.cpam, ars=first.ars, signed_on=D(2024, 6, 1), size=first.size
    )
    assert describe(first).early_mission_contract is not None
    assert describe(second).early_mission_contract is None
    assert [p.contract_year for p in compute_schedule(describe(second)).payments if p.contract_year == 0] == []
