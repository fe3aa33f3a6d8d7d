"""The crisis plan in the application: versions, items, ARS check, sharing, comparison, schedule inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from cpts.accord.crisis_plan import template
from cpts.contracts.bridge import describe
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.crisis import services
from cpts.crisis.models import PlanVersion

from .crisis_sites import Site

pytestmark = pytest.mark.django_db


def fill(site: Site, version: PlanVersion, text: str = "contenu") -> None:
    for item in template().items:
        services.save_item(site.cpts, version, item.key, "filled", f"{text} ({item.key})")


def validated_first_drafting(site: Site) -> PlanVersion:
    version = services.open_version(site.cpts, site.contract, dt.date(2023, 11, 2))
    fill(site, version)
    services.submit(site.cpts, version, dt.date(2023, 12, 1))
    return services.validate(site.ars, version, dt.date(2023, 12, 20), "Cohérent avec le plan ORSAN.")


def test_first_version_is_the_first_drafting_with_every_template_item(plateau: Site) -> None:
    """002 annexe 1, art. 2: the plan is drafted in the first year of the mission, on the annexe-4 template."""
    version = services.open_version(plateau.cpts, plateau.contract, dt.date(2023, 11, 2))
    assert (version.contract_year, version.kind, version.status) == (1, "first_drafting", "draft")
    assert sorted(version.items.values_list("key", flat=True)) == sorted(item.key for item in template().items)
    assert services.version_completeness(version).overall.todo == len(template().items)


def test_only_the_cpts_drafts_and_only_its_ars_checks(plateau: Site, lyon: Site) -> None:
    with pytest.raises(NotAllowed, match="Seule la CPTS"):
        services.open_version(plateau.ars, plateau.contract, dt.date(2023, 11, 2))
    version = services.open_version(plateau.cpts, plateau.contract, dt.date(2023, 11, 2))
    fill(plateau, version)
    services.submit(plateau.cpts, version, dt.date(2023, 12, 1))
    for intruder in (plateau.cpts, plateau.cpam, lyon.ars):
        with pytest.raises(NotAllowed, match="Seule l'ARS"):
            services.validate(intruder, version, dt.date(2023, 12, 20))


def test_item_states_and_french_refusals(plateau: Site) -> None:
    """Filled, not applicable with a reason, or to do; part 1 must be developed (annexe 4, partie 1)."""
    version = services.open_version(plateau.cpts, plateau.contract, dt.date(2023, 11, 2))
    services.save_item(plateau.cpts, version, "strengths", "not_applicable", reason="Aucune crise vécue")
    with pytest.raises(TransitionRefused, match="indiquez pourquoi"):
        services.save_item(plateau.cpts, version, "weaknesses", "not_applicable")
    with pytest.raises(TransitionRefused, match="doit être développée"):
        services.save_item(plateau.cpts, version, "telehealth", "not_applicable", reason="non")
    counts = services.version_completeness(version).overall
    assert (counts.not_applicable, counts.filled) == (1, 0)


def test_an_incomplete_plan_cannot_be_submitted(plateau: Site) -> None:
    version = services.open_version(plateau.cpts, plateau.contract, dt.date(2023, 11, 2))
    services.save_item(plateau.cpts, version, "cell_who", "filled", "Le bureau")
    with pytest.raises(TransitionRefused, match=f"{len(template().items) - 1} rubrique\\(s\\) à faire"):
        services.submit(plateau.cpts, version, dt.date(2023, 12, 1))


def test_submission_freezes_the_directory_built_from_the_members(plateau: Site) -> None:
    """« The directory is built from the CPTS's member list, not retyped »."""
    plan = services.plan_of(plateau.contract)
    martin = plateau.contract.community.members.get(name="Dr Anne Martin")
    services.set_contact(plateau.cpts, plan, martin, "06 12 34 56 78", "a.martin@example.org", "référente crise")
    version = services.open_version(plateau.cpts, plateau.contract, dt.date(2023, 11, 2))
    fill(plateau, version)
    services.submit(plateau.cpts, version, dt.date(2023, 12, 1))
    version.refresh_from_db()
    assert [row["name"] for row in version.directory] == ["MSP des Monédières", "Dr Anne Martin"]  # Durand left
    assert version.directory[1]["role"] == "référente crise" and version.directory[1]["phone"] == "06 12 34 56 78"


def test_workflow_submitted_checked_shared(plateau: Site) -> None:
    """002 §1.1 (ARS check) and §1.2 (shared with members, ARS, CPAM and MSA)."""
    version = validated_first_drafting(plateau)
    assert version.validated_on == dt.date(2023, 12, 20) and "ORSAN" in version.ars_comment
    with pytest.raises(TransitionRefused, match="n'est plus modifiable"):
        services.save_item(plateau.cpts, version, "cell_who", "filled", "autre")
    shared = services.share(plateau.cpts, version, dt.date(2024, 1, 5))
    assert shared.status == "shared" and shared.shared_with == ["membres de la CPTS", "ARS", "CPAM", "MSA"]


def test_a_returned_version_is_edited_and_submitted_again(plateau: Site) -> None:
    version = services.open_version(plateau.cpts, plateau.contract, dt.date(2023, 11, 2))
    fill(plateau, version)
    services.submit(plateau.cpts, version, dt.date(2023, 12, 1))
    with pytest.raises(TransitionRefused, match="Indiquez à la CPTS"):
        services.return_to_cpts(plateau.ars, version, " ")
    services.return_to_cpts(plateau.ars, version, "Préciser l'articulation avec le plan blanc de l'hôpital.")
    services.save_item(plateau.cpts, version, "cell_who", "filled", "Le bureau et le référent")
    services.submit(plateau.cpts, version, dt.date(2023, 12, 10))
    assert services.validate(plateau.ars, version, dt.date(2023, 12, 12)).submitted_on == dt.date(2023, 12, 10)
    with pytest.raises(TransitionRefused, match="Seule une version transmise"):
        services.validate(plateau.ars, version, dt.date(2023, 12, 13))


def test_one_update_per_later_year_starting_from_the_previous_version(plateau: Site) -> None:
    """002 annexe 1, art. 2: « Mise à jour annuelle de ce plan les années suivant la première année »."""
    first = validated_first_drafting(plateau)
    with pytest.raises(TransitionRefused, match="existe déjà pour l'année de contrat 1"):
        services.open_version(plateau.cpts, plateau.contract, dt.date(2024, 2, 1))
    update = services.open_version(plateau.cpts, plateau.contract, dt.date(2024, 4, 1))
    assert (update.contract_year, update.kind) == (2, "update")
    assert update.items.get(key="cell_who").content == first.items.get(key="cell_who").content
    services.save_item(plateau.cpts, update, "cell_who", "filled", "Nouvelle cellule")
    changes = {change.key: change for change in services.compare(update)}
    assert changes["cell_who"].changed and changes["cell_who"].before.content == "contenu (cell_who)"
    assert not changes["cell_when"].changed
    assert sum(change.changed for change in changes.values()) == 1


def test_validated_versions_feed_the_schedule(plateau: Site) -> None:
    """Rule CRISIS_PLAN_DRAFTED_ON: validated versions count from the day they were submitted."""
    assert describe(plateau.contract).crisis_plan_drafted_on is None
    validated_first_drafting(plateau)
    update = services.open_version(plateau.cpts, plateau.contract, dt.date(2024, 4, 1))
    services.submit(plateau.cpts, update, dt.date(2024, 5, 2))  # items copied: complete
    assert describe(plateau.contract).crisis_plan_updates == ()  # not yet checked by the ARS
    services.validate(plateau.ars, update, dt.date(2024, 5, 20))
    described = describe(plateau.contract)
    assert described.crisis_plan_drafted_on == dt.date(2023, 12, 1)
    assert described.crisis_plan_updates == (dt.date(2024, 5, 2),)


def test_no_plan_before_the_mission_starts(plateau: Site) -> None:
    with pytest.raises(TransitionRefused, match="pas de plan avant cette date"):
        services.open_version(plateau.cpts, plateau.contract, dt.date(2023, 5, 1))
    assert PlanVersion.objects.count() == 0
