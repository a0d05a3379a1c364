"""An ingest killed with SIGKILL midway continues where it stopped: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from politograph.jobs import ingest_paths
from politograph.store.repository import Store

PARTIES = ["Reform Party", "Civic League", "Farmers Party", "Green Alliance", "Labour Party", "National Union"]
PEOPLE = ["Anna Berg", "Tomas Lind", "Maria Costa", "Kenji Sato", "Liam Walsh", "Sofia Novak"]


def write_corpus(path: Path, size: int) -> None:
    """`size` distinct short articles of our own."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(size):
            party, other, person = PARTIES[n % 6], PARTIES[(n + 1) % 6], PEOPLE[(n * 5) % 6]
            text = (
                f"{person} was elected leader of the {party} on Saturday, the party said. "
                f"The {party} holds {20 + n % 40} seats in parliament and will cooperate with the {other}. "
                f"Dispatch number {n}."
            )
            handle.write(json.dumps({"id": f"d{n:04d}", "published": f"2015-{1 + n % 12:02d}-10", "text": text}) + "\n")


def count(db: Path, table: str) -> int:
    """Rows of a table that belong to articles (a pack's reference document is stored first)."""
    if not db.exists():
        return 0
    articles = "doc_id in (select id from documents where kind = 'article')" if table != "documents" else "kind = 'article'"
    with sqlite3.connect(db, timeout=10) as connection:
        try:
            return int(connection.execute(f"select count(*) from {table} where {articles}").fetchone()[0])
        except sqlite3.OperationalError:  # tables not created yet
            return 0


def facts_per_document(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("select doc_id, count(*) from facts group by doc_id").fetchall())


def test_sigkill_midway_then_rerun_stores_each_document_once(tmp_path: Path) -> None:
    corpus, killed_db, clean_db = tmp_path / "docs.jsonl", tmp_path / "killed.db", tmp_path / "clean.db"
    write_corpus(corpus, 300)
    command = [str(Path(sys.executable).parent / "politograph"), "ingest", str(corpus), "--db", f"sqlite:///{killed_db}", "--quiet"]

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count(killed_db, "documents") == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored_before = count(killed_db, "documents")
    assert 0 < stored_before < 300, "the kill must land midway through the ingest"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"stored {300 - stored_before} documents" in rerun.stdout
    assert f"{stored_before} already stored" in rerun.stdout

    store = Store(f"sqlite:///{clean_db}")
    try:
        ingest_paths([str(corpus)], store)
    finally:
        store.close()
    assert count(killed_db, "documents") == 300
    assert facts_per_document(killed_db) == facts_per_document(clean_db)
    assert count(killed_db, "mentions") == count(clean_db, "mentions")
    assert count(killed_db, "doc_entities") == count(clean_db, "doc_entities")


def test_two_workers_store_what_one_worker_stores(tmp_path: Path) -> None:
    corpus = tmp_path / "docs.jsonl"
    write_corpus(corpus, 60)
    for name, workers in (("one.db", 1), ("two.db", 2)):
        store = Store(f"sqlite:///{tmp_path / name}")
        try:
            report = ingest_paths([str(corpus)], store, workers=workers)
        finally:
            store.close()
        assert (report.stored, report.problems) == (60, [])
    assert facts_per_document(tmp_path / "one.db") == facts_per_document(tmp_path / "two.db")
    assert count(tmp_path / "two.db", "mentions") == count(tmp_path / "one.db", "mentions")
