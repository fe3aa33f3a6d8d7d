"""A realistic demonstration data set, loaded through the real services (so it is audited and valid).

- the three example CPTS of 000 ("Mode d'emploi", « 3 exemples de CPTS »): rural
  55 000, urban 180 000 and peri-urban 80 000 inhabitants, on real EPCI whose
  2026 municipal population gives the same size class (2, 4 and 3);
- CPTS at every lifecycle stage, contracts signed in 2019, 2021, 2022 (before
  3 September, between 3 and 30 September, after 30 September: 002 §1.3, §3.1)
  and 2024, one terminated, one size 4 with more than 100 members (MSP members
  counted per professional, 002 §5.1);
- one user per role.
Idempotent: a CPTS whose name exists is left as it is; users and organisations
are found again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from cpts.communities import services as cs
from cpts.communities.models import Community, HealthProject, LetterOfIntent
from cpts.contracts import services as ks
from cpts.contracts.members_lists import record_members_list
from cpts.contracts.models import Contract
from cpts.contracts.scenarios import found_cpts
from cpts.core.actors import Actor
from cpts.core.identifiers import with_luhn_key
from cpts.core.models import Organisation
from cpts.core.organisations import ars_for, cnam, cpam_for, ensure_user, name_representative

D = dt.date
ACTOR = Actor.command("cpts demo-data")


@dataclass(frozen=True)
class DemoCpts:
    name: str
    department: str
    epci: str
    steps: dict[str, D]  # found_cpts keyword -> date
    then: Callable[[Community], None] | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # more found_cpts keywords (its members)


def _contract(community: Community) -> Contract:
    return Contract.objects.get(community=community, signed_on__isnull=False)


def _members(
    professionals: int, msps: tuple[int, ...], joined_on: D, seed: int, first: int = 1, centre: bool = True
) -> dict[str, Any]:
    """Members of a demo CPTS (professionals numbered from `first`, MSP, a health centre), as the `found_cpts`
    keyword that adds them before its contract (002 annexe 1, art. 1: the contract annexes the list of its members;
    a CPTS without members cannot sign)."""
    rows: list[dict[str, object]] = [
        {
            "kind": "professional",
            "name": f"Professionnel {number:03d}",
            "profession": ("Médecin généraliste", "Infirmier", "Pharmacien", "Masseur-kinésithérapeute")[number % 4],
            "rpps": with_luhn_key(f"10{seed:03d}{number:05d}"),
            "joined_on": joined_on,
        }
        for number in range(first, first + professionals)
    ]
    rows += [
        {"kind": "msp", "name": f"MSP n° {number}", "professionals": count, "joined_on": joined_on}
        for number, count in enumerate(msps, start=1)
    ]
    if centre:
        rows.append({"kind": "health_centre", "name": "Centre de santé municipal", "joined_on": joined_on})
    return {"members": rows}


def _run(contract: Contract, *calls: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]) -> None:
    for call, args, kwargs in calls:
        call(ACTOR, contract, *args, **kwargs)


def rural(community: Community) -> None:
    """Signed in 2019, avenant 2 in 2022, missions started and deployed, a first year assessed."""
    _run(
        _contract(community),
        (ks.start_mission, ("access", D(2020, 1, 6)), {}),
        (ks.deploy_mission, ("access", D(2021, 3, 1)), {}),
        (ks.start_mission, ("pathways", D(2020, 9, 1)), {}),
        (ks.start_mission, ("prevention", D(2021, 1, 4)), {}),
        (ks.set_attainment, (1, "access", Decimal("0.8"), D(2020, 12, 1)), {}),
        (
            ks.amend,
            (D(2022, 10, 3),),
            {"avenant_2": True, "update_members": True, "changes_sas": True, "sas_from": D(2022, 10, 3)},
        ),
    )


def urban(community: Community) -> None:
    """Size 4 with more than 100 members: 45 professionals + MSP of 18, 15, 14 and 12 + 1 centre = 105, of whom
    the 3 founding professionals signed the contract; the others joined on 01/12/2022, and the amendment of
    10/01/2023 records them (the +10 % from then, 002 §5.1). Its yearly lists of members (002 §5.1, rule
    MEMBERS_LIST_YEARLY): year 1 on time, year 2 after the anniversary (its bonus paid from then), year 3 on time;
    year 4's (closing 15/11/2026) is not sent yet."""
    cs.add_members(ACTOR, community, _members(42, (18, 15, 14, 12), D(2022, 12, 1), 2, first=4)["members"])
    contract = _contract(community)
    _run(
        contract,
        (ks.amend, (D(2023, 1, 10),), {"update_members": True, "note": "Liste des membres 2023"}),
        (ks.start_mission, ("access", D(2023, 1, 2)), {}),
        (ks.start_access_action, ("snp", D(2023, 1, 2)), {}),
        (ks.start_mission, ("crisis", D(2023, 3, 1)), {}),
        (ks.plan_optional_mission, ("quality", D(2024, 1, 1), D(2025, 6, 1)), {}),
    )
    for year, received_on in ((1, D(2023, 10, 2)), (2, D(2025, 1, 20)), (3, D(2025, 10, 6))):
        if received_on <= dt.date.today():  # a list received is a fact already done
            record_members_list(ACTOR, contract, year, received_on, "Liste transmise par courriel")


def periurban(community: Community) -> None:
    _run(
        _contract(community),
        (ks.start_mission, ("access", D(2021, 9, 1)), {}),
        (ks.start_mission, ("prevention", D(2022, 2, 1)), {}),
        (ks.amend, (D(2022, 12, 1),), {"avenant_2": True, "covid_2021_actions": True}),
    )


def started(*missions: str) -> Callable[[Community], None]:
    def then(community: Community) -> None:
        contract = _contract(community)
        for key in missions:
            ks.start_mission(ACTOR, contract, key, contract.signed_on + dt.timedelta(days=60))  # type: ignore[operator]

    return then


def terminated(community: Community) -> None:
    """Terminated by the CPTS (002 annexe 1, art. 8.1), effective two months after notice."""
    started("access")(community)
    reason = "Fusion avec une CPTS voisine décidée par l'assemblée générale de l'association."
    ks.terminate(ACTOR, _contract(community), D(2023, 6, 1), "cpts", reason=reason)


# The reason the CPAM gives for a termination under art. 8.2 (first case) in the demo data.
CPAM_GROUND = (
    "Missions non mises en œuvre : aucune action de la mission d'accès aux soins n'a démarré depuis la signature."
)


def notified(on: D) -> Callable[[Community], None]:
    """A CPAM termination (002 annexe 1, art. 8.2) notified on `on`: effective two months later."""

    def then(community: Community) -> None:
        ks.terminate(ACTOR, _contract(community), on, "cpam", reason=CPAM_GROUND)

    return then


def early_mission(community: Community) -> None:
    letter = LetterOfIntent.objects.get(community=community)
    cs.sign_early_mission_contract(ACTOR, community, letter.validated_on + dt.timedelta(days=10), ["access"])


def objected(community: Community) -> None:
    project = HealthProject.objects.get(community=community)
    cs.object_to_health_project(
        ACTOR, community, project.submitted_on + dt.timedelta(days=30), "Territoire en chevauchement avec une CPTS"
    )


def refused_letter(community: Community) -> None:
    """The ARS refuses the letter of intent, with the reason the CPTS reads on its page."""
    submitted = LetterOfIntent.objects.get(community=community).submitted_on
    reason = "Le territoire recouvre celui de la CPTS du Pays de Bitche : revoir le périmètre avec elle."
    cs.refuse_letter(ACTOR, community, submitted + dt.timedelta(days=15), reason)


def signed_steps(signed_on: D, sas: bool = True) -> dict[str, D]:
    days = dt.timedelta
    steps = {
        "letter_on": signed_on - days(200),
        "letter_validated_on": signed_on - days(170),
        "project_on": signed_on - days(100),
        "project_validated_on": signed_on - days(60),
        "signed_on": signed_on,
    }
    if sas:
        steps["sas_from"] = signed_on
    return steps


def catalogue(today: D) -> list[DemoCpts]:
    days = dt.timedelta
    recent = today - days(120)
    return [
        # The three examples of 000 (« 3 exemples de CPTS »).
        DemoCpts("CPTS Der et Vallées", "52", "200068666", signed_steps(D(2019, 10, 15), sas=False), rural,
                 "exemple rural de 000 (≈ 55 000 habitants, taille 2), contrat 2019, avenant 2 en 2022",
                 _members(25, (9,), D(2019, 9, 1), 1)),
        DemoCpts("CPTS Troyes Champagne", "10", "200069250", signed_steps(D(2022, 11, 15)), urban,
                 "exemple urbain de 000 (≈ 180 000 habitants, taille 4), plus de 100 membres, après le 30/09/2022",
                 _members(3, (), D(2022, 6, 1), 2, centre=False)),
        DemoCpts("CPTS Portes de France", "57", "245701362", signed_steps(D(2021, 6, 1), sas=False), periurban,
                 "exemple périurbain de 000 (≈ 80 000 habitants, taille 3), contrat 2021",
                 _members(30, (11,), D(2021, 3, 1), 3)),
        # Contracts around the dates of avenant n° 2 (002 §1.3 and §3.1).
        DemoCpts("CPTS du Saulnois", "57", "245701206", signed_steps(D(2022, 7, 1), sas=False), started("access"),
                 "contrat signé avant le 3 septembre 2022"),
        DemoCpts("CPTS du Val de Fensch", "57", "245701222", signed_steps(D(2022, 9, 15)), started("access", "crisis"),
                 "contrat signé entre le 3 et le 30 septembre 2022"),
        DemoCpts("CPTS Sarrebourg Moselle Sud", "57", "200068146", signed_steps(D(2024, 2, 1)), started("access"),
                 "contrat 2024"),
        DemoCpts("CPTS du Pays de Bitche", "57", "200069441", signed_steps(D(2019, 12, 2), sas=False), terminated,
                 "contrat 2019 résilié par la CPTS en 2023"),
        # Every stage before the contract.
        DemoCpts("CPTS de l'Arc Mosellan", "57", "245701354",
                 {**signed_steps(recent), "signed_on": None, "drafted_on": recent}, None,  # type: ignore[dict-item]
                 "contrat en préparation, à signer par les trois parties", _members(12, (6,), recent - days(90), 4)),
        DemoCpts("CPTS Freyming-Merlebach", "57", "245700398", signed_steps(D(2023, 4, 3)), notified(today - days(20)),
                 "résiliation notifiée par la CPAM, pas encore effective"),
        DemoCpts("CPTS du Pays Orne Moselle", "57", "245701271",
                 {"letter_on": today - days(250), "letter_validated_on": today - days(230),
                  "project_on": today - days(100)}, None, "projet de santé réputé validé (silence de l'ARS)"),
        DemoCpts("CPTS Rives de Moselle", "57", "200039949",
                 {"letter_on": today - days(150), "letter_validated_on": today - days(120),
                  "project_on": today - days(20)}, None, "projet de santé déposé, en attente de l'ARS"),
        DemoCpts("CPTS Houve - Pays Boulageois", "57", "200067650",
                 {"letter_on": today - days(300), "letter_validated_on": today - days(270),
                  "project_on": today - days(200)}, objected, "projet de santé refusé par l'ARS"),
        DemoCpts("CPTS du Warndt", "57", "245701164",
                 {"letter_on": today - days(100), "letter_validated_on": today - days(90)}, early_mission,
                 "contrat de démarrage des missions (002 annexe 2)"),
        DemoCpts("CPTS du Sud Messin", "57", "200039907",
                 {"letter_on": today - days(60), "letter_validated_on": today - days(40)}, None,
                 "lettre d'intention validée"),
        DemoCpts("CPTS du Pays de Phalsbourg", "57", "245700950", {"letter_on": today - days(10)}, None,
                 "lettre d'intention déposée"),
        DemoCpts("CPTS Bouzonvillois-Trois Frontières", "57", "200067486", {"letter_on": today - days(45)},
                 refused_letter, "lettre d'intention refusée par l'ARS, avec son motif"),
        DemoCpts("CPTS Haut Chemin - Pays de Pange", "57", "200067957", {}, None, "projet enregistré"),
    ]  # fmt: skip


# One user per role; the passwords satisfy the CNIL rule of cpts.core.passwords.
USERS = (
    ("cpam", "agent.cpam", "Demo-Cpam-57!2026", "Claire", "Martin"),
    ("ars", "agent.ars", "Demo-Ars-Est!2026", "Karim", "Benali"),
    ("cnam", "agent.cnam", "Demo-Cnam-Paris!2026", "Sophie", "Durand"),
    ("cpts", "coordination.cpts", "Demo-Cpts-Thionville!26", "Julie", "Lambert"),
)


# Fictional representatives, printed on the documents (« représenté(e) par … », 002 annexe 1 and annexe 2).
AGENCY_REPRESENTATIVES = {
    "cpam": (("Mme Hélène Roussel", "directrice"), ("M. Paul Vasseur", "directeur")),
    "ars": (("M. Laurent Girard", "directeur général"), ("Mme Nadia Haddad", "directrice générale")),
}
CPTS_PRESIDENTS = (
    ("Dr Anne Lefèvre", "présidente de l'association"),
    ("Dr Marc Petitjean", "président de l'association"),
    ("Mme Laure Schmitt", "présidente de l'association"),
    ("Dr Yann Keller", "président de l'association"),
    ("M. Eric Wagner", "président de l'association"),
)


def name_representatives() -> None:
    """Each CPAM, ARS and CPTS of the demo without a representative gets a fictional one (left as they are after)."""
    for kind, names in AGENCY_REPRESENTATIVES.items():
        for index, organisation in enumerate(Organisation.objects.filter(kind=kind).order_by("pk")):
            if not organisation.representative:
                name_representative(ACTOR, organisation, *names[index % len(names)])
    for index, community in enumerate(Community.objects.select_related("organisation").order_by("pk")):
        if not community.organisation.representative:
            name_representative(ACTOR, community.organisation, *CPTS_PRESIDENTS[index % len(CPTS_PRESIDENTS)])


def load_demo(today: D | None = None) -> dict[str, Any]:
    """Load what is missing; returns what was created and the demo logins."""
    today = today or dt.date.today()
    created: list[str] = []
    for number, item in enumerate(catalogue(today), start=1):
        if Community.objects.filter(name=item.name).exists():
            continue
        with transaction.atomic():
            steps = {key: value for key, value in item.steps.items() if value is not None}
            community = found_cpts(
                ACTOR, name=item.name, department=item.department, siren=with_luhn_key(f"9{number:02d}00000"),
                epci=[item.epci], **steps, **item.extra, before_contract=lambda _: name_representatives(),
            )  # fmt: skip
            if item.then is not None:
                item.then(community)
        created.append(f"{item.name} : {item.note}")
    coordinator_of = Community.objects.get(name="CPTS Portes de France").organisation
    organisations = {"cpam": cpam_for("57"), "ars": ars_for("44"), "cnam": cnam(), "cpts": coordinator_of}
    name_representatives()
    logins = []
    for role, username, password, first, last in USERS:
        ensure_user(username, password, organisations[role], is_admin=True, first_name=first, last_name=last)
        logins.append((username, password, str(organisations[role])))
    return {"created": created, "logins": logins}
