"""The server builds the network's relation index and layout at start-up, so its first network request does not (`api.warm`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from politograph.api import warm
from politograph.api.app import ServerSettings, create_app
from politograph.query import network


@pytest.fixture()
def builds(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the relation index and the layout are built from the store, counted under their names."""
    counted: Counter[str] = Counter()
    for name in ("build_relation_index", "layout"):
        original = getattr(network, name)

        def counting(*args: Any, _original: Any = original, _name: str = name, **kwargs: Any) -> Any:
            counted[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(network, name, counting)
    return counted


def test_start_up_builds_the_network_so_the_first_requests_reuse_it(examples_url: str, builds: Counter[str]) -> None:
    with TestClient(create_app(ServerSettings(examples_url))) as client:
        assert builds == {"build_relation_index": 1, "layout": 1}  # built before any request
        answer = client.get("/api/network", params={"at": "2014-06-10"})
        page = client.get("/network", params={"at": "2014-06-10"})
        assert answer.status_code == 200 and page.status_code == 200
        assert answer.json()["change_days"], "the warmed change days are the ones answered"
        assert builds == {"build_relation_index": 1, "layout": 1}  # neither built again by the first requests


def test_without_warming_the_first_request_builds_it(examples_url: str, builds: Counter[str]) -> None:
    with TestClient(create_app(ServerSettings(examples_url, warm=False))) as client:
        assert builds == {}
        warmed = client.get("/network", params={"at": "2014-06-10"})
        assert warmed.status_code == 200
        assert builds == {"build_relation_index": 1, "layout": 1}


def test_a_warm_up_that_fails_leaves_the_server_answering(examples_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def failing(_server: object) -> float:
        raise RuntimeError("no network today")

    monkeypatch.setattr(warm, "warm_network", failing)
    with TestClient(create_app(ServerSettings(examples_url))) as client:
        assert client.get("/api/network", params={"at": "2014-06-10"}).status_code == 200
    assert "warming the network at start-up failed" in caplog.text


def test_warming_an_empty_store_starts_the_server(tmp_path: Any) -> None:
    with TestClient(create_app(ServerSettings(f"sqlite:///{tmp_path / 'empty.db'}"))) as client:
        answer = client.get("/api/network", params={"at": "2014-06-10"})
        assert answer.status_code == 200 and answer.json()["total"] == 0
