"""The API fuzzed from its own OpenAPI schema: whatever a client sends, the answer is never a 5xx.

Schemathesis generates requests for every operation (valid ones, and ones
that break the schema: wrong types, huge numbers, odd strings in paths)
and calls the app in process.  The store holds the hostile articles of
test_hostile.py, ids with "/" and "%" included, so lookups find something.
Writes are fuzzed with the operator's token, so their bodies are read,
validated and (ingest) analysed, not refused at the door.  The examples are
bounded and derandomised: the file takes about 30 s on two cores and fails
the same way every run; a wider search is EXAMPLES raised for one run.
"""

from __future__ import annotations

import logging

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from politograph.api.app import ServerSettings, create_app
from test_hostile import build_store

TOKEN = "fuzz-token"
EXAMPLES = 30


def served_schema() -> dict[str, object]:
    """The OpenAPI schema the server publishes; it does not depend on what the store holds, so an in-memory one will do."""
    app = create_app(ServerSettings("sqlite://"))
    with TestClient(app) as client:
        return client.get("/api/openapi.json").json()  # type: ignore[no-any-return]


SCHEMA = schemathesis.openapi.from_dict(served_schema())
schemathesis.serializer.alias(["application/x-ndjson", "application/warc"], "text/plain")  # ingest's bodies are bytes of any kind


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, nlp) -> str:
    tmp = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{tmp / 'kb.db'}"
    build_store(url, tmp, nlp)
    return url


@pytest.fixture(scope="module")
def writable(store_url: str):  # type: ignore[no-untyped-def]
    return create_app(ServerSettings(store_url, token=TOKEN))


@pytest.fixture(autouse=True)
def quiet_server_log():  # type: ignore[no-untyped-def]
    """A 500 is reported by the check; the server's own log of it would only repeat the traceback."""
    logger = logging.getLogger("politograph.api")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


@SCHEMA.exclude(path="/api/ingest").parametrize()
@FUZZ
def test_no_request_is_a_server_error(case, writable) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(app=writable, headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])


@SCHEMA.include(path="/api/ingest").parametrize()
@FUZZ
def test_no_ingest_request_is_a_server_error(case, writable) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(app=writable, headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])
