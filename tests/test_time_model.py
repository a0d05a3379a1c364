"""The time model on multi-article timelines: states that begin and end, terms, former posts, seats by election, and real contradictions.

The store is built through the library (`Store.save`, as ingest saves an
article's findings) from articles about an invented country, Norland, with
the facts its extractors would read, so each test pins the query side:
who, seats, the network and the contradictions on several days.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from builders import opened, stored, told
from politograph.api.app import ServerSettings, create_app
from politograph.cli import app
from politograph.export.popolo import popolo
from politograph.model import Document, Entity, Fact, Modality, TimeValue
from politograph.query import asof, network
from politograph.query.browse import seat_days
from politograph.query.states import Asserted, clash
from politograph.store.curation import CurationError, record_verdict
from politograph.store.repository import DocumentResult, Store

TYPES = {
    "Norland": "PLACE",
    "Norland Assembly": "GOV_BODY",
    "Blue Party": "PARTY",
    "Green League": "PARTY",
    "Red Union": "PARTY",
    "Harbour Party": "PARTY",
    "Coastal Party": "PARTY",
    "Free Wing": "FACTION",
}
ASSEMBLY = "Norland Assembly"


def fact(kind: str, subject: str | None, obj: str | None = None, when: str | None = None, **fields: object) -> Fact:
    """A fact as an extractor reads it; `start`, `end` and `when` are FORMAT.md time values."""
    times = {name: TimeValue(str(fields.pop(name))) for name in ("start", "end") if fields.get(name)}
    found = Fact(kind, subject, obj, when=TimeValue(when) if when else None, **times, **fields)  # type: ignore[arg-type]
    found.subject_type = TYPES.get(subject or "", "PERSON")
    found.object_type = TYPES.get(obj or "", "PERSON") if obj else None
    return found


def article(doc_id: str, published: str, source: str, *found: Fact) -> DocumentResult:
    """One article: its text is one sentence per fact, each fact's evidence its own sentence."""

    def sentence(item: Fact) -> str:
        return f"{item.subject} {item.type} {item.object or item.result or item.value or ''} ({item.role or ''}, {item.when or published}, {doc_id})."

    text = told(doc_id, found, sentence)
    names = {n for item in found for n in (item.subject, item.object) if n} | ({ASSEMBLY} if any(f.scope == ASSEMBLY for f in found) else set())
    entities = [Entity(name, TYPES.get(name, "PERSON")) for name in sorted(names)]
    return DocumentResult(Document(doc_id, text, date.fromisoformat(published), source), entities, [], list(found))


POST, STAR = "Norland Post", "Evening Star"

ARTICLES = [
    # a prime minister's two terms, with a successor's term between them
    article("pm-1", "2016-05-10", POST, fact("role", "Karin Lund", "Norland", "2016-05-10", role="prime-minister")),
    article("pm-2", "2018-07-02", STAR, fact("role", "Erik Holm", "Norland", "2018-07-02", role="prime-minister", start="2018-07-02")),
    article("pm-3", "2019-03-01", POST, fact("role", "Erik Holm", "Norland", "2019-03-01", role="prime-minister")),
    article("pm-4", "2020-02-01", STAR, fact("role", "Karin Lund", "Norland", "2020-02-01", role="prime-minister", start="2020-02-01")),
    article("pm-5", "2021-05-01", POST, fact("role", "Karin Lund", "Norland", "2021-05-01", role="prime-minister")),
    # leaders, and a coalition that collapses and is replaced by another
    article(
        "a-01",
        "2020-01-10",
        POST,
        fact("role", "Anna Berg", "Blue Party", "2020-01-10", role="leader"),
        fact("role", "Maja Ek", "Green League", "2020-01-10", role="leader"),
        fact("coalition", "Blue Party", "Green League", "2020-01-10"),
    ),
    # an election: every seat of the 101 is known
    article(
        "a-02",
        "2020-03-02",
        POST,
        fact("seats", ASSEMBLY, None, "2020-03-01", value=101, qualifier="exact"),
        fact("seats", "Blue Party", None, "2020-03-01", value=40, qualifier="exact", scope=ASSEMBLY, won=True),
        fact("seats", "Red Union", None, "2020-03-01", value=30, qualifier="exact", scope=ASSEMBLY, won=True),
        fact("seats", "Harbour Party", None, "2020-03-01", value=16, qualifier="exact", scope=ASSEMBLY, won=True),
        fact("seats", "Green League", None, "2020-03-01", value=15, qualifier="exact", scope=ASSEMBLY, won=True),
    ),
    article("a-03", "2020-04-01", STAR, fact("role", "Per Lind", "Harbour Party", "2020-04-01", role="leader")),
    article("a-04", "2020-06-15", STAR, fact("role", "Olof Dahl", "Blue Party", "2020-06-15", role="leader", start="2020-06-15")),
    article("a-05", "2020-09-01", POST, fact("coalition", "Green League", "Blue Party", "2020-09-01", end="2020-09-01")),  # "left the coalition"
    article("a-06", "2020-09-10", STAR, fact("coalition", "Blue Party", "Red Union", "2020-09-10")),
    # a same-day hand-over, told by two outlets
    article("a-07", "2020-10-05", POST, fact("role", "Maja Ek", "Green League", "2020-10-05", role="leader", end="2020-10-05")),
    article("a-08", "2020-10-05", STAR, fact("role", "Sven Alm", "Green League", "2020-10-05", role="leader")),
    # a rename that keeps the party
    article("a-09", "2020-11-20", POST, fact("rename", "Harbour Party", None, "2020-11-20", result="Coastal Party")),
    article("a-10", "2021-01-15", STAR, fact("role", "Lena Sjo", "Coastal Party", "2021-01-15", role="leader")),
    # a group splits off, allies with another, and later merges into a third party
    article(
        "a-11",
        "2021-02-01",
        POST,
        fact("split", "Blue Party", "Free Wing", "2021-02-01"),
        fact("seats", "Free Wing", None, "2021-02-01", value=12, qualifier="exact", scope=ASSEMBLY, won=False),
        fact("seats", "Blue Party", None, "2021-02-01", value=28, qualifier="exact", scope=ASSEMBLY, won=False),
    ),
    article("a-12", "2021-03-01", STAR, fact("alliance", "Free Wing", "Green League", "2021-03-01")),
    article("a-13", "2021-04-01", POST, fact("merger", "Free Wing", "Red Union", "2021-04-01", result="Red Union")),
    # a former post in a later article
    article("a-14", "2021-06-01", POST, fact("role", "Anna Berg", "Blue Party", None, role="leader", former=True)),
    # the next election replaces the seats; two outlets disagree on one count of that day
    article(
        "a-15",
        "2022-03-07",
        POST,
        fact("seats", ASSEMBLY, None, "2022-03-06", value=101, qualifier="exact"),
        fact("seats", "Blue Party", None, "2022-03-06", value=35, qualifier="exact", scope=ASSEMBLY, won=True),
        fact("seats", "Red Union", None, "2022-03-06", value=40, qualifier="exact", scope=ASSEMBLY, won=True),
        fact("seats", "Green League", None, "2022-03-06", value=16, qualifier="exact", scope=ASSEMBLY, won=True),
    ),
    article("a-16", "2022-03-08", STAR, fact("seats", "Red Union", None, "2022-03-06", value=41, qualifier="exact", scope=ASSEMBLY, won=True)),
    # a plan that is not a state yet, and a denial of an event nobody asserted
    article("a-17", "2022-04-01", STAR, fact("coalition", "Green League", "Red Union", "2022-05", modality=Modality.PLANNED)),
]


@pytest.fixture
def url(tmp_path) -> str:
    return stored(f"sqlite:///{tmp_path / 'norland.db'}", ARTICLES)


@pytest.fixture
def store(url: str):
    yield from opened(url)


def holders(store: Store, role: str, of: str, day: str, known_at: str | None = None) -> list[str | None]:
    answer = asof.who(store, role, of, date.fromisoformat(day), date.fromisoformat(known_at) if known_at else None)
    return [h.subject for h in answer.holders]


def edges(store: Store, day: str, known_at: str | None = None) -> set[tuple[str, str, str]]:
    graph = network.relations_at(store, date.fromisoformat(day), network.ALLIANCE_TYPES, date.fromisoformat(known_at) if known_at else None)
    return {(*sorted((graph.nodes[a]["name"], graph.nodes[b]["name"])), data["type"]) for a, b, data in graph.edges(data=True)}  # type: ignore[misc]


def seat_map(store: Store, day: str) -> dict[str, int]:
    return {g.group: g.seats for g in asof.seats(store, ASSEMBLY, date.fromisoformat(day)).groups}


# --------------------------------------------------------------------------- who: successors, terms, hand-overs, former posts


def test_a_leader_replaced_hands_over_on_the_day_the_successor_begins(store: Store) -> None:
    assert holders(store, "leader", "Blue Party", "2020-03-01") == ["Anna Berg"]
    assert holders(store, "leader", "Blue Party", "2020-06-15") == ["Olof Dahl"]  # the day itself: the new holder only
    assert holders(store, "leader", "Blue Party", "2020-07-01") == ["Olof Dahl"]
    [berg] = asof.who(store, "leader", "Blue Party", date(2020, 3, 1)).holders
    assert (berg.valid_from, berg.valid_to, berg.ended_by) == (date(2020, 1, 10), date(2020, 6, 15), "successor")
    assert berg.end_evidence is not None and berg.end_evidence.doc_id == "a-04"
    assert holders(store, "leader", "Blue Party", "2020-07-01", known_at="2020-06-01") == ["Anna Berg"]  # before the press knew


def test_two_terms_of_one_person_are_two_intervals_with_a_gap(store: Store) -> None:
    assert holders(store, "prime-minister", "Norland", "2017-01-01") == ["Karin Lund"]
    assert holders(store, "prime-minister", "Norland", "2019-06-01") == ["Erik Holm"]
    assert holders(store, "prime-minister", "Norland", "2021-06-01") == ["Karin Lund"]
    terms = [c for c in asof.timeline(store, "Karin Lund") if c.role == "prime-minister"]
    assert [(c.valid_from, c.valid_to, c.open) for c in terms] == [(date(2016, 5, 10), date(2018, 7, 2), False), (date(2020, 2, 1), None, True)]
    assert not [c for c in asof.contradictions(store) if "prime-minister" in c.what]  # four reports, two people, no conflict


def test_a_same_day_handover_is_no_conflict(store: Store) -> None:
    assert holders(store, "leader", "Green League", "2020-10-04") == ["Maja Ek"]
    answer = asof.who(store, "leader", "Green League", date(2020, 10, 5))
    assert [h.subject for h in answer.holders] == ["Sven Alm"] and not answer.conflicting
    assert holders(store, "leader", "Green League", "2021-01-01") == ["Sven Alm"]
    assert not [c for c in asof.contradictions(store) if "Green League" in c.what]


def test_a_former_post_in_a_later_article_is_never_current(store: Store) -> None:
    assert holders(store, "leader", "Blue Party", "2021-06-01") == ["Olof Dahl"]
    assert holders(store, "leader", "Blue Party", "2021-07-01") == ["Olof Dahl"]
    berg = [c for c in asof.timeline(store, "Anna Berg") if c.role == "leader"]
    assert all(not c.open for c in berg) and any(c.former for c in berg)
    assert {e.doc_id for c in berg for e in c.evidence} == {"a-01", "a-14"}
    runner = CliRunner().invoke(app, ["timeline", "Anna Berg", "--db", store.url])
    assert runner.exit_code == 0 and "former" in runner.stdout
    [membership] = [m for m in popolo(store)["memberships"] if m.get("role") == "leader" and m["person_id"].endswith(str(berg[0].subject_id))]
    assert (membership["start_date"], membership["end_date"], membership.get("former")) == ("2020-01-10", "2020-06-15", True)


def test_a_party_renamed_keeps_its_identity(store: Store) -> None:
    assert holders(store, "leader", "Harbour Party", "2020-06-01") == ["Per Lind"]
    assert holders(store, "leader", "Coastal Party", "2020-06-01") == ["Per Lind"]  # the same party under its later name
    assert holders(store, "leader", "Harbour Party", "2021-02-01") == ["Lena Sjo"]
    [lind] = asof.who(store, "leader", "Harbour Party", date(2020, 12, 1)).holders
    assert lind.open is False and lind.ended_by == "successor" and lind.valid_to == date(2021, 1, 15)  # a rename is no end
    assert seat_map(store, "2021-01-01")["Harbour Party"] == 16


# --------------------------------------------------------------------------- the network: relations that end


def test_a_coalition_that_collapses_and_is_replaced(store: Store) -> None:
    assert edges(store, "2020-05-01") == {("Blue Party", "Green League", "coalition")}
    assert edges(store, "2020-09-05") == set()  # the Green League left on 2020-09-01
    assert edges(store, "2020-10-01") == {("Blue Party", "Red Union", "coalition")}
    assert edges(store, "2020-10-01", known_at="2020-09-05") == set()  # the new coalition was reported on 2020-09-10
    [old] = [e for e in network.edges_at(store, date(2020, 5, 1), ("coalition",))]
    assert (old.since, old.until, old.ended_by) == (date(2020, 1, 10), date(2020, 9, 1), "stated end")
    assert date(2020, 9, 2) in network.change_days(store)  # the day after it ended
    seats = asof.seats(store, ASSEMBLY, date(2020, 5, 1))
    assert (["Blue Party", "Green League"], 55) in seats.blocs
    assert (["Blue Party", "Green League"], 55) not in asof.seats(store, ASSEMBLY, date(2020, 9, 5)).blocs


def test_a_group_splits_off_and_later_merges_into_another_party(store: Store) -> None:
    assert seat_map(store, "2021-02-15") == {"Red Union": 30, "Blue Party": 28, "Harbour Party": 16, "Green League": 15, "Free Wing": 12}
    assert edges(store, "2021-03-15") >= {("Free Wing", "Green League", "alliance")}
    assert ("Free Wing", "Green League", "alliance") not in edges(store, "2021-04-15")  # merged away on 2021-04-01
    after = asof.seats(store, ASSEMBLY, date(2021, 4, 15))
    assert "Free Wing" not in {g.group for g in after.groups}
    assert (after.known, after.total, after.complete, after.power) == (89, 101, False, False)
    assert all(g.banzhaf is None for g in after.groups) and after.note and "89 of 101" in after.note  # no power index rather than zeros
    [alliance] = [e for e in network.edges_at(store, date(2021, 3, 15), ("alliance",))]
    assert (alliance.until, alliance.ended_by) == (date(2021, 4, 1), "merged")


# --------------------------------------------------------------------------- seats: elections and their changes


def test_seats_are_replaced_by_a_later_election(store: Store) -> None:
    first = asof.seats(store, ASSEMBLY, date(2020, 3, 5))
    assert (first.known, first.total, first.complete, first.power, first.election) == (101, 101, True, True, date(2020, 3, 1))
    assert all(g.banzhaf is not None and g.banzhaf > 0 for g in first.groups) and all(g.won for g in first.groups)
    blue = next(g for g in first.groups if g.group == "Blue Party")
    assert (blue.until, blue.ended_by) == (date(2021, 2, 1), "newer count")
    later = asof.seats(store, ASSEMBLY, date(2022, 3, 10))
    assert seat_map(store, "2022-03-10") == {"Red Union": 41, "Blue Party": 35, "Green League": 16}  # the later report of the day wins
    assert later.election == date(2022, 3, 6) and later.unreported == ["Harbour Party"]  # its 2020 count does not outlive the election
    assert (later.known, later.power) == (92, False)
    assert seat_days(store, ASSEMBLY)[-1] == date(2022, 3, 6)  # where the seats page opens


def test_the_seats_page_opens_on_the_latest_day_with_data(url: str) -> None:
    with TestClient(create_app(ServerSettings(url, packs=()))) as site:
        page = site.get("/seats").text
        assert "on 2022-03-06" in page and "known 92 of 101" in page and "–" in page
        assert "Harbour Party" in page  # listed as unreported since the election


# --------------------------------------------------------------------------- contradictions: real ones only, and verdicts


def test_one_genuine_conflict_between_two_outlets_is_listed_with_both_reports_then_dismissed(store: Store) -> None:
    found = asof.contradictions(store)
    assert [(c.kind, c.what) for c in found] == [("seats", "seats of Red Union in the Norland Assembly")]
    [conflict] = found
    assert {e.doc_id for e in conflict.first.evidence} == {"a-15"} and {e.doc_id for e in conflict.second.evidence} == {"a-16"}
    assert (conflict.first.value, conflict.second.value, conflict.day) == (40, 41, date(2022, 3, 6))
    assert "Norland Post" in conflict.why and "Evening Star" in conflict.why
    assert asof.contradictions(store, known_at=date(2022, 3, 7)) == []  # the second outlet had not reported yet
    what, _ = asof.verdict_for(store, conflict.key, None)
    record_verdict(store, conflict.key, "dismiss", what.what, note="a recount is due")
    assert asof.contradictions(store) == [] and [c.key for c in asof.contradictions(store, include_decided=True)] == [conflict.key]
    assert seat_map(store, "2022-03-10")["Red Union"] == 41  # dismissing changes no answer
    with pytest.raises(CurationError, match="already dismissed"):
        record_verdict(store, conflict.key, "dismiss", what.what)


def test_settling_a_conflict_drops_the_losing_report_from_answers(url: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["contradictions", "--db", url])
    assert listed.exit_code == 0 and "seats of Red Union" in listed.stdout
    store = Store(url, packs=())
    [conflict] = asof.contradictions(store)
    settled = runner.invoke(app, ["settle", conflict.key, "--keep", "first", "--db", url])
    assert settled.exit_code == 0 and "1 reports of the other side no longer count" in settled.stdout
    assert seat_map(store, "2022-03-10")["Red Union"] == 40
    assert runner.invoke(app, ["contradictions", "--db", url]).stdout.strip() == "no contradictions"
    assert runner.invoke(app, ["settle", "c0000000000", "--dismiss", "--db", url]).exit_code == 1
    both = runner.invoke(app, ["settle", conflict.key, "--dismiss", "--keep", "first", "--db", url])
    assert both.exit_code == 2 and "exactly one" in both.stderr
    store.close()


def test_verdicts_over_http_need_the_token(url: str) -> None:
    with TestClient(create_app(ServerSettings(url, token="secret", packs=()))) as client:
        [conflict] = client.get("/api/contradictions").json()
        assert conflict["kind"] == "seats" and conflict["first"]["evidence"][0]["doc_id"] == "a-15"
        path = f"/api/contradictions/{conflict['key']}/dismiss"
        assert client.post(path, json={"note": "x"}).status_code == 401
        assert client.post("/api/contradictions/nonsense/dismiss", headers={"Authorization": "Bearer secret"}).status_code == 422
        assert client.post("/api/contradictions/c0123456789/dismiss", headers={"Authorization": "Bearer secret"}).status_code == 404
        done = client.post(path, json={"note": "a recount is due"}, headers={"Authorization": "Bearer secret"})
        assert done.status_code == 200 and done.json()["kind"] == "dismiss"
        assert client.get("/api/contradictions").json() == [] and len(client.get("/api/contradictions", params={"decided": True}).json()) == 1
        assert "No conflicting reports" in client.get("/contradictions").text
        again = client.post(path, json={}, headers={"Authorization": "Bearer secret"})
        assert again.status_code == 400 and "already dismissed" in again.json()["error"]


def test_who_and_network_answers_say_until_and_how_old_the_latest_report_is(url: str) -> None:
    with TestClient(create_app(ServerSettings(url, packs=()))) as client:
        who = client.get("/api/who", params={"role": "leader", "of": "Blue Party", "at": "2020-03-01"}).json()
        [berg] = who["holders"]
        assert (berg["valid_to"], berg["ended_by"], berg["open"], berg["age_days"]) == ("2020-06-15", "successor", False, 51)
        later = client.get("/api/who", params={"role": "leader", "of": "Blue Party", "at": "2021-01-01"}).json()["holders"][0]
        assert (later["subject"], later["open"], later["last_reported"]) == ("Olof Dahl", True, "2020-06-15")
        net = client.get("/api/network", params={"at": "2020-10-01"}).json()
        [edge] = net["edges"]
        assert (edge["since"], edge["until"], edge["age_days"]) == ("2020-09-10", None, 21)
        page = client.get("/who", params={"role": "leader", "of": "Blue Party", "at": "2020-03-01", "known_at": "2020-02-01"}).text
        assert "successor" not in page and "as the press knew it on" in page  # the successor was not known yet
        empty = client.get("/who", params={"role": "leader", "of": "Blue Party", "at": "2020-03-01", "known_at": ""})  # the form's field left empty
        assert empty.status_code == 200 and "successor" in empty.text
        seats = client.get("/api/seats", params={"chamber": ASSEMBLY, "at": "2021-04-15"}).json()
        assert seats["power"] is False and all(g["banzhaf"] is None for g in seats["groups"])


def test_an_event_reported_as_happened_and_as_not_happened(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'events.db'}", packs=())
    said = article("e-1", "2021-04-02", POST, fact("merger", "Free Wing", "Red Union", "2021-04-01", result="Red Union"))
    denied = article("e-2", "2021-04-03", STAR, fact("merger", "Free Wing", "Red Union", "2021-04-01", result="Red Union", modality=Modality.NEGATED))
    planned = article("e-3", "2021-03-01", STAR, fact("merger", "Blue Party", "Green League", "2021-06", modality=Modality.PLANNED))
    unplanned = article("e-4", "2021-05-01", POST, fact("merger", "Blue Party", "Green League", "2021-06", modality=Modality.NEGATED))
    assert all(store.save_many([said, denied, planned, unplanned]))
    [conflict] = asof.contradictions(store)  # a plan called off is no contradiction
    assert (conflict.kind, conflict.what, conflict.day) == ("event", "merger of Free Wing and Red Union", date(2021, 4, 1))
    assert [e.doc_id for e in conflict.first.evidence] == ["e-1"] and [e.doc_id for e in conflict.second.evidence] == ["e-2"]
    assert "as not happened by Evening Star" in conflict.why
    store.close()


# --------------------------------------------------------------------------- the whole timeline, day by day

DAYS = [  # day: (Blue leader, Green leader, prime minister, seats of the Blue Party, relations holding, contradictions listed)
    ("2020-02-01", ["Anna Berg"], ["Maja Ek"], ["Karin Lund"], None, {("Blue Party", "Green League", "coalition")}, 0),
    ("2020-07-01", ["Olof Dahl"], ["Maja Ek"], ["Karin Lund"], 40, {("Blue Party", "Green League", "coalition")}, 0),
    ("2020-09-05", ["Olof Dahl"], ["Maja Ek"], ["Karin Lund"], 40, set(), 0),
    ("2020-10-05", ["Olof Dahl"], ["Sven Alm"], ["Karin Lund"], 40, {("Blue Party", "Red Union", "coalition")}, 0),
    ("2021-03-15", ["Olof Dahl"], ["Sven Alm"], ["Karin Lund"], 28, {("Blue Party", "Red Union", "coalition"), ("Free Wing", "Green League", "alliance")}, 0),
    ("2021-06-01", ["Olof Dahl"], ["Sven Alm"], ["Karin Lund"], 28, {("Blue Party", "Red Union", "coalition")}, 0),
    ("2022-03-10", ["Olof Dahl"], ["Sven Alm"], ["Karin Lund"], 35, {("Blue Party", "Red Union", "coalition")}, 1),
]


@pytest.mark.parametrize(("day", "blue", "green", "premier", "blue_seats", "relations", "conflicts"), DAYS)
def test_day_by_day(
    store: Store, day: str, blue: list[str], green: list[str], premier: list[str], blue_seats: int | None, relations: set[tuple[str, str, str]], conflicts: int
) -> None:
    assert holders(store, "leader", "Blue Party", day) == blue
    assert holders(store, "leader", "Green League", day) == green
    assert holders(store, "prime-minister", "Norland", day) == premier
    assert seat_map(store, day).get("Blue Party") == blue_seats
    assert edges(store, day) == relations
    assert len(asof.contradictions(store, known_at=date.fromisoformat(day))) == conflicts  # as the press knew it that day


# --------------------------------------------------------------------------- what one report asserts


@pytest.mark.parametrize(
    ("first", "second", "clashes"),
    [
        (Asserted(date(2020, 1, 1), date(2020, 6, 1), None, True), Asserted(date(2020, 6, 1), date(2020, 6, 1), None, False), False),  # hand-over
        (Asserted(date(2020, 6, 1), date(2020, 6, 1), None, True), Asserted(date(2020, 6, 1), date(2020, 6, 1), None, False), False),  # resigned, elected
        (Asserted(date(2020, 6, 1), date(2020, 6, 1), None, False), Asserted(date(2020, 6, 1), date(2020, 6, 1), None, False), True),  # two on one day
        (Asserted(date(2020, 1, 1), date(2020, 12, 1), None, True), Asserted(date(2020, 6, 1), date(2020, 6, 1), None, False), True),  # inside a term
        (Asserted(date(2020, 1, 1), date(2020, 12, 1), None, True), Asserted(None, None, (date(2020, 6, 1), date(2020, 6, 30)), False), True),
        (Asserted(date(2020, 6, 10), date(2020, 12, 1), None, True), Asserted(None, None, (date(2020, 6, 1), date(2020, 6, 30)), False), False),  # vague
        (Asserted(date(2020, 1, 1), date(2020, 2, 1), None, True), Asserted(date(2020, 3, 1), date(2020, 3, 1), None, False), False),
    ],
)
def test_what_two_reports_assert_clashes_only_beyond_a_handover(first: Asserted, second: Asserted, clashes: bool) -> None:
    assert (clash(first, second) is not None) is clashes
    assert (clash(second, first) is not None) is clashes


# --------------------------------------------------------------------------- reference data against reference data


def reference(doc_id: str, *found: Fact) -> DocumentResult:
    """A pack's or a dataset's records: reference data, dated the day it was loaded."""
    result = article(doc_id, "2026-11-01", f"{doc_id} (reference data)", *found)
    result.document.kind = "reference"
    return result


def test_reference_records_clash_only_where_their_dates_disagree(tmp_path) -> None:
    """An open record says when a term began, not that it runs to the load day; "Veld A" is Aron Veld by his initial."""
    pm = {"role": "prime-minister"}
    pack = reference(
        "pack:norland",
        fact("role", "Aron Veld", "Norland", start="2015-01-10", end="2019-05-06", **pm),
        fact("role", "Berit Sand", "Norland", start="2019-05-06", **pm),
        fact("role", "Cora Holm", "Norland", start="2023-03-01", **pm),
    )
    dataset = reference(
        "pack:cabinets", fact("role", "Veld A", "Norland", start="2015-01-10", end="2019-05-02", **pm), fact("role", "Sand", "Norland", start="2019-05-02", **pm)
    )
    store = Store(stored(f"sqlite:///{tmp_path / 'ref.db'}", [pack, dataset]), packs=())
    try:
        found = asof.contradictions(store)
    finally:
        store.close()
    assert [(c.day, c.kind) for c in found] == [(date(2019, 5, 2), "holders")]  # the two sources' hand-over days: 2 May against 6 May
    assert "Aron Veld" in found[0].why and "Sand" in found[0].why
