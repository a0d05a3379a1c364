"""Review: flagging facts out of every answer, the review export, possible duplicates, and writes from the UI with the token.

The store holds invented articles about an invented country (Vellmark),
written through the library as ingest would store them; the entities a
resolver of another day left apart (two spellings of one person, a junk
"Party") are added as rows, as an older store would hold them.  One test
ingests real text, to flag a fact and analyse the article again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select
from typer.testing import CliRunner

from builders import opened, stored, told
from politograph.api.app import ServerSettings, create_app
from politograph.cli import app
from politograph.export.popolo import popolo
from politograph.model import Document, Entity, Fact, Mention, TimeValue, fold_name
from politograph.query import asof, browse, network, review
from politograph.query.browse import FactFilter
from politograph.store.curation import CurationError, dropped_fact_ids, flag_fact
from politograph.store.repository import DocumentResult, Store
from politograph.store.schema import aliases, doc_entities, entities, facts, mentions

TOKEN = "vellmark-review-token"
ORIGIN = "http://testserver"
TYPES = {"Blue Party": "PARTY", "Green League": "PARTY", "Farmers Party": "PARTY", "Party": "PARTY", "Vellmark Assembly": "GOV_BODY"}


def fact(kind: str, subject: str, obj: str | None, when: str, **fields: object) -> Fact:
    found = Fact(kind, subject, obj, when=TimeValue(when), **fields)  # type: ignore[arg-type]
    found.subject_type = TYPES.get(subject, "PERSON")
    found.object_type = TYPES.get(obj or "", "PERSON") if obj else None
    return found


def article(doc_id: str, published: str, *found: Fact, extra: tuple[Entity, ...] = (), said: tuple[tuple[str, str], ...] = ()) -> DocumentResult:
    """An article whose text is one sentence per fact (each fact's evidence), then `said` sentences naming `extra` entities."""
    text = told(doc_id, found, lambda item: f"{item.subject} {item.type} {item.object or item.value or ''} ({item.role or 'no role'}, {doc_id}).")
    spans = []
    for name, sentence in said:
        text += " " if text else ""
        start = len(text) + sentence.index(name)
        spans.append(Mention(doc_id, start, start + len(name), name, TYPES.get(name, "PERSON"), next(e for e in extra if e.name == name)))
        text += sentence
    names = {n for item in found for n in (item.subject, item.object) if n} | ({"Vellmark Assembly"} if any(f.scope for f in found) else set())
    ents = [Entity(name, TYPES.get(name, "PERSON")) for name in sorted(names)] + list(extra)
    return DocumentResult(Document(doc_id, text, date.fromisoformat(published), "Vellmark Herald"), ents, spans, list(found))


JUNK = Entity("Party", "PARTY")
ARTICLES = [
    article(
        "v1",
        "2020-01-10",
        fact("role", "Ilse Norrby", "Blue Party", "2020-01-10", role="leader"),
        fact("coalition", "Blue Party", "Green League", "2020-01-10"),
        fact("seats", "Blue Party", None, "2020-01-05", value=40, qualifier="exact", scope="Vellmark Assembly", won=True),
        fact("seats", "Green League", None, "2020-01-05", value=22, qualifier="exact", scope="Vellmark Assembly", won=True),
    ),
    article("v2", "2020-02-01", fact("role", "Ilse Norrby", "Blue Party", "2020-02-01", role="leader", confidence=0.3)),
    article(
        "v3",
        "2020-03-01",
        fact("role", "Abe Shinzō", "Farmers Party", "2020-03-01", role="leader"),
        extra=(JUNK,),
        said=(("Party", "The Party would wait, an aide said."),),
    ),
]


def _add_entity(store: Store, key: str, name: str, kind: str, doc_id: str, sentence_start: int = 0) -> int:
    """An entity an older resolver left apart: its row, its name as alias, and its view in one document."""
    with store.transaction() as connection:
        new_id = int(connection.execute(insert(entities).values(key=key, name=name, type=kind).returning(entities.c.id)).scalar_one())
        connection.execute(insert(aliases).values(entity_id=new_id, alias=name, folded=fold_name(name), source="ner"))
        connection.execute(insert(doc_entities).values(doc_id=doc_id, entity_id=new_id, name=name, type=kind, aliases=json.dumps([name]), resolved_by="new"))
        connection.execute(insert(mentions).values(doc_id=doc_id, entity_id=new_id, start=sentence_start, end=sentence_start + 3, text=name[:3], type=kind))
    store.forget_cache()
    return new_id


def vellmark_store(path: Path) -> str:
    """The Vellmark store (its address): the articles, and three entities an older resolver left apart."""
    address = stored(f"sqlite:///{path}", ARTICLES)
    store = Store(address, packs=())
    try:
        _add_entity(store, "PERSON:shinzo abe", "Shinzo Abe", "PERSON", "v3")  # the same person, in the other name order
        _add_entity(store, "PERSON:kono taro", "Kono Taro", "PERSON", "v1")
        _add_entity(store, "PERSON:kōno tarō (v2)", "Kōno Tarō\n\n", "PERSON", "v2")  # macrons and trailing newlines
    finally:
        store.close()
    return address


@pytest.fixture
def url(tmp_path: Path) -> str:
    return vellmark_store(tmp_path / "vellmark.db")


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    yield from opened(url)


def _fact_id(store: Store, doc_id: str, kind: str) -> int:
    with store.connect() as connection:
        return int(connection.execute(select(facts.c.id).where(facts.c.doc_id == doc_id, facts.c.type == kind).order_by(facts.c.id)).scalars().first())


def _entity_id(store: Store, name: str) -> int:
    return asof.entity_ids(store, name)[0]


def _keyed(store: Store, key: str) -> str:
    """An entity as "#id", found by its key: two spellings of one name are ambiguous by name."""
    with store.connect() as connection:
        return "#" + str(connection.execute(select(entities.c.id).where(entities.c.key == key)).scalar_one())


KONO = ("PERSON:kono taro", "PERSON:kōno tarō (v2)")


def _cli(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


def _listed(store: Store) -> set[int]:
    return {f.id for f in browse.every_fact(store, FactFilter())}


# --------------------------------------------------------------------------- flags leave every answer


def test_a_flagged_fact_leaves_every_answer_and_export_and_unflag_brings_it_back(url: str, store: Store, tmp_path: Path) -> None:
    coalition, seats = _fact_id(store, "v1", "coalition"), _fact_id(store, "v1", "seats")
    blue = _entity_id(store, "Blue Party")
    day = date(2020, 6, 1)

    def present() -> dict[str, bool]:
        claims = asof.timeline_of(store, [blue])
        groups = {g.group for g in asof.seats(store, "Vellmark Assembly", day).groups}
        doc = browse.document(store, "v1")
        data = popolo(store)
        return {
            "timeline": any(c.type == "coalition" for c in claims),
            "network": network.day_network(store, day).total > 0,
            "edges": any(e.type == "coalition" for e in network.edges_at(store, day)),
            "seats": "Blue Party" in groups,
            "facts": {coalition, seats} <= _listed(store),
            "document": {coalition, seats} <= {f.id for f in doc.facts},
            "popolo": bool(data["organizations"]),
        }

    assert all(present().values())
    before = browse.overview(store)
    assert "flagged as wrong" in _cli(url, "flag", str(coalition), "--note", "no coalition was formed")
    _cli(url, "flag", str(seats))
    now = present()
    assert not now["timeline"] and not now["network"] and not now["edges"] and not now["seats"] and not now["facts"] and not now["document"]
    after = browse.overview(store)  # the home page's and `stats`' counts leave them out too
    assert after.counts["facts"] == before.counts["facts"] - 2
    assert after.facts_by_type.get("coalition", 0) == before.facts_by_type.get("coalition", 0) - 1

    out = tmp_path / "out"
    _cli(url, "export", str(out), "--format", "facts")
    exported = [json.loads(line) for line in (out / "facts.jsonl").read_text().splitlines()]
    assert not any(f["type"] == "coalition" for f in exported) and not any(f.get("value") == 40 for f in exported)
    _cli(url, "export", str(tmp_path / "csv"), "--format", "csv")
    assert "coalition" not in (tmp_path / "csv" / "facts.csv").read_text()
    _cli(url, "export", str(tmp_path / "kb.graphml"), "--format", "graphml", "--at", "2020-06-01")
    assert "coalition" not in (tmp_path / "kb.graphml").read_text()

    assert "unflagged" in _cli(url, "flag", str(coalition), "--undo")
    assert present()["timeline"] and present()["network"] and not present()["seats"]
    _cli(url, "flag", str(seats), "--undo")
    assert all(present().values())


def test_flagging_both_reports_of_a_post_empties_who_and_errors_are_one_line(url: str, store: Store) -> None:
    first, second = (f.id for f in browse.every_fact(store, FactFilter(type="role")) if f.subject == "Ilse Norrby")
    assert [c.subject for c in asof.who(store, "leader", "Blue Party", date(2020, 3, 1)).holders] == ["Ilse Norrby"]
    flag_fact(store, first)
    assert [c.subject for c in asof.who(store, "leader", "Blue Party", date(2020, 3, 1)).holders] == ["Ilse Norrby"]  # the other report holds
    flag_fact(store, second, note="a different party", made_by="test")
    assert asof.who(store, "leader", "Blue Party", date(2020, 3, 1)).holders == []
    assert {first, second} <= dropped_fact_ids(store)
    with pytest.raises(CurationError, match="flagged already"):
        flag_fact(store, first)
    result = CliRunner().invoke(app, ["flag", "999999", "--db", url])
    assert result.exit_code != 0 and "no fact with id 999999" in result.output and "Traceback" not in result.output
    again = CliRunner().invoke(app, ["flag", str(first), "--undo", "--db", url])
    assert again.exit_code == 0
    not_flagged = CliRunner().invoke(app, ["flag", str(first), "--undo", "--db", url])
    assert not_flagged.exit_code != 0 and "is not flagged" in not_flagged.output


def test_a_flag_survives_reprocessing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    corpus = tmp_path / "a.jsonl"
    text = "Mara Lind was elected leader of the Green Alliance on Tuesday. Tomas Berg leads the Farmers Union."
    corpus.write_text(json.dumps({"id": "t1", "published": "2016-03-08", "source": "Ledger", "text": text}) + "\n", encoding="utf-8")
    _cli(db, "ingest", str(corpus), "-q")
    store = Store(db)
    try:
        [lind] = [f for f in browse.every_fact(store, FactFilter(type="role")) if f.subject == "Mara Lind"]
        _cli(db, "flag", str(lind.id), "--note", "she was elected deputy")
        _cli(db, "ingest", str(corpus), "--reprocess", "-q")
        with store.connect() as connection:  # the article's facts were stored again: the flag names the fact by what it states
            again = connection.execute(select(facts.c.id).where(facts.c.doc_id == "t1", facts.c.subject == "Mara Lind", facts.c.type == "role")).scalars().all()
        assert len(again) == 1 and set(again) <= dropped_fact_ids(store)
        assert [f.subject for f in browse.every_fact(store, FactFilter(type="role"))] == ["Tomas Berg"]
        assert not [c for c in asof.timeline(store, "Mara Lind") if c.type == "role"]
    finally:
        store.close()


def test_export_review_writes_flags_merges_and_dismissals_as_json_lines(url: str, store: Store, tmp_path: Path) -> None:
    coalition = _fact_id(store, "v1", "coalition")
    _cli(url, "flag", str(coalition), "--note", "talks failed")
    _cli(url, "merge", "#" + str(_entity_id(store, "Shinzo Abe")), "#" + str(_entity_id(store, "Abe Shinzō")))
    with TestClient(create_app(ServerSettings(url, token=TOKEN, packs=()))) as client:
        pair = {"first": _keyed(store, KONO[0]), "second": _keyed(store, KONO[1]), "note": "two people"}
        dismissed = client.post("/api/review/duplicates/dismiss", json=pair, headers=_bearer())
        assert dismissed.status_code == 200, dismissed.text
    _cli(url, "export", str(tmp_path / "review.jsonl"), "--format", "review")
    lines = [json.loads(line) for line in (tmp_path / "review.jsonl").read_text().splitlines()]
    by_kind = {line["decision"]: line for line in lines}
    assert set(by_kind) == {"flag", "merge", "dismiss"}
    flagged = by_kind["flag"]
    assert flagged["fact"]["id"] == coalition and flagged["fact"]["type"] == "coalition" and flagged["note"] == "talks failed"
    assert flagged["sentence"].startswith("Blue Party coalition Green League") and flagged["doc_id"] == "v1"
    assert flagged["source"] == "Vellmark Herald" and flagged["published"] == "2020-01-10" and flagged["made_by"].startswith("cli")
    merged = by_kind["merge"]
    assert [e["name"] for e in merged["entities"]] == ["shinzo abe", "Abe Shinzō"] and merged["sentence"] and merged["doc_id"] == "v3"
    assert [e["name"] for e in by_kind["dismiss"]["entities"]] == ["Kono Taro", "Kōno Tarō\n\n"] and by_kind["dismiss"]["note"] == "two people"


# --------------------------------------------------------------------------- possible duplicates


def test_duplicates_are_found_for_name_order_macrons_whitespace_and_junk(store: Store) -> None:
    found = {(c.reason, c.first.name, c.second.name if c.second else None): c for c in review.possible_duplicates(store)}
    reasons = {(reason, first.strip(), (second or "").strip()) for reason, first, second in found}
    assert ("name-order", "Shinzo Abe", "Abe Shinzō") in reasons  # the one with a fact is kept
    assert ("name-variant", "Kōno Tarō", "Kono Taro") in reasons  # the clean spelling is kept
    assert ("junk", "Party", "Farmers Party") in reasons
    junk = next(c for c in found.values() if c.reason == "junk")
    assert junk.first.facts == 0 and junk.first.documents == 1 and junk.first.sentence and "Party would wait" in junk.first.sentence
    order = next(c for c in found.values() if c.reason == "name-order")
    assert order.second is not None and order.second.facts == 1 and order.second.sentence and order.second.sentence.startswith("Abe Shinzō role")
    assert not any("Blue Party" in (c.first.name, c.second.name if c.second else "") for c in found.values())  # nothing suggests a distinct party


def test_a_dismissed_pair_is_not_suggested_again(url: str, store: Store) -> None:
    pair = {"first": _keyed(store, KONO[0]), "second": _keyed(store, KONO[1])}
    with TestClient(create_app(ServerSettings(url, token=TOKEN, packs=()))) as client:
        before = client.get("/api/review/duplicates").json()
        assert any(c["reason"] == "name-variant" for c in before)
        refused = client.post("/api/review/duplicates/dismiss", json=pair)
        assert refused.status_code == 401
        done = client.post("/api/review/duplicates/dismiss", json=pair, headers=_bearer())
        assert done.status_code == 200 and done.json()["dismissed"] is True
        after = client.get("/api/review/duplicates").json()
        assert not any(c["reason"] == "name-variant" for c in after) and len(after) == len(before) - 1


# --------------------------------------------------------------------------- the UI: token, session, CSRF


def _bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def _signed_in(client: TestClient) -> None:
    answer = client.post("/review/session", data={"token": TOKEN, "next": "/review/duplicates"}, headers={"Origin": ORIGIN}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/review/duplicates"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie


def test_merge_a_suggested_duplicate_from_the_page_with_the_token(url: str) -> None:
    with TestClient(create_app(ServerSettings(url, token=TOKEN, packs=()))) as client:
        page = client.get("/review/duplicates")
        assert page.status_code == 200 and "merge-button" not in page.text and "enter the operator token" in page.text
        _signed_in(client)
        page = client.get("/review/duplicates")
        fields = r'name="source" value="(\d+)"><input type="hidden" name="into" value="(\d+)">\s*'
        form = re.search(fields + '<button type="submit" class="merge-button">merge Shinzo Abe', page.text)
        assert form, page.text
        merged = client.post("/review/duplicates/merge", data={"source": form[1], "into": form[2]}, headers={"Origin": ORIGIN}, follow_redirects=False)
        assert merged.status_code == 303
        assert client.get(f"/api/entities/{form[1]}").status_code == 404
        assert "merge Shinzo Abe" not in client.get("/review/duplicates").text


def test_flag_and_unflag_over_the_api_with_the_token(url: str, store: Store) -> None:
    coalition, blue = _fact_id(store, "v1", "coalition"), _entity_id(store, "Blue Party")
    with TestClient(create_app(ServerSettings(url, token=TOKEN, packs=()))) as client:
        assert client.post(f"/api/facts/{coalition}/flag").status_code == 401
        assert client.post(f"/api/facts/{coalition}/flag", headers={"Authorization": "Bearer guess"}).status_code == 401
        done = client.post(f"/api/facts/{coalition}/flag", json={"note": "no deal"}, headers=_bearer())
        assert done.status_code == 200 and done.json()["kind"] == "flag" and done.json()["note"] == "no deal"
        assert coalition not in [f["id"] for f in client.get("/api/facts", params={"limit": 100}).json()["items"]]
        assert not [c for c in client.get(f"/api/entities/{blue}/timeline").json() if c["type"] == "coalition"]
        assert client.get("/api/network", params={"at": "2020-06-01"}).json()["total"] == 0
        assert client.post(f"/api/facts/{coalition}/flag", headers=_bearer()).status_code == 400  # flagged already: one line says so
        assert client.post(f"/api/facts/{coalition}/flag", json={"undo": True}, headers=_bearer()).json()["kind"] == "unflag"
        assert client.get("/api/network", params={"at": "2020-06-01"}).json()["total"] == 1
        assert client.post("/api/facts/999999/flag", headers=_bearer()).status_code == 400


def test_without_a_token_the_server_is_read_only(url: str, store: Store) -> None:
    coalition, blue = _fact_id(store, "v1", "coalition"), _entity_id(store, "Blue Party")
    with TestClient(create_app(ServerSettings(url, packs=()))) as client:
        assert client.post(f"/api/facts/{coalition}/flag", headers=_bearer()).status_code == 403
        refused = client.post(f"/facts/{coalition}/flag", data={"note": "x"}, headers={"Origin": ORIGIN})
        assert refused.status_code == 403 and "read-only: start the server with POLITOGRAPH_TOKEN" in refused.text
        assert client.post("/review/session", data={"token": TOKEN}, headers={"Origin": ORIGIN}).status_code == 403
        assert "flag-button" not in client.get(f"/entities/{blue}").text
        assert "read-only: start the server with POLITOGRAPH_TOKEN" in client.get("/review/duplicates").text
        assert "read-only" in client.get("/review/session").text
    with TestClient(create_app(ServerSettings(url, token=TOKEN, packs=()))) as client:
        assert client.post(f"/facts/{coalition}/flag", headers={"Origin": ORIGIN}).status_code == 401  # no session yet
        wrong = client.post("/review/session", data={"token": "guess"}, headers={"Origin": ORIGIN})
        assert wrong.status_code == 401 and "form.token" in wrong.text and "set-cookie" not in wrong.headers
        assert "flag-button" not in client.get(f"/entities/{blue}").text


def test_cross_site_forms_are_refused(url: str, store: Store) -> None:
    coalition, blue = _fact_id(store, "v1", "coalition"), _entity_id(store, "Blue Party")
    with TestClient(create_app(ServerSettings(url, token=TOKEN, packs=()))) as client:
        assert client.post("/review/session", data={"token": TOKEN}, headers={"Origin": "https://evil.example"}).status_code == 403
        _signed_in(client)
        for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {}, {"Referer": "https://evil.example/page"}):
            answer = client.post(f"/facts/{coalition}/flag", data={"next": f"/entities/{blue}"}, headers=headers)
            assert answer.status_code == 403 and "Origin check" in answer.text, headers
        assert coalition not in dropped_fact_ids(store)
        done = client.post(f"/facts/{coalition}/flag", data={"next": "//evil.example/x"}, headers={"Referer": f"{ORIGIN}/entities/{blue}"}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == f"/facts/{coalition}"  # only a local path is followed
        assert coalition in dropped_fact_ids(store)


def test_the_flag_button_on_a_card_takes_the_fact_out_of_the_entity_page(url: str, store: Store) -> None:
    coalition, blue = _fact_id(store, "v1", "coalition"), _entity_id(store, "Blue Party")
    with TestClient(create_app(ServerSettings(url, token=TOKEN, packs=()))) as client:
        _signed_in(client)
        page = client.get(f"/entities/{blue}").text
        assert f'action="/facts/{coalition}/flag"' in page and "Green League" in page and "4 facts in 2 documents" in page
        assert f'action="/facts/{coalition}/flag"' in client.get("/documents/v1").text
        done = client.post(f"/facts/{coalition}/flag", data={"next": f"/entities/{blue}", "note": "no deal"}, headers={"Origin": ORIGIN}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == f"/entities/{blue}"
        page = client.get(f"/entities/{blue}").text
        assert f'action="/facts/{coalition}/flag"' not in page and "Green League" not in page
        assert "3 facts in 2 documents" in page and client.get(f"/api/entities/{blue}").json()["facts"] == 3  # counted without it too


def test_confidence_is_shown_and_low_confidence_is_marked_in_words(store: Store, url: str) -> None:
    blue, person = _entity_id(store, "Blue Party"), _entity_id(store, "Ilse Norrby")
    low = next(f for f in browse.every_fact(store, FactFilter(type="role")) if f.doc_id == "v2")
    assert review.is_low(low.confidence) and not review.is_low(review.LOW_CONFIDENCE)
    with TestClient(create_app(ServerSettings(url, packs=()))) as client:
        document = client.get("/documents/v2").text
        assert 'class="confidence low-confidence"' in document and "low confidence" in document and "0.30" in document
        sure = client.get("/documents/v1").text
        assert "low confidence" not in sure and '<span class="confidence" title="how sure the reader was (0–1)">1.00</span>' in sure
        for page in (client.get(f"/entities/{person}").text, client.get(f"/entities/{blue}").text):
            assert re.search(r'<span class="confidence[^"]*"[^>]*>\d\.\d\d', page)
