"""Print politograph's import graph between stages, its circles and its backward imports.

Why a script of our own: the rule the package keeps ("a stage imports only from earlier stages and
the shared model module") is about *stages*, not files, and about every import, including the ones a
function makes to dodge a circle. ``pydeps`` draws modules; this reads the source with ``ast`` (so
nothing is imported, nothing is slow) and judges each edge against the stage order below.

    python scripts/imports.py            # stage graph, circles and offending edges
    python scripts/imports.py --modules  # every module-to-module edge as well

``tests/test_imports.py`` runs the same checks and fails on any offence.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "politograph"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: The stages in the order data flows; a module may import its own stage and any earlier one.
#: ``model`` is the shared vocabulary every stage may use (with the package's version, settings,
#: progress reporting and data-file loader); ``packs`` is country data read from nlp on; jobs wires
#: the stages together, so only the faces (spark, train, api, web, cli) sit after it.
STAGE_ORDER: tuple[tuple[str, ...], ...] = (
    ("model", "__init__", "settings", "progress", "lexicon", "lang"),
    ("packs",),
    ("ingest",),
    ("nlp",),
    ("extract",),
    ("resolve",),
    ("store",),
    ("query", "eval"),
    ("export",),
    ("jobs",),
    ("spark",),
    ("train",),
    ("api", "web"),  # siblings: the JSON routes and the pages share api/deps.py; api/app.py builds the app of both
    ("cli", "__main__"),
)

#: Inside a stage, sibling sub-packages that must not import each other (api and web are siblings
#: through ``api/deps.py``: web may use the API's shared state, never its route module).
SIBLING_RULES: dict[str, tuple[str, ...]] = {"web": ("politograph.api.routes", "politograph.api.app")}


def stage_rank() -> dict[str, int]:
    """Each top-level name's position in the flow."""
    return {name: rank for rank, names in enumerate(STAGE_ORDER) for name in names}


@dataclass(frozen=True)
class Edge:
    """One import: who imports whom, on which line, and whether a function body hides it."""

    source: str
    target: str
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def edges_of(path: Path) -> list[Edge]:
    """The politograph imports one file makes, with their nesting."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    checking_only = type_checking_nodes(tree)
    found: list[Edge] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith(PACKAGE):
                        found.append(Edge(module, alias.name, child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                target = child.module or ""
                if child.level:
                    target = resolve_relative(module, path.name == "__init__.py", child.level, child.module)
                if target.startswith(PACKAGE) and id(child) not in checking_only:
                    found.append(Edge(module, target, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def type_checking_nodes(tree: ast.Module) -> set[int]:
    """The nodes under ``if TYPE_CHECKING:``: imports there are for the type checker only and never run."""
    guarded = (statement for statement in ast.walk(tree) if isinstance(statement, ast.If) and _names_type_checking(statement.test))
    return {id(inner) for statement in guarded for inner in ast.walk(statement)}


def _names_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def all_edges() -> list[Edge]:
    return [edge for path in sorted(SOURCE.rglob("*.py")) for edge in edges_of(path)]


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def backward_edges(edges: list[Edge]) -> list[Edge]:
    """Edges from an earlier stage into a later one, and sibling imports the rules forbid."""
    rank = stage_rank()
    offending = []
    for edge in edges:
        source_stage, target_stage = stage_of(edge.source), stage_of(edge.target)
        later = rank.get(target_stage, 0) > rank.get(source_stage, 0)
        if later or any(edge.target.startswith(banned) for banned in SIBLING_RULES.get(source_stage, ())):
            offending.append(edge)
    return offending


def module_circles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected groups of modules (a package importing its own submodules does not count)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.source != edge.target and not edge.target.startswith(edge.source + "."):
            graph[edge.source].add(edge.target)
    return [sorted(group) for group in strongly_connected(graph) if len(group) > 1]


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so a deep package never hits the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    nodes = set(graph) | {target for targets in graph.values() for target in targets}
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def stage_graph(edges: list[Edge]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        source, target = stage_of(edge.source), stage_of(edge.target)
        if source != target:
            graph[source].add(target)
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="print every module-to-module edge")
    options = parser.parse_args(argv)
    edges = all_edges()
    rank = stage_rank()
    print("stage graph (stage -> the stages it imports):")
    for stage, targets in sorted(stage_graph(edges).items(), key=lambda item: rank.get(item[0], 99)):
        print(f"  {stage:9} -> {', '.join(sorted(targets, key=lambda name: rank.get(name, 99)))}")
    circles = module_circles(edges)
    offending = backward_edges(edges)
    hidden = [edge for edge in edges if edge.in_function]
    print(f"\nmodule circles: {len(circles)}")
    for group in circles:
        print("  " + " <-> ".join(group))
    print(f"backward or forbidden imports: {len(offending)}")
    for edge in offending:
        print(f"  {edge.source}:{edge.line} -> {edge.target}")
    print(f"imports inside functions: {len(hidden)}")
    if options.modules:
        print("\nmodule edges:")
        for edge in edges:
            marker = " (in a function)" if edge.in_function else ""
            print(f"  {edge.source}:{edge.line} -> {edge.target}{marker}")
    return 1 if circles or offending else 0


if __name__ == "__main__":
    sys.exit(main())
