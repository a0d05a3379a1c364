"""Who stands with (or against) whom on a day: relations between entities as a graph.

A relation is a state (`query.states`): it holds from its first report
until something ends it (a stated end, a report that it no longer holds,
cooperation after an opposition, the end of either party), so a relation
that ended is not on the network after its end, and one that nothing ended
is shown with the age of its latest report.  Posts and memberships hold by
the same rules; events (mergers, splits) that happened by then are edges
too.  Each edge keeps its type, role, first and last day, how many reports
back it and the first report.  The web page's date slider steps through
`change_days`, the days the graph changes, and places nodes once with
`layout` over every relation ever stored, so a party stays where it was
while the slider moves.

Most relations are reported without any end, and a network of a large
archive has a hundred thousand of them.  Which pairs hold on a day does not
depend on the day asked about until the day is known, so the relation facts
are read once into a `RelationIndex` (each pair's reports folded per type;
the terms of the pairs that need walking report by report: an end, a
negation, cooperation after opposition) and kept per store until
`network_stamp` says the relation facts, the ends of entities or the user's
decisions changed; a write of members, posts or seats keeps it.  A day is
then a few vector operations over the folded pairs (`day_network`): the
edges holding, their connected groups, biggest first, and one page of them.
`edges_at` answers from the same index, so both give the same edges.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_right
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, func, or_, select

from politograph.query.asof import ending_stamp, entity_ends
from politograph.query.states import (
    COOPERATION,
    RELATION_TYPES,
    EntityEnds,
    Term,
    member_terms,
    relation_terms,
    role_terms,
)
from politograph.store.cache import PerStore
from politograph.store.curation import kept_facts
from politograph.store.repository import Store
from politograph.store.schema import documents, entities, facts

if TYPE_CHECKING:
    import networkx as nx

ALLIANCE_TYPES = RELATION_TYPES
"""The relations of the alliance/coalition network (the other types link events, not sides)."""

EVENT_TYPES = frozenset({"split", "merger", "founding", "dissolution", "rename", "meeting", "election", "referendum"})


@dataclass(slots=True, frozen=True)
class Edge:
    """One relation (or post, or event) between two entities, as it holds on the day asked about."""

    subject: int
    object: int
    type: str
    role: str
    since: date | None
    until: date | None  # the day it ends, when a report says so; None while open
    last_reported: date | None
    reports: int
    fact: int
    ended_by: str | None = None


def _between_entities(types: tuple[str, ...] | None) -> list[ColumnElement[bool]]:
    conditions = [facts.c.subject_id.is_not(None), facts.c.object_id.is_not(None), facts.c.subject_id != facts.c.object_id]
    if types:
        conditions.append(facts.c.type.in_(types))
    return conditions


def _known(known_at: date | None) -> list[Any]:
    return [] if known_at is None else [facts.c.recorded_at <= known_at]


def _rows(store: Store, *conditions: Any) -> list[dict[str, Any]]:
    """Fact rows with what the time model reads of their article (its date, source and kind)."""
    query = select(facts, documents.c.published, documents.c.source, documents.c.kind).join(documents, documents.c.id == facts.c.doc_id)
    with store.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query.where(*conditions, *kept_facts(store)).order_by(facts.c.id))]


def _edge(term: Term, kind: str, at: date | None) -> Edge:
    rows = [r.row for r in term.reports]
    first = min(rows, key=lambda r: int(r["id"]))
    return Edge(
        int(first["subject_id"]),
        int(first["object_id"]),
        kind,
        str(first["role"] or ""),
        term.since,
        term.until,
        term.last_reported(at),
        len(rows),
        int(first["id"]),
        term.ending.reason if term.ending else None,
    )


@dataclass(slots=True)
class _Group:
    """Every asserted report of one relation type between one pair (either way round), folded: what a day's edge is made of.

    `reports` keeps (day, fact, subject, object) in day order when there is
    more than one, so that an edge as of a day inside the span counts only
    the reports by then, as the old one-pass fold did.
    """

    lo: int
    hi: int
    kind: str
    since: date
    last: date
    count: int
    fact: int
    subject: int
    object: int
    reports: list[tuple[date, int, int, int]] | None = None
    until: date | None = None  # the end of either side (dissolved, merged away), cut to no earlier than `since`
    reason: str | None = None
    final: Edge | None = None  # the edge on any day from `last` on, made once (a day's network reuses it)

    def add(self, day: date, fact: int, subject: int, obj: int) -> None:
        if self.reports is None:
            self.reports = [(self.since, self.fact, self.subject, self.object)]
        self.reports.append((day, fact, subject, obj))
        self.final = None
        self.count += 1
        self.since, self.last = min(self.since, day), max(self.last, day)
        if fact < self.fact:
            self.fact, self.subject, self.object = fact, subject, obj

    def edge(self, at: date | None) -> Edge:
        """The edge as of `at`: its reports by then (their count, the latest day, the first fact), and the end of either side."""
        if at is None or self.last <= at or self.reports is None:
            if self.final is None:
                self.final = Edge(self.subject, self.object, self.kind, "", self.since, self.until, self.last, self.count, self.fact, self.reason)
            return self.final
        by_then = self.reports[: bisect_right(self.reports, at, key=lambda r: r[0])]
        _, fact, subject, obj = min(by_then, key=lambda r: r[1])
        return Edge(subject, obj, self.kind, "", self.since, self.until, by_then[-1][0], len(by_then), fact, self.reason)


@dataclass(slots=True)
class RelationIndex:
    """The day-independent part of the relation network (alliances, coalitions, oppositions), as known by one day.

    Built from one read of the covering index `ix_facts_relations` and kept
    while the relation facts, the ends of entities and the user's decisions
    stay as they are (`network_stamp`), so a day's network is worked out in
    memory: which folded pairs hold, and the terms of the pairs that need
    walking report by report (a stated end, a former or negated report, on
    any day; cooperation and opposition from the day both are reported).
    """

    groups: list[_Group]
    walk_from: dict[tuple[int, int], date]  # a pair with both cooperation and opposition: walked from the day both are reported
    walked: dict[tuple[int, int], list[Term]]  # the terms of every pair that is (or may be) walked
    always_walked: set[tuple[int, int]]
    arrays: Any = None  # numpy arrays over `groups`, made for the first day asked of it (`_Arrays`)
    positions: dict[tuple[int, int, str], int] | None = None  # each (pair, type)'s place in `groups`, made for the first extension

    def walked_edges(self, wanted: set[str], at: date | None) -> list[Edge]:
        """Edges of the walked pairs' terms holding on `at` (every term, with no `at`)."""
        edges: list[Edge] = []
        for pair, terms in self.walked.items():
            if pair not in self.always_walked and at is not None and at < self.walk_from[pair]:
                continue  # cooperation and opposition not both reported yet: the pair is folded that day
            edges += [_edge(t, str(t.holder), at) for t in terms if t.holder in wanted and (at is None or t.holds(at))]
        return edges


def _fold(reports: Any, skipped: set[tuple[int, int]]) -> list[_Group]:
    """Asserted reports (type, subject, object, day, fact) folded into one group per unordered pair and type."""
    folded: dict[tuple[int, int, str], _Group] = {}
    for kind, subject, obj, day, fact_id in reports:
        pair = (subject, obj) if subject <= obj else (obj, subject)
        if pair in skipped:
            continue
        key = (pair[0], pair[1], kind)
        known = folded.get(key)
        if known is None:
            folded[key] = _Group(pair[0], pair[1], kind, day, day, 1, fact_id, subject, obj)
        else:
            known.add(day, fact_id, subject, obj)
    for group in folded.values():
        if group.reports is not None:
            group.reports.sort(key=lambda r: r[0])
    return list(folded.values())


def build_relation_index(store: Store, known_at: date | None, ends: EntityEnds) -> RelationIndex:
    """Read and fold every relation report (as known by `known_at`) once: see `RelationIndex`."""
    day = func.coalesce(facts.c.valid_from, facts.c.recorded_at)
    between = [*_between_entities(tuple(RELATION_TYPES)), *_known(known_at), *kept_facts(store)]  # flagged facts out; `ending_stamp` holds decisions
    walked = or_(facts.c.end.is_not(None), facts.c.former.is_(True), facts.c.modality == "negated")
    with store.connect() as connection:
        always = {_pair(int(a), int(b)) for a, b in connection.execute(select(facts.c.subject_id, facts.c.object_id).where(*between, walked).distinct())}
        reports = connection.execute(select(facts.c.type, facts.c.subject_id, facts.c.object_id, day, facts.c.id).where(*between, facts.c.modality == "asserted"))
        groups = _fold(reports, always)
    since: dict[tuple[int, int], dict[str, date]] = defaultdict(dict)
    for group in groups:
        since[(group.lo, group.hi)][group.kind] = group.since
    walk_from = {}
    for pair, kinds in since.items():
        cooperation = [kinds[k] for k in COOPERATION if k in kinds]
        if cooperation and "opposition" in kinds:  # cooperation may end the opposition: walked once both are reported
            walk_from[pair] = max(min(cooperation), kinds["opposition"])
    if ends.by_entity:
        for group in groups:
            ended = ends.of(group.lo, group.hi)
            if ended is not None:
                group.until, group.reason = max(ended.day, group.since), ended.reason  # ended before it began: cut on its first day
    terms = _walked_terms(store, sorted(always | set(walk_from)), known_at, ends)
    return RelationIndex(groups, walk_from, terms, always)


# --------------------------------------------------------------------------- what the network's caches depend on

CACHED_DAYS = 3
"""Relation indexes kept per store: the present and a few "as the press knew it on" days."""


@dataclass(slots=True)
class _StoreCache:
    lock: threading.Lock = field(default_factory=threading.Lock)
    ends: dict[date | None, tuple[tuple[int, ...], EntityEnds, tuple[Any, ...]]] = field(default_factory=dict)
    indexes: OrderedDict[date | None, tuple[tuple[Any, ...], RelationIndex]] = field(default_factory=OrderedDict)


_CACHES: PerStore[_StoreCache] = PerStore(_StoreCache)


def _cache(store: Store) -> _StoreCache:
    return _CACHES.of(store)


def _stamps(store: Store) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """What the network reads, as two cheap stamps: the relation facts, and what ends entities (`asof.ending_stamp`).

    A count and the highest id of the relation facts (a count catches a
    document replaced by one with fewer of them); a merge or split
    rewrites facts in place and records a decision, which the second stamp
    holds.  A write of anything else (members, posts, seats, documents)
    changes neither, so what is derived from them survives it.
    """
    with store.connect() as connection:
        relations = tuple(int(v or 0) for v in connection.execute(_RELATION_STAMP).one())
    return relations, ending_stamp(store)


def _relation_stamp_query() -> Any:
    chosen = select(facts.c.id).where(facts.c.type.in_(RELATION_TYPES)).subquery()
    return select(select(func.count()).select_from(chosen).scalar_subquery(), select(func.max(chosen.c.id)).scalar_subquery())


_RELATION_STAMP = _relation_stamp_query()


def _fingerprint(ends: EntityEnds) -> tuple[Any, ...]:
    return tuple(sorted((str(key), e.day, e.reason, (e.row or {}).get("id")) for key, e in ends.by_entity.items()))


def _ends(store: Store, known_at: date | None, around: tuple[int, ...]) -> tuple[EntityEnds, tuple[Any, ...]]:
    """The ends of entities as known by `known_at`, read again only when facts that end entities, names or decisions have changed."""
    cache = _cache(store)
    known = cache.ends.get(known_at)
    if known is None or known[0] != around:
        ends = entity_ends(store, known_at)
        known = cache.ends[known_at] = (around, ends, _fingerprint(ends))
    return known[1], known[2]


def network_stamp(store: Store, known_at: date | None = None) -> tuple[Any, ...]:
    """A stamp that changes when the relation network (as known by `known_at`) may have: key what is derived from it by this."""
    relations, around = _stamps(store)
    _, fingerprint = _ends(store, known_at, around)
    return (relations, around[-1], fingerprint, known_at)


def relation_index(store: Store, known_at: date | None = None) -> tuple[RelationIndex, EntityEnds]:
    """The store's relation index as known by `known_at` (with the ends of entities it applied): kept until `network_stamp` changes."""
    cache = _cache(store)
    with cache.lock:
        relations, around = _stamps(store)  # read before the data: a write in between only costs one more build
        ends, fingerprint = _ends(store, known_at, around)
        key = (relations, around[-1], fingerprint)
        known = cache.indexes.get(known_at)
        if known is None or known[0] != key:
            extended = _extended(store, known, key, known_at, ends) if known is not None else None
            known = cache.indexes[known_at] = (key, extended or build_relation_index(store, known_at, ends))
        cache.indexes.move_to_end(known_at)
        while len(cache.indexes) > CACHED_DAYS:
            cache.indexes.popitem(last=False)
        return known[1], ends


def _extended(store: Store, known: tuple[tuple[Any, ...], RelationIndex], key: tuple[Any, ...], known_at: date | None, ends: EntityEnds) -> RelationIndex | None:
    """The kept index with the relation reports added since it was built folded in, or None when only a rebuild will do.

    Ingest only ever adds facts, so a server answering while articles come
    in would otherwise read every relation again after each one (seconds at
    a million facts).  Anything but new rows (a replaced document, a
    decision, a changed end of an entity) changes more than the relation
    count and highest id say, and is rebuilt.
    """
    (old_count, old_top), *old_rest = known[0]
    (new_count, new_top), *new_rest = key
    if old_rest != new_rest or new_top <= old_top or new_count <= old_count:
        return None
    day = func.coalesce(facts.c.valid_from, facts.c.recorded_at)
    between = [*_between_entities(tuple(RELATION_TYPES)), *_known(known_at), *kept_facts(store)]
    with store.connect() as connection:
        added = connection.execute(select(func.count()).where(facts.c.type.in_(RELATION_TYPES), facts.c.id > old_top)).scalar_one()
        if int(added) != new_count - old_count:
            return None
        columns = (facts.c.type, facts.c.subject_id, facts.c.object_id, day, facts.c.id, facts.c.modality, facts.c.end, facts.c.former)
        rows = connection.execute(select(*columns).where(*between, facts.c.id > old_top)).all()
    index, walk_again = _fold_into(known[1], rows, ends)
    if walk_again:
        index.walked.update(_walked_terms(store, sorted(walk_again), known_at, ends))
    return index


def _fold_into(kept: RelationIndex, rows: Any, ends: EntityEnds) -> tuple[RelationIndex, set[tuple[int, int]]]:
    """A new index: the kept one with new reports folded in as `build_relation_index` folds them; and the pairs to walk again.

    The kept index is left as it is (a day's network being paged from it
    keeps its positions): groups that change are copied.
    """
    always = set(kept.always_walked)
    newly_walked = {_pair(r.subject_id, r.object_id) for r in rows if r.end is not None or r.former or r.modality == "negated"} - always
    always |= newly_walked  # a stated end, a former or negated report: the pair is walked report by report from now on
    groups = [g for g in kept.groups if (g.lo, g.hi) not in newly_walked] if newly_walked else list(kept.groups)
    walk_from = {pair: day for pair, day in kept.walk_from.items() if pair not in newly_walked}
    carried = kept.positions is not None and not newly_walked
    position = dict(kept.positions or {}) if carried else {(g.lo, g.hi, g.kind): k for k, g in enumerate(groups)}  # a copy: the kept index keeps its own
    copied: set[int] = set()
    touched: set[tuple[int, int]] = set()
    for kind, subject, obj, day, fact_id, modality, *_ in rows:
        pair = _pair(subject, obj)
        if modality != "asserted" or pair in always:
            continue
        at = position.get((pair[0], pair[1], kind))
        if at is None:
            group = _Group(pair[0], pair[1], kind, day, day, 1, fact_id, subject, obj)
            ended = ends.of(pair[0], pair[1]) if ends.by_entity else None
            if ended is not None:
                group.until, group.reason = max(ended.day, group.since), ended.reason
            position[(pair[0], pair[1], kind)] = len(groups)
            copied.add(len(groups))
            groups.append(group)
        else:
            group = groups[at]
            if at not in copied:
                group = groups[at] = replace(group, reports=None if group.reports is None else list(group.reports))
                copied.add(at)
            group.add(day, fact_id, subject, obj)
            reports = group.reports
            if reports is not None:
                reports.sort(key=lambda r: r[0])
        touched.add(pair)
    for pair in touched:
        kinds = {k: groups[position[(pair[0], pair[1], k)]].since for k in RELATION_TYPES if (pair[0], pair[1], k) in position}
        cooperation = [kinds[k] for k in COOPERATION if k in kinds]
        if cooperation and "opposition" in kinds:
            walk_from[pair] = max(min(cooperation), kinds["opposition"])
    reported = {_pair(r.subject_id, r.object_id) for r in rows}
    walk_again = {p for p in reported if p in always} | {p for p in touched if p in walk_from}
    index = RelationIndex(groups, walk_from, dict(kept.walked), always, positions=position)
    if kept.arrays is not None and not newly_walked:  # positions unchanged: carry the columns over
        changed = copied | {position[(p[0], p[1], k)] for p in touched for k in RELATION_TYPES if (p[0], p[1], k) in position}
        index.arrays = _carried_arrays(kept.arrays, groups, walk_from, changed)
    return index, walk_again


def _pair(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first <= second else (second, first)


def _walked_terms(store: Store, pairs: list[tuple[int, int]], known_at: date | None, ends: EntityEnds) -> dict[tuple[int, int], list[Term]]:
    """The terms of the pairs whose relations need their reports walked in order (an end, a negation, cooperation after opposition)."""
    found: dict[tuple[int, int], list[Term]] = {}
    for start in range(0, len(pairs), 400):
        chunk = pairs[start : start + 400]
        sides = sorted({i for pair in chunk for i in pair})
        rows = _rows(
            store,
            *_between_entities(tuple(RELATION_TYPES)),
            facts.c.modality.in_(("asserted", "negated")),
            facts.c.subject_id.in_(sides),
            facts.c.object_id.in_(sides),
            *_known(known_at),
        )
        chosen = set(chunk)
        rows = [r for r in rows if _pair(int(r["subject_id"]), int(r["object_id"])) in chosen]
        for pair, terms in relation_terms(rows, ends).items():
            assert isinstance(pair[0], int) and isinstance(pair[1], int)  # both sides are stored entities (`_between_entities`)
            found[_pair(pair[0], pair[1])] = terms
    for pair in pairs:
        found.setdefault(pair, [])
    return found


def _post_edges(store: Store, types: tuple[str, ...], at: date | None, known_at: date | None, ends: EntityEnds) -> list[Edge]:
    """Posts and memberships between two entities, as terms (a successor, a stated end or a former mention ends them)."""
    rows = _rows(store, *_between_entities(types), facts.c.modality == "asserted", *_known(known_at))
    edges: list[Edge] = []
    if "role" in types:
        for terms in role_terms([r for r in rows if r["type"] == "role"], ends).values():
            edges += [_edge(t, "role", at) for t in terms if t.since is not None and (at is None or t.holds(at))]
    if "member" in types:
        for terms in member_terms([r for r in rows if r["type"] == "member"], ends).values():
            edges += [_edge(t, "member", at) for t in terms if t.since is not None and (at is None or t.holds(at))]
    return edges


def _other_edges(store: Store, types: tuple[str, ...], at: date | None, known_at: date | None) -> list[Edge]:
    """Events that happened by `at` (one day each), and other facts (a ministry held, a stance) from their first report."""
    conditions = [*_between_entities(types), facts.c.modality == "asserted", facts.c.valid_from.is_not(None), *_known(known_at), *kept_facts(store)]
    if at is not None:
        conditions += [facts.c.valid_from <= at, or_(facts.c.end.is_(None), facts.c.valid_to >= at)]
    query = select(facts.c.subject_id, facts.c.object_id, facts.c.type, facts.c.role, facts.c.valid_from, facts.c.valid_to, facts.c.end, facts.c.id).where(*conditions)
    reports: dict[tuple[int, int, str, str], list[tuple[date, int, date | None]]] = defaultdict(list)
    with store.connect() as connection:
        for subject, obj, fact_type, role, first, last, end, fact_id in connection.execute(query):
            reports[(int(subject), int(obj), fact_type, role or "")].append((first, int(fact_id), last if end is not None or fact_type in EVENT_TYPES else None))
    edges = []
    for (subject, obj, fact_type, role), found in reports.items():
        first, fact_id, _ = min(found)
        ends = [u for _, _, u in found if u is not None]
        until = max(ends) if ends and (fact_type in EVENT_TYPES or len(ends) == len(found)) else None  # an event ends on its day; a state only when every report says so
        edges.append(Edge(subject, obj, fact_type, role, first, until, max(f[0] for f in found), len(found), fact_id))
    return edges


def edges_at(store: Store, at: date | None, types: tuple[str, ...] | None = None, known_at: date | None = None) -> list[Edge]:
    """Every relation holding on `at` (all types by default), as the press knew it by `known_at`; with no `at`, every term ever.

    Edges go by pair (smaller entity id first), type, first day and fact.
    """
    chosen = tuple(types) if types else EDGE_TYPES
    relations = tuple(t for t in chosen if t in RELATION_TYPES)
    extra: list[Edge] = []
    if relations:
        index, ends = relation_index(store, known_at)
        positions = _holding(index, relations, at)
        extra += index.walked_edges(set(relations), at)
    else:
        index, positions = _NO_RELATIONS, []
        ends, _ = _ends(store, known_at, _stamps(store)[1])
    posts = tuple(t for t in chosen if t in ("role", "member"))
    if posts:
        extra += _post_edges(store, posts, at, known_at, ends)
    others = tuple(t for t in chosen if t not in RELATION_TYPES and t not in ("role", "member"))
    if others:
        extra += _other_edges(store, others, at, known_at)
    groups = index.groups
    edges = [groups[i].edge(at) for i in (positions.tolist() if relations else [])]
    if not extra:
        return edges  # already in order
    edges += extra
    return [edges[i] for i in _edge_order(positions, index, extra).tolist()]


# --------------------------------------------------------------------------- a day's relation network, a page at a time


@dataclass(slots=True)
class _Arrays:
    """The folded groups of a `RelationIndex` as numpy columns, so a day's holding edges are a few vector operations."""

    kind: Any  # rank in `EDGE_TYPES`
    since: Any  # day ordinals
    until: Any  # the end of either side, or past any day
    walked_from: Any  # the day the pair is walked from instead, or past any day
    lo: Any
    hi: Any
    order: Any  # positions of the groups in edge order (`_edge_order`)


NEVER = date.max.toordinal() + 1

_NO_RELATIONS = RelationIndex([], {}, {}, set())

EDGE_TYPES = tuple(sorted({*RELATION_TYPES, "role", "member", *EVENT_TYPES, "portfolio", "stance"}))
"""Every type an edge may have, in the order edges of one pair are listed."""


def _arrays(index: RelationIndex) -> _Arrays:
    """The index's numpy columns, made the first time a day is asked of it (or carried over from the index it extends)."""
    if index.arrays is None:
        kind, since, until, walked_from, lo, hi = _columns(index.groups, index.walk_from)
        index.arrays = _Arrays(kind, since, until, walked_from, lo, hi, _order(kind, since, lo, hi))
    found: _Arrays = index.arrays
    return found


def _columns(groups: list[_Group], walk_from: dict[tuple[int, int], date]) -> tuple[Any, Any, Any, Any, Any, Any]:
    """(type rank, first day, end, walked from, smaller entity, larger entity) of these groups, as numpy columns."""
    import numpy as np  # only a day's network needs it (other CLI queries never load numpy)

    count = len(groups)
    kinds = {kind: EDGE_TYPES.index(kind) for kind in RELATION_TYPES}
    return (
        np.fromiter((kinds[g.kind] for g in groups), np.int64, count),
        np.fromiter((g.since.toordinal() for g in groups), np.int64, count),
        np.fromiter((g.until.toordinal() if g.until else NEVER for g in groups), np.int64, count),
        np.fromiter((walk_from[(g.lo, g.hi)].toordinal() if (g.lo, g.hi) in walk_from else NEVER for g in groups), np.int64, count),
        np.fromiter((g.lo for g in groups), np.int64, count),
        np.fromiter((g.hi for g in groups), np.int64, count),
    )


def _order(kind: Any, since: Any, lo: Any, hi: Any) -> Any:
    import numpy as np

    return np.lexsort((since, kind, hi, lo))  # one group per pair and type: no tie left


def _carried_arrays(kept: _Arrays, groups: list[_Group], walk_from: dict[tuple[int, int], date], changed: set[int]) -> _Arrays:
    """The kept index's columns with the groups at `changed` (and any appended after its last) made again: an extension costs its new reports.

    Making every column again costs about 100 ms at 144,000 pairs, after each relation a server is told of.
    """
    import numpy as np

    count, before = len(groups), len(kept.kind)
    columns = [np.concatenate([old, np.zeros(count - before, dtype=np.int64)]) for old in (kept.kind, kept.since, kept.until, kept.walked_from, kept.lo, kept.hi)]
    at = np.fromiter(sorted(changed | set(range(before, count))), np.int64)
    for column, fresh in zip(columns, _columns([groups[int(k)] for k in at], walk_from), strict=True):
        column[at] = fresh
    kind, since, until, walked_from, lo, hi = columns
    return _Arrays(kind, since, until, walked_from, lo, hi, _order(kind, since, lo, hi))


def _holding(index: RelationIndex, relations: tuple[str, ...], at: date | None) -> Any:
    """Positions in the index's groups of the folded edges of these types holding on `at` (every one, with no `at`), in edge order.

    A folded pair holds from its first report to the end of either side,
    unless it is walked by then (cooperation and opposition both reported:
    `RelationIndex.walked_edges` gives its terms instead).
    """
    import numpy as np

    columns = _arrays(index)
    holding = np.isin(columns.kind, [EDGE_TYPES.index(k) for k in relations])
    if at is None:
        holding &= columns.walked_from == NEVER
    else:
        day = at.toordinal()
        holding &= (columns.since <= day) & (day <= columns.until) & (day < columns.walked_from)
    return columns.order[holding[columns.order]]


def _edge_columns(folded: Any, index: RelationIndex, extra: list[Edge]) -> tuple[Any, Any, Any, Any, Any]:
    """(smaller entity, larger entity, type rank, first day, fact) of these edges, as columns: the folded groups at `folded`, then `extra`.

    A folded group's fact is left 0: one group per pair and type, it never needs the tie broken.
    """
    import numpy as np

    columns, count = _arrays(index), len(extra)
    lo = np.concatenate([columns.lo[folded], np.fromiter((min(e.subject, e.object) for e in extra), np.int64, count)])
    hi = np.concatenate([columns.hi[folded], np.fromiter((max(e.subject, e.object) for e in extra), np.int64, count)])
    kind = np.concatenate([columns.kind[folded], np.fromiter((EDGE_TYPES.index(e.type) for e in extra), np.int64, count)])
    since = np.concatenate([columns.since[folded], np.fromiter(((e.since or date.min).toordinal() for e in extra), np.int64, count)])
    fact = np.concatenate([np.zeros(len(folded), dtype=np.int64), np.fromiter((e.fact for e in extra), np.int64, count)])
    return lo, hi, kind, since, fact


def _edge_order(folded: Any, index: RelationIndex, extra: list[Edge]) -> Any:
    """The order of these edges (`_edge_columns`): by pair (smaller entity id first), type, first day, fact."""
    import numpy as np

    lo, hi, kind, since, fact = _edge_columns(folded, index, extra)
    return np.lexsort((fact, since, kind, hi, lo))


def _components(first: Any, second: Any, count: int) -> Any:
    """Each node's component, named by its smallest node: hook the larger label under the smaller along every edge, then jump pointers."""
    import numpy as np

    labels = np.arange(count)
    while True:
        a, b = labels[first], labels[second]
        if np.array_equal(a, b):
            return labels
        low = np.minimum(a, b)
        np.minimum.at(labels, a, low)
        np.minimum.at(labels, b, low)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped


@dataclass(slots=True)
class DayNetwork:
    """The relations holding on one day, ordered for paging: the biggest connected group of entities first.

    Within a group, edges go by their pair of entities (smaller id first),
    type and first day.  Only the edges of a page asked for are made.
    """

    at: date
    total: int
    component_count: int
    _index: RelationIndex
    _folded: Any  # indexes into the index's groups of the folded edges holding
    _extra: list[Edge]  # the walked pairs' edges, and those of types other than relations
    _order: Any  # positions (folded first, then walked) in page order
    _rank: Any  # each position's component, 0 the biggest
    _nodes: Any  # entity ids, ascending
    _ends: Any  # each position's two nodes, as indexes into `_nodes`

    def _edge(self, position: int) -> Edge:
        folded = len(self._folded)
        return self._index.groups[int(self._folded[position])].edge(self.at) if position < folded else self._extra[position - folded]

    def page(self, offset: int, limit: int) -> list[tuple[Edge, int]]:
        """The edges from `offset` in page order, each with its component (0 the biggest)."""
        chosen = self._order[offset : offset + limit]
        return [(self._edge(int(p)), int(self._rank[p])) for p in chosen]

    def best_connected(self, count: int) -> list[int]:
        """The `count` entities with the most relations that day (ties by id), for a drawing that must stay readable."""
        import numpy as np

        degree = np.bincount(self._ends.ravel(), minlength=len(self._nodes))
        best = np.lexsort((self._nodes, -degree))[:count]
        return sorted(int(self._nodes[i]) for i in best)

    def among(self, ids: list[int]) -> list[Edge]:
        """Every edge between two of these entities, in page order."""
        import numpy as np

        wanted = np.isin(self._nodes, np.asarray(ids, dtype=np.int64))
        inside = wanted[self._ends[:, 0]] & wanted[self._ends[:, 1]]
        return [self._edge(int(p)) for p in self._order if inside[p]]

    @property
    def node_count(self) -> int:
        return len(self._nodes)


def day_network(store: Store, at: date, types: tuple[str, ...] = ALLIANCE_TYPES, known_at: date | None = None) -> DayNetwork:
    """What holds on `at` between entities (as known by `known_at`), the same edges as `edges_at`, ready to page.

    Alliances, coalitions and oppositions come from the kept relation index;
    any other type asked for (posts, events) is read as `edges_at` reads it.
    """
    import numpy as np

    relations = tuple(t for t in RELATION_TYPES if t in types)
    others = tuple(sorted(set(types) - set(RELATION_TYPES)))
    extra: list[Edge] = []
    if relations:
        index, _ = relation_index(store, known_at)
        folded = _holding(index, relations, at)
        extra += index.walked_edges(set(relations), at)
    else:
        index, folded = _NO_RELATIONS, np.zeros(0, dtype=np.int64)
    if others:
        extra += edges_at(store, at, others, known_at)
    lo, hi, kind, since, fact = _edge_columns(folded, index, extra)
    nodes = np.unique(np.concatenate([lo, hi]))
    ends = np.stack([np.searchsorted(nodes, lo), np.searchsorted(nodes, hi)], axis=1).reshape(-1, 2)
    labels = _components(ends[:, 0], ends[:, 1], len(nodes))
    sizes = np.bincount(labels, minlength=len(nodes))
    roots = np.flatnonzero(sizes)
    ranked = roots[np.lexsort((roots, -sizes[roots]))]  # biggest first; a tie by its smallest entity id
    rank_of = np.empty(len(nodes), dtype=np.int64)
    rank_of[ranked] = np.arange(len(ranked))
    rank = rank_of[labels[ends[:, 0]]]
    order = np.lexsort((fact, since, kind, hi, lo, rank))
    return DayNetwork(at, len(lo), len(ranked), index, folded, extra, order, rank, nodes, ends)


def nodes_named(store: Store, ids: set[int]) -> list[tuple[int, str, str]]:
    """(id, name, type) of these entities, by id."""
    with store.connect() as connection:
        return sorted(_named(connection, ids))


def relations_at(store: Store, at: date, types: tuple[str, ...] | None = None, known_at: date | None = None) -> nx.MultiDiGraph:
    """Entities as nodes and the relations holding on `at` as edges (all types by default), with their first and last day."""
    return graph_of(store, edges_at(store, at, types, known_at), at)


def edge_data(edge: Edge, at: date) -> dict[str, Any]:
    """An edge's attributes as a graph (and a page) shows them: days as text, how old its latest report is."""
    data: dict[str, Any] = {"type": edge.type, "role": edge.role, "since": edge.since.isoformat() if edge.since else "", "reports": edge.reports, "fact": edge.fact}
    if edge.until is not None:
        data["until"] = edge.until.isoformat()
    if edge.last_reported is not None:
        data["last_reported"] = edge.last_reported.isoformat()
        data["age_days"] = (at - edge.last_reported).days
    return data


def graph_of(store: Store, edges: list[Edge], at: date, ids: list[int] | None = None) -> nx.MultiDiGraph:
    """These edges as a graph whose nodes (their ends, and `ids`) carry their entity's name and type."""
    import networkx as nx  # a CLI query answers without it; graphs are for the pages, the layout and the GraphML export

    graph: nx.MultiDiGraph = nx.MultiDiGraph(at=at.isoformat())
    with store.connect() as connection:
        _add_nodes(connection, graph, {i for e in edges for i in (e.subject, e.object)} | set(ids or ()))
    for e in edges:
        graph.add_edge(e.subject, e.object, **edge_data(e, at))
    return graph


def _add_nodes(connection: Connection, graph: nx.Graph, ids: set[int]) -> None:
    for entity_id, name, entity_type in _named(connection, ids):
        graph.add_node(entity_id, name=name, type=entity_type)


def _named(connection: Connection, ids: set[int]) -> list[tuple[int, str, str]]:
    chosen, found = sorted(ids), []
    for start in range(0, len(chosen), 20_000):
        query = select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(chosen[start : start + 20_000]))
        found += [(int(i), str(n), str(t)) for i, n, t in connection.execute(query)]
    return found


def nodes_of(store: Store, edges: list[Edge]) -> list[tuple[int, str, str]]:
    """(id, name, type) of every entity these edges link, for answers that need no graph."""
    with store.connect() as connection:
        return sorted(_named(connection, {i for e in edges for i in (e.subject, e.object)}))


def change_days(store: Store, types: tuple[str, ...] = ALLIANCE_TYPES, known_at: date | None = None) -> list[date]:
    """Every day the network of these relations changes: a relation begins, or the day after one ends.

    Alliances, coalitions and oppositions are read off the relation index
    (every term ever, as `edges_at` with no day gives them) without making
    an edge of each.
    """
    days: set[date] = set()
    relations = set(types) & set(RELATION_TYPES)
    spans: list[tuple[date | None, date | None]] = []
    if relations:
        index, _ = relation_index(store, known_at)
        spans += [(index.groups[i].since, index.groups[i].until) for i in _holding(index, tuple(relations), None).tolist()]
        spans += [(e.since, e.until) for e in index.walked_edges(relations, None)]
    others = tuple(t for t in types if t not in RELATION_TYPES)
    if others:
        spans += [(e.since, e.until) for e in edges_at(store, None, others, known_at)]
    for since, until in spans:
        if since is not None:
            days.add(since)
        if until is not None and until < date.max:
            days.add(until + timedelta(days=1))
    return sorted(days)


LAID_OUT = 300
"""Entities placed by the spring layout, the best connected first; the rest wait on an outer ring (and a page draws at most 80)."""


def layout(store: Store, types: tuple[str, ...] = ALLIANCE_TYPES, seed: int = 7) -> dict[int, tuple[float, float]]:
    """Positions in [0, 1]² for every entity these relations ever linked, fixed by `seed`.

    Each connected group of entities gets a spring layout of its own in a
    cell of a grid, biggest first, so separate groups (two countries, say)
    sit side by side instead of being flung to the corners.  Only the
    `LAID_OUT` best connected entities are laid out, which keeps the layout
    quick and dense (numpy only) on a store of millions of facts.
    """
    import networkx as nx

    every: nx.Graph = nx.Graph()
    with store.connect() as connection:
        pairs = connection.execute(select(facts.c.subject_id, facts.c.object_id).where(*_between_entities(types), facts.c.modality == "asserted").distinct())
        every.add_edges_from((int(a), int(b)) for a, b in pairs)
    chosen = sorted(every.nodes, key=lambda n: (-every.degree(n), n))[:LAID_OUT]
    graph = every.subgraph(chosen)
    parts = sorted((sorted(part) for part in nx.connected_components(graph)), key=lambda part: (-len(part), part[0]))
    columns = max(1, math.ceil(math.sqrt(len(parts))))
    rows = max(1, math.ceil(len(parts) / columns))
    positions: dict[int, tuple[float, float]] = {}
    for index, part in enumerate(parts):
        cell_x, cell_y = index % columns, index // columns
        if len(part) <= 2:  # one node, or a pair side by side
            inner = dict(zip(part, [(0.5, 0.5)] if len(part) == 1 else [(0.15, 0.5), (0.85, 0.5)], strict=True))
        else:
            inner = _spread(nx.spring_layout(graph.subgraph(part), seed=seed))
        for node, (x, y) in inner.items():
            positions[int(node)] = ((cell_x + 0.1 + 0.8 * x) / columns, (cell_y + 0.1 + 0.8 * y) / rows)
    rest = sorted(set(every.nodes) - set(positions))
    for i, node in enumerate(rest):
        angle = 2 * math.pi * i / len(rest)
        positions[node] = (0.5 + 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle))
    return positions


def _spread(positions: dict[int, Any]) -> dict[int, tuple[float, float]]:
    """Layout coordinates stretched to fill [0, 1]² (a line of two nodes stays centred on its flat side)."""
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]

    def scaled(value: float, low: float, high: float) -> float:
        return (value - low) / (high - low) if high - low > 1e-9 else 0.5

    return {n: (scaled(float(p[0]), min(xs), max(xs)), scaled(float(p[1]), min(ys), max(ys))) for n, p in positions.items()}
