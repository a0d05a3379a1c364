"""Several processes opening, migrating and writing one new store at the same moment.

Each test starts its processes together (a barrier, or `politograph ingest`
launched side by side) on a store that does not exist yet (an SQLite file;
an empty PostgreSQL database where a test server is set), so they race in
the migration, in loading the packs' reference data and in their writes;
all must succeed, and every document and every entity must be there once.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from politograph.model import Document, DocumentResult, Entity, Fact, Modality
from politograph.store import repository
from politograph.store.repository import Store, retry_when_busy

PROCESSES = 6
START = 60.0
"""Seconds a process waits at the barrier for the others before the test counts it failed."""


def _open_at_once(url: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    barrier.wait(START)
    store = Store(url, packs=("japan",))
    try:
        store.load_reference()
    finally:
        store.close()


def _write_at_once(url: str, barrier: multiprocessing.synchronize.Barrier, worker: int) -> None:
    """Open the new store and write documents whose parties the other workers name too."""
    barrier.wait(START)
    store = Store(url, packs=("japan",))
    try:
        store.load_reference()
        for batch in range(3):
            results = []
            for number in range(4):
                party = f"Harbour Lantern Party {number}"  # every worker names these four parties
                leader = f"Odile Varrane {worker}-{batch}-{number}"
                text = f"{leader} leads the {party}, worker {worker} said in batch {batch}."
                facts = [Fact(type="member", subject=leader, object=party, modality=Modality.ASSERTED)]
                entities = [Entity(party, "PARTY", {party}), Entity(leader, "PERSON", {leader})]
                results.append(DocumentResult(Document(f"w{worker}-b{batch}-{number}", text, date(2021, 5, 1 + number)), entities, [], facts))
            results.append(DocumentResult(Document("shared", "A text every worker stores.", date(2021, 5, 9)), [], [], []))
            store.save_many(results)
    finally:
        store.close()


def _run_all(target, *args) -> list[int]:  # type: ignore[no-untyped-def]
    """Exit codes of PROCESSES processes running `target(*args, barrier[, worker])` together."""
    context = multiprocessing.get_context("spawn")  # nothing inherited: each process opens the store as a CLI run does
    barrier = context.Barrier(PROCESSES)
    workers = [context.Process(target=target, args=(*args, barrier) + ((n,) if target is _write_at_once else ())) for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
    return [worker.exitcode if worker.exitcode is not None else -1 for worker in workers]


def rows(url: str, query: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


def test_processes_opening_a_new_store_at_once_all_migrate_and_load_reference_data_once(db: str) -> None:
    assert _run_all(_open_at_once, db) == [0] * PROCESSES
    assert len(rows(db, "select version_num from alembic_version")) == 1  # migrated once, to the newest revision
    assert rows(db, "select id from documents where kind = 'reference'") == [("pack:japan",)]
    assert rows(db, "select key, count(*) from entities group by key having count(*) > 1") == []


def test_processes_writing_a_new_store_at_once_store_each_document_and_entity_once(db: str) -> None:
    assert _run_all(_write_at_once, db) == [0] * PROCESSES
    articles = rows(db, "select id from documents where kind = 'article'")
    assert len(articles) == PROCESSES * 3 * 4 + 1  # and "shared" once, though every worker stored it
    parties = rows(db, "select name, count(*) from entities where name like 'Harbour Lantern Party%' group by name order by name")
    assert parties == [(f"Harbour Lantern Party {n}", 1) for n in range(4)]  # each process found the others' parties
    members = rows(db, "select count(distinct subject_id), count(distinct object_id) from facts where type = 'member' and doc_id like 'w%'")
    assert members == [(PROCESSES * 3 * 4, 4)]
    assert rows(db, "select count(*) from aliases a left join entities e on e.id = a.entity_id where e.id is null") == [(0,)]


def test_ingest_commands_started_together_on_a_new_store_all_succeed(tmp_path: Path) -> None:
    """What a user does: `politograph ingest` of several files into one new store, side by side."""
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    cli = Path(sys.executable).with_name("politograph")
    shared = {"id": "everyone", "published": "2019-04-02", "text": "The Copper Valley Union met in Orlenne on Tuesday."}
    commands = []
    for n in range(3):
        path = tmp_path / f"part{n}.jsonl"
        articles = [
            {"id": f"p{n}-a", "published": "2019-04-01", "text": f"Maren Tosk {n}, the leader of the Copper Valley Union, visited Orlenne."},
            {"id": f"p{n}-b", "published": "2019-04-03", "text": f"The Copper Valley Union won {10 + n} seats in the Orlenne city assembly."},
            shared,
        ]
        path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        commands.append([str(cli), "ingest", str(path), "--db", url, "--packs", "japan", "-q"])
    runs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outcomes = [(run.wait(600), *run.communicate()) for run in runs]
    assert [code for code, _, _ in outcomes] == [0, 0, 0], outcomes
    assert sorted(r[0] for r in rows(url, "select id from documents where kind = 'article'")) == ["everyone"] + [f"p{n}-{x}" for n in range(3) for x in "ab"]
    assert rows(url, "select count(*) from documents where kind = 'reference'") == [(1,)]
    stored = sum(int(out.split("stored ")[1].split(" ")[0]) for _, out, _ in outcomes)
    assert stored == 7  # the shared article was stored by one of them; the others found it there
    assert rows(url, "select count(*) from entities where name = 'Copper Valley Union'") == [(1,)]


def _one_article(doc_id: str) -> DocumentResult:
    party = Entity("Harbour Lantern Party", "PARTY", {"Harbour Lantern Party"})
    return DocumentResult(Document(doc_id, f"The Harbour Lantern Party met ({doc_id}).", date(2021, 6, 1)), [party], [], [])


def test_a_write_that_finds_the_database_locked_waits_and_tries_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "BUSY_TIMEOUT_MS", 50)  # give up waiting at once, so the retries do the waiting
    waits: list[float] = []
    sleep = repository.time.sleep
    monkeypatch.setattr(repository.time, "sleep", lambda seconds: (waits.append(seconds), sleep(seconds)))
    store = Store(f"sqlite:///{tmp_path / 'kb.db'}", packs=("japan",))
    other = sqlite3.connect(tmp_path / "kb.db", isolation_level=None, check_same_thread=False)  # another process's long write
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    try:
        assert store.save_many([_one_article("locked-1")]) == [True]
    finally:
        store.close()
    assert 1 <= len(waits) < repository.RETRIES  # it found the database locked, waited, and got in before giving up
    assert rows(f"sqlite:///{tmp_path / 'kb.db'}", "select id from documents where kind = 'article'") == [("locked-1",)]


def test_only_a_busy_database_is_tried_again() -> None:
    calls: list[str] = []

    @retry_when_busy
    def broken(message: str) -> None:
        calls.append(message)
        raise OperationalError("INSERT ...", {}, sqlite3.OperationalError(message))

    with pytest.raises(OperationalError):
        broken("no such table: documents")
    assert calls == ["no such table: documents"]
