"""The crisis action plan: the national template, item states, completeness and versions.

Implements 002 annexe 4 (the four parts of the plan and their items), 002 §1.1
and annexe 1, art. 2 (the five kinds of crisis, patients with chronic
conditions; first drafting in the first year, yearly update after), §1.2
(the plan is shared with members, ARS, CPAM and MSA once finalised).
Interpretations: CRISIS_PLAN_MANDATORY_ITEMS, CRISIS_PLAN_VERSIONS,
CRISIS_PLAN_DRAFTED_ON (see `cpts.accord.interpretations`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Literal

import yaml

from cpts.accord.errors import AccordError
from cpts.accord.parameters import HERE
from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.years import contract_years

ItemState = Literal["filled", "not_applicable", "todo"]
ITEM_STATES: tuple[ItemState, ...] = ("filled", "not_applicable", "todo")
ITEM_STATE_LABELS = {"filled": "renseigné", "not_applicable": "sans objet", "todo": "à faire"}
VersionKind = Literal["first_drafting", "update"]
VERSION_KIND_LABELS = {"first_drafting": "première rédaction", "update": "mise à jour annuelle"}
TEMPLATE_SOURCE = "002 annexe 4"


@dataclass(frozen=True, slots=True)
class TemplateItem:
    key: str
    text: str
    part: str
    section: str
    source: str
    not_applicable_allowed: bool
    from_members: bool = False  # the directory is built from the member list (docs/interpretations.md)
    kind: str | None = None  # for the response to one kind of crisis


@dataclass(frozen=True, slots=True)
class TemplateSection:
    title: str
    items: tuple[TemplateItem, ...]


@dataclass(frozen=True, slots=True)
class TemplatePart:
    key: str
    number: int
    title: str
    source: str
    purpose: str
    sections: tuple[TemplateSection, ...]

    @property
    def items(self) -> tuple[TemplateItem, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True, slots=True)
class CrisisKind:
    key: str
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class Template:
    parts: tuple[TemplatePart, ...]
    kinds: tuple[CrisisKind, ...]

    @property
    def items(self) -> tuple[TemplateItem, ...]:
        return tuple(item for part in self.parts for item in part.items)

    def item(self, key: str) -> TemplateItem:
        for item in self.items:
            if item.key == key:
                return item
        raise AccordError(f"rubrique inconnue du plan de crise : « {key} »")

    def kind(self, key: str) -> CrisisKind:
        for kind in self.kinds:
            if kind.key == key:
                return kind
        known = ", ".join(kind.key for kind in self.kinds)
        raise AccordError(f"typologie de crise inconnue : « {key} » (typologies : {known})")


def _part(raw: Mapping[str, Any]) -> TemplatePart:
    allowed = bool(raw.get("not_applicable_allowed", True))
    sections = tuple(
        TemplateSection(
            str(section["title"]),
            tuple(
                TemplateItem(
                    key=str(item["key"]),
                    text=" ".join(str(item["text"]).split()),
                    part=str(raw["key"]),
                    section=str(section["title"]),
                    source=str(item.get("source", raw["source"])),
                    not_applicable_allowed=allowed,
                    from_members=bool(item.get("from_members", False)),
                    kind=item.get("kind"),
                )
                for item in section["items"]
            ),
        )
        for section in raw["sections"]
    )
    purpose = " ".join(str(raw["purpose"]).split())
    return TemplatePart(str(raw["key"]), int(raw["number"]), str(raw["title"]), str(raw["source"]), purpose, sections)


def parse_template(document: Mapping[str, Any]) -> Template:
    """Build the template and check it: unique item keys, one response item per kind of crisis."""
    parts = tuple(_part(raw) for raw in document["parts"])
    kinds = tuple(
        CrisisKind(str(raw["key"]), " ".join(str(raw["label"]).split()), str(raw["source"]))
        for raw in document["crisis_kinds"]
    )
    template = Template(parts, kinds)
    keys = [item.key for item in template.items]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise AccordError(f"crisis_plan.yaml : rubriques en double : {', '.join(duplicates)}")
    answered = sorted(item.kind for item in template.items if item.kind)
    if answered != sorted(kind.key for kind in kinds):
        raise AccordError("crisis_plan.yaml : il faut une rubrique de réponse par typologie de crise")
    return template


@cache
def template() -> Template:
    """The national template (`parameters/crisis_plan.yaml`), read once."""
    with (HERE / "crisis_plan.yaml").open(encoding="utf-8") as stream:
        return parse_template(yaml.safe_load(stream))


# --- Item states and completeness -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemEntry:
    """What the CPTS wrote for one item: its content, or why it does not apply."""

    state: ItemState = "todo"
    content: str = ""
    reason: str = ""


def check_entry(item: TemplateItem, entry: ItemEntry) -> None:
    """Refuse an inconsistent entry with a French message naming the item."""
    if entry.state not in ITEM_STATES:
        raise AccordError(f"« {item.text} » : état inconnu « {entry.state} »")
    if entry.state == "filled" and not entry.content.strip() and not item.from_members:
        raise AccordError(f"« {item.text} » : une rubrique renseignée doit avoir un contenu")
    if entry.state == "not_applicable":
        if not item.not_applicable_allowed:
            # Rule CRISIS_PLAN_MANDATORY_ITEMS (002 annexe 4, partie 1 ; 002 annexe 1, art. 2).
            raise AccordError(f"« {item.text} » : cette rubrique doit être développée, elle ne peut être sans objet")
        if not entry.reason.strip():
            raise AccordError(f"« {item.text} » : indiquez pourquoi la rubrique est sans objet")


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of item states over a part or the whole plan."""

    title: str
    total: int
    filled: int
    not_applicable: int

    @property
    def todo(self) -> int:
        return self.total - self.filled - self.not_applicable

    @property
    def rate(self) -> Decimal:
        """Share of items dealt with (filled or not applicable), 0 to 1, to four decimals."""
        done = Decimal(self.filled + self.not_applicable) / Decimal(self.total)
        return done.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "total": self.total,
            "filled": self.filled,
            "not_applicable": self.not_applicable,
            "todo": self.todo,
            "rate": str(self.rate),
        }


def _tally(title: str, items: Iterable[TemplateItem], states: Mapping[str, ItemState]) -> Tally:
    found = [states.get(item.key, "todo") for item in items]
    return Tally(title, len(found), found.count("filled"), found.count("not_applicable"))


@dataclass(frozen=True, slots=True)
class Completeness:
    overall: Tally
    parts: tuple[Tally, ...]
    todo_items: tuple[str, ...]  # keys, in template order

    @property
    def complete(self) -> bool:
        """A plan can be submitted once no item is left to do."""
        return not self.todo_items

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.overall.to_dict(),
            "complete": self.complete,
            "parts": [part.to_dict() for part in self.parts],
            "todo_items": list(self.todo_items),
        }


def completeness(entries: Mapping[str, ItemEntry]) -> Completeness:
    """The completeness of a plan; a missing item is to do, an unknown key or bad entry is refused."""
    plan = template()
    for key, entry in entries.items():
        check_entry(plan.item(key), entry)
    states = {key: entry.state for key, entry in entries.items()}
    parts = tuple(_tally(f"{part.number}. {part.title}", part.items, states) for part in plan.parts)
    todo = tuple(item.key for item in plan.items if states.get(item.key, "todo") == "todo")
    return Completeness(_tally("Plan d'action", plan.items, states), parts, todo)


# --- Versions ----------------------------------------------------------------------------------


def contract_year_of(signed_on: dt.date, on: dt.date) -> int:
    """The contract year holding `on` (1 from signature to the first anniversary, rule CONTRACT_YEARS)."""
    years = contract_years(signed_on, DEFAULT_READINGS)
    for year in years:
        if year.contains(on):
            return year.number
    if on < signed_on:
        raise AccordError(f"date antérieure à la signature du contrat : {on:%d/%m/%Y} (signé le {signed_on:%d/%m/%Y})")
    raise AccordError(f"date postérieure à la fin du contrat : {on:%d/%m/%Y} (fin le {years[-1].end:%d/%m/%Y})")


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """A version of the plan as the rules see it.

    `submitted_on` is when the CPTS handed it in; `validated_on` when the ARS
    checked it (None while not validated).
    """

    contract_year: int
    kind: VersionKind
    submitted_on: dt.date | None = None
    validated_on: dt.date | None = None


def next_version(
    signed_on: dt.date, mission_started_on: dt.date | None, on: dt.date, existing: Sequence[VersionRecord]
) -> VersionRecord:
    """Rule CRISIS_PLAN_VERSIONS: the version a CPTS may open on `on`, or a French refusal.

    The first version is the first drafting (due in the contract year the
    mission starts, 002 annexe 1 art. 2 « pour la première année de mise en
    œuvre de la mission »); then one update per later contract year (« Mise à
    jour annuelle de ce plan les années suivant la première année »).
    """
    if mission_started_on is None:
        raise AccordError("la date de démarrage de la mission crise sanitaire n'est pas renseignée au contrat")
    if on < mission_started_on:
        raise AccordError(
            f"la mission crise sanitaire démarre le {mission_started_on:%d/%m/%Y} : "
            f"pas de plan avant cette date ({on:%d/%m/%Y})"
        )
    year = contract_year_of(signed_on, on)
    for version in existing:
        if version.contract_year == year:
            label = VERSION_KIND_LABELS[version.kind]
            raise AccordError(f"une version du plan ({label}) existe déjà pour l'année de contrat {year}")
        if version.contract_year > year:
            raise AccordError(f"une version du plan existe déjà pour une année de contrat postérieure ({year})")
    return VersionRecord(year, "update" if existing else "first_drafting")


@dataclass(frozen=True, slots=True)
class ScheduleInputs:
    """What the validated versions give the schedule (ContractDescription fields)."""

    crisis_plan_drafted_on: dt.date | None
    crisis_plan_updates: tuple[dt.date, ...]


def schedule_inputs(versions: Iterable[VersionRecord]) -> ScheduleInputs:
    """Rule CRISIS_PLAN_DRAFTED_ON: a validated version counts from the day the CPTS submitted it."""
    validated = sorted(
        (version for version in versions if version.validated_on is not None),
        key=lambda version: version.contract_year,
    )
    drafted: dt.date | None = None
    updates: list[dt.date] = []
    for version in validated:
        on = version.submitted_on or version.validated_on
        assert on is not None  # validated_on is set, filtered above
        if version.kind == "first_drafting":
            drafted = on
        else:
            updates.append(on)
    return ScheduleInputs(drafted, tuple(updates))


@dataclass(frozen=True, slots=True)
class PlanYear:
    """What the plan calendar expects in one contract year, and whether it was done."""

    contract_year: int
    kind: VersionKind
    status: Literal["validated", "in_progress", "missing", "upcoming"]
    validated_on: dt.date | None = None


def plan_calendar(
    signed_on: dt.date, mission_started_on: dt.date, versions: Sequence[VersionRecord], today: dt.date
) -> tuple[PlanYear, ...]:
    """The expected version per contract year from the mission's start (002 annexe 1, art. 2)."""
    first = contract_year_of(signed_on, mission_started_on)
    by_year = {version.contract_year: version for version in versions}
    calendar: list[PlanYear] = []
    for year in contract_years(signed_on, DEFAULT_READINGS)[first - 1 :]:
        kind: VersionKind = "first_drafting" if year.number == first else "update"
        version = by_year.get(year.number)
        if version is not None and version.validated_on is not None:
            calendar.append(PlanYear(year.number, version.kind, "validated", version.validated_on))
        elif today >= year.end:
            calendar.append(PlanYear(year.number, kind, "missing"))
        elif today >= year.start:
            calendar.append(PlanYear(year.number, kind, "in_progress"))
        else:
            calendar.append(PlanYear(year.number, kind, "upcoming"))
    return tuple(calendar)
