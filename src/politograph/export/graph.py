"""GraphML of entities and the relations that hold on a day, for Gephi, yEd or networkx (see `query.network`).

Each edge carries its tenure, not the days it was reported: `start` is the
first day of the relation's term and `end` the day a report ends it (left
out while it is open), with `last_reported` and `age_days` saying how fresh
the evidence is, so a tool that filters edges by time sees the same
intervals as `politograph who` and the network page.  Each edge also says
how it is known: its `modality`, its `confidence` (the surest of the
reports counted) and the evidence of its latest report by the day drawn
(`source`, `url`, `published`, `sentence`, `doc_id`).

A merger is drawn as the lineage graph has it: from each partner to the
party they formed, not between the partners, so following edges forward
follows a party's history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import select

from politograph.export.atomic import atomic_text, make_folder
from politograph.export.provenance import DocumentBook
from politograph.model import SYMMETRIC_FACT_TYPES
from politograph.query.asof import fact_rows
from politograph.query.lineage import lineage_graph
from politograph.query.network import relations_at
from politograph.store.repository import Store
from politograph.store.schema import entities, facts

CHUNK = 500


def _edge_key(subject: int, obj: int, kind: str, role: str | None) -> tuple[Hashable, ...]:
    """The reports of one drawn edge: a symmetric relation either way round, others as stated."""
    ends = (min(subject, obj), max(subject, obj)) if kind in SYMMETRIC_FACT_TYPES or kind == "opposition" else (subject, obj)
    return (*ends, kind, role or "")


def _report_day(row: dict[str, Any]) -> date:
    day: date = row["valid_from"] or row["published"]
    return day


def _reports_between(store: Store, graph: nx.MultiDiGraph, at: date, known_at: date | None) -> dict[tuple[Hashable, ...], list[dict[str, Any]]]:
    """Every asserted report between two drawn entities (by `at`, as known by `known_at`), grouped by the edge it backs."""
    nodes = sorted(n for n in graph.nodes if isinstance(n, int))
    present = set(nodes)
    kinds = sorted({str(data["type"]) for _, _, data in graph.edges(data=True)})
    found: dict[tuple[Hashable, ...], list[dict[str, Any]]] = defaultdict(list)
    if not kinds:
        return found
    for start in range(0, len(nodes), CHUNK):
        chunk = nodes[start : start + CHUNK]
        rows = fact_rows(store, facts.c.type.in_(kinds), facts.c.modality == "asserted", facts.c.subject_id.in_(chunk), facts.c.object_id.is_not(None), known_at=known_at)
        for row in rows:
            if row["object_id"] in present and _report_day(row) <= at:
                found[_edge_key(int(row["subject_id"]), int(row["object_id"]), str(row["type"]), row["role"])].append(row)
    return found


def _latest(reports: list[dict[str, Any]], since: str | None) -> list[dict[str, Any]]:
    """The reports of the edge's own term (from its first day), latest last; all of them when the term's first day is unknown."""
    first = date.fromisoformat(since) if since else None
    chosen = [r for r in reports if first is None or _report_day(r) >= first] or reports
    return sorted(chosen, key=lambda r: (_report_day(r), r["published"], int(r["id"])))


def _describe(data: dict[str, Any], reports: list[dict[str, Any]], book: DocumentBook) -> None:
    """Tenure, modality, confidence and the latest report's evidence on one edge's attributes."""
    data["start"] = data.get("since", "")
    if data.get("until"):
        data["end"] = data["until"]
    data["modality"] = "asserted"
    if not reports:
        return
    data["confidence"] = max(float(r["confidence"]) for r in reports)
    data.update(book.evidence(reports[-1]))


def _without_partner_mergers(graph: nx.MultiDiGraph) -> None:
    """Mergers as the network reads them join the partners; the lineage draws them towards the result instead."""
    doomed = [(u, v, k) for u, v, k, kind in graph.edges(keys=True, data="type") if kind == "merger"]
    graph.remove_edges_from(doomed)


def _add_mergers(store: Store, graph: nx.MultiDiGraph, at: date, known_at: date | None) -> dict[tuple[Hashable, ...], list[dict[str, Any]]]:
    """An edge from each partner of a merger (by `at`) to the party it formed; their reports, by edge."""
    lineage = lineage_graph(store, known_at)
    steps = [(older, newer, step) for older, newer, step in lineage.edges(data="step") if step.kind == "merged into" and step.day and step.day <= at]
    ids = sorted({c.fact_id for _, _, step in steps for c in step.evidence if c.fact_id is not None})
    rows = {int(r["id"]): r for start in range(0, len(ids), CHUNK) for r in fact_rows(store, facts.c.id.in_(ids[start : start + CHUNK]))}
    _add_nodes(store, graph, {i for older, newer, _ in steps for i in (older, newer)} - set(graph.nodes))
    found: dict[tuple[Hashable, ...], list[dict[str, Any]]] = {}
    for older, newer, step in steps:
        reports = [rows[c.fact_id] for c in step.evidence if c.fact_id in rows]
        if not reports:
            continue
        day = step.day.isoformat()
        first = min(int(r["id"]) for r in reports)
        graph.add_edge(older, newer, type="merger", role="into", since=day, until=day, last_reported=day, age_days=(at - step.day).days, reports=len(reports), fact=first)
        found[(older, newer, "merger", "into")] = reports
    return found


def _add_nodes(store: Store, graph: nx.MultiDiGraph, ids: set[int]) -> None:
    with store.connect() as connection:
        for entity_id, name, kind in connection.execute(select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(sorted(ids)))):
            graph.add_node(int(entity_id), name=str(name), type=str(kind))


def export_graphml(store: Store, path: Path, at: date, known_at: date | None = None) -> dict[str, int]:
    """Write the graph as of `at` (as known by `known_at`) to `path`; counts of nodes and edges."""
    graph = relations_at(store, at, known_at=known_at)
    _without_partner_mergers(graph)
    mergers = _add_mergers(store, graph, at, known_at)
    reports = _reports_between(store, graph, at, known_at)
    book = DocumentBook.read(store)
    for u, v, data in graph.edges(data=True):
        if data["type"] == "merger":
            _describe(data, mergers.get((u, v, "merger", "into"), []), book)
        else:
            _describe(data, _latest(reports.get(_edge_key(u, v, data["type"], data.get("role")), []), data.get("since")), book)
    for entity_id, ids in store.external_ids().items():
        if entity_id in graph:
            graph.nodes[entity_id].update({f"{scheme}_id": value for scheme, value in ids.items()})
    make_folder(path.parent)
    with atomic_text(path) as handle:
        handle.write("\n".join(nx.generate_graphml(graph)))
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
