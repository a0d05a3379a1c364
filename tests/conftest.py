"""Shared fixtures: one spaCy pipeline per test session, a helper to extract from a sentence."""

from __future__ import annotations

from datetime import date

import pytest

from politograph.extract import extract_facts
from politograph.model import Document, Fact
from politograph.nlp.pipeline import AnalyzedDoc, analyze, load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def read(nlp):
    """Analyse one text as an article published on the given day."""

    def run(text: str, published: str = "2014-06-04") -> AnalyzedDoc:
        [adoc] = list(analyze([Document("t", text, date.fromisoformat(published))], nlp))
        assert isinstance(adoc, AnalyzedDoc)
        return adoc

    return run


@pytest.fixture(scope="session")
def facts_of(read):
    """Facts of one type that a text states."""

    def run(text: str, fact_type: str, published: str = "2014-06-04") -> list[Fact]:
        return [f for f in extract_facts(read(text, published), [fact_type])]

    return run
