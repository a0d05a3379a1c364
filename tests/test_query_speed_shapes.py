"""The shapes that keep queries fast at scale, pinned by behaviour (speed itself lives in benchmarks/query.py and benchmarks/api.py).

- the network of a day is paged, biggest connected group first, and its
  pages hold exactly the edges `edges_at` gives, walked pairs included;
- what the server derives from the relation facts (the relation index, the
  change days) survives writes of other facts and is rebuilt by relation
  writes, merges and replaced documents;
- lists page by cursor (the last row's sort key) with the same rows, order,
  totals and positions as by offset, and a cursor they did not give is a 422.

The store is built through `Store.save_many` from articles about an invented
country, Vestria, with the facts its extractors would read.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from builders import opened, stored, told
from politograph.api.app import ServerSettings, create_app
from politograph.cli import app
from politograph.model import Document, Entity, Fact, Modality, TimeValue
from politograph.query import browse, network
from politograph.store.curation import merge_entities, pick_entity
from politograph.store.repository import DocumentResult, Store

TYPES = {name: "PARTY" for name in ("Amber Party", "Birch Party", "Cedar Party", "Dune Party", "Elm Party", "Fern Party", "Grove Party", "Heath Party")}
TYPES["Vestria"] = "PLACE"


def fact(kind: str, subject: str | None, obj: str | None = None, when: str | None = None, **fields: Any) -> Fact:
    """A fact as an extractor reads it; `start` and `end` are FORMAT.md time values."""
    times = {name: TimeValue(str(fields.pop(name))) for name in ("start", "end") if fields.get(name)}
    found = Fact(kind, subject, obj, when=TimeValue(when) if when else None, **times, **fields)
    found.subject_type = TYPES.get(subject or "", "PERSON")
    found.object_type = TYPES.get(obj or "", "PERSON") if obj else None
    return found


def article(doc_id: str, published: str, *found: Fact, kind: str = "article") -> DocumentResult:
    """One article, one sentence per fact; each fact's evidence is its own sentence."""
    text = told(doc_id, found, lambda item: f"{item.subject} {item.type} {item.object or item.value or ''} ({item.role or ''}, {doc_id}).")
    names = sorted({n for item in found for n in (item.subject, item.object) if n})
    document = Document(doc_id, text, date.fromisoformat(published), "Vestria Courier", kind=kind)
    return DocumentResult(document, [Entity(name, TYPES.get(name, "PERSON")) for name in names], [], list(found))


ARTICLES = [
    # the biggest group: Amber, Birch and Cedar; the coalition of Amber and Cedar ends (a walked pair)
    article("v-01", "2010-01-05", fact("alliance", "Amber Party", "Birch Party", "2010-01-05"), fact("alliance", "Cedar Party", "Birch Party", "2010-01-05")),
    article("v-02", "2010-02-01", fact("opposition", "Dune Party", "Elm Party", "2010-02-01")),
    article("v-03", "2010-03-01", fact("coalition", "Amber Party", "Cedar Party", "2010-03-01", end="2010-06-30")),
    # cooperation after an opposition: the pair is walked from the day both are reported
    article("v-04", "2010-04-01", fact("opposition", "Fern Party", "Grove Party", "2010-04-01")),
    article("v-05", "2010-05-01", fact("alliance", "Grove Party", "Fern Party", "2010-05-01"), fact("alliance", "Amber Party", "Birch Party", "2010-05-01")),
    # a denial ends a relation; a fact with no time of its own; a member and a leader (no relation)
    article("v-06", "2010-08-01", fact("alliance", "Dune Party", "Heath Party", "2010-08-01"), fact("member", "Ida Falk", "Dune Party")),
    article("v-07", "2010-09-01", fact("alliance", "Dune Party", "Heath Party", "2010-09-01", modality=Modality.NEGATED)),
    article("v-08", "2010-10-01", fact("role", "Jon Vik", "Birch Party", "2010-10-01", role="leader"), fact("member", "Kari Moe", "Elm Party", "2010-10-01")),
    article("ref-1", "2009-01-01", fact("member", "Lars Nes", "Amber Party", "2009-01-01"), kind="reference"),
]


@pytest.fixture
def url(db: str) -> str:
    """The Vestria store, on SQLite and (with a test server) on PostgreSQL: the two sort a missing day apart, and cursors must follow each."""
    return stored(db, ARTICLES)


@pytest.fixture
def store(url: str):
    yield from opened(url)


@pytest.fixture
def client(url: str):
    with TestClient(create_app(ServerSettings(url))) as test_client:
        yield test_client


def _key(edge: network.Edge) -> tuple[Any, ...]:
    return (edge.subject, edge.object, edge.type, edge.role, edge.since, edge.until, edge.last_reported, edge.reports, edge.fact, edge.ended_by)


def _names(store: Store) -> dict[int, str]:
    return {i: name for i, name, _ in network.nodes_named(store, set(range(1, 100)))}


# --------------------------------------------------------------------------- the network, a page at a time


@pytest.mark.parametrize("day", ["2010-01-04", "2010-01-05", "2010-03-15", "2010-04-20", "2010-05-01", "2010-06-30", "2010-07-01", "2010-08-15", "2010-12-31"])
@pytest.mark.parametrize("known_at", [None, "2010-03-31"])
def test_the_pages_of_a_day_hold_exactly_the_edges_of_that_day(store: Store, day: str, known_at: str | None) -> None:
    at, known = date.fromisoformat(day), date.fromisoformat(known_at) if known_at else None
    for types in (network.ALLIANCE_TYPES, ("alliance",), ("opposition", "coalition"), ("alliance", "member")):
        whole = sorted(_key(e) for e in network.edges_at(store, at, types, known))
        found = network.day_network(store, at, types, known)
        paged = [edge for offset in range(0, found.total + 2, 2) for edge, _ in found.page(offset, 2)]
        assert sorted(_key(e) for e in paged) == whole and found.total == len(whole)


def test_the_network_comes_biggest_connected_group_first_a_page_at_a_time(client: TestClient, store: Store) -> None:
    names = _names(store)
    first = client.get("/api/network", params={"at": "2010-05-15", "limit": 2}).json()
    assert (first["total"], first["components"], first["offset"], first["limit"], first["next_offset"]) == (5, 3, 0, 2, 2)
    pages, offset = [first], first["next_offset"]
    while offset is not None:
        pages.append(client.get("/api/network", params={"at": "2010-05-15", "limit": 2, "offset": offset}).json())
        offset = pages[-1]["next_offset"]
    edges = [e for page in pages for e in page["edges"]]
    groups = [{names[e["source"]], names[e["target"]]} for e in edges]
    assert [e["component"] for e in edges] == [0, 0, 0, 1, 2]  # Amber-Birch-Cedar, then two pairs: a tie, the smaller entity id first
    assert set().union(*groups[:3]) == {"Amber Party", "Birch Party", "Cedar Party"}
    assert groups[3:] == [{"Dune Party", "Elm Party"}, {"Fern Party", "Grove Party"}]
    assert {(e["type"], e["until"]) for e in edges[:3]} == {("alliance", None), ("coalition", "2010-06-30")}
    assert (edges[4]["type"], edges[4]["since"]) == ("alliance", "2010-05-01")  # the alliance ended their opposition that day
    for page in pages:  # each page names the entities of its own edges only
        assert {n["id"] for n in page["nodes"]} == {i for e in page["edges"] for i in (e["source"], e["target"])}
    whole = client.get("/api/network", params={"at": "2010-05-15"}).json()
    assert whole["edges"] == edges and whole["next_offset"] is None and whole["change_days"] == first["change_days"]
    past = client.get("/api/network", params={"at": "2010-05-15", "offset": 50}).json()
    assert (past["edges"], past["nodes"], past["next_offset"], past["total"]) == ([], [], None, 5)


def test_the_network_command_prints_the_biggest_group_first_with_a_limit(url: str) -> None:
    limited = CliRunner().invoke(app, ["network", "--at", "2010-05-15", "--limit", "3", "--db", url], terminal_width=200)
    assert limited.exit_code == 0 and "3 of 5 relations" in limited.stdout
    assert "Dune" not in limited.stdout and "Amber" in limited.stdout  # the table folds names, so words are checked
    whole = CliRunner().invoke(app, ["network", "--at", "2010-05-15", "--db", url], terminal_width=200)
    assert "5 relations holding" in whole.stdout and "Dune" in whole.stdout
    refused = CliRunner().invoke(app, ["network", "--at", "2010-05-15", "--limit", "0", "--db", url])
    assert refused.exit_code == 2 and "--limit 0" in refused.output


def test_a_network_table_shows_its_first_relations_and_says_how_many_more(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("politograph.cli.TABLE_RELATIONS", 2)  # a table of a large archive's day would print for minutes
    shown = CliRunner().invoke(app, ["network", "--at", "2010-05-15", "--db", url], terminal_width=200)
    assert shown.exit_code == 0 and "2 of 5 relations" in shown.stdout and "3 more: raise --limit" in shown.stderr
    every = CliRunner().invoke(app, ["network", "--at", "2010-05-15", "--json", "--db", url])
    assert len(json.loads(every.stdout)["edges"]) == 5  # data formats give every relation


@pytest.mark.parametrize("day", [None, "2010-05-15", "2010-10-15"])
def test_edges_come_by_pair_then_type_then_first_day(store: Store, day: str | None) -> None:
    at = date.fromisoformat(day) if day else None
    edges = network.edges_at(store, at)  # relations (folded and walked), posts, memberships: every type at once
    assert {e.type for e in edges} >= {"alliance", "opposition", "member"}
    keys = [(min(e.subject, e.object), max(e.subject, e.object), network.EDGE_TYPES.index(e.type), e.since or date.min, e.fact) for e in edges]
    assert keys == sorted(keys)
    alone = network.edges_at(store, at, network.ALLIANCE_TYPES)
    assert alone == [e for e in edges if e.type in network.ALLIANCE_TYPES]


def test_the_network_page_shows_one_page_of_the_table_with_links_to_the_others(client: TestClient) -> None:
    first = client.get("/network", params={"at": "2010-05-15", "limit": 2}).text
    assert "5 relations holding on 2010-05-15: 1 to 2, the biggest connected group first" in first
    assert "offset=2" in first and ">next 2<" in first and "previous" not in first
    last = client.get("/network/figure", params={"at": "2010-05-15", "limit": 2, "offset": 4}).text
    assert "5 to 5" in last and ">previous 2<" in last and ">next" not in last
    assert last.count('<span class="tag ') == 1
    assert client.get("/network", params={"at": "2010-05-15", "limit": 0}).status_code == 422


def test_an_empty_day_and_a_type_with_no_relations_page_to_nothing(client: TestClient) -> None:
    empty = client.get("/api/network", params={"at": "2000-01-01"}).json()
    assert (empty["total"], empty["components"], empty["edges"], empty["next_offset"]) == (0, 0, [], None)
    members = client.get("/api/network", params={"at": "2010-12-31", "types": "member"}).json()
    assert members["total"] == 3 and {e["type"] for e in members["edges"]} == {"member"}


# --------------------------------------------------------------------------- caches keyed by what they depend on


def test_the_relation_index_survives_writes_of_other_facts_and_is_rebuilt_by_relation_writes(store: Store) -> None:
    index, _ = network.relation_index(store)
    stamp = network.network_stamp(store)
    assert store.save_many([article("v-20", "2011-01-01", fact("member", "Mia Dal", "Heath Party", "2011-01-01"))]) == [True]
    assert store.save_many([article("v-21", "2011-01-02", fact("role", "Nils Ek", "Elm Party", "2011-01-02", role="leader"))]) == [True]
    assert network.relation_index(store)[0] is index and network.network_stamp(store) == stamp  # unrelated: kept
    assert store.save_many([article("v-22", "2011-02-01", fact("coalition", "Heath Party", "Elm Party", "2011-02-01"))]) == [True]
    rebuilt, _ = network.relation_index(store)
    assert rebuilt is not index and network.network_stamp(store) != stamp
    assert ("Elm Party", "Heath Party") in {tuple(sorted((_names(store)[e.subject], _names(store)[e.object]))) for e in network.edges_at(store, date(2011, 3, 1))}
    merge_entities(store, pick_entity(store, "Heath Party"), pick_entity(store, "Dune Party"))  # rewrites facts in place: a decision
    merged, _ = network.relation_index(store)
    assert merged is not rebuilt
    assert {(e.subject, e.object) for e in network.edges_at(store, date(2011, 3, 1), ("coalition",))} == {
        tuple(sorted((pick_entity(store, "Dune Party")["id"], pick_entity(store, "Elm Party")["id"])))
    }


def test_new_relation_reports_are_folded_into_the_kept_index_as_a_rebuild_would_read_them(store: Store, url: str, monkeypatch) -> None:
    network.relation_index(store)  # kept; what follows only adds facts
    builds: list[object] = []
    real = network.build_relation_index
    monkeypatch.setattr(network, "build_relation_index", lambda *args: builds.append(args) or real(*args))
    added = [
        article("v-30", "2011-01-10", fact("alliance", "Amber Party", "Birch Party", "2011-01-10"), fact("alliance", "Elm Party", "Heath Party", "2011-01-10")),
        article("v-31", "2011-02-10", fact("alliance", "Dune Party", "Elm Party", "2011-02-10")),  # cooperation after their opposition: walked
        article("v-32", "2011-03-10", fact("coalition", "Birch Party", "Cedar Party", "2011-03-10", end="2011-05-31")),  # a stated end: walked
        article("v-33", "2011-04-10", fact("alliance", "Elm Party", "Heath Party", "2011-04-10", modality=Modality.NEGATED)),
        article("v-34", "2009-06-01", fact("opposition", "Fern Party", "Amber Party", "2009-06-01")),  # reported late, about an earlier day
    ]
    days = [date.fromisoformat(day) for day in ("2009-07-01", "2010-05-15", "2011-01-15", "2011-02-15", "2011-04-01", "2011-04-15", "2011-06-15")]
    network.day_network(store, days[1])  # the index's columns made: each extension carries them over, or makes them again
    for one in added:
        assert store.save_many([one]) == [True]
        index, _ = network.relation_index(store)
        assert index.arrays is not None or one.document.id in ("v-32", "v-33")  # a pair newly walked moves the groups: only then are they made anew
        fresh = Store(url, packs=())  # nothing kept: the index read from the facts as they are now
        try:
            for at in days:
                kept, rebuilt = network.day_network(store, at), network.day_network(fresh, at)
                assert [_key(e) for e, _ in kept.page(0, 100)] == [_key(e) for e, _ in rebuilt.page(0, 100)], (one.document.id, at)
        finally:
            fresh.close()
    assert [b for b in builds if b[0] is store] == []  # every write was folded in, none read every relation again (the fresh stores build theirs)


def test_a_replaced_article_with_fewer_relations_rebuilds_the_index(store: Store) -> None:
    index, _ = network.relation_index(store)
    again = article("v-02", "2010-02-01", fact("member", "Ola Berg", "Dune Party", "2010-02-01"))  # the opposition is gone from the corrected text
    again.document.text += " Corrected."
    assert store.save_many([again], replace=True) == [True]
    assert network.relation_index(store)[0] is not index
    assert not [e for e in network.edges_at(store, date(2010, 3, 1)) if e.type == "opposition"]


def test_the_servers_change_days_are_kept_across_writes_that_do_not_touch_relations(client: TestClient, url: str, monkeypatch) -> None:
    calls: list[object] = []
    real = network.change_days

    def counted(*args: Any, **kwargs: Any) -> list[date]:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(network, "change_days", counted)
    first = client.get("/api/network", params={"at": "2010-05-15"}).json()
    worked_out = len(calls)
    assert worked_out == 0  # the server worked them out at start-up (`api.warm`)
    writer = Store(url, packs=())
    try:
        assert writer.save_many([article("v-30", "2011-03-01", fact("member", "Pia Lie", "Amber Party", "2011-03-01"))]) == [True]
        assert client.get("/api/network", params={"at": "2010-05-15"}).json()["change_days"] == first["change_days"]
        assert len(calls) == worked_out  # the unrelated write kept the cached days
        assert writer.save_many([article("v-31", "2011-04-01", fact("alliance", "Elm Party", "Fern Party", "2011-04-01"))]) == [True]
        days = client.get("/api/network", params={"at": "2010-05-15"}).json()["change_days"]
    finally:
        writer.close()
    assert len(calls) == worked_out + 1 and "2011-04-01" in days and "2011-04-01" not in first["change_days"]


# --------------------------------------------------------------------------- lists by cursor


def _follow(client: TestClient, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Every page of a list from its first, by `next_cursor`."""
    pages = [client.get(path, params={**params, "limit": limit}).json()]
    while pages[-1]["next_cursor"] is not None:
        pages.append(client.get(path, params={**params, "limit": limit, "cursor": pages[-1]["next_cursor"]}).json())
    return pages


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/facts", {}),
        ("/api/facts", {"reference": "true"}),
        ("/api/facts", {"type": "alliance"}),
        ("/api/facts", {"from": "2010-03-01", "to": "2010-09-30"}),
        ("/api/facts", {"entity": "Dune Party"}),
        ("/api/documents", {}),
        ("/api/documents", {"from": "2010-03-01"}),
        ("/api/entities", {}),
        ("/api/entities", {"q": "party", "type": "PARTY"}),
    ],
)
def test_a_list_by_cursor_is_the_list_by_offset(client: TestClient, path: str, params: dict[str, Any]) -> None:
    whole = client.get(path, params={**params, "limit": 500}).json()
    pages = _follow(client, path, 2, **params)
    assert [item for page in pages for item in page["items"]] == whole["items"] and len(whole["items"]) == whole["total"] > 2
    for number, page in enumerate(pages):
        assert (page["total"], page["offset"], page["limit"]) == (whole["total"], 2 * number, 2)
        assert page["next_offset"] == (2 * number + 2 if 2 * number + 2 < whole["total"] else None)
        by_offset = client.get(path, params={**params, "limit": 2, "offset": 2 * number}).json()
        assert by_offset["items"] == page["items"] and by_offset["next_cursor"] == page["next_cursor"]
    skipped = client.get(path, params={**params, "limit": 2, "cursor": pages[0]["next_cursor"], "offset": 1}).json()  # the offset counts from the cursor
    assert skipped["items"] == whole["items"][3:5] and skipped["offset"] == 3


def test_facts_with_no_time_of_their_own_and_reference_facts_keep_their_place(client: TestClient, store: Store) -> None:
    articles = client.get("/api/facts", params={"limit": 500}).json()
    every = client.get("/api/facts", params={"limit": 500, "reference": "true"}).json()
    assert every["total"] == articles["total"] + 1 and "ref-1" not in {f["doc_id"] for f in articles["items"]}
    undated = [f for f in articles["items"] if f["valid_from"] is None]
    assert [f["subject"] for f in undated] == ["Ida Falk"]
    if store.engine.dialect.name == "sqlite":  # where the database sorts a missing day: first on SQLite, last on PostgreSQL
        assert articles["items"][0]["subject"] == "Ida Falk"
    listed = list(browse.every_fact(store, browse.FactFilter(include_reference=True)))
    assert [f.id for f in listed] == [f["id"] for f in every["items"]]


@pytest.mark.parametrize("path", ["/api/facts", "/api/documents", "/api/entities"])
@pytest.mark.parametrize("cursor", ["abc", "W10", "WyJ4Il0", "WzEsMiwzXQ", "WyIyMDEwLTAxLTAxIiwiMjAxMC0wMS0wMSIsLTFd", "***", "W251bGwsbnVsbCxudWxsXQ"])
def test_a_cursor_the_list_did_not_give_is_a_422_naming_it(client: TestClient, path: str, cursor: str) -> None:
    response = client.get(path, params={"cursor": cursor})
    assert response.status_code == 422 and "cursor" in response.json()["error"]


def test_a_cursor_of_one_list_is_refused_by_another(client: TestClient) -> None:
    documents = client.get("/api/documents", params={"limit": 1}).json()
    entities = client.get("/api/entities", params={"limit": 1}).json()
    assert client.get("/api/facts", params={"cursor": documents["next_cursor"]}).status_code == 422
    assert client.get("/api/documents", params={"cursor": entities["next_cursor"]}).status_code == 422
