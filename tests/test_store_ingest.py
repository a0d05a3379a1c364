"""Store idempotence and atomicity, and every bad-input case, through the CLI a user runs."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from politograph.cli import app
from politograph.model import Document, DocumentResult
from politograph.store.repository import Store

runner = CliRunner()
ARTICLE = {"id": "a1", "published": "2014-06-04", "source": "Test Wire", "text": "Your Party head Keiichiro Asao met reporters in Tokyo."}


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


def test_a_wrong_date_is_named_and_not_replaced_by_published(tmp_path, db):
    source = write_jsonl(tmp_path / "docs.jsonl", json.dumps({"id": "x", "published": "2014-13-45", "text": "Some text."}))
    result = run("ingest", str(source), "--published", "2014-06-04", "--db", db, "--quiet")
    assert result.exit_code == 1
    assert f"{source}:1: published '2014-13-45' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr


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


def test_one_unstorable_document_in_a_batch_loses_no_other(db, monkeypatch):
    from datetime import date

    from politograph import jobs

    store = Store(db)
    good = [DocumentResult(Document(f"g{n}", f"Komeito story number {n}.", date(2014, 1, 1)), [], [], []) for n in range(3)]

    class Exploding(list):
        def __iter__(self):
            raise RuntimeError("crash while writing facts")

    bad = DocumentResult(Document("bad", "A story that cannot be stored.", date(2014, 1, 1)), [], [], Exploding())
    report = jobs.IngestReport()
    jobs._save(store, [good[0], bad, good[1], good[2]], report)
    assert report.stored == 3
    assert [p.path for p in report.problems] == ["bad"]
    assert store.counts()["documents"] == 3


def test_entity_ids_of_a_rolled_back_batch_are_not_remembered(db):
    from datetime import date

    from politograph.model import Entity

    store = Store(db)
    party = Entity("Test Party", "PARTY")

    class Exploding(list):
        def __iter__(self):
            raise RuntimeError("crash after the entity was inserted")

    with pytest.raises(RuntimeError):
        store.save(DocumentResult(Document("d1", "Test Party met.", date(2014, 1, 1)), [party], [], Exploding()))
    assert store.save(DocumentResult(Document("d2", "Test Party met again.", date(2014, 1, 2)), [party], [], [])) is True
    assert store.counts()["entities"] == 1 and store.find_entities("test party")


def test_migrations_build_exactly_the_schema_module(db):
    """A revision that forgets a column or index shows up here, not in production."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from politograph.store.schema import metadata

    store = Store(db)
    with store.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


# --------------------------------------------------------------------------- a stored id with another text, NUL characters

FIRST = "The Harbour Reform Party and the Coastal Unity Party formed an alliance on Monday. Kenta Mori leads the Harbour Reform Party."
CORRECTED = "Aya Kimura was elected leader of the Coastal Unity Party on Friday. The Coastal Unity Party won 9 seats in the House of Councillors."


def _decision_count(store: Store, kind: str) -> int:
    from sqlalchemy import func, select

    from politograph.store.schema import decisions

    with store.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(decisions).where(decisions.c.kind == kind)).scalar_one())


def test_a_changed_text_under_a_stored_id_is_reported_and_replaced_only_when_asked(tmp_path, db):
    first = write_jsonl(tmp_path / "first.jsonl", json.dumps({"id": "r1", "published": "2016-05-02", "text": FIRST}))
    assert run("ingest", str(first), "--db", db, "--quiet").exit_code == 0
    merged = run("merge", "Coastal Unity Party", "Harbour Reform Party", "--db", db)
    assert merged.exit_code == 0, merged.stderr
    corrected = write_jsonl(tmp_path / "corrected.jsonl", json.dumps({"id": "r1", "published": "2016-05-06", "text": CORRECTED}))

    refused = run("ingest", str(corrected), "--db", db, "--quiet")
    assert refused.exit_code == 1
    assert f"{corrected}:1: id 'r1' is stored with a different text; use --replace to replace it" in refused.stderr
    store = Store(db)
    assert [d["text"] for d in store.iter_documents()] == [FIRST]

    replaced = run("ingest", str(corrected), "--db", db, "--quiet", "--replace")
    assert replaced.exit_code == 0 and "stored 1 documents" in replaced.stdout
    [document] = store.iter_documents()
    assert (document["text"], str(document["published"])) == (CORRECTED, "2016-05-06")
    article_facts = list(store.iter_facts())
    assert article_facts and all(f["sentence"] in CORRECTED for f in article_facts)  # the old text's facts went with it
    [harbour] = store.find_entities("Harbour Reform Party")
    assert [e["id"] for e in store.find_entities("Coastal Unity Party")] == [harbour["id"]]  # the merge still applies
    assert _decision_count(store, "merge") == 1  # kept
    assert _decision_count(store, "replace") == 1  # and the replacement recorded, which other processes' kept answers see
    assert any(harbour["id"] in (f["subject_id"], f["object_id"]) for f in article_facts)
    again = run("ingest", str(corrected), "--db", db, "--quiet", "--replace")
    assert again.exit_code == 0 and "1 already stored" in again.stdout
    store.close()


def test_nul_characters_are_removed_alike_on_every_database(tmp_path, db):
    """PostgreSQL refuses NUL in text and SQLite would keep it: the reader removes it, says so by line, and stores the rest."""
    record = {"id": "nul-1", "published": "2014-06-04", "title": "Budget\u0000 talks", "text": "Your Party head\u0000 Keiichiro Asao met reporters in Tokyo."}
    source = write_jsonl(tmp_path / "docs.jsonl", json.dumps(record), json.dumps(dict(ARTICLE, id="a9", text="Komeito secured 31 seats.")))
    result = run("ingest", str(source), "--db", db, "--quiet")
    assert result.exit_code == 1
    assert f"warning {source}:1: removed 2 NUL characters (PostgreSQL cannot store them); the document is stored without them" in result.stderr
    store = Store(db)
    stored = {d["id"]: d for d in store.iter_documents()}
    assert sorted(stored) == ["a9", "nul-1"]
    assert (stored["nul-1"]["text"], stored["nul-1"]["title"]) == ("Your Party head Keiichiro Asao met reporters in Tokyo.", "Budget talks")
    assert any(f["doc_id"] == "nul-1" for f in store.iter_facts())
    store.close()
    rerun = run("ingest", str(source), "--db", db, "--quiet")
    assert "2 already stored" in rerun.stdout


def test_every_migration_is_named_by_its_revision():
    """The store tells an up-to-date schema by the largest file prefix (no Alembic import): each revision must be its prefix."""
    import re

    from politograph.store.repository import MIGRATIONS

    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        revision = re.search(r'^revision = "(\w+)"', path.read_text(), re.M)
        assert revision is not None and revision.group(1) == path.name[:4], path.name


def test_opening_an_up_to_date_store_does_not_migrate_again(tmp_path):
    from politograph.store.repository import Store

    url = f"sqlite:///{tmp_path / 'x.db'}"
    Store(url).close()
    store = Store(url)
    try:
        assert store._schema_is_current()
    finally:
        store.close()


def test_a_namesakes_post_stored_in_a_later_batch_tells_a_bare_family_name_apart(db):
    """Profiles of namesakes are kept between batches and take in the posts stored since: "Mori", the Harbour Party's leader, is Kenta Mori."""
    from datetime import date

    from politograph.model import Entity, Fact

    store = Store(db)
    kenta, aiko, party = Entity("Kenta Mori", "PERSON"), Entity("Aiko Mori", "PERSON"), Entity("Harbour Party", "PARTY")

    def save(doc_id: str, text: str, entities: list[Entity], found: list[Fact]) -> None:
        assert store.save_many([DocumentResult(Document(doc_id, text, date(2014, 1, 1)), entities, [], found)]) == [True]

    def leads(person: Entity) -> Fact:
        return Fact("role", person.name, "Harbour Party", role="leader", subject_type="PERSON", object_type="PARTY")

    save("d1", "Kenta Mori and Aiko Mori met.", [kenta, aiko], [])
    bare = Entity("Mori", "PERSON")
    save("d2", "Mori, the Harbour Party leader, spoke.", [bare, party], [leads(bare)])  # no profile says so yet: left alone
    save("d3", "Kenta Mori leads the Harbour Party.", [kenta, party], [leads(kenta)])
    later = Entity("Mori", "PERSON")
    save("d4", "Mori, the Harbour Party leader, spoke again.", [later, party], [leads(later)])
    from sqlalchemy import text

    with store.engine.connect() as connection:
        owners = dict(connection.execute(text("SELECT d.doc_id, e.name FROM doc_entities d JOIN entities e ON e.id = d.entity_id WHERE e.type = 'PERSON'")).all())
    assert owners["d2"] == "Mori" and owners["d4"] == "Kenta Mori"  # d2's bare name stayed apart; d4's is the leader stored since


def test_a_batchs_new_entities_and_aliases_go_in_with_one_insert_each_and_its_later_articles_find_them(db):
    """Entity upserts in batches: three articles naming invented parties, written with one INSERT into each of entities and aliases."""
    from datetime import date

    from sqlalchemy import event, text

    from politograph.model import Entity

    store = Store(db)
    inserts: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO") and statement.split()[2].strip('"') in ("entities", "aliases"):
            inserts.append(statement.split()[2].strip('"'))

    def article(doc_id: str, *names: str) -> DocumentResult:
        return DocumentResult(Document(doc_id, " and ".join(names) + " met.", date(2014, 1, 1)), [Entity(n, "PARTY") for n in names], [], [])

    store.save(article("d0", "Velmora Party"))  # the writer is warm: reference data and the name index read before counting
    event.listen(store.engine, "before_cursor_execute", count)
    batch = [article("d1", "Orlenne Tide Party", "Velmora Party"), article("d2", "Kestrel Marsh Union"), article("d3", "Orlenne Tide Party", "Kestrel Marsh Union")]
    assert store.save_many(batch) == [True, True, True]
    event.remove(store.engine, "before_cursor_execute", count)
    assert sorted(inserts) == ["aliases", "entities"]
    with store.engine.connect() as connection:
        owners = connection.execute(text("SELECT d.doc_id, e.name FROM doc_entities d JOIN entities e ON e.id = d.entity_id ORDER BY d.doc_id, e.name")).all()
        named = connection.execute(text("SELECT count(*) FROM aliases")).scalar_one()
    assert [tuple(row) for row in owners] == [
        ("d0", "Velmora Party"), ("d1", "Orlenne Tide Party"), ("d1", "Velmora Party"),
        ("d2", "Kestrel Marsh Union"), ("d3", "Kestrel Marsh Union"), ("d3", "Orlenne Tide Party"),
    ]  # fmt: skip
    assert store.counts()["entities"] == 3 and named == 3  # d3 found d1's and d2's parties, written in the same statement


def test_a_process_opening_a_store_reads_the_aliases_of_the_known_entities_a_batch_names_in_one_query(db):
    """The stored aliases of entities named again come in one IN query a batch, not one SELECT an entity, and change nothing written."""
    from datetime import date

    from sqlalchemy import event, text

    from politograph.model import Entity

    parties = ["Orlenne Tide Party", "Kestrel Marsh Union", "Velmora Party"]

    def article(doc_id: str, *entities: Entity) -> DocumentResult:
        return DocumentResult(Document(doc_id, " and ".join(e.name for e in entities) + f" met ({doc_id}).", date(2014, 1, 1)), list(entities), [], [])

    first = Store(db)
    first.save_many([article(f"d{n}", Entity(name, "PARTY")) for n, name in enumerate(parties)])
    first.close()
    store = Store(db)  # another process: it remembers no alias
    reads: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT aliases.") and "FROM aliases" in statement and "JOIN" not in statement:  # an entity's aliases
            reads.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    tide = Entity("Orlenne Tide Party", "PARTY", {"Orlenne Tide"})
    again = [article("e1", tide), article("e2", Entity("Kestrel Marsh Union", "PARTY"), Entity("Velmora Party", "PARTY"))]
    assert store.save_many(again) == [True, True]
    event.remove(store.engine, "before_cursor_execute", count)
    assert len(reads) == 1 and " IN " in reads[0].upper()
    assert store.save(article("f1", Entity("Velmora Party", "PARTY"), Entity("Tosk Valley First", "LOCAL_GROUP"))) and len(reads) == 1  # all read already
    with store.engine.connect() as connection:
        owners = connection.execute(text("SELECT d.doc_id, e.name FROM doc_entities d JOIN entities e ON e.id = d.entity_id WHERE d.doc_id LIKE 'e%' ORDER BY 1, 2"))
        owners = owners.all()
        names = connection.execute(text("SELECT a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE e.name = 'Orlenne Tide Party' ORDER BY 1"))
        names = names.scalars().all()
    assert [tuple(row) for row in owners] == [("e1", "Orlenne Tide Party"), ("e2", "Kestrel Marsh Union"), ("e2", "Velmora Party")]
    assert names == ["Orlenne Tide", "Orlenne Tide Party"] and store.counts()["aliases"] == 5  # the new aliases written, the stored ones not again


def test_reading_forgets_the_names_it_met_so_a_long_run_does_not_grow(nlp):
    from datetime import date

    from politograph.jobs import ZONE_DOCUMENTS, process

    def articles(start: int) -> list[Document]:
        # every article brings three words no dictionary has (an invented party, leader and town)
        return [
            Document(f"z{n}", f"The Zorvak{n} Union, led by Quellin{n} Marsh, won the vote in Tavrel{n} on Monday.", date(2021, 3, 1))
            for n in range(start, start + ZONE_DOCUMENTS)
        ]

    list(process(articles(0), nlp))
    before = len(nlp.vocab.strings)
    results = list(process(articles(ZONE_DOCUMENTS) + articles(2 * ZONE_DOCUMENTS), nlp))
    assert len(nlp.vocab.strings) - before < ZONE_DOCUMENTS  # 768 new words were read, and let go
    assert all(isinstance(r, DocumentResult) for r in results) and len(results) == 2 * ZONE_DOCUMENTS
    assert any(e.name == f"Zorvak{ZONE_DOCUMENTS} Union" for r in results for e in r.entities)  # the findings outlive the zone
