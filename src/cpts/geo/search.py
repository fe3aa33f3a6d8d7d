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
    def __init__(self, places: Iterable[Place]) -> None:
        names: list[tuple[str, int, str, Place]] = []  # (key from a word of the name, word position, name key, place)
        codes: list[tuple[str, Place]] = []
        for place in places:
            key = normalize(place.name)
            names.append((key, 0, key, place))
            names.extend((key[match.start() :], 1, key, place) for match in WORD.finditer(key) if match.start())
            codes.append((place.code, place))
        names.sort(key=lambda entry: entry[0])
        codes.sort(key=lambda entry: entry[0])
        self._name_keys = [entry[0] for entry in names]
        self._names = [entry[1:] for entry in names]
        self._code_keys = [entry[0] for entry in codes]
        self._codes = [entry[1] for entry in codes]

    def search(self, text: str, limit: int = 20) -> list[Place]:
        if CODE.match(text):
            return self._by_code(text.strip().upper(), limit)
        query = normalize(text, typing=True)
        if not query or limit <= 0:
            return []
        best: dict[tuple[str, str], tuple[int, bool, Place]] = {}  # (kind, code) -> (position, not exact, place)
        start = bisect.bisect_left(self._name_keys, query)
        for index in range(start, len(self._name_keys)):
            if not self._name_keys[index].startswith(query):
                break
            position, name, place = self._names[index]
            key = (place.kind, place.code)
            if key not in best or position < best[key][0]:
                best[key] = (position, name != query, place)
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
