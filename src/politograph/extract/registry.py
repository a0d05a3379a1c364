"""The extractors by the fact type they produce, filled by `@extractor` as each fact module is imported.

A module of its own so that the fact modules register without importing
the package that runs them (`politograph.extract` imports every fact module
once, at the top, in a fixed order: the order claims are first read in).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from politograph.extract.context import ExtractContext
from politograph.model import Fact

Extractor = Callable[[ExtractContext], Iterable[Fact]]
REGISTRY: dict[str, list[Extractor]] = {}


def extractor(fact_type: str) -> Callable[[Extractor], Extractor]:
    """Register a function as an extractor of one fact type (a type may have several)."""

    def register(function: Extractor) -> Extractor:
        functions = REGISTRY.setdefault(fact_type, [])
        if function.__qualname__ not in {f.__qualname__ for f in functions}:  # a reload registers once
            functions.append(function)
        return function

    return register
