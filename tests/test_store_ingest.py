"""Store idempotence and atomicity, and every bad-input case, through the CLI a user runs."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from politograph.cli import app
from politograph.model import Document
from politograph.store.repository import DocumentResult, Store

runner = CliRunner()
ARTICLE = {"id": "a1", "published": "2014-06-04", "source": "Test Wire", "text": "Your Party head Keiichiro Asao met reporters in Tokyo."}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


def run(*args: str):
    return runner.invoke(app, list(args))


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reingest_changes_nothing(tmp_path, db):
    source = write_jsonl(tmp_path / "docs.jsonl", json.dumps(ARTICLE))
    first = run("ingest", str(source), "--db", db, "--quiet")
    assert first.exit_code == 0 and "stored 1 documents" in first.stdout
    counts = Store(db).counts()
    second = run("ingest", str(source), "--db", db, "--quiet")
    assert second.exit_code == 0 and "stored 0 documents" in second.stdout and "1 already stored" in second.stdout
    assert Store(db).counts() == counts
    assert counts["facts"] >= 1


def test_same_text_under_another_id_is_a_duplicate(tmp_path, db):
    copy = dict(ARTICLE, id="a2", text=ARTICLE["text"] + "  ")
    source = write_jsonl(tmp_path / "docs.jsonl", json.dumps(ARTICLE), json.dumps(copy))
    result = run("ingest", str(source), "--db", db, "--quiet")
    assert "stored 1 documents" in result.stdout and "1 already stored" in result.stdout


def test_broken_json_line_is_reported_by_number_and_the_rest_is_stored(tmp_path, db):
    other = dict(ARTICLE, id="a3", text="Prime Minister Shinzo Abe spoke in Osaka.")
    source = write_jsonl(tmp_path / "docs.jsonl", json.dumps(ARTICLE), '{"id": "broken", "text": ', json.dumps(other))
    result = run("ingest", str(source), "--db", db, "--quiet")
    assert result.exit_code == 1
    assert f"{source}:2: broken JSON" in result.stderr
    assert Store(db).counts()["documents"] == 2


def test_missing_file(tmp_path, db):
    result = run("ingest", str(tmp_path / "nope.jsonl"), "--db", db)
    assert result.exit_code == 1 and "nope.jsonl: no such file or folder" in result.stderr


def test_text_without_date_needs_published(tmp_path, db):
    story = tmp_path / "story.txt"
    story.write_text("Komeito secured 31 seats.", encoding="utf-8")
    result = run("ingest", str(story), "--db", db, "--quiet")
    assert result.exit_code == 1 and "no publication date" in result.stderr and "story.txt" in result.stderr
    ok = run("ingest", str(story), "--published", "2012-12-17", "--db", db, "--quiet")
    assert ok.exit_code == 0 and "stored 1 documents" in ok.stdout


def test_jsonl_line_without_date(tmp_path, db):
    source = write_jsonl(tmp_path / "docs.jsonl", json.dumps({"id": "x", "text": "Some text."}))
    result = run("ingest", str(source), "--db", db, "--quiet")
    assert result.exit_code == 1 and f"{source}:1: no publication date" in result.stderr


def test_bad_published_option(tmp_path, db):
    result = run("ingest", "whatever.txt", "--published", "June 4", "--db", db)
    assert result.exit_code == 1 and "--published 'June 4'" in result.stderr


def test_empty_text(tmp_path, db):
    story = tmp_path / "empty.txt"
    story.write_text("   \n", encoding="utf-8")
    result = run("ingest", str(story), "--published", "2014-01-01", "--db", db, "--quiet")
    assert result.exit_code == 1 and "empty.txt: empty text" in result.stderr


def test_binary_junk(tmp_path, db):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    result = run("ingest", str(junk), "--published", "2014-01-01", "--db", db, "--quiet")
    assert result.exit_code == 1 and "junk.txt: binary data" in result.stderr
    assert Store(db).counts()["documents"] == 0


def test_bad_encoding_names_the_line(tmp_path, db):
    story = tmp_path / "latin.txt"
    story.write_bytes("First line.\nCaf\xe9 politics.\n".encode("latin-1"))
    result = run("ingest", str(story), "--published", "2014-01-01", "--db", db, "--quiet")
    assert result.exit_code == 1 and "latin.txt:2: not valid UTF-8" in result.stderr


def test_unknown_format(tmp_path, db):
    other = tmp_path / "data.xyz"
    other.write_text("x", encoding="utf-8")
    result = run("ingest", str(other), "--db", db)
    assert result.exit_code == 1 and "unknown input format" in result.stderr


def test_unopenable_database(tmp_path):
    result = run("stats", "--db", f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_a_failing_save_leaves_no_half_document(db):
    store = Store(db)
    document = Document("d1", "Some text about Komeito.", __import__("datetime").date(2014, 1, 1))

    class Exploding(list):
        def __iter__(self):
            raise RuntimeError("crash while writing facts")

    with pytest.raises(RuntimeError):
        store.save(DocumentResult(document, [], [], Exploding()))
    assert store.counts()["documents"] == 0
    assert store.save(DocumentResult(document, [], [], [])) is True
    assert store.counts()["documents"] == 1


def test_facts_command_shows_evidence(tmp_path, db):
    source = write_jsonl(tmp_path / "docs.jsonl", json.dumps(ARTICLE))
    run("ingest", str(source), "--db", db, "--quiet")
    result = runner.invoke(app, ["facts", "--entity", "asao keiichiro", "--db", db], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "leader" in result.stdout and "Your Party head Keiichiro" in result.stdout
    missing = run("facts", "--entity", "Nobody Here", "--db", db)
    assert missing.exit_code == 1 and "no entity named" in missing.stderr
