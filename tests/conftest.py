"""Shared fixtures: one spaCy pipeline per test session, a helper to extract from a sentence."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import pytest

from politograph.extract import extract_facts
from politograph.model import Document, Fact
from politograph.nlp.pipeline import AnalyzedDoc, analyze, load_nlp


@pytest.fixture(scope="session")
def nlp():
    """The shipped pipeline: the English model, the packs, the rules and the learned NER."""
    return load_nlp()


@pytest.fixture(scope="session")
def rules_nlp():
    """The pipeline without the learned NER: the hand-written layer that the rule tests pin down."""
    return load_nlp(political_ner="none")


EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "realignment.jsonl"


@pytest.fixture(scope="session")
def examples_url(tmp_path_factory) -> str:
    """A SQLite store of the example corpus, ingested once per session; tests only read it."""
    from politograph.jobs import ingest_paths
    from politograph.store.repository import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('examples') / 'kb.db'}"
    store = Store(url)
    try:
        report = ingest_paths([str(EXAMPLES)], store)
    finally:
        store.close()
    assert report.problems == []
    return url


@pytest.fixture(scope="session")
def read(rules_nlp):
    """Analyse one text as an article published on the given day (rules only: no learned NER)."""

    def run(text: str, published: str = "2014-06-04") -> AnalyzedDoc:
        [adoc] = list(analyze([Document("t", text, date.fromisoformat(published))], rules_nlp))
        assert isinstance(adoc, AnalyzedDoc)
        return adoc

    return run


@pytest.fixture(scope="session")
def facts_of(read):
    """Facts of one type that the hand rules read in a text (the learned layer has tests of its own)."""

    def run(text: str, fact_type: str, published: str = "2014-06-04") -> list[Fact]:
        return [f for f in extract_facts(read(text, published), [fact_type], learned=False)]

    return run


# --------------------------------------------------------------------------- databases

PG_SERVER = os.environ.get("POLITOGRAPH_TEST_PG")  # e.g. the URL scripts/pg-test-server.sh prints
PG_REQUIRED = os.environ.get("POLITOGRAPH_REQUIRE_PG") == "1"  # CI: a missing server is a failure


def _fresh_pg_database(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    """A fresh, empty database URL: an SQLite file, and a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    if not PG_SERVER:
        if PG_REQUIRED:
            pytest.fail("POLITOGRAPH_TEST_PG is not set but POLITOGRAPH_REQUIRE_PG=1")
        pytest.skip("no PostgreSQL test server (set POLITOGRAPH_TEST_PG; see scripts/pg-test-server.sh)")
    name = "pg_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    return _fresh_pg_database(PG_SERVER, name)
