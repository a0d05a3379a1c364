"""Party lineage: predecessors and successors through splits, mergers and renames.

The graph is built from every stored merger, split and rename (articles and
packs' reference data alike) as a networkx DiGraph whose edges run from the
older group to the newer one; `lineage` walks it both ways from one party.
A merger's `result` and a rename's new name are names, so they are looked up
like any user's query; a name that answers to two entities at once is left
out rather than guessed.

An answer's predecessors and successors are trees of `Branch`es; `descend`
walks one, parents before children, for every reader that draws or sends it
(the CLI's tree, the page's chart, the API's nested branches).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import select

from politograph.model import fold_name
from politograph.query.asof import entity_ids, fact_rows
from politograph.query.records import Citation, evidence_of
from politograph.store.repository import Store
from politograph.store.schema import entities, facts

if TYPE_CHECKING:  # networkx is loaded by the answer that builds the graph, so every other command starts without it
    import networkx as nx

T = TypeVar("T")


@dataclass(slots=True)
class Step:
    """One link between two groups: how and when one became (part of) the other."""

    kind: str  # merged into | split off | renamed
    older: str
    newer: str
    day: date | None
    evidence: list[Citation] = field(default_factory=list)
    older_id: int | None = None
    newer_id: int | None = None


class Branch(NamedTuple):
    """One group reached from a party: the step that links them, and the groups reached from it in turn (by name).

    A pair, so `step, below = tree[name]` reads it as well as `.step` and `.below`.
    """

    step: Step
    below: dict[str, Branch]


Branches = dict[str, Branch]
"""Groups by the name the tree shows them under: a party's predecessors, or its successors."""


@dataclass(slots=True)
class Lineage:
    """A party's ancestry and descendants as trees of steps, and its own renames and dates."""

    name: str
    founded: date | None
    ended: date | None
    renames: list[Step]
    predecessors: Branches
    successors: Branches


@dataclass(frozen=True, slots=True)
class Reached:
    """A group as the walk reaches it: the name the tree shows, the step that reached it, and the group's id."""

    name: str
    step: Step
    entity_id: int | None


def descend(tree: Branches, forward: bool, visit: Callable[[Reached, T], T | None], parent: T) -> None:
    """Walk a tree parents first: `visit` gets each group and what its parent's visit returned, and returns what its children get.

    `forward` says which tree it is (successors: the group reached is each
    step's newer side; predecessors: its older side).  A visit that returns
    None stops the walk below that group.
    """
    for name, branch in tree.items():
        step = branch.step
        below = visit(Reached(name, step, step.newer_id if forward else step.older_id), parent)
        if below is not None:
            descend(branch.below, forward, visit, below)


def _names(store: Store) -> dict[int, str]:
    with store.connect() as connection:
        return {int(i): str(n) for i, n in connection.execute(select(entities.c.id, entities.c.name))}


def _result_entity(store: Store, result: str, sides: set[int], names: dict[int, str]) -> int | None:
    """The one entity a merger's result or a rename's new name denotes, besides the parties themselves."""
    found = [int(e["id"]) for e in store.find_entities(result)]
    if set(found) & sides:  # a rename that keeps the identity, or a merger into one of the parties
        return min(set(found) & sides)
    exact = [i for i in found if fold_name(names.get(i, "")) == fold_name(result)]
    chosen = exact or found
    return chosen[0] if len(chosen) == 1 else None


def lineage_graph(store: Store, known_at: date | None = None) -> nx.MultiDiGraph:
    """Every asserted merger, split and rename as edges from older to newer group; a rename in place is a node's "renames"."""
    names = _names(store)
    import networkx as nx

    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    rows = fact_rows(store, facts.c.type.in_(("merger", "split", "rename")), facts.c.modality == "asserted", facts.c.subject_id.is_not(None), known_at=known_at)
    steps: dict[tuple[Any, ...], Step] = {}
    for row in rows:
        subject, other = int(row["subject_id"]), row["object_id"]
        links: list[tuple[str, int, int]] = []
        if row["type"] == "split" and other is not None:
            links.append(("split off", subject, int(other)))
        elif row["type"] == "merger":
            sides = {subject} | ({int(other)} if other is not None else set())
            into = _result_entity(store, row["result"], sides, names) if row["result"] else None
            for side in sides:
                if into is not None and side != into:
                    links.append(("merged into", side, into))
        elif row["type"] == "rename" and row["result"]:
            into = _result_entity(store, row["result"], {subject}, names)
            links.append(("renamed", subject, into if into is not None else subject))
        for kind, older, newer in links:
            key = (kind, older, newer, row["valid_from"])
            step = steps.get(key)
            if step is None:
                label = row["result"] if older == newer else names.get(newer, str(newer))
                step = steps[key] = Step(kind, names.get(older, str(older)), label, row["valid_from"], older_id=older, newer_id=newer)
                if older == newer:
                    graph.add_node(older)
                    graph.nodes[older].setdefault("renames", []).append(step)
                else:
                    graph.add_edge(older, newer, step=step)
            step.evidence.append(evidence_of(row))
    return graph


def merged_away_on(graph: nx.MultiDiGraph) -> dict[int, date]:
    """The day each group merged into another one: its end, when no dissolution says otherwise."""
    ended: dict[int, date] = {}
    for older, _, step in graph.edges(data="step"):
        if step.kind == "merged into" and step.day:
            ended[older] = max(ended.get(older, date.min), step.day)
    return ended


def _tree(graph: nx.MultiDiGraph, node: int, forward: bool, seen: set[int], since: date | None = None) -> Branches:
    """The groups reachable from `node` (forward: successors; else predecessors), each with its own tree.

    The walk only moves on in time: a successor's successors come after it
    became one (the LDP's splits of 1993 are no successors of a party that
    merged into it in 2018), and a predecessor's predecessors came before.
    """
    tree: Branches = {}
    edges = graph.out_edges(node, data=True) if forward else graph.in_edges(node, data=True)
    for older, newer, data in sorted(edges, key=lambda e: e[2]["step"].day or date.min):
        step: Step = data["step"]
        nxt = newer if forward else older
        in_order = since is None or step.day is None or (step.day >= since if forward else step.day <= since)
        if nxt in seen or not in_order:
            continue
        tree[f"{step.newer if forward else step.older}"] = Branch(step, _tree(graph, nxt, forward, seen | {nxt}, step.day or since))
    return tree


def _founded_and_ended(store: Store, ids: list[int], known_at: date | None) -> tuple[date | None, date | None]:
    founded = fact_rows(store, facts.c.type == "founding", facts.c.modality == "asserted", facts.c.object_id.in_(ids), known_at=known_at)
    ended = fact_rows(store, facts.c.type == "dissolution", facts.c.modality == "asserted", facts.c.subject_id.in_(ids), known_at=known_at)
    first = min((r["valid_from"] for r in founded if r["valid_from"]), default=None)
    last = max((r["valid_from"] for r in ended if r["valid_from"]), default=None)
    return first, last


def lineage(store: Store, name: str, known_at: date | None = None) -> list[Lineage]:
    """Predecessors and successors of every party going by `name` (a canonical name match first)."""
    names = _names(store)
    found = entity_ids(store, name)
    exact = [i for i in found if fold_name(names.get(i, "")) == fold_name(name)]
    return lineage_of(store, exact or found, known_at)


def lineage_of(store: Store, ids: list[int], known_at: date | None = None, graph: nx.MultiDiGraph | None = None) -> list[Lineage]:
    """Predecessors and successors of these stored entities (by id, for pages that link by id)."""
    graph = lineage_graph(store, known_at) if graph is None else graph
    merged_away = merged_away_on(graph)
    names = _names(store)
    answers = []
    for entity_id in ids:
        founded, ended = _founded_and_ended(store, [entity_id], known_at)
        if entity_id in merged_away:
            ended = max(merged_away[entity_id], ended or date.min)
        renames = graph.nodes[entity_id].get("renames", []) if entity_id in graph else []
        predecessors = _tree(graph, entity_id, False, {entity_id}) if entity_id in graph else {}
        successors = _tree(graph, entity_id, True, {entity_id}) if entity_id in graph else {}
        answers.append(Lineage(names.get(entity_id, str(entity_id)), founded, ended, renames, predecessors, successors))
    return answers
