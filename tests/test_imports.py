"""The package keeps its one-way flow: no import circle, no stage importing a later one.

The checks live in scripts/imports.py (which also prints the graph for a reader); this test runs them
on the source as it is, so a new backward import fails here, naming the file and line.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "imports.py"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("politograph_imports", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building the class
    spec.loader.exec_module(module)
    return module


def test_every_module_is_in_a_stage() -> None:
    checker = _checker()
    ranks = checker.stage_rank()
    stages = {checker.stage_of(edge.source) for edge in checker.all_edges()} | {
        checker.stage_of(edge.target) for edge in checker.all_edges()
    }
    assert sorted(stage for stage in stages if stage not in ranks) == []


def test_no_import_circle() -> None:
    checker = _checker()
    assert checker.module_circles(checker.all_edges()) == []


def test_no_stage_imports_a_later_one() -> None:
    checker = _checker()
    offending = [f"{edge.source}:{edge.line} -> {edge.target}" for edge in checker.backward_edges(checker.all_edges())]
    assert offending == []


def test_checker_sees_a_backward_import(tmp_path: Path) -> None:
    """The checker itself: a store module importing the API is caught, with its line."""
    checker = _checker()
    fake = tmp_path / "politograph" / "store"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("import json\n\nfrom politograph.api.routes import router\n", encoding="utf-8")
    original = checker.SOURCE
    checker.SOURCE = tmp_path / "politograph"
    try:
        edges = checker.edges_of(fake / "bad.py")
    finally:
        checker.SOURCE = original
    assert [(edge.source, edge.target, edge.line) for edge in edges] == [("politograph.store.bad", "politograph.api.routes", 3)]
    assert checker.backward_edges(edges) == edges
