"""Autocomplete over place names and codes: sorted keys and bisection, so a query costs milliseconds."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

from cpts.geo.places import KINDS, Place

WORD = re.compile(r"[0-9a-z]+")
CODE = re.compile(r"^\s*\d[0-9AaBb]?\d*\s*$")  # 75056, 2A004, 200054781 or their beginning
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
# Articles and prepositions: "Bourg-en-Bresse" is found by "bresse", not by "en".
LINKING_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "lez", "s", "sur"}
)
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}  # "St-Étienne"


def normalize(text: str, typing: bool = False) -> str:
    """Lower case, no accents, words separated by one space: "St-Étienne" -> "saint etienne".

    `typing`: the last word may be unfinished ("ste" of "Steenvoorde"), so it is not expanded.
    """
    text = text.casefold().translate(LIGATURES)
    if not text.isascii():
        text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    words = WORD.findall(text)
    last = words.pop() if typing and words else None
    return " ".join([*(ABBREVIATIONS.get(word, word) for word in words), *([last] if last else [])])


class SearchIndex:
    """Sorted name keys (the whole name, and the name from each of its words) and sorted codes."""

    def __init__(self, places: Iterable[Place]) -> None:
        by_code = sorted(places, key=lambda place: place.code)
        keys: list[str] = []
        inside: list[bool] = []  # the key starts at a word inside the name, not at its start
        names: list[str] = []
        found: list[Place] = []
        for place in by_code:
            name = normalize(place.name)
            for match in WORD.finditer(name):
                if match.start() == 0 or match.group() not in LINKING_WORDS:
                    keys.append(name[match.start() :])
                    inside.append(match.start() > 0)
                    names.append(name)
                    found.append(place)
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._name_keys = [keys[index] for index in order]
        self._inside = [inside[index] for index in order]
        self._names = [names[index] for index in order]
        self._places = [found[index] for index in order]
        self._code_keys = [place.code for place in by_code]
        self._codes = by_code

    def search(self, text: str, limit: int = 20) -> list[Place]:
        if CODE.match(text):
            return self._by_code(text.strip().upper(), limit)
        query = normalize(text, typing=True)
        if not query or limit <= 0:
            return []
        best: dict[tuple[str, str], tuple[bool, bool, Place]] = {}  # (kind, code) -> (inside, not exact, place)
        start = bisect.bisect_left(self._name_keys, query)
        for index in range(start, len(self._name_keys)):
            if not self._name_keys[index].startswith(query):
                break
            inside, place = self._inside[index], self._places[index]
            key = (place.kind, place.code)
            if key not in best or inside < best[key][0]:
                best[key] = (inside, self._names[index] != query, place)
        # Names starting with the query first, exact names first among them, delegated/associated
        # communes last, then the most populated.
        ranked = sorted(best.values(), key=lambda item: (item[0], item[1], *_rank(item[2])))
        return [place for *_, place in ranked[:limit]]

    def _by_code(self, prefix: str, limit: int) -> list[Place]:
        start = bisect.bisect_left(self._code_keys, prefix)
        found = []
        for index in range(start, len(self._code_keys)):
            if not self._code_keys[index].startswith(prefix):
                break
            found.append(self._codes[index])
        return sorted(found, key=lambda place: (place.code != prefix, *_rank(place)))[:limit]


def _rank(place: Place) -> tuple[bool, int, int, str]:
    attached = place.kind in ("delegated", "associated")
    return attached, -place.population, KINDS.index(place.kind), place.name
