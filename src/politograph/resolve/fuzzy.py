"""Fuzzy name lookup that touches only plausible names, with the answers of a full scan.

Resolution's last step compares a new group name with known names by
RapidFuzz's `ratio` (normalised Indel distance) and keeps those above a
threshold.  Scanning every known name costs time in proportion to the
store, so ingest would slow down as the store grows.  Here each name is
indexed as it is added, by its length and by each of its character
trigrams with the place it starts at (a "window"), and a lookup scores only
the names that *can* reach the threshold:

* a name of length m reaches ratio c against a query of length n only
  within Indel distance d = (1 - c/100)(n + m), so only if |n - m| <= d;
  the lookup goes through the possible lengths one at a time;
* an Indel distance is n + m less twice the longest common subsequence,
  so it has the parity of n + m: d is lowered by one when it has not (a
  name of the query's length within d = 1 is the query itself), which
  halves the names a common length lets through;
* a and b, the query's characters deleted and the name's inserted, add up
  to at most d and differ by m - n, which bounds both: an unbroken window
  of the query sits in the name between a places earlier and b places
  later (for d = 1, one exact place: the length tells which edit it was);
* a deleted character breaks the (at most) 3 windows that hold it, an
  inserted one the 2 that span the place it goes in; so the edits break
  at most w = 3a + 2b of the query's windows (3 for d = 1 and a shorter
  name, 2 for a longer one), and of any w + k windows of the query a name
  within distance d has at least k.  The lookup takes the query's windows
  rarest among names of that length and keeps the names that have k of
  them.

Postings are kept per length, so a window common in the store at large
but rare among names of the right length costs what it is among those: a
lookup's cost follows the names that look alike, and grows slowly with the
names that do not.

All are necessary conditions, never heuristics, and the names that pass
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
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import repeat

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
Posting = array | np.ndarray
"""Entry numbers, ascending: an `array` of C ints, or a numpy int32 array from a bulk build (copied to an `array` when next added to)."""
CODE_BITS = 21
"""Bits of one Unicode code point: three of them pack a trigram into one 63-bit integer while postings are built in bulk."""


def windows(text: str) -> list[tuple[int, str]]:
    """(position, trigram) of every three characters of `text` in a row (none for a text shorter than three)."""
    return [(i, text[i : i + GRAM]) for i in range(len(text) - GRAM + 1)]


def max_distance(cutoff: float, first: int, second: int) -> int:
    """The largest Indel distance at which two texts of these lengths still reach `cutoff`."""
    return math.floor((1 - cutoff / 100) * (first + second) + SLACK)


def reachable_distance(cutoff: float, first: int, second: int) -> int:
    """`max_distance`, lowered to the parity of the two lengths' sum, the only distances two such texts can be at (-1: none is)."""
    distance = max_distance(cutoff, first, second)
    return distance - (distance - first - second) % 2


def length_range(cutoff: float, length: int) -> range:
    """Lengths a text can have and still reach `cutoff` against a text of `length` characters."""
    share = cutoff / 100
    if share <= 0:
        return range(0, 1 << 30)
    low = math.ceil(length * share / (2 - share) - SLACK)
    high = math.floor(length * (2 - share) / share + SLACK)
    return range(max(low, 0), high + 1)


def broken_windows(distance: int, difference: int) -> int:
    """The most windows of the query that `distance` edits can break in a name `difference` characters longer: 3 a deletion, 2 an insertion."""
    deleted, inserted = (distance - difference) // 2, (distance + difference) // 2
    return GRAM * deleted + (GRAM - 1) * inserted


def shifts(distance: int, difference: int) -> range:
    """Places an unbroken window of the query may move by in a name `difference` characters longer, within `distance` edits.

    With a deletions and b insertions, a + b <= distance and b - a = difference,
    a window moves by between -a and +b places.
    """
    return range(-((distance - difference) // 2), (distance + difference) // 2 + 1)


def with_at_least(numbers: np.ndarray, kept: int, since: int) -> list[int]:
    """The numbers from `since` on that occur at least `kept` times, ascending: one sort and a few comparisons, cheaper than `np.unique`.

    A name counted twice for one window (its trigram twice near that place) only lets more names through.
    """
    if since:
        numbers = numbers[numbers >= since]
    ordered = np.sort(numbers)
    if kept > 1:  # a run of k equal numbers: the first and the k-th agree
        ordered = ordered[kept - 1 :][ordered[kept - 1 :] == ordered[: len(ordered) - kept + 1]]
    if len(ordered) < 2:
        return ordered.tolist()
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first].tolist()


class FuzzyNames:
    """Folded names with their entity ids and types, indexed for `similar`."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._ids: list[int] = []
        self._types: list[str] = []
        self._per_type: dict[str, int] = defaultdict(int)
        self._lengths: dict[str, dict[int, list[int]]] = {}  # type -> length -> entry numbers, ascending
        self._postings: dict[tuple[str, int], dict[tuple[int, str], Posting]] = {}  # (type, length) -> window -> entry numbers, ascending
        self._grams: dict[tuple[str, int], dict[str, int]] = {}  # (type, length) -> trigram -> windows of names that have it, anywhere
        self._misses: dict[tuple[str, tuple[str, ...], float], int] = {}  # query -> names it was compared with

    def __len__(self) -> int:
        return len(self._names)

    def add(self, folded: str, entity_id: int, entity_type: str) -> None:
        number = self._append(folded, entity_id, entity_type)
        table = self._postings.setdefault((entity_type, len(folded)), {})
        grams = self._grams.setdefault((entity_type, len(folded)), {})
        for window in windows(folded):
            posting = table.get(window)
            if posting is None:
                posting = table[window] = array("i")  # 4 bytes an entry: there are many
            elif not isinstance(posting, array):  # built in bulk: appended to from now on
                posting = table[window] = array("i", posting.tobytes())
            posting.append(number)
            grams[window[1]] = grams.get(window[1], 0) + 1

    def extend(self, entries: Iterable[tuple[str, int, str]]) -> None:
        """Add many (folded name, id, type) at once: the index `add` would build, its postings made by numpy.

        Loading a large store's names one `add` at a time costs seconds of
        Python per hundred thousand names; here each (type, length) group is
        one array of characters, and each window position one sort of it.
        """
        rows = list(entries)
        if not rows:
            return
        folds, ids, types = (list(column) for column in zip(*rows, strict=True))
        start = len(self._names)
        self._names += folds
        self._ids += ids
        self._types += types
        for entity_type, count in Counter(types).items():
            self._per_type[entity_type] += count
        groups: dict[tuple[str, int], list[int]] = defaultdict(list)
        for number, group in enumerate(zip(types, map(len, folds), strict=True), start):
            groups[group].append(number)
        for (entity_type, length), numbers in groups.items():
            self._lengths.setdefault(entity_type, {}).setdefault(length, []).extend(numbers)
            if length >= GRAM:
                self._extend_postings(entity_type, length, numbers)

    def _append(self, folded: str, entity_id: int, entity_type: str) -> int:
        number = len(self._names)
        self._names.append(folded)
        self._ids.append(entity_id)
        self._types.append(entity_type)
        self._per_type[entity_type] += 1
        self._lengths.setdefault(entity_type, {}).setdefault(len(folded), []).append(number)
        return number

    def _extend_postings(self, entity_type: str, length: int, numbers: list[int]) -> None:
        """Postings of names of one type and length, all numbered above every entry already indexed."""
        text = np.array([self._names[n] for n in numbers], dtype=f"<U{length}")
        codes = text.view(np.uint32).reshape(len(numbers), length).astype(np.int64)
        characters = text.view("<U1").reshape(len(numbers), length)
        entries = np.array(numbers, dtype=np.int32)
        table = self._postings.setdefault((entity_type, length), {})
        grams = self._grams.setdefault((entity_type, length), {})
        for position in range(length - GRAM + 1):
            packed = (codes[:, position] << (2 * CODE_BITS)) | (codes[:, position + 1] << CODE_BITS) | codes[:, position + 2]
            order = np.argsort(packed, kind="stable")  # stable: each posting's numbers stay ascending
            ordered = packed[order]
            starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
            found = np.ascontiguousarray(characters[order[starts], position : position + GRAM]).view(f"<U{GRAM}").ravel().tolist()
            pieces = np.split(entries[order], starts[1:].tolist())
            keys = [(position, gram) for gram in found]
            if table.keys().isdisjoint(keys):
                table.update(zip(keys, pieces, strict=True))
            else:
                for key, piece in zip(keys, pieces, strict=True):
                    known = table.get(key)
                    table[key] = piece if known is None else np.concatenate((np.frombuffer(known, dtype=np.int32), piece))
            for gram, count in zip(found, np.diff(np.append(starts, len(order))).tolist(), strict=True):
                grams[gram] = grams.get(gram, 0) + count

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
        """Entry numbers of one type, from `since` on, that pass the bounds above (a superset of the hits), ascending."""
        buckets = self._lengths.get(entity_type)
        if not buckets:
            return []
        size, possible = len(query), length_range(cutoff, len(query))
        query_windows = windows(query)
        query_grams = [gram for _, gram in query_windows]
        whole: list[int] = []  # names taken without looking at windows
        counted: dict[int, list[Posting]] = defaultdict(list)  # k -> postings whose names need k of them
        for length in possible if len(possible) < len(buckets) else sorted(buckets):
            bucket = buckets.get(length)
            distance = reachable_distance(cutoff, size, length)
            if bucket is None or length not in possible or abs(length - size) > distance or bucket[-1] < since:
                continue
            broken = broken_windows(distance, length - size)
            if length < GRAM or len(query_windows) <= broken:
                whole.extend(bucket[bisect_left(bucket, since) :])
                continue
            kept = min(WINDOWS_KEPT, len(query_windows) - broken)
            key = (entity_type, length)
            chosen = self._rarest(query_windows, query_grams, self._postings[key], self._grams[key], broken + kept, shifts(distance, length - size))
            if len(chosen) >= kept:  # else no name can have k of them
                counted[kept].extend(posting for postings in chosen for posting in postings)
        passed = whole
        for kept, postings in counted.items():
            passed = passed + with_at_least(np.frombuffer(b"".join(p.tobytes() for p in postings), dtype=np.int32), kept, since)
        return sorted(passed)  # each length's names are its own: no number comes twice

    @staticmethod
    def _rarest(
        query_windows: list[tuple[int, str]], query_grams: list[str], table: dict[tuple[int, str], Posting], grams: dict[str, int], wanted: int, moves: range
    ) -> list[list[Posting]]:
        """The postings of `wanted` query windows that few names of one length have, each within `moves` of its place.

        Any choice of windows would be right; rare ones keep the lists to
        merge short.  Rarity is judged by the trigram's count among names of
        that length, anywhere in them: one lookup a window, and near enough.
        Windows no name has there are left out (they count for no name).
        """
        counts = list(map(grams.get, query_grams, repeat(0)))
        chosen = sorted(range(len(query_windows)), key=counts.__getitem__)[:wanted]
        found = []
        for number in chosen:
            position, gram = query_windows[number]
            postings = [p for move in moves if (p := table.get((position + move, gram))) is not None]
            if postings:
                found.append(postings)
        return found
