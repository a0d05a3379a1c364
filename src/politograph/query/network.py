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
archive has a hundred thousand of them: those are read as one aggregate per
pair in SQL, and only pairs with an end, a negation or both cooperation and
opposition are walked report by report.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import networkx as nx
from sqlalchemy import ColumnElement, Connection, func, or_, select

from politograph.query.asof import entity_ends
from politograph.query.states import (
    COOPERATION,
    RELATION_TYPES,
    EntityEnds,
    Term,
    member_terms,
    relation_terms,
    role_terms,
)
from politograph.store.repository import Store
from politograph.store.schema import documents, entities, facts

ALLIANCE_TYPES = RELATION_TYPES
"""The relations of the alliance/coalition network (the other types link events, not sides)."""

EVENT_TYPES = frozenset({"split", "merger", "founding", "dissolution", "rename", "meeting", "election", "referendum"})


@dataclass(slots=True)
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
    query = select(facts, documents.c.published, documents.c.source, documents.c.kind).join(documents, documents.c.id == facts.c.doc_id).where(*conditions)
    with store.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query.order_by(facts.c.id))]


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


def _relation_edges(store: Store, types: tuple[str, ...], at: date | None, known_at: date | None, ends: EntityEnds) -> list[Edge]:
    """Alliances, coalitions and oppositions as terms: holding on `at`, or (no `at`) every term ever.

    Two reads of the covering index `ix_facts_relations`: the pairs that
    need walking (a stated end, a former or negated report, on any day), and
    every asserted report by `at`, folded here into one term per pair and type.
    """
    day = func.coalesce(facts.c.valid_from, facts.c.recorded_at)
    between = [*_between_entities(tuple(RELATION_TYPES)), *_known(known_at)]
    walked = or_(facts.c.end.is_not(None), facts.c.former.is_(True), facts.c.modality == "negated")
    asserted = [*between, facts.c.modality == "asserted"] + ([day <= at] if at is not None else [])
    with store.connect() as connection:
        walk = {_pair(int(a), int(b)) for a, b in connection.execute(select(facts.c.subject_id, facts.c.object_id).where(*between, walked).distinct())}
        reports = connection.execute(select(facts.c.type, facts.c.subject_id, facts.c.object_id, day, facts.c.id).where(*asserted)).all()
    folded: dict[tuple[int, int, str], list[Any]] = {}  # (pair, type) -> [first, last, reports, first fact, its subject, its object]
    for kind, subject, obj, first, fact_id in reports:
        pair = (subject, obj) if subject <= obj else (obj, subject)
        if walk and pair in walk:
            continue
        key = (pair[0], pair[1], kind)
        known = folded.get(key)
        if known is None:
            folded[key] = [first, first, 1, fact_id, subject, obj]
            continue
        if first < known[0]:
            known[0] = first
        elif first > known[1]:
            known[1] = first
        known[2] += 1
        if fact_id < known[3]:
            known[3], known[4], known[5] = fact_id, subject, obj
    opposed = {(a, b) for a, b, kind in folded if kind == "opposition"}
    for a, b, kind in folded:
        if kind in COOPERATION and (a, b) in opposed:  # cooperation may have ended the opposition: walk the pair
            walk.add((a, b))
    wanted = set(types)
    edges: list[Edge] = []
    for (a, b, kind), (since, last, count, fact_id, subject, obj) in folded.items():
        if kind not in wanted or (a, b) in walk:
            continue
        until = reason = None
        if ends.by_entity:
            ended = ends.of(a, b)
            if ended is not None:
                until, reason = max(ended.day, since), ended.reason  # ended before it began: cut on its first day
                if at is not None and at > until:
                    continue
        edges.append(Edge(subject, obj, kind, "", since, until, last, count, fact_id, reason))
    return edges + _walked(store, sorted(walk), wanted, at, known_at, ends)


def _pair(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first <= second else (second, first)


def _walked(store: Store, pairs: list[tuple[int, int]], wanted: set[str], at: date | None, known_at: date | None, ends: EntityEnds) -> list[Edge]:
    """The pairs whose relations need their reports walked in order (an end, a negation, cooperation after opposition)."""
    edges: list[Edge] = []
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
        for terms in relation_terms(rows, ends).values():
            edges += [_edge(t, str(t.holder), at) for t in terms if t.holder in wanted and (at is None or t.holds(at))]
    return edges


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
    conditions = [*_between_entities(types), facts.c.modality == "asserted", facts.c.valid_from.is_not(None), *_known(known_at)]
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
    """Every relation holding on `at` (all types by default), as the press knew it by `known_at`; with no `at`, every term ever."""
    chosen = tuple(types) if types else tuple(sorted({*RELATION_TYPES, "role", "member", *EVENT_TYPES, "portfolio", "stance"}))
    ends = entity_ends(store, known_at)
    edges: list[Edge] = []
    relations = tuple(t for t in chosen if t in RELATION_TYPES)
    if relations:
        edges += _relation_edges(store, relations, at, known_at, ends)
    posts = tuple(t for t in chosen if t in ("role", "member"))
    if posts:
        edges += _post_edges(store, posts, at, known_at, ends)
    others = tuple(t for t in chosen if t not in RELATION_TYPES and t not in ("role", "member"))
    if others:
        edges += _other_edges(store, others, at, known_at)
    edges.sort(key=lambda e: (e.subject, e.object, e.fact))
    return edges


def relations_at(store: Store, at: date, types: tuple[str, ...] | None = None, known_at: date | None = None) -> nx.MultiDiGraph:
    """Entities as nodes and the relations holding on `at` as edges (all types by default), with their first and last day."""
    graph: nx.MultiDiGraph = nx.MultiDiGraph(at=at.isoformat())
    edges = edges_at(store, at, types, known_at)
    with store.connect() as connection:
        _add_nodes(connection, graph, {i for e in edges for i in (e.subject, e.object)})
    for e in edges:
        data: dict[str, Any] = {"type": e.type, "role": e.role, "since": e.since.isoformat() if e.since else "", "reports": e.reports, "fact": e.fact}
        if e.until is not None:
            data["until"] = e.until.isoformat()
        if e.last_reported is not None:
            data["last_reported"] = e.last_reported.isoformat()
            data["age_days"] = (at - e.last_reported).days
        graph.add_edge(e.subject, e.object, **data)
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
    """Every day the network of these relations changes: a relation begins, or the day after one ends."""
    days: set[date] = set()
    for edge in edges_at(store, None, types, known_at):
        if edge.since is not None:
            days.add(edge.since)
        if edge.until is not None and edge.until < date.max:
            days.add(edge.until + timedelta(days=1))
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
