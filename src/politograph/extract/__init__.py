"""The extraction stage: one small module per fact family, one interface.

An extractor is a function `(ctx) -> Iterable[Fact]` registered under the
fact type it produces (`@extractor("role")`), like spaCy's registered
components; `extract_facts` runs the registered ones over an analysed
document and drops repeats of one claim, keeping the first (FACTS.md: one
fact per distinct claim).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from politograph.extract.context import ExtractContext
from politograph.model import Fact
from politograph.nlp.pipeline import AnalyzedDoc

Extractor = Callable[[ExtractContext], Iterable[Fact]]
REGISTRY: dict[str, Extractor] = {}


def extractor(fact_type: str) -> Callable[[Extractor], Extractor]:
    """Register a function as the extractor of one fact type."""

    def register(function: Extractor) -> Extractor:
        REGISTRY[fact_type] = function
        return function

    return register


def _load_builtin_extractors() -> None:
    from politograph.extract import elections, events, member, portfolio, relations, role, seats, stance  # noqa: F401


def extract_facts(adoc: AnalyzedDoc, types: Iterable[str] | None = None) -> list[Fact]:
    """Every fact one document states, each claim once."""
    _load_builtin_extractors()
    ctx = ExtractContext(adoc)
    wanted = list(types) if types is not None else list(REGISTRY)
    facts: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    for fact_type in wanted:
        for fact in REGISTRY[fact_type](ctx):
            key = fact.identity()
            if key not in seen and (fact.subject or fact.object):
                seen.add(key)
                facts.append(fact)
    return facts
