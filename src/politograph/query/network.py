"""Who stands with (or against) whom on a day: relations between entities as a graph.

A relation holds on `at` when it began by then and has not explicitly ended
before; events (mergers, splits) that happened by then are edges too.  Each
edge keeps its type, role, first day and how many reports back it.  The web
page's date slider steps through `change_days`, the days the graph changes,
and places nodes once with `layout` over every relation ever stored, so a
party stays where it was while the slider moves.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import networkx as nx
from sqlalchemy import and_, or_, select

from politograph.store.repository import Store
from politograph.store.schema import entities, facts

ALLIANCE_TYPES = ("alliance", "coalition", "opposition")
"""The relations of the alliance/coalition network (the other types link events, not sides)."""


def _between_entities(types: tuple[str, ...] | None):  # type: ignore[no-untyped-def]
    conditions = [facts.c.modality == "asserted", facts.c.subject_id.is_not(None), facts.c.object_id.is_not(None), facts.c.subject_id != facts.c.object_id]
    if types:
        conditions.append(facts.c.type.in_(types))
    return conditions


def relations_at(store: Store, at: date, types: tuple[str, ...] | None = None) -> nx.MultiDiGraph:
    """Entities as nodes and asserted facts between two entities that hold on `at` as edges (all types by default)."""
    holds = and_(facts.c.valid_from <= at, or_(facts.c.end.is_(None), facts.c.valid_to >= at))
    query = select(facts.c.subject_id, facts.c.object_id, facts.c.type, facts.c.role, facts.c.valid_from, facts.c.id).where(*_between_entities(types), holds)
    graph: nx.MultiDiGraph = nx.MultiDiGraph(at=at.isoformat())
    reports: dict[tuple[int, int, str, str], list[tuple[date, int]]] = defaultdict(list)
    with store.engine.connect() as connection:
        for subject, obj, fact_type, role, first, fact_id in connection.execute(query):
            reports[(int(subject), int(obj), fact_type, role or "")].append((first, int(fact_id)))
        _add_nodes(connection, graph, {i for key in reports for i in key[:2]})
    for (subject, obj, fact_type, role), found in sorted(reports.items()):
        graph.add_edge(subject, obj, type=fact_type, role=role, since=min(found)[0].isoformat(), reports=len(found), fact=min(found)[1])
    return graph


def _add_nodes(connection, graph: nx.Graph, ids: set[int]) -> None:  # type: ignore[no-untyped-def]
    query = select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(sorted(ids)))
    for entity_id, name, entity_type in connection.execute(query):
        graph.add_node(int(entity_id), name=name, type=entity_type)


def change_days(store: Store, types: tuple[str, ...] = ALLIANCE_TYPES) -> list[date]:
    """Every day the network of these relations changes: a relation begins, or the day after one ends."""
    query = select(facts.c.valid_from, facts.c.valid_to, facts.c.end).where(*_between_entities(types), facts.c.valid_from.is_not(None))
    days: set[date] = set()
    with store.engine.connect() as connection:
        for first, last, end in connection.execute(query):
            days.add(first)
            if end is not None and last is not None and last < date.max:
                days.add(last + timedelta(days=1))
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
    with store.engine.connect() as connection:
        pairs = connection.execute(select(facts.c.subject_id, facts.c.object_id).where(*_between_entities(types)).distinct())
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
