"""A timeline's terms of memberships and relations, however each is told, and what keeps timelines fast on a big store.

Most of a party's memberships and relations are told by one plain report;
the timeline makes those claims directly, without the time model's
reports and terms (`asof._lone_claim`).  These tests pin that every kind
of report still gives the term the time model gives it (told once, twice,
with an end, as former, denied, ended by cooperation, ended with its
party), that the shortcut changes no answer, and that the other helpers
of a fast timeline (the collector held off, the chambers kept, the posts'
index) leave answers and state as they were.  The invented country is
Sudland.
"""

from __future__ import annotations

import gc
from dataclasses import asdict
from datetime import date

import pytest
from sqlalchemy import inspect, text

from builders import opened, stored, told
from politograph.model import Document, DocumentResult, Entity, Fact, Modality, TimeValue
from politograph.query import asof
from politograph.query.records import Claim
from politograph.store.repository import Store

TYPES = {"Blue Party": "PARTY", "Green League": "PARTY", "Gold Front": "PARTY", "Teal Bloc": "PARTY", "Red Union": "PARTY", "Sudland Senate": "GOV_BODY"}


def fact(kind: str, subject: str, obj: str | None, when: str, **fields: object) -> Fact:
    times = {name: TimeValue(str(fields.pop(name))) for name in ("start", "end") if fields.get(name)}
    found = Fact(kind, subject, obj, when=TimeValue(when), **times, **fields)  # type: ignore[arg-type]
    found.subject_type = TYPES.get(subject, "PERSON")
    found.object_type = TYPES.get(obj or "", "PERSON") if obj else None
    return found


def article(doc_id: str, published: str, *found: Fact, unresolved: tuple[str, ...] = (), known: tuple[Entity, ...] = ()) -> DocumentResult:
    """One article, one sentence per fact; names in `unresolved` get no stored entity (their facts keep the name only)."""
    text_ = told(doc_id, found, lambda f: f"{f.subject} {f.type} {f.object or f.value or ''} ({f.when}, {doc_id}).")
    names = {n for f in found for n in (f.subject, f.object) if n} - set(unresolved) - {e.name for e in known}
    entities = [Entity(n, TYPES.get(n, "PERSON")) for n in sorted(names)] + list(known)
    return DocumentResult(Document(doc_id, text_, date.fromisoformat(published), "Sudland Times"), entities, [], list(found))


ARTICLES = [
    article("m-1", "2019-01-10", fact("member", "Ana Sol", "Blue Party", "2019-01-10")),  # told once
    article("m-2", "2019-02-01", fact("member", "Bo Rask", "Blue Party", "2019-02-01")),  # told twice: one term
    article("m-3", "2019-06-01", fact("member", "Bo Rask", "Blue Party", "2019-06-01")),
    article("m-4", "2019-03-01", fact("member", "Cai Tor", "Blue Party", "2019-03-01", end="2019-09-30")),  # with its end
    article("m-5", "2019-04-01", fact("member", "Dag Uhr", "Red Union", "2019-04-01")),  # of a party dissolved later
    article("m-6", "2019-05-01", fact("member", "Eva Vik", "Blue Party", "2019-05-01", former=True)),  # a former member
    article("m-7", "2019-05-02", fact("member", "Fia Ode", "Circle of Friends", "2019-05-02"), unresolved=("Circle of Friends",)),
    article("r-1", "2019-01-15", fact("alliance", "Blue Party", "Green League", "2019-01-15")),  # told once
    article("r-2", "2019-02-15", fact("opposition", "Blue Party", "Gold Front", "2019-02-15")),  # ended by cooperation
    article("r-3", "2019-08-01", fact("coalition", "Gold Front", "Blue Party", "2019-08-01")),
    article("r-4", "2019-03-10", fact("alliance", "Blue Party", "Teal Bloc", "2019-03-10")),  # denied later
    article("r-5", "2019-10-01", fact("alliance", "Blue Party", "Teal Bloc", "2019-10-01", modality=Modality.NEGATED)),
    article("r-6", "2019-11-01", fact("coalition", "Blue Party", "Green League", "2020-03", modality=Modality.PLANNED)),  # no state yet
    article("d-1", "2020-01-01", fact("dissolution", "Red Union", None, "2020-01-01")),
]


@pytest.fixture
def url(db: str) -> str:
    return stored(db, ARTICLES)


@pytest.fixture
def store(url: str):
    yield from opened(url)


def by_other_side(claims: list[Claim], name: str) -> dict[tuple[str, str], Claim]:
    """The asserted claims (the terms) of a timeline by (type, the side that is not `name`)."""
    return {(c.type, str(c.object if c.subject == name else c.subject)): c for c in claims if c.modality == "asserted"}


def test_a_membership_or_relation_told_once_is_an_open_term_as_fresh_as_its_day(store: Store) -> None:
    found = by_other_side(asof.timeline(store, "Blue Party"), "Blue Party")
    ana = found[("member", "Ana Sol")]
    assert (ana.valid_from, ana.valid_to, ana.open, ana.ended_by, ana.last_reported, ana.former) == (date(2019, 1, 10), None, True, None, date(2019, 1, 10), False)
    assert [(e.doc_id, e.published, e.source) for e in ana.evidence] == [("m-1", date(2019, 1, 10), "Sudland Times")]
    assert ana.evidence[0].sentence == "Ana Sol member Blue Party (2019-01-10, m-1)." and ana.subject_id is not None and ana.object_id is not None
    green = found[("alliance", "Green League")]
    assert (green.valid_from, green.open, green.modality, green.subject, green.object) == (date(2019, 1, 15), True, "asserted", "Blue Party", "Green League")


def test_memberships_and_relations_told_otherwise_keep_the_time_models_terms(store: Store) -> None:
    found = by_other_side(asof.timeline(store, "Blue Party"), "Blue Party")
    bo = found[("member", "Bo Rask")]
    assert (bo.valid_from, bo.open, bo.last_reported, [e.doc_id for e in bo.evidence]) == (date(2019, 2, 1), True, date(2019, 6, 1), ["m-2", "m-3"])
    cai = found[("member", "Cai Tor")]
    assert (cai.valid_to, cai.open, cai.ended_by) == (date(2019, 9, 30), False, "stated end")
    eva = found[("member", "Eva Vik")]
    assert (eva.former, eva.open, eva.ended_by) == (True, False, "former")
    opposed = found[("opposition", "Gold Front")]
    assert (opposed.valid_to, opposed.ended_by, found[("coalition", "Gold Front")].open) == (date(2019, 8, 1), "cooperation reported", True)
    teal = found[("alliance", "Teal Bloc")]
    assert (teal.valid_from, teal.valid_to, teal.ended_by) == (date(2019, 3, 10), date(2019, 10, 1), "reported as not holding")
    told = [(c.type, c.modality, c.valid_from, c.open) for c in asof.timeline(store, "Blue Party") if c.modality != "asserted"]
    assert told == [("alliance", "negated", date(2019, 10, 1), False), ("coalition", "planned", date(2020, 3, 1), False)]  # as told, not as terms


def test_a_membership_told_once_ends_with_its_party(store: Store) -> None:
    [dag] = [c for c in asof.timeline(store, "Dag Uhr") if c.type == "member"]
    assert (dag.valid_from, dag.valid_to, dag.ended_by, dag.open) == (date(2019, 4, 1), date(2020, 1, 1), "dissolved", False)
    assert dag.end_evidence is not None and dag.end_evidence.doc_id == "d-1"
    [fia] = asof.timeline(store, "Fia Ode")  # a group no entity stands for
    assert (fia.object, fia.object_id, fia.open) == ("Circle of Friends", None, True)


def _every_timeline(store: Store) -> list[list[dict[str, object]]]:
    with store.connect() as connection:
        ids = [int(i) for i in connection.execute(text("select id from entities order by id")).scalars()]
    return [[asdict(c) for c in asof.timeline_of(store, [i], known_at)] for i in ids for known_at in (None, date(2019, 6, 1))]


def test_the_shortcut_for_lone_reports_changes_no_answer(store: Store, monkeypatch) -> None:
    quick = _every_timeline(store)
    monkeypatch.setattr(asof, "KEPT_CLAIMS", 0)  # worked out again, not the kept timelines
    monkeypatch.setattr(asof, "_lone", lambda row: False)  # every membership and relation through the time model
    assert _every_timeline(store) == quick
    assert sum(len(t) for t in quick) > 20


def test_a_timeline_leaves_the_garbage_collector_as_it_found_it(store: Store, monkeypatch) -> None:
    assert gc.isenabled()
    asof.timeline(store, "Blue Party")
    assert gc.isenabled()
    gc.disable()
    try:
        asof.timeline(store, "Blue Party")
        assert not gc.isenabled()  # held off by someone else: still off
    finally:
        gc.enable()

    def broken(*_args: object) -> list[tuple[object, ...]]:
        assert not gc.isenabled()  # held off while the timeline is made
        raise RuntimeError("the database went away")

    monkeypatch.setattr(asof, "KEPT_CLAIMS", 0)  # worked out again, not the kept timeline
    monkeypatch.setattr(asof, "_rows_about", broken)
    with pytest.raises(RuntimeError):
        asof.timeline(store, "Blue Party")
    assert gc.isenabled()


def test_a_chamber_named_after_the_chambers_were_read_is_known_at_once(url: str, store: Store) -> None:
    """The chambers are kept between answers; a chamber stored later, with a second name, must count at once."""
    first = [article("s-1", "2019-07-01", fact("seats", "Blue Party", None, "2019-07-01", value=20, qualifier="exact", scope="Upper House"))]
    stored(url, first)
    assert [c.valid_to for c in asof.timeline(store, "Blue Party") if c.type == "seats"] == [None]  # the chambers are read (and kept) here
    senate = Entity("Sudland Senate", "GOV_BODY", aliases={"Upper House"})
    later = article("s-2", "2019-12-01", fact("seats", "Blue Party", None, "2019-12-01", value=25, qualifier="exact", scope="Sudland Senate"), known=(senate,))
    stored(url, [later])
    counts = sorted((c.valid_from, c.valid_to, c.ended_by) for c in asof.timeline(store, "Blue Party") if c.type == "seats")
    assert counts == [(date(2019, 7, 1), date(2019, 12, 1), "successor"), (date(2019, 12, 1), None, None)]  # one chamber by either name


def test_the_other_holders_of_a_post_are_read_from_the_posts_index_alone(tmp_path) -> None:
    """`_other_holders`' windows are two seeks each of `ix_facts_posts` (migration 0008), no row of the table.

    SQLite's plan only: PostgreSQL plans by table statistics, and scans a table this small.
    """
    store = Store(stored(f"sqlite:///{tmp_path / 'plan.db'}", ARTICLES), packs=())
    statement = asof._windows_statement(1, False).params(body0=1, role0="leader", first0=date(2019, 1, 1), last0=date(2019, 6, 1), chosen=[2])
    with store.connect() as connection:
        sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(str(row[-1]) for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql)))
    store.close()
    assert plan.count("USING COVERING INDEX ix_facts_posts") == 2, plan


def test_the_posts_index_migration_goes_down_and_up_again(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from politograph.store.repository import MIGRATIONS

    def indexes(store: Store) -> set[str]:
        with store.connect() as connection:
            return {str(i["name"]) for i in inspect(connection).get_indexes("facts")}

    store = Store(url, packs=())
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    assert "ix_facts_type_object_role" in indexes(store) and "ix_facts_posts" not in indexes(store)
    store.close()
    store = Store(url, packs=())  # opening migrates to the newest revision
    try:
        assert "ix_facts_posts" in indexes(store) and "ix_facts_type_object_role" not in indexes(store)
        assert [c.type for c in asof.timeline(store, "Ana Sol")] == ["member"]
    finally:
        store.close()
