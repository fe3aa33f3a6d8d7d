"""Read a contract described in a YAML or JSON file into a `ContractDescription`.

The format is documented in docs/contract-format.md. Every field is checked
before anything is computed: an unknown field, an unknown mission, a malformed
or impossible date (a mission started before signature, a termination before
signature, 30 February) is refused with an `AccordError` whose French message
names the field. The date rules of `cpts.accord.dates` apply (docs/input-limits.md,
« Dates »): no date before the law of 26 January 2016, contract events between the
signature and six months after the five years, planned dates within the five years.
A file describes a scenario, so its dates may lie after today.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from cpts.accord import dates
from cpts.accord.contract import (
    Amendment,
    ContractDescription,
    Dossier,
    EarlyMissionContract,
    MembersList,
    MissionDates,
    Termination,
)
from cpts.accord.early_mission import aci_deadline
from cpts.accord.envelopes import MISSIONS, aci_2019_start, avenant_2_start
from cpts.accord.errors import AccordError
from cpts.accord.readings import DEFAULT_READINGS
from cpts.accord.sizes import size_class
from cpts.accord.years import contract_years

MISSION_KEYS = MISSIONS[1:]
MISSION_FIELDS = ("started_on", "deployed_on", "planned_start_on", "planned_deployed_on")
ACCESS_FIELDS = ("mt_started_on", "snp_started_on")
TOP_FIELDS = (
    "name", "signed_on", "population", "size", "sas_from", "orientation_service", "members", "missions",
    "crisis_plan_drafted_on", "crisis_plan_updates", "attainment", "crises", "amendments", "termination",
    "covid_2021_actions", "early_mission_contract", "dossier", "members_lists",
)  # fmt: skip
DOSSIER_FIELDS = ("complete_on", "updates")
MEMBERS_LIST_FIELDS = ("contract_year", "received_on", "members")
EARLY_GROUNDS = ("non_deployment", "no_adhesion")  # annexe 2, art. 4.2
AMENDMENT_FIELDS = ("signed_on", "size", "sas_from", "members", "orientation_service", "avenant_2", "records_sas")
TERMINATION_FIELDS = ("notified_on", "by", "effective_on", "referred_to_commission")
EARLY_FIELDS = (
    "signed_on", "size", "population", "started_missions", "access_actions", "aci_signed_on",
    "letter_of_intent_validated_on", "terminated_notified_on", "terminated_by", "registered_on",
    "termination_ground",
)  # fmt: skip
EARLY_ALONE_FIELDS = ("name", "early_mission_contract")
YEAR_KEYS: tuple[Any, ...] = (1, 2, 3, 4, 5, "1", "2", "3", "4", "5")
VARIABLE_MISSIONS = ("access", "pathways", "prevention", "quality", "support")  # crisis: no objectives (art. 4.2.2)


class _StringDates(yaml.SafeLoader):
    """YAML without implicit dates, so that an impossible date reaches our checks with its field name."""


_StringDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_contract(path: str | Path) -> ContractDescription:
    """Read and check one ACI contract file (`.json` as JSON, anything else as YAML)."""
    return parse_contract(_read(path))


def load_description(path: str | Path) -> ContractDescription | EarlyMissionContract:
    """Read a contract file: an ACI contract, or an early-mission contract alone (a CPTS in project, no ACI)."""
    return parse_description(_read(path))


def parse_description(document: Any) -> ContractDescription | EarlyMissionContract:
    """A document without `signed_on` but with `early_mission_contract` describes that contract alone."""
    if isinstance(document, Mapping) and "signed_on" not in document and "early_mission_contract" in document:
        top = _Fields(document, "", EARLY_ALONE_FIELDS)
        early = _early(top, None)
        assert early is not None
        return early
    return parse_contract(document)


def _read(path: str | Path) -> Any:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise AccordError(f"fichier illisible : {file} ({error.strerror})") from error
    try:
        document = json.loads(text) if file.suffix.lower() == ".json" else yaml.load(text, Loader=_StringDates)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        syntax = "JSON" if file.suffix.lower() == ".json" else "YAML"
        raise AccordError(f"{file} : syntaxe {syntax} invalide") from error
    return document


class _Fields:
    """One mapping of the file, read field by field; `where` is its dotted path for messages."""

    def __init__(self, raw: Any, where: str, allowed: tuple[Any, ...]) -> None:
        if not isinstance(raw, Mapping):
            raise AccordError(f"champ « {where or 'contrat'} » : une table de champs est attendue")
        unknown = [str(key) for key in raw if key not in allowed]
        if unknown:
            raise AccordError(
                f"champ « {self._join(where, unknown[0])} » inconnu (champs possibles : {', '.join(allowed)})"
            )
        self.raw, self.where = raw, where

    @staticmethod
    def _join(where: str, name: object) -> str:
        return f"{where}.{name}" if where else str(name)

    def path(self, name: object) -> str:
        return self._join(self.where, name)

    def error(self, name: object, message: str) -> AccordError:
        return AccordError(f"champ « {self.path(name)} » : {message}")

    def has(self, name: str) -> bool:
        return self.raw.get(name) is not None

    def date(
        self,
        name: str,
        required: bool = False,
        after: dt.date | None = None,
        what: str = "",
        event_of: dt.date | None = None,
        planned_in: dt.date | None = None,
    ) -> dt.date | None:
        """A date field; `event_of` / `planned_in`: the signature of the contract whose event or plan it is."""
        value = self.raw.get(name)
        if value is None:
            if required:
                raise self.error(name, "obligatoire (date AAAA-MM-JJ)")
            return None
        parsed = self.as_date(name, value, after, what)
        if event_of is not None:
            dates.within_contract(self.label(name), parsed, event_of, dates.contract_end(event_of))
        if planned_in is not None:
            dates.planned(self.label(name), parsed, planned_in)
        return parsed

    def label(self, name: object) -> str:
        return f"champ « {self.path(name)} »"

    def as_date(self, name: object, value: Any, after: dt.date | None = None, what: str = "") -> dt.date:
        if isinstance(value, dt.date):
            parsed = value
        else:
            text = str(value)
            try:
                if len(text) != 10:
                    raise ValueError(text)
                parsed = dt.date.fromisoformat(text)
            except ValueError as error:
                raise self.error(name, f"date impossible ou mal écrite : « {value} » (format AAAA-MM-JJ)") from error
        if after is not None and parsed < after:
            raise self.error(name, f"le {parsed:%d/%m/%Y} est antérieur {what or 'à la signature'} ({after:%d/%m/%Y})")
        return dates.since_law(self.label(name), parsed)

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, f"oui/non attendu (true ou false), reçu « {value} »")
        return value

    def whole(self, name: str, low: int = 0, high: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            bounds = f"entre {low} et {high}" if high is not None else f"au moins {low}"
            raise self.error(name, f"nombre entier {bounds} attendu, reçu « {value} »")
        return value

    def choice(self, name: str, choices: tuple[str, ...], required: bool = True) -> str | None:
        value = self.raw.get(name)
        if value is None and not required:
            return None
        if value not in choices:
            raise self.error(name, f"valeur « {value} » inconnue (valeurs possibles : {', '.join(choices)})")
        return str(value)

    def items(self, name: str) -> list[Any]:
        value = self.raw.get(name) or []
        if not isinstance(value, list):
            raise self.error(name, "une liste est attendue")
        return value

    def size(self, on: dt.date) -> int:
        """`size` (1 to 4) or `population`; both must agree if both are given."""
        size = self.whole("size", 1, 4)
        if self.has("population"):
            try:
                from_population = size_class(self.raw["population"], on)
            except AccordError as error:
                raise self.error("population", str(error)) from error
            if size is not None and size != from_population:
                raise self.error("size", f"taille {size} incohérente avec la population (taille {from_population})")
            size = from_population
        if size is None:
            raise self.error("size", "obligatoire (ou « population »)")
        return size


def parse_contract(document: Any) -> ContractDescription:
    """Check every field of a parsed contract document and build its description."""
    top = _Fields(document, "", TOP_FIELDS)
    signed_on = top.date("signed_on", required=True, after=aci_2019_start(), what="à l'ACI de 2019")
    assert signed_on is not None
    amendments = tuple(
        _amendment(raw, f"amendments[{index}]", signed_on) for index, raw in enumerate(top.items("amendments"))
    )
    missions = _missions(top, signed_on, amendments)
    drafted = top.date("crisis_plan_drafted_on", after=signed_on, event_of=signed_on)
    return ContractDescription(
        signed_on=signed_on,
        size=top.size(signed_on),
        sas_from=top.date("sas_from"),
        orientation_service=top.boolean("orientation_service"),
        members=top.whole("members") or 0,
        missions=missions,
        crisis_plan_drafted_on=drafted,
        crisis_plan_updates=tuple(
            dates.within_contract(
                top.label(f"crisis_plan_updates[{i}]"),
                top.as_date(f"crisis_plan_updates[{i}]", raw, signed_on),
                signed_on,
                dates.contract_end(signed_on),
            )
            for i, raw in enumerate(top.items("crisis_plan_updates"))
        ),
        attainment=_attainment(top, missions),
        crises=tuple(top.as_date(f"crises[{i}]", raw) for i, raw in enumerate(top.items("crises"))),
        amendments=amendments,
        termination=_termination(top, signed_on),
        covid_2021_actions=top.boolean("covid_2021_actions"),
        early_mission_contract=_early(top, signed_on),
        dossier=_dossier(top, signed_on),
        members_lists=_members_lists(top, signed_on),
    )


def _members_lists(top: _Fields, signed_on: dt.date) -> tuple[MembersList, ...] | None:
    """The yearly lists of members (002 §5.1, rule MEMBERS_LIST_YEARLY): each for a contract year, received from
    that year's first day, with the member count it shows. Absent: the lists are not followed."""
    if "members_lists" not in top.raw:
        return None
    years = contract_years(signed_on, DEFAULT_READINGS)
    found = []
    for index, raw in enumerate(top.items("members_lists")):
        fields = _Fields(raw, f"members_lists[{index}]", MEMBERS_LIST_FIELDS)
        number = fields.whole("contract_year", 1, len(years))
        if number is None:
            raise fields.error("contract_year", f"obligatoire (année du contrat, de 1 à {len(years)})")
        start = years[number - 1].start
        received = fields.date(
            "received_on", required=True, after=start, what="au début de l'année", event_of=signed_on
        )
        members = fields.whole("members")
        if members is None:
            raise fields.error("members", "obligatoire (nombre de membres que montre la liste, 002 §5.1)")
        assert received is not None
        found.append(MembersList(number, received, members))
    return tuple(sorted(found, key=lambda item: (item.contract_year, item.received_on)))


def _dossier(top: _Fields, signed_on: dt.date) -> Dossier | None:
    """The dossier of 002 annexe 1, art. 1: declared complete on or after the signature, then updated yearly."""
    if "dossier" not in top.raw:
        return None
    fields = _Fields(top.raw["dossier"] or {}, "dossier", DOSSIER_FIELDS)
    complete_on = fields.date("complete_on", after=signed_on, event_of=signed_on)
    updates = tuple(
        fields.as_date(f"updates[{index}]", raw, complete_on or signed_on, "à la complétude du dossier")
        for index, raw in enumerate(fields.items("updates"))
    )
    if updates and complete_on is None:
        raise fields.error("updates", "une mise à jour suppose un dossier déjà déclaré complet (« complete_on »)")
    return Dossier(complete_on, tuple(sorted(updates)))


def _missions(top: _Fields, signed_on: dt.date, amendments: tuple[Amendment, ...]) -> dict[str, MissionDates]:
    raw = top.raw.get("missions") or {}
    block = _Fields(raw, "missions", MISSION_KEYS)
    missions: dict[str, MissionDates] = {}
    for mission in raw:
        allowed = MISSION_FIELDS + ACCESS_FIELDS if mission == "access" else MISSION_FIELDS
        fields = _Fields(raw[mission] or {}, block.path(mission), allowed)
        started = fields.date("started_on", after=signed_on, event_of=signed_on)
        deployed = fields.date(
            "deployed_on", after=started or signed_on, what="au démarrage ou à la signature", event_of=signed_on
        )
        missions[str(mission)] = MissionDates(
            started, deployed, fields.date("mt_started_on"), fields.date("snp_started_on"),
            fields.date("planned_start_on", after=signed_on, planned_in=signed_on),
            fields.date("planned_deployed_on", after=signed_on, planned_in=signed_on),
        )  # fmt: skip
        if mission == "crisis" and started is not None:
            _check_crisis_start(fields, started, signed_on, amendments)
    return missions


def _check_crisis_start(
    fields: _Fields, started: dt.date, signed_on: dt.date, amendments: tuple[Amendment, ...]
) -> None:
    """The crisis mission exists only under avenant n° 2 (002 §1): not before it applies to the contract."""
    moves = [a.signed_on for a in amendments if a.avenant_2]
    from_date = signed_on if signed_on >= avenant_2_start() else min(moves, default=None)
    if from_date is None or started < from_date:
        raise fields.error(
            "started_on", "la mission crise sanitaire n'existe qu'avec l'avenant n° 2 : elle ne peut démarrer avant "
            "que le contrat y passe (signature après le 03/09/2022 ou avenant « avenant_2 »)",
        )  # fmt: skip


def _attainment(top: _Fields, missions: Mapping[str, MissionDates]) -> dict[tuple[int, str], Decimal]:
    """Attainment rates as percentages by contract year then mission, stored as fractions 0..1."""
    raw = top.raw.get("attainment") or {}
    years = _Fields(raw, "attainment", YEAR_KEYS)
    result: dict[tuple[int, str], Decimal] = {}
    for year, by_mission in raw.items():
        fields = _Fields(by_mission or {}, years.path(year), VARIABLE_MISSIONS)
        for mission, value in fields.raw.items():
            try:
                rate = Decimal(str(value))
            except InvalidOperation:
                rate = Decimal(-1)
            if isinstance(value, bool) or not rate.is_finite() or not 0 <= rate <= 100:
                raise fields.error(mission, f"pourcentage entre 0 et 100 attendu, reçu « {value} »")
            if mission not in missions:
                raise fields.error(mission, "taux d'atteinte d'une mission absente de « missions »")
            result[(int(year), str(mission))] = rate / 100
    return result


def _amendment(raw: Any, where: str, signed_on: dt.date) -> Amendment:
    fields = _Fields(raw, where, AMENDMENT_FIELDS)
    on = fields.date("signed_on", required=True, after=signed_on, what="à la signature du contrat", event_of=signed_on)
    assert on is not None
    avenant_2 = fields.boolean("avenant_2")
    if avenant_2 and on < avenant_2_start():
        raise fields.error("avenant_2", f"l'avenant n° 2 n'est en vigueur que depuis le {avenant_2_start():%d/%m/%Y}")
    orientation = fields.boolean("orientation_service") if "orientation_service" in fields.raw else None
    records_sas = fields.boolean("records_sas")
    if records_sas and on < avenant_2_start():
        raise fields.error(
            "records_sas", f"l'avenant complémentaire (SAS) suppose l'avenant n° 2, en vigueur depuis le "
            f"{avenant_2_start():%d/%m/%Y}",
        )  # fmt: skip
    return Amendment(
        on, fields.whole("size", 1, 4), "sas_from" in fields.raw, fields.date("sas_from"),
        fields.whole("members"), orientation, avenant_2, records_sas,
    )  # fmt: skip


def _termination(top: _Fields, signed_on: dt.date) -> Termination | None:
    if not top.has("termination"):
        return None
    fields = _Fields(top.raw["termination"], "termination", TERMINATION_FIELDS)
    notified = fields.date("notified_on", required=True, after=signed_on, event_of=signed_on)
    assert notified is not None
    by = fields.choice("by", ("cpts", "cpam", "ars"))
    effective = fields.date("effective_on", after=notified, what="à la notification", event_of=signed_on)
    referred = fields.boolean("referred_to_commission")
    return Termination(notified, by, effective, referred)  # type: ignore[arg-type]


def _early(top: _Fields, aci_signed_on: dt.date | None) -> EarlyMissionContract | None:
    """The early-mission contract; `aci_signed_on` None: a CPTS with no ACI contract described."""
    if not top.has("early_mission_contract"):
        return None
    fields = _Fields(top.raw["early_mission_contract"], "early_mission_contract", EARLY_FIELDS)
    signed = fields.date(
        "signed_on", required=True, after=avenant_2_start(), what="à l'entrée en vigueur de l'avenant n° 2"
    )
    assert signed is not None
    aci = fields.date("aci_signed_on", after=signed, what="au contrat de mission précoce") or aci_signed_on
    if aci is not None and aci <= signed:
        raise fields.error(
            "signed_on", "le contrat de mission précoce est réservé aux CPTS pas encore adhérentes à l'ACI"
        )
    letter = fields.date("letter_of_intent_validated_on")
    if letter is not None and letter > signed:
        raise fields.error(
            "letter_of_intent_validated_on", "la lettre d'intention doit être validée avant la signature"
        )
    started = tuple(str(m) for m in fields.items("started_missions"))
    for index, mission in enumerate(started):
        if mission not in ("access", "pathways", "prevention", "crisis"):
            raise fields.error(f"started_missions[{index}]", f"mission socle inconnue : « {mission} »")
    actions = tuple(str(a) for a in fields.items("access_actions"))
    for index, action in enumerate(actions):
        if action not in ("mt", "snp"):
            raise fields.error(f"access_actions[{index}]", f"action inconnue : « {action} » (mt ou snp)")
    registered = fields.date("registered_on", after=signed, what="à la signature du contrat de mission précoce")
    contract = EarlyMissionContract(
        signed, fields.size(signed), started, aci,
        fields.date("terminated_notified_on", after=signed, what="au contrat de mission précoce"),
        fields.choice("terminated_by", ("cpts", "cpam"), required=False),  # type: ignore[arg-type]
        actions, letter, registered,
        fields.choice("termination_ground", EARLY_GROUNDS, required=False),  # type: ignore[arg-type]
    )  # fmt: skip
    _check_early_termination(fields, contract)
    return contract


def _check_early_termination(fields: _Fields, contract: EarlyMissionContract) -> None:
    """Annexe 2, art. 4: a CPAM termination names one of its two grounds; the CPTS gives none; « no_adhesion »
    only once the nine months have passed without the ACI signed within them (002 §3.2)."""
    ground, by = contract.termination_ground, contract.terminated_by
    if (contract.terminated_notified_on is None) != (by is None):
        raise fields.error("terminated_by", "une résiliation a une date de notification et son auteur (cpts ou cpam)")
    if by == "cpam" and ground is None:
        raise fields.error(
            "termination_ground", f"motif de la résiliation par la CPAM attendu ({', '.join(EARLY_GROUNDS)})"
        )
    if by != "cpam" and ground is not None:
        raise fields.error("termination_ground", "seule une résiliation par la CPAM a un motif (annexe 2, art. 4.2)")
    if ground == "no_adhesion":
        deadline = aci_deadline(contract)
        assert contract.terminated_notified_on is not None
        if contract.terminated_notified_on < deadline:
            raise fields.error(
                "terminated_notified_on",
                f"la résiliation faute d'adhésion ne peut intervenir qu'à l'issue des neuf mois ({deadline:%d/%m/%Y})",
            )
        if contract.aci_signed_on is not None and contract.aci_signed_on <= deadline:
            raise fields.error(
                "termination_ground", "l'ACI a été signé dans les neuf mois : pas de résiliation faute d'adhésion"
            )
