"""The crisis action plan: the annexe-4 template, item states, completeness and version rules."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpts.accord.crisis_plan import (
    ItemEntry,
    VersionRecord,
    completeness,
    contract_year_of,
    next_version,
    plan_calendar,
    schedule_inputs,
    template,
)
from cpts.accord.errors import AccordError

# The seeds sit beside the repository (../shared), in CI as on a developer's machine.
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "002_ac6a9460cb58350f.txt"
SIGNED = dt.date(2023, 3, 1)  # the contract of WORKED-EXAMPLE.md
STARTED = dt.date(2023, 6, 1)


def _flat(text: str) -> str:
    return " ".join(text.replace("**", "").replace("✓", "").split())


def _annexe_4() -> str:
    text = SEED.read_text(encoding="utf-8")
    return _flat(text[text.index("Annexe 4\n") :])


def test_template_has_the_four_parts_of_annexe_4_and_the_five_kinds() -> None:
    """002 annexe 4: « quatre thématiques fondamentales » ; 002 §1.1: five kinds; annexe 1 art. 2: chronic patients."""
    plan = template()
    assert [(part.number, part.title) for part in plan.parts[:4]] == [
        (1, "Anticipation"),
        (2, "Adaptation à la crise"),
        (3, "Pilotage de la crise"),
        (4, "Retex réalisé d'une situation de crise déjà connue"),
    ]
    for part in plan.parts[:4]:
        assert part.source == f"002 annexe 4, partie {part.number}"
        assert all(item.source == part.source for item in part.items)
    assert [kind.key for kind in plan.kinds] == ["injured", "sick", "emerging_infection", "nrc", "care_disruption"]
    assert sorted(item.kind for item in plan.items if item.kind) == sorted(kind.key for kind in plan.kinds)
    assert plan.item("chronic_patients").part == "typologies"


def test_every_annexe_4_item_is_quoted_word_for_word() -> None:
    """002 annexe 4: each item and section title of parts 1 to 4 is in the annexe as written."""
    annexe = _annexe_4()
    for part in template().parts[:4]:
        for section in part.sections:
            if part.key != "lessons":  # part 4 has no section heading in the annexe
                assert _flat(section.title) in annexe, section.title
            for item in section.items:
                assert _flat(item.text) in annexe, item.key


def test_annexe_4_checkmarks_are_all_in_the_template() -> None:
    """002 annexe 4: every ✓ line of the annexe is one template item (its ✓ lines plus the two escalation levels)."""
    text = SEED.read_text(encoding="utf-8")
    ticks = len(re.findall("✓", text[text.index("Annexe 4\n") :]))
    annexe_items = [item for part in template().parts[:4] for item in part.items]
    assert len(annexe_items) == ticks + 2


def test_directory_is_built_from_the_members() -> None:
    """« The directory is built from the CPTS's member list, not retyped »; it may be filled empty."""
    item = template().item("directory_members")
    assert item.from_members
    assert completeness({"directory_members": ItemEntry("filled")}).overall.filled == 1


def test_empty_plan_is_all_to_do() -> None:
    result = completeness({})
    assert result.overall.total == len(template().items)
    assert result.overall.todo == result.overall.total
    assert result.overall.rate == Decimal("0")
    assert not result.complete


def test_completeness_counts_filled_and_not_applicable_per_part() -> None:
    """« Each item is filled in, marked not applicable with a reason, or left to do »."""
    entries = {
        "cell_who": ItemEntry("filled", "Le président et le référent crise"),
        "cell_when": ItemEntry("filled", "Dès la déclaration par l'ARS"),
        "strengths": ItemEntry("not_applicable", reason="Aucune crise vécue à ce jour"),
    }
    result = completeness(entries)
    steering = next(part for part in result.parts if part.title.startswith("3."))
    lessons = next(part for part in result.parts if part.title.startswith("4."))
    assert (steering.filled, steering.not_applicable, steering.todo, steering.total) == (2, 0, 9, 11)
    assert (lessons.filled, lessons.not_applicable, lessons.todo) == (0, 1, 5)
    total = len(template().items)
    assert result.overall.rate == (Decimal(3) / Decimal(total)).quantize(Decimal("0.0001"))
    assert "cell_who" not in result.todo_items and "cell_how" in result.todo_items


def test_plan_is_complete_when_nothing_is_left_to_do() -> None:
    entries = {item.key: ItemEntry("filled", "contenu") for item in template().items}
    entries["strengths"] = ItemEntry("not_applicable", reason="pas de crise passée")
    result = completeness(entries)
    assert result.complete
    assert result.overall.rate == Decimal("1.0000")
    assert result.to_dict()["rate"] == "1.0000"


@pytest.mark.parametrize(
    ("key", "entry", "message"),
    [
        ("cell_who", ItemEntry("filled", "   "), "doit avoir un contenu"),
        ("strengths", ItemEntry("not_applicable"), "indiquez pourquoi"),
        # 002 annexe 4, partie 1: « Chaque élément des pavés ci-dessous doit être développé ».
        ("telehealth", ItemEntry("not_applicable", reason="pas de télésanté"), "doit être développée"),
        # 002 annexe 1, art. 2: « Cette trame doit aborder les modalités de réponse aux 5 typologies ».
        ("response_nrc", ItemEntry("not_applicable", reason="hors champ"), "doit être développée"),
        ("no_such_item", ItemEntry("filled", "x"), "rubrique inconnue"),
    ],
)
def test_inconsistent_entries_are_refused_in_french(key: str, entry: ItemEntry, message: str) -> None:
    with pytest.raises(AccordError, match=message):
        completeness({key: entry})


@given(st.dictionaries(st.sampled_from([item.key for item in template().items]), st.sampled_from(["filled", "todo"])))
def test_completeness_counts_add_up(states: dict[str, str]) -> None:
    entries = {key: ItemEntry("filled", "x") if state == "filled" else ItemEntry() for key, state in states.items()}
    result = completeness(entries)
    assert sum(part.total for part in result.parts) == result.overall.total
    assert sum(part.filled for part in result.parts) == result.overall.filled == list(states.values()).count("filled")
    assert Decimal(0) <= result.overall.rate <= Decimal(1)
    assert result.complete == (result.overall.todo == 0)


# --- Versions ---------------------------------------------------------------------------------


def test_contract_years_follow_the_anniversary() -> None:
    """Rule CONTRACT_YEARS: year 1 from signature to the first anniversary (exclusive)."""
    assert contract_year_of(SIGNED, SIGNED) == 1
    assert contract_year_of(SIGNED, dt.date(2024, 2, 29)) == 1
    assert contract_year_of(SIGNED, dt.date(2024, 3, 1)) == 2
    with pytest.raises(AccordError, match="postérieure à la fin du contrat"):
        contract_year_of(SIGNED, dt.date(2028, 3, 1))


def test_first_version_is_the_first_drafting_then_one_update_per_year() -> None:
    """002 annexe 1, art. 2: « rédigé [...] pour la première année » ; « Mise à jour annuelle [...] les années
    suivant la première année »."""
    first = next_version(SIGNED, STARTED, dt.date(2023, 11, 15), [])
    assert (first.contract_year, first.kind) == (1, "first_drafting")
    update = next_version(SIGNED, STARTED, dt.date(2024, 3, 10), [first])
    assert (update.contract_year, update.kind) == (2, "update")
    with pytest.raises(AccordError, match="existe déjà pour l'année de contrat 2"):
        next_version(SIGNED, STARTED, dt.date(2024, 9, 1), [first, update])
    third = next_version(SIGNED, STARTED, dt.date(2026, 4, 1), [first, update])
    assert (third.contract_year, third.kind) == (4, "update")


def test_a_late_first_drafting_is_still_the_first_drafting() -> None:
    """Rule CRISIS_PLAN_VERSIONS: without a plan there is nothing to update."""
    late = next_version(SIGNED, STARTED, dt.date(2024, 5, 1), [])
    assert (late.contract_year, late.kind) == (2, "first_drafting")


@pytest.mark.parametrize(
    ("started", "on", "message"),
    [
        (None, dt.date(2023, 7, 1), "n'est pas renseignée"),
        (STARTED, dt.date(2023, 5, 1), "pas de plan avant cette date"),
    ],
)
def test_no_version_before_the_mission_starts(started: dt.date | None, on: dt.date, message: str) -> None:
    with pytest.raises(AccordError, match=message):
        next_version(SIGNED, started, on, [])


def test_no_version_for_an_earlier_year_than_an_existing_one() -> None:
    existing = [VersionRecord(3, "update")]
    with pytest.raises(AccordError, match="postérieure"):
        next_version(SIGNED, STARTED, dt.date(2024, 6, 1), existing)


def test_only_validated_versions_feed_the_schedule_from_their_submission() -> None:
    """Rules CRISIS_PLAN_DRAFTED_ON and CRISIS_PLAN_VERSIONS (002 §1.1: first drafting, then update)."""
    versions = [
        VersionRecord(1, "first_drafting", dt.date(2023, 12, 1), dt.date(2023, 12, 20)),
        VersionRecord(2, "update", dt.date(2024, 12, 1), dt.date(2025, 1, 10)),
        VersionRecord(3, "update", dt.date(2025, 12, 1), None),  # submitted, not yet checked by the ARS
    ]
    inputs = schedule_inputs(versions)
    assert inputs.crisis_plan_drafted_on == dt.date(2023, 12, 1)
    assert inputs.crisis_plan_updates == (dt.date(2024, 12, 1),)
    assert schedule_inputs(versions[2:]).crisis_plan_drafted_on is None


def test_plan_calendar_expects_one_version_per_year_from_the_start() -> None:
    versions = [VersionRecord(1, "first_drafting", dt.date(2023, 12, 1), dt.date(2023, 12, 20))]
    calendar = plan_calendar(SIGNED, STARTED, versions, today=dt.date(2025, 4, 1))
    assert [(year.contract_year, year.kind, year.status) for year in calendar] == [
        (1, "first_drafting", "validated"),
        (2, "update", "missing"),
        (3, "update", "in_progress"),
        (4, "update", "upcoming"),
        (5, "update", "upcoming"),
    ]
