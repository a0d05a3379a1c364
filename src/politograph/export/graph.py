"""GraphML of entities and the relations that hold on a day, for Gephi, yEd or networkx.

A relation holds on `at` when it began by then and has not explicitly ended
before; events (mergers, splits) that happened by then are edges too.  Each
edge keeps its type, role, first day and how many reports back it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import networkx as nx
from sqlalchemy import and_, or_, select

from politograph.export.atomic import atomic_text
from politograph.store.repository import Store
from politograph.store.schema import entities, facts


def relations_at(store: Store, at: date) -> nx.MultiDiGraph:
    """Entities as nodes and asserted facts between two entities that hold on `at` as edges."""
    holds = and_(facts.c.valid_from <= at, or_(facts.c.end.is_(None), facts.c.valid_to >= at))
    query = select(facts.c.subject_id, facts.c.object_id, facts.c.type, facts.c.role, facts.c.valid_from).where(
        facts.c.modality == "asserted", facts.c.subject_id.is_not(None), facts.c.object_id.is_not(None), holds
    )
    graph: nx.MultiDiGraph = nx.MultiDiGraph(at=at.isoformat())
    reports: dict[tuple[int, int, str, str], list[date]] = defaultdict(list)
    with store.engine.connect() as connection:
        for subject, obj, fact_type, role, first in connection.execute(query):
            reports[(int(subject), int(obj), fact_type, role or "")].append(first)
        ids = {i for key in reports for i in key[:2]}
        for entity_id, name, entity_type in connection.execute(select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(ids))):
            graph.add_node(int(entity_id), name=name, type=entity_type)
    for (subject, obj, fact_type, role), days in sorted(reports.items()):
        graph.add_edge(subject, obj, type=fact_type, role=role, since=min(days).isoformat(), reports=len(days))
    return graph


def export_graphml(store: Store, path: Path, at: date) -> dict[str, int]:
    """Write the graph as of `at` to `path`; counts of nodes and edges."""
    graph = relations_at(store, at)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(path) as handle:
        handle.write("\n".join(nx.generate_graphml(graph)))
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
