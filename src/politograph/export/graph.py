"""GraphML of entities and the relations that hold on a day, for Gephi, yEd or networkx (see `query.network`).

Each edge carries its tenure, not the days it was reported: `start` is the
first day of the relation's term and `end` the day a report ends it (left
out while it is open), with `last_reported` and `age_days` saying how fresh
the evidence is, so a tool that filters edges by time sees the same
intervals as `politograph who` and the network page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx

from politograph.export.atomic import atomic_text
from politograph.query.network import relations_at
from politograph.store.repository import Store


def export_graphml(store: Store, path: Path, at: date, known_at: date | None = None) -> dict[str, int]:
    """Write the graph as of `at` (as known by `known_at`) to `path`; counts of nodes and edges."""
    graph = relations_at(store, at, known_at=known_at)
    for entity_id, ids in store.external_ids().items():
        if entity_id in graph:
            graph.nodes[entity_id].update({f"{scheme}_id": value for scheme, value in ids.items()})
    for _, _, data in graph.edges(data=True):
        data["start"] = data["since"]
        if "until" in data:
            data["end"] = data["until"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(path) as handle:
        handle.write("\n".join(nx.generate_graphml(graph)))
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
