"""Fuzzy name lookup that touches only plausible names, with the answers of a full scan.

Resolution's last step compares a new group name with known names by
RapidFuzz's `ratio` (normalised Indel distance) and keeps those above a
threshold.  Scanning every known name costs time in proportion to the
store, so ingest would slow down as the store grows.  Here each name is
indexed as it is added, by length and by each of its character trigrams
with the place it starts at (a "window"), and a lookup scores only the
names that *can* reach the threshold:

* a name of length m reaches ratio c against a query of length n only
  within Indel distance d = (1 - c/100)(n + m), so only if |n - m| <= d;
* d insertions and deletions break at most 3d of the query's windows, and
  move each other one by at most d places; so of any 3d + k windows of the
  query, a name within distance d has at least k, each within d places of
  where the query has it.  The lookup takes the query's rarest windows and
  keeps the names that have k of them.

Both are necessary conditions, never heuristics, and the names that pass
are scored by the same RapidFuzz call, in the same order, as a full scan,
so the answer is the scan's, ties and `limit` included (tests/test_resolution.py
checks it on a list of names).  Where the windows prune nothing (a very low
threshold, a query of a few letters) the lookup takes every name of a
possible length, which is still the scan's answer.

A query that found nothing is remembered with the number of names it was
compared with; asked again, only names added since are looked at.  Names
are never removed (the store builds a new index after a merge or split),
which is what keeps the postings and that memory true.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process

GRAM = 3
"""Trigrams: selective in names, and short enough that one or two edits leave most of a name's."""
WINDOWS_KEPT = 3
"""k above: a name must have this many of the query's 3d + k rarest windows (larger: fewer names pass, commoner windows used)."""
MISSES_KEPT = 100_000
"""Remembered misses before the memory starts afresh (it only saves work, so forgetting is safe)."""
SLACK = 1e-9
"""Bounds are widened by this much so floating-point rounding can only add candidates, never drop one."""


def windows(text: str) -> list[tuple[int, str]]:
    """(position, trigram) of every three characters of `text` in a row (none for a text shorter than three)."""
    return [(i, text[i : i + GRAM]) for i in range(len(text) - GRAM + 1)]


def max_distance(cutoff: float, first: int, second: int) -> int:
    """The largest Indel distance at which two texts of these lengths still reach `cutoff`."""
    return math.floor((1 - cutoff / 100) * (first + second) + SLACK)


def length_range(cutoff: float, length: int) -> range:
    """Lengths a text can have and still reach `cutoff` against a text of `length` characters."""
    share = cutoff / 100
    if share <= 0:
        return range(0, 1 << 30)
    low = math.ceil(length * share / (2 - share) - SLACK)
    high = math.floor(length * (2 - share) / share + SLACK)
    return range(max(low, 0), high + 1)


class FuzzyNames:
    """Folded names with their entity ids and types, indexed for `similar`."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._ids: list[int] = []
        self._types: list[str] = []
        self._longest = 0
        self._per_type: dict[str, int] = defaultdict(int)
        self._postings: dict[tuple[str, str, int], array[int]] = {}  # (type, trigram, position) -> entry numbers, ascending
        self._lengths: dict[tuple[str, int], list[int]] = defaultdict(list)  # (type, length) -> entry numbers, ascending
        self._misses: dict[tuple[str, tuple[str, ...], float], int] = {}  # query -> names it was compared with

    def __len__(self) -> int:
        return len(self._names)

    def add(self, folded: str, entity_id: int, entity_type: str) -> None:
        number = len(self._names)
        self._names.append(folded)
        self._ids.append(entity_id)
        self._types.append(entity_type)
        self._longest = max(self._longest, len(folded))
        self._per_type[entity_type] += 1
        self._lengths[(entity_type, len(folded))].append(number)
        for position, gram in windows(folded):
            posting = self._postings.get((entity_type, gram, position))
            if posting is None:
                posting = self._postings[(entity_type, gram, position)] = array("i")  # 4 bytes an entry: there are many
            posting.append(number)

    def entries(self, types: Iterable[str]) -> list[tuple[str, int]]:
        """(folded name, id) of these types in the order a full scan sees them: by type as given, then as added."""
        return [(self._names[n], self._ids[n]) for t in types for n in range(len(self._names)) if self._types[n] == t]

    def similar(self, query: str, types: Iterable[str], cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """(name, score, id) of the best `limit` names of these types scoring >= `cutoff`, best first.

        The same list, in the same order, as `process.extract` over `entries(types)`.
        """
        order = tuple(types)
        key = (query, order, cutoff)
        since = self._misses.get(key, 0)
        candidates = [number for entity_type in order for number in self._candidates(query, entity_type, cutoff, since)]
        found = process.extract(query, [self._names[n] for n in candidates], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        if not found:
            if len(self._misses) >= MISSES_KEPT:
                self._misses.clear()
            self._misses[key] = len(self._names)
        return [(name, float(score), self._ids[candidates[position]]) for name, score, position in found]

    def _candidates(self, query: str, entity_type: str, cutoff: float, since: int) -> list[int]:
        """Entry numbers of one type, from `since` on, that pass the bounds above (a superset of the hits), ascending.

        Lengths are checked only where they pick whole buckets: a name of
        the wrong length that passes the windows costs RapidFuzz one length
        test.
        """
        if not self._per_type.get(entity_type):
            return []
        lengths = length_range(cutoff, len(query))
        distance = max_distance(cutoff, len(query), min(lengths.stop - 1, self._longest))
        query_windows = windows(query)
        broken = GRAM * distance  # windows d insertions and deletions can break, at the most
        if len(query_windows) <= broken:
            possible = [n for (t, n) in self._lengths if t == entity_type and n in lengths]
            return sorted(self._in_buckets(entity_type, possible, since))
        kept = min(WINDOWS_KEPT, len(query_windows) - broken)
        chosen = self._rarest(query_windows, entity_type)[: broken + kept]
        postings = [self._postings[(entity_type, gram, place)] for position, gram in chosen for place in self._places(position, distance, entity_type, gram)]
        numbers = np.concatenate([np.frombuffer(p, dtype=np.int32) for p in postings]) if postings else np.zeros(0, dtype=np.int32)
        # a name counted twice for one window (its trigram twice near that place) only lets more names through
        values, counts = np.unique(numbers[numbers >= since], return_counts=True)
        passed: list[int] = values[counts >= kept].tolist()
        short = self._in_buckets(entity_type, range(lengths.start, min(lengths.stop, GRAM)), since)  # too short for a trigram
        return sorted({*passed, *short}) if short else passed

    def _in_buckets(self, entity_type: str, lengths: Iterable[int], since: int) -> set[int]:
        found: set[int] = set()
        for length in lengths:
            bucket = self._lengths.get((entity_type, length), [])
            found.update(bucket[bisect_left(bucket, since) :])
        return found

    def _places(self, position: int, distance: int, entity_type: str, gram: str) -> list[int]:
        """Positions within `distance` of `position` where some name of this type has `gram`."""
        return [p for p in range(max(position - distance, 0), position + distance + 1) if (entity_type, gram, p) in self._postings]

    def _rarest(self, query_windows: list[tuple[int, str]], entity_type: str) -> list[tuple[int, str]]:
        """The query's windows, those fewest names have at the same place first (any order would be right; this one is fast)."""
        return sorted(query_windows, key=lambda window: len(self._postings.get((entity_type, window[1], window[0]), ())))
