"""The JSON API over the example corpus: every endpoint, its filters and pages, and every way a client can get it wrong."""

from __future__ import annotations

import json

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from politograph.api.app import ServerSettings, create_app
from politograph.api.routes import router

TOKEN = "operator-secret"


@pytest.fixture(scope="module")
def client(examples_url: str):
    with TestClient(create_app(ServerSettings(examples_url))) as opened:
        yield opened


def ids_named(client: TestClient, name: str) -> int:
    [found] = [e for e in client.get("/api/entities", params={"q": name, "limit": 50}).json()["items"] if e["name"] == name]
    return int(found["id"])


# --------------------------------------------------------------------------- every read endpoint, one call each

GET_CALLS = {
    "/api/stats": "/api/stats",
    "/api/suggest": "/api/suggest?q=hashi",
    "/api/entities": "/api/entities?q=party",
    "/api/entities/{entity_id}": "/api/entities/{party}",
    "/api/entities/{entity_id}/timeline": "/api/entities/{party}/timeline",
    "/api/entities/{entity_id}/lineage": "/api/entities/{party}/lineage",
    "/api/facts": "/api/facts?type=seats",
    "/api/facts/{fact_id}": "/api/facts/{fact}",
    "/api/facts/facets": "/api/facts/facets?type=seats",
    "/api/facts/{fact_id}/cite": "/api/facts/{fact}/cite",
    "/api/documents": "/api/documents",
    "/api/documents/{doc_id}": "/api/documents/ex-001",
    "/api/who": "/api/who?role=leader&of=Your Party&at=2014-06-10",
    "/api/timeline": "/api/timeline?name=Yui no To",
    "/api/seats": "/api/seats?chamber=lower house&at=2014-12-20",
    "/api/chambers": "/api/chambers",
    "/api/lineage": "/api/lineage?name=Japan Innovation Party",
    "/api/network": "/api/network?at=2014-10-01",
    "/api/contradictions": "/api/contradictions",
    "/api/review/duplicates": "/api/review/duplicates?limit=5",
    "/api/openapi.json": "/api/openapi.json",
}


def test_every_read_endpoint_answers(client: TestClient) -> None:
    routes = {"/api" + r.path_format for r in router.routes if isinstance(r, APIRoute) and "GET" in r.methods} | {"/api/openapi.json"}
    assert routes == set(GET_CALLS), "a new endpoint needs a call here (and its own test below)"
    party = ids_named(client, "Japan Innovation Party")
    fact = client.get("/api/facts?limit=1").json()["items"][0]["id"]
    for call in GET_CALLS.values():
        response = client.get(call.format(party=party, fact=fact))
        assert response.status_code == 200, (call, response.text)
        assert response.headers["content-type"].startswith("application/json")


def test_openapi_describes_every_endpoint_with_its_parameters(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {"/api" + r.path_format for r in router.routes if isinstance(r, APIRoute)}
    facts = {p["name"] for p in schema["paths"]["/api/facts"]["get"]["parameters"]}
    assert {"type", "entity", "from", "to", "modality", "doc", "offset", "limit"} <= facts
    assert "text/plain" in schema["paths"]["/api/ingest"]["post"]["requestBody"]["content"]
    assert schema["paths"]["/api/merge"]["post"]["security"]


# --------------------------------------------------------------------------- entities


def test_suggestions_prefer_names_that_start_with_the_text(client: TestClient) -> None:
    found = client.get("/api/suggest", params={"q": "Hashi"}).json()
    assert found[0]["name"] == "Toru Hashimoto" and found[0]["type"] == "PERSON"
    assert client.get("/api/suggest", params={"q": "ＨＡＳＨＩ"}).status_code == 200  # odd input is folded, not refused
    assert client.get("/api/suggest", params={"q": "  "}).json() == []


def test_entity_search_pages_and_filters(client: TestClient) -> None:
    first = client.get("/api/entities", params={"q": "party", "limit": 3}).json()
    assert first["total"] > 3 and len(first["items"]) == 3 and first["next_offset"] == 3
    second = client.get("/api/entities", params={"q": "party", "limit": 3, "offset": 3}).json()
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    people = client.get("/api/entities", params={"type": "PERSON", "limit": 500}).json()
    assert people["items"] and {e["type"] for e in people["items"]} == {"PERSON"}
    last = client.get("/api/entities", params={"limit": 500}).json()
    assert last["next_offset"] is None


def test_entity_profile_timeline_and_lineage(client: TestClient) -> None:
    party = ids_named(client, "Nippon Ishin no Kai")
    profile = client.get(f"/api/entities/{party}").json()
    assert "Japan Restoration Party" in profile["aliases"] and profile["facts"] > 0
    claims = client.get(f"/api/entities/{party}/timeline").json()
    founding = next(c for c in claims if c["type"] == "founding")
    assert founding["object_id"] == party and founding["evidence"][0]["fact_id"]
    reference = [s for c in claims for s in c["evidence"] if s["reference"]]
    assert reference and all(s["doc_id"].startswith("pack:") for s in reference)
    lineage = client.get(f"/api/entities/{ids_named(client, 'Japan Innovation Party')}/lineage").json()
    assert {"Yui no To", "Nippon Ishin no Kai"} <= {b["name"] for b in lineage["predecessors"]}
    assert all(b["entity_id"] for b in lineage["predecessors"])


# --------------------------------------------------------------------------- facts and documents


def test_fact_filters_combine(client: TestClient) -> None:
    seats = client.get("/api/facts", params={"type": "seats", "limit": 500}).json()
    assert seats["items"] and {f["type"] for f in seats["items"]} == {"seats"}
    komeito = client.get("/api/facts", params={"entity": "Komeito", "from": "2014-01-01", "to": "2014-12-31", "limit": 500}).json()["items"]
    assert komeito and all((f["valid_to"] or f["valid_from"]) >= "2014-01-01" and f["valid_from"] <= "2014-12-31" for f in komeito)
    by_id = client.get("/api/facts", params={"entity": f"#{ids_named(client, 'Komeito')}", "limit": 500}).json()
    assert by_id["total"] >= len(komeito)
    planned = client.get("/api/facts", params={"modality": "planned", "limit": 500}).json()["items"]
    assert planned and {f["modality"] for f in planned} == {"planned"}
    one_doc = client.get("/api/facts", params={"doc": "ex-001"}).json()["items"]
    assert one_doc and {f["doc_id"] for f in one_doc} == {"ex-001"}
    with_reference = client.get("/api/facts", params={"reference": "true", "limit": 1}).json()["total"]
    assert with_reference > client.get("/api/facts", params={"limit": 1}).json()["total"]


def test_one_fact_and_its_sentence(client: TestClient) -> None:
    listed = client.get("/api/facts", params={"doc": "ex-003", "limit": 1}).json()["items"][0]
    fact = client.get(f"/api/facts/{listed['id']}").json()
    assert fact == listed and fact["sentence"]


def test_documents_by_date_and_a_document_with_its_facts(client: TestClient) -> None:
    page = client.get("/api/documents", params={"from": "2014-01-01", "to": "2014-12-31"}).json()
    assert page["items"] and all("2014-01-01" <= d["published"] <= "2014-12-31" for d in page["items"])
    assert [d["published"] for d in page["items"]] == sorted((d["published"] for d in page["items"]), reverse=True)
    document = client.get("/api/documents/ex-001").json()
    assert document["facts"] and document["mentions"] and document["entities"]
    for fact in document["facts"]:
        assert document["text"][fact["sentence_start"] : fact["sentence_end"]] == fact["sentence"]
    for mention in document["mentions"]:
        assert document["text"][mention["start"] : mention["end"]] == mention["text"]


# --------------------------------------------------------------------------- as-of questions


def test_who_seats_lineage_network_contradictions(client: TestClient) -> None:
    by_id = f"#{ids_named(client, 'Your Party')}"
    who = client.get("/api/who", params={"role": "leader", "of": by_id, "at": "2014-06-10", "known_at": "2014-04-07"}).json()
    assert [h["subject"] for h in who["holders"]] == ["Yoshimi Watanabe"]
    claims = client.get("/api/timeline", params={"name": "Yui no To", "known_at": "2013-12-31"}).json()
    assert claims and all(s["published"] <= "2013-12-31" for c in claims for s in c["evidence"])
    assert [c["valid_from"] for c in claims] == sorted(c["valid_from"] for c in claims)
    seats = client.get("/api/seats", params={"chamber": "lower house", "at": "2014-12-20"}).json()
    assert (seats["total"], seats["majority"], seats["two_thirds"]) == (475, 238, 317)
    ldp = next(g for g in seats["groups"] if g["group"] == "Liberal Democratic Party")
    assert ldp["seats"] == 290 and ldp["entity_id"] == ids_named(client, "Liberal Democratic Party")
    assert [["Liberal Democratic Party", "Komeito"], 325] in seats["blocs"]
    assert "House of Representatives" in [c["name"] for c in client.get("/api/chambers").json()]
    [jip] = client.get("/api/lineage", params={"name": "Japan Innovation Party"}).json()
    assert jip["founded"] == "2014-09-21" and {b["name"] for b in jip["successors"]} >= {"Democratic Party", "Initiatives from Osaka"}
    network = client.get("/api/network", params={"at": "2014-06-01"}).json()
    names = {n["id"]: n["name"] for n in network["nodes"]}
    assert {(names[e["source"]], names[e["target"]], e["type"]) for e in network["edges"]} >= {("Your Party", "Nippon Ishin no Kai", "alliance")}
    [alliance] = [e for e in network["edges"] if e["type"] == "alliance"]
    assert (alliance["since"], alliance["until"], alliance["ended_by"]) == ("2014-04-09", "2014-09-21", "merged")  # Nippon Ishin no Kai merged away
    later = client.get("/api/network", params={"at": "2014-10-01"}).json()
    assert not [e for e in later["edges"] if e["type"] == "alliance"]  # an ended relation is off the network
    assert network["change_days"] == sorted(network["change_days"])
    only_coalitions = client.get("/api/network", params={"at": "2014-10-01", "types": "coalition"}).json()
    assert {e["type"] for e in only_coalitions["edges"]} <= {"coalition"}
    conflicts = client.get("/api/contradictions").json()
    assert any(c["what"] == "leader of Your Party" for c in conflicts)


# --------------------------------------------------------------------------- bad input: 4xx with a message, never 500

BAD_REQUESTS = [
    ("/api/entities?limit=0", 422, "limit"),
    ("/api/entities?limit=501", 422, "limit"),
    ("/api/entities?offset=-1", 422, "offset"),
    ("/api/entities?type=ROBOT", 422, "type"),
    ("/api/entities/abc", 422, "entity_id"),
    ("/api/entities/0", 422, "entity_id"),
    ("/api/entities/999999", 404, "no entity with id 999999"),
    ("/api/entities/999999/timeline", 404, "no entity"),
    ("/api/entities/999999/lineage", 404, "no entity"),
    ("/api/facts?type=gossip", 422, "type"),
    ("/api/facts?modality=rumoured", 422, "modality"),
    ("/api/facts?from=2014-02-30", 422, "from"),
    ("/api/facts?from=2015-01-01&to=2014-01-01", 422, "after"),
    ("/api/facts?entity=Nobody%20At%20All", 404, "no entity named 'Nobody At All'"),
    ("/api/facts?entity=%23999999", 404, "no entity with id #999999"),
    ("/api/who?role=leader&of=%23999999&at=2014-01-01", 404, "no entity with id #999999"),
    ("/api/facts/999999", 404, "no fact"),
    ("/api/documents?to=yesterday", 422, "to"),
    ("/api/documents/no-such-doc", 404, "no-such-doc"),
    ("/api/who?role=leader&of=Your%20Party", 422, "at"),
    ("/api/who?role=&of=Your%20Party&at=2014-01-01", 422, "role"),
    ("/api/who?role=leader&of=Nobody&at=2014-01-01", 404, "no entity named 'Nobody'"),
    ("/api/seats?chamber=lower%20house&at=2014-13-01", 422, "at"),
    ("/api/seats?chamber=lower%20house&at=2014-12-20&quota=0", 422, "quota"),
    ("/api/seats?chamber=Atlantis&at=2014-12-20", 404, "Atlantis"),
    ("/api/lineage?name=", 422, "name"),
    ("/api/timeline?name=Nobody", 404, "no entity named 'Nobody'"),
    ("/api/timeline?name=Yui%20no%20To&known_at=2014", 422, "known_at"),
    ("/api/network?at=soon", 422, "at"),
    ("/api/network?at=2014-01-01&types=gossip", 422, "types"),
    ("/api/suggest?q=" + "x" * 301, 422, "q"),
    ("/api/nothing-here", 404, "Not Found"),
]
HUGE = "99999999999999999999"  # past 2**63 - 1: SQLite's driver raises OverflowError on it
OUT_OF_RANGE = [
    (f"/api/entities?offset={HUGE}", "query.offset"),
    (f"/api/entities?offset={2**63}", "query.offset"),
    (f"/api/documents?offset={HUGE}", "query.offset"),
    (f"/api/facts?offset={HUGE}", "query.offset"),
    (f"/api/entities?limit={HUGE}", "query.limit"),
    (f"/api/suggest?q=x&limit={HUGE}", "query.limit"),
    (f"/api/entities/{HUGE}", "path.entity_id"),
    (f"/api/entities/{2**31}/timeline", "path.entity_id"),
    (f"/api/entities/{HUGE}/lineage", "path.entity_id"),
    (f"/api/facts/{HUGE}", "path.fact_id"),
    (f"/api/facts?entity=%23{HUGE}", "query.entity"),
    ("/api/facts?entity=%23%C2%B2", "query.entity"),  # "#²": a digit to str.isdigit, not to int()
    (f"/api/who?role=leader&of=%23{HUGE}&at=2014-01-01", "query.of"),
    (f"/api/timeline?name=%23{HUGE}", "query.name"),
    (f"/api/lineage?name=%23{HUGE}", "query.name"),
    (f"/api/seats?chamber=%23{HUGE}&at=2014-12-20", "query.chamber"),
    (f"/api/seats?chamber=lower%20house&at=2014-12-20&quota={HUGE}", "query.quota"),
    ("/api/facts?min_confidence=nan", "query.min_confidence"),
]


@pytest.mark.parametrize(("call", "status", "says"), BAD_REQUESTS)
def test_bad_requests_get_a_clear_4xx(client: TestClient, call: str, status: int, says: str) -> None:
    response = client.get(call)
    assert response.status_code == status, response.text
    body = response.json()
    assert says in body["error"] and isinstance(body["problems"], list)


@pytest.mark.parametrize(("call", "names"), OUT_OF_RANGE)
def test_numbers_out_of_range_are_a_4xx_naming_the_parameter(client: TestClient, call: str, names: str) -> None:
    response = client.get(call)
    assert response.status_code == 422, response.text
    assert names in response.json()["error"]


def test_the_largest_numbers_in_range_are_answers(client: TestClient) -> None:
    last = client.get("/api/entities", params={"offset": 2**63 - 1})
    assert last.status_code == 200 and last.json()["items"] == [] and last.json()["next_offset"] is None
    assert client.get(f"/api/entities/{2**31 - 1}").status_code == 404
    assert client.get("/api/facts", params={"entity": f"#{2**31 - 1}"}).status_code == 404


def test_a_document_id_is_read_from_the_path_exactly_once(client: TestClient) -> None:
    assert client.get("/api/documents/ex%2D001").json()["id"] == "ex-001"  # an escape the client chose is undone
    missing = client.get("/api/documents/" + "https%3A%2F%2Fnews.example%2F%3Fx%3D%2541")
    assert missing.status_code == 404 and "'https://news.example/?x=%41'" in missing.json()["error"]  # not "?x=A": decoded once
    assert client.get("/api/documents/" + "x" * 2049).status_code == 422


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(examples_url: str, monkeypatch) -> None:
    from politograph.query import browse

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(browse, "suggest", broken)
    with TestClient(create_app(ServerSettings(examples_url)), raise_server_exceptions=False) as failing:
        response = failing.get("/api/suggest", params={"q": "x"})
    assert response.status_code == 500 and response.headers["content-type"].startswith("application/json")
    assert "internal error" in response.json()["error"] and "secret internals" not in response.text and "Traceback" not in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_extreme_days_are_answers_not_errors(client: TestClient) -> None:
    for day in ("0001-01-01", "9999-12-31"):
        assert client.get("/api/seats", params={"chamber": "lower house", "at": day}).status_code == 200
        assert client.get("/api/network", params={"at": day}).status_code == 200
        assert client.get("/api/who", params={"role": "leader", "of": "Your Party", "at": day}).status_code == 200


# --------------------------------------------------------------------------- writes: token, limits, ingest, merge, split

ARTICLES = [
    {
        "id": "api-1",
        "published": "2015-03-02",
        "source": "Test Wire",
        "text": "Kenta Mori was elected leader of the Harbour Reform Party on Sunday. The Harbour Reform Party won 12 seats in the House of Councillors.",
    },
    {"id": "api-2", "published": "2015-03-09", "source": "Test Wire", "text": "The Harbour Reform Party agreed to form an alliance with Your Party."},
]


@pytest.fixture
def writable(tmp_path):
    settings = ServerSettings(f"sqlite:///{tmp_path / 'kb.db'}", token=TOKEN, max_body=64 * 1024)
    with TestClient(create_app(settings)) as opened:
        yield opened


def authorised(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def jsonl(*records: object) -> bytes:
    return "\n".join(json.dumps(r) if not isinstance(r, str) else r for r in records).encode()


def test_a_server_without_a_token_is_read_only(client: TestClient) -> None:
    for path, body in (("/api/ingest", {"content": jsonl(*ARTICLES)}), ("/api/merge", {"json": {"source": "a", "into": "b"}}), ("/api/split", {"json": {"entity": "a"}})):
        response = client.post(path, headers=authorised(), **body)  # type: ignore[arg-type]
        assert response.status_code == 403 and "read-only" in response.json()["error"]
    assert client.get("/api/stats").json()["counts"]["documents"] == 24


def test_writes_need_the_operators_token(writable: TestClient) -> None:
    assert writable.post("/api/ingest", content=jsonl(*ARTICLES)).status_code == 401
    wrong = writable.post("/api/ingest", content=jsonl(*ARTICLES), headers=authorised("guess"))
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert writable.post("/api/merge", json={"source": "a", "into": "b"}, headers=authorised("guess")).status_code == 401
    assert writable.get("/api/stats").json()["counts"]["documents"] == 0


def test_ingest_stores_articles_and_names_each_bad_line(writable: TestClient) -> None:
    body = jsonl(ARTICLES[0], "{broken", ARTICLES[1])
    response = writable.post("/api/ingest", content=body, headers=authorised())
    assert response.status_code == 422
    report = response.json()
    assert report["stored"] == 2 and report["problems"] == ["request body:2: broken JSON (Expecting property name enclosed in double quotes at column 2)"]
    again = writable.post("/api/ingest", content=jsonl(*ARTICLES), headers=authorised())
    assert again.status_code == 200 and again.json()["skipped"] == 2 and again.json()["stored"] == 0
    document = writable.get("/api/documents/api-1").json()
    assert document["source"] == "Test Wire" and document["facts"]
    assert any(e["name"] == "Harbour Reform Party" for e in document["entities"])


def test_ingest_plain_text_needs_a_date(writable: TestClient) -> None:
    text = b"Kenta Mori resigned as leader of the Harbour Reform Party on Friday."
    undated = writable.post("/api/ingest", params={"format": "text"}, content=text, headers=authorised())
    assert undated.status_code == 422 and "no publication date" in undated.json()["problems"][0]
    dated = writable.post("/api/ingest", params={"format": "text", "published": "2016-05-06", "source": "Desk"}, content=text, headers=authorised())
    assert dated.status_code == 200 and dated.json()["stored"] == 1
    assert writable.post("/api/ingest", params={"format": "pdf"}, content=text, headers=authorised()).status_code == 422
    assert writable.post("/api/ingest", content=b"   ", headers=authorised()).status_code == 422
    junk = writable.post("/api/ingest", params={"format": "text", "published": "2016-05-06"}, content=b"\x00\x01\x02binary", headers=authorised())
    assert junk.status_code == 422 and "binary" in junk.json()["problems"][0]


def test_bodies_over_the_limit_are_refused_before_anything_is_stored(writable: TestClient) -> None:
    huge = jsonl(*[dict(ARTICLES[0], id=f"big-{i}") for i in range(800)])
    assert len(huge) > 64 * 1024
    declared = writable.post("/api/ingest", content=huge, headers=authorised())
    assert declared.status_code == 413 and "larger than 65536 bytes" in declared.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives
        for start in range(0, len(huge), 8192):
            yield huge[start : start + 8192]

    streamed = writable.post("/api/ingest", content=chunks(), headers=authorised())
    assert streamed.status_code == 413
    assert writable.get("/api/stats").json()["counts"]["documents"] == 0


def test_merge_and_split_over_http(writable: TestClient) -> None:
    writable.post("/api/ingest", content=jsonl(*ARTICLES), headers=authorised())
    merged = writable.post("/api/merge", json={"source": "Harbour Reform Party", "into": "Your Party"}, headers=authorised())
    assert merged.status_code == 200, merged.text
    assert merged.json()["kept"] == "Your Party" and merged.json()["facts"] > 0
    your_party = writable.get("/api/entities", params={"q": "Harbour Reform"}).json()["items"]
    assert [e["name"] for e in your_party] == ["Your Party"]
    again = writable.post("/api/merge", json={"source": "Harbour Reform Party", "into": "Your Party"}, headers=authorised())
    assert again.status_code == 400 and "already one entity" in again.json()["error"]
    split = writable.post("/api/split", json={"entity": "Your Party", "name": "Harbour Reform Party"}, headers=authorised())
    assert split.status_code == 200 and split.json()["other"] == "Harbour Reform Party"
    unknown = writable.post("/api/merge", json={"source": "Nobody", "into": "Your Party"}, headers=authorised())
    assert unknown.status_code == 404 and "Nobody" in unknown.json()["error"]
    assert writable.post("/api/merge", json={"source": ""}, headers=authorised()).status_code == 422
    assert writable.post("/api/split", json={"entity": "Your Party"}, headers=authorised()).status_code == 400


def test_write_bodies_out_of_range_nested_or_huge_are_a_4xx(writable: TestClient) -> None:
    huge = "#99999999999999999999"
    for path, body, names in (
        ("/api/merge", {"source": huge, "into": "Your Party"}, "source"),
        ("/api/merge", {"source": "Your Party", "into": huge}, "into"),
        ("/api/split", {"entity": huge}, "entity"),
    ):
        response = writable.post(path, json=body, headers=authorised())
        assert response.status_code == 422 and response.json()["error"].startswith(f"bad parameters: {names}: "), response.text
    as_json = {**authorised(), "content-type": "application/json"}
    nested = writable.post("/api/merge", content='{"source": ' * 5000 + '"a"' + "}" * 5000, headers=as_json)
    assert nested.status_code == 400 and "nested too deeply" in nested.json()["error"]
    padded = writable.post("/api/split", content=json.dumps({"entity": "Your Party", "pad": "x" * 70_000}), headers=as_json)
    assert padded.status_code == 413 and "larger than 65536 bytes" in padded.json()["error"]

    def chunks():  # no Content-Length: FastAPI reads it as JSON and must still answer 413
        yield b'{"entity": "Your Party", "pad": "'
        for _ in range(10):
            yield b"x" * 8192
        yield b'"}'

    streamed = writable.post("/api/split", content=chunks(), headers=as_json)
    assert streamed.status_code == 413 and "larger than" in streamed.json()["error"]
    deep_line = writable.post("/api/ingest", content=b'{"id": "deep", "text": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", headers=authorised())
    assert deep_line.status_code == 422 and "nested too deeply" in deep_line.text  # a problem of its line (or, from an older reader, of the body)


@pytest.mark.parametrize("day", ["0", "1402000000", "2014-6-1", "yesterday"])
def test_a_day_that_is_not_written_as_a_day_is_refused(client, day):
    answer = client.get("/api/who", params={"role": "leader", "of": "Your Party", "at": day})
    assert answer.status_code == 422 and "at" in answer.json()["error"]
    assert client.get("/api/network", params={"at": "2014-06-01", "known_at": day}).status_code == 422
