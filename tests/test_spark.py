"""The Spark job in local mode stores exactly what a plain ingest stores."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from builders import page, write_warc
from politograph.jobs import ingest_paths
from politograph.spark.job import groups_of
from politograph.spark.load import load_parquet
from politograph.spark.records import from_records, to_records
from politograph.store.repository import Store

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

STORIES = [
    ("https://ledger.example/deal", "2016-03-08", "<p>The Green Alliance and the Farmers Party agreed on Tuesday to form a coalition government.</p>"),
    ("https://ledger.example/seats", "2016-03-09", "<p>The Farmers Party won 44 seats in parliament, its best result since 1998.</p>"),
    ("https://ledger.example/leader", "2016-03-10", "<p>Anna Berg was elected leader of the Reform Party on Thursday after a close vote.</p>"),
]


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    write_warc(folder / "crawl.warc.gz", [(url, page(f"Story {n}", day, body)) for n, (url, day, body) in enumerate(STORIES)])
    lines = [
        {"id": "j1", "published": "2016-04-01", "text": "Tomas Lind, the Civic League leader, met Maria Costa of the Labour Party on Friday."},
        {"id": "j2", "published": "2016-04-02", "text": "The Reform Party and the Civic League will merge in June, their leaders said."},
    ]
    (folder / "wire.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"id": "x", "text": \n', encoding="utf-8")


def table(db: Path, query: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return sorted(connection.execute(query).fetchall(), key=repr)


def test_spark_extract_then_load_equals_plain_ingest(tmp_path: Path) -> None:
    from politograph.spark.job import run_spark_extract

    inputs, parquet = tmp_path / "inputs", tmp_path / "parquet"
    write_inputs(inputs)
    report = run_spark_extract([str(inputs)], parquet, cores=2, partitions=2)
    assert report.partitions == 2
    assert report.rows["documents"] == 5 and report.rows["problems"] == 1

    store = Store(f"sqlite:///{tmp_path / 'spark.db'}")
    try:
        loaded = load_parquet(parquet, store)
        again = load_parquet(parquet, store)
    finally:
        store.close()
    assert (loaded.stored, again.stored, again.skipped) == (5, 0, 5)
    assert "broken.jsonl:1" in str(loaded.problems[0])

    plain = Store(f"sqlite:///{tmp_path / 'plain.db'}")
    try:
        ingest_paths([str(inputs)], plain)
    finally:
        plain.close()
    facts = 'select doc_id, type, subject, object, role, value, "when", modality, sentence from facts'
    assert table(tmp_path / "spark.db", facts) == table(tmp_path / "plain.db", facts)
    entities = "select key, name, type from entities"
    assert table(tmp_path / "spark.db", entities) == table(tmp_path / "plain.db", entities)


def test_records_round_trip(read) -> None:
    from politograph.extract import extract_facts
    from politograph.model import DocumentResult

    adoc = read("The splinter group led by Ichiro Ozawa holds 49 seats in the lower house.")
    facts = extract_facts(adoc)
    result = DocumentResult(adoc.document, adoc.entities, adoc.mentions, facts)
    rows: dict[str, list[dict]] = {}
    for name, row in to_records(result):
        rows.setdefault(name, []).append(json.loads(json.dumps(row)))
    [back] = list(from_records(rows))
    assert back.document.text == result.document.text and back.document.published == result.document.published
    assert [(e.name, e.type, e.aliases) for e in back.entities] == [(e.name, e.type, e.aliases) for e in result.entities]
    assert [f.identity() for f in back.facts] == [f.identity() for f in result.facts]
    assert [(m.start, m.entity.name if m.entity else None) for m in back.mentions] == [(m.start, m.entity.name if m.entity else None) for m in result.mentions]


def test_files_are_dealt_into_groups() -> None:
    assert groups_of(["a", "b", "c", "d", "e"], 2) == [["a", "c", "e"], ["b", "d"]]
    assert groups_of(["a"], 8) == [["a"]]
