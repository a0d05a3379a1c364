"""GraphML of entities and the relations that hold on a day, for Gephi, yEd or networkx (see `query.network`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx

from politograph.export.atomic import atomic_text
from politograph.query.network import relations_at
from politograph.store.repository import Store


def export_graphml(store: Store, path: Path, at: date) -> dict[str, int]:
    """Write the graph as of `at` to `path`; counts of nodes and edges."""
    graph = relations_at(store, at)
    for entity_id, ids in store.external_ids().items():
        if entity_id in graph:
            graph.nodes[entity_id].update({f"{scheme}_id": value for scheme, value in ids.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(path) as handle:
        handle.write("\n".join(nx.generate_graphml(graph)))
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
