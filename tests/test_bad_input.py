"""Bad input never costs good data: each bad line is named, the rest is read and stored, and the exit code is 1.

Every case is run through the command a user types, with good documents
before and after the bad one, so a bad line that stopped the run (and lost
the good documents not yet committed) would show as missing documents.
"""

from __future__ import annotations

import json
import os
import random
import stat
from datetime import date
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from politograph.cli import app
from politograph.export.atomic import atomic_text
from politograph.jobs import process
from politograph.model import Document
from politograph.store.repository import DocumentResult, Store

runner = CliRunner()


def good(n: int) -> str:
    return json.dumps(
        {"id": f"good-{n}", "published": "2014-06-04", "source": "Test Wire", "text": f"Your Party head Keiichiro Asao met reporters in Tokyo on visit {n}."}
    )


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(db: str, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["ingest", *args, "--db", db, "--quiet"])


def stored_ids(db: str) -> list[str]:
    store = Store(db)
    try:
        return sorted(d["id"] for d in store.iter_documents())
    finally:
        store.close()


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("skipped", "warning", "…", "error"))]


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.db'}"


# --------------------------------------------------------------------------- lines that used to stop the run


def test_a_text_over_spacys_limit_is_refused_by_line(tmp_path: Path, sqlite_db: str) -> None:
    big = json.dumps({"id": "big", "published": "2014-06-04", "text": "Word. " * 200_000})
    source = write_lines(tmp_path / "docs.jsonl", good(0), big, good(1))
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [f"skipped {source}:2: text is 1,200,000 characters, over the 1,000,000 the reader takes"]
    assert stored_ids(sqlite_db) == ["good-0", "good-1"]


def test_analysis_sets_aside_a_text_over_the_pipelines_limit(nlp) -> None:  # type: ignore[no-untyped-def]
    """Documents that did not come through a reader (the library, training) are guarded too: spaCy would raise for the whole batch."""
    too_long = Document("too-long", "x" * (nlp.max_length + 1), date(2014, 6, 4))
    fine = Document("fine", "Your Party head Keiichiro Asao met reporters in Tokyo.", date(2014, 6, 4))
    results = list(process([too_long, fine], nlp))
    assert [r.document.id for r in results if isinstance(r, DocumentResult)] == ["fine"]
    [problem] = [r for r in results if not isinstance(r, DocumentResult)]
    assert str(problem) == f"too-long: text is {nlp.max_length + 1:,} characters, over the {nlp.max_length:,} the reader takes"


def test_deeply_nested_json_is_refused_by_line(tmp_path: Path, sqlite_db: str) -> None:
    source = write_lines(tmp_path / "docs.jsonl", good(0), "[" * 100_000 + "]" * 100_000, good(1))
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [f"skipped {source}:2: broken JSON (nested too deeply to be a document)"]
    assert stored_ids(sqlite_db) == ["good-0", "good-1"]


def test_a_number_too_long_to_convert_is_broken_json(tmp_path: Path, sqlite_db: str) -> None:
    source = write_lines(tmp_path / "docs.jsonl", '{"id": "n", "published": ' + "9" * 5000 + ', "text": "Some text."}', good(0))
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1 and f"{source}:1: broken JSON (" in result.stderr
    assert stored_ids(sqlite_db) == ["good-0"]


def test_a_line_over_20_mib_is_skipped_without_reading_it_whole(tmp_path: Path, sqlite_db: str) -> None:
    source = tmp_path / "docs.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        handle.write(good(0) + "\n" + '{"id": "huge", "text": "' + "x" * (21 * 1024 * 1024) + '"}\n' + good(1) + "\n")
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [f"skipped {source}:2: line is over 20 MiB, too large to be one article"]
    assert stored_ids(sqlite_db) == ["good-0", "good-1"]


def test_a_line_cut_short_is_named_at_its_column(tmp_path: Path, sqlite_db: str) -> None:
    source = write_lines(tmp_path / "docs.jsonl", '{"id": "x", "text": ', good(0))
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1 and problem_lines(result.stderr) == [f"skipped {source}:1: broken JSON (Expecting value at column 21)"]


def test_a_lone_surrogate_is_replaced_with_a_warning(tmp_path: Path, sqlite_db: str) -> None:
    """JSON can escape half of a surrogate pair, which no UTF-8 text (nor the text hash) can hold."""
    source = write_lines(tmp_path / "docs.jsonl", '{"id": "s", "published": "2014-06-04", "text": "Komeito \\ud800 won 31 seats."}', good(0))
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [
        f"warning {source}:1: replaced 1 unpaired surrogate with U+FFFD (UTF-8 cannot encode them); the document is stored without them"
    ]
    store = Store(sqlite_db)
    texts = {d["id"]: d["text"] for d in store.iter_documents()}
    store.close()
    assert texts["s"] == "Komeito \ufffd won 31 seats." and "good-0" in texts


# --------------------------------------------------------------------------- paths and files


def test_a_missing_path_among_several_loses_no_other(tmp_path: Path, sqlite_db: str) -> None:
    first = write_lines(tmp_path / "first.jsonl", good(0))
    last = write_lines(tmp_path / "last.jsonl", good(1))
    result = ingest(sqlite_db, str(first), str(tmp_path / "missing.jsonl"), str(last))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [f"skipped {tmp_path / 'missing.jsonl'}: no such file or folder"]
    assert stored_ids(sqlite_db) == ["good-0", "good-1"]


@pytest.mark.parametrize("content", ["", "\n  \n\n"])
def test_an_empty_jsonl_says_so(tmp_path: Path, sqlite_db: str, content: str) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text(content, encoding="utf-8")
    result = ingest(sqlite_db, str(empty))
    assert result.exit_code == 1 and problem_lines(result.stderr) == [f"skipped {empty}: no documents"]


def test_binary_junk_is_one_line_not_thousands(tmp_path: Path, sqlite_db: str) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(random.Random(16).randbytes(50_000))
    source = write_lines(tmp_path / "docs.jsonl", good(0))
    result = ingest(sqlite_db, str(junk), str(source))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [f"skipped {junk}: binary data, not text"]
    assert stored_ids(sqlite_db) == ["good-0"]


def test_many_problems_in_one_file_are_summarised(tmp_path: Path, sqlite_db: str) -> None:
    source = write_lines(tmp_path / "docs.jsonl", good(0), *(["{broken"] * 3_432), good(1))
    other = write_lines(tmp_path / "other.jsonl", "{broken", good(2))
    result = ingest(sqlite_db, str(source), str(other))
    assert result.exit_code == 1
    lines = problem_lines(result.stderr)
    assert len([line for line in lines if line.startswith(f"skipped {source}:")]) == 20
    assert f"… and 3,412 more problems in {source}" in lines
    assert f"skipped {other}:1: broken JSON (Expecting property name enclosed in double quotes at column 2)" in lines
    assert stored_ids(sqlite_db) == ["good-0", "good-1", "good-2"]


def test_utf16_is_named(tmp_path: Path, sqlite_db: str) -> None:
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes((good(0) + "\n").encode("utf-16"))
    result = ingest(sqlite_db, str(wide))
    assert result.exit_code == 1 and problem_lines(result.stderr) == [f"skipped {wide}: UTF-16 text: save it as UTF-8"]


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), ("0", "'0'"), (0.0, "0.0"), (20140604, "20140604"), (True, "True")])
def test_a_number_is_not_a_date(tmp_path: Path, sqlite_db: str, value: object, shown: str) -> None:
    """`0` is no date, and is reported as any other bad date is, never read as 1970-01-01 or replaced by --published."""
    source = write_lines(tmp_path / "docs.jsonl", json.dumps({"id": "x", "published": value, "text": "Some text."}), good(0))
    result = ingest(sqlite_db, str(source), "--published", "2014-06-04")
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [f"skipped {source}:1: published {shown} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"]
    assert stored_ids(sqlite_db) == ["good-0"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"id": 1.5}, "id 1.5 must be a string or a whole number"),
        ({"id": "x" * 201}, "id is 201 characters, over the 200 the store takes"),
        ({"title": ["a", "list"]}, "title (a JSON array) must be a string"),
        ({"source": {"name": "Wire"}}, "source (a JSON object) must be a string"),
        ({"published": [[[2014]]]}, "published (a JSON array) is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_fields_the_store_cannot_hold_are_refused_by_line(tmp_path: Path, sqlite_db: str, fields: dict[str, object], reason: str) -> None:
    record = {"id": "bad", "published": "2014-06-04", "text": "Some text about Komeito.", **fields}
    source = write_lines(tmp_path / "docs.jsonl", good(0), json.dumps(record))
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1 and problem_lines(result.stderr) == [f"skipped {source}:2: {reason}"]
    assert stored_ids(sqlite_db) == ["good-0"]


def test_one_id_with_two_texts_in_one_input_is_reported(tmp_path: Path, sqlite_db: str) -> None:
    other = json.dumps({"id": "good-0", "published": "2014-06-04", "text": "Komeito secured 31 seats."})
    source = write_lines(tmp_path / "docs.jsonl", good(0), other)
    result = ingest(sqlite_db, str(source))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [f"skipped {source}:2: id 'good-0' was read before with a different text ({source}:1); give each article its own id"]
    assert stored_ids(sqlite_db) == ["good-0"]


# --------------------------------------------------------------------------- the command line


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
    return found


@pytest.mark.parametrize("command", _commands(typer.main.get_command(app)), ids=" ".join)  # type: ignore[arg-type]
def test_every_command_shows_examples(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:", 1)
    assert len(examples) == 2, f"no examples in `politograph {' '.join(command)} --help`"
    assert f"politograph {command[0]}" in examples[1] or "| politograph" in examples[1]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["ingest", "x.jsonl", "--workers", "99999999999999999999"], "--workers"),
        (["ingest", "x.jsonl", "--workers", "0"], "--workers"),
        (["facts", "--entity", "#99999999999999999999"], "--entity"),
        (["facts", "--entity", "#" + "9" * 5000], "--entity"),
        (["facts", "--entity", "Komeito", "--min-confidence", "nan"], "--min-confidence"),
        (["who", "--role", "leader", "--of", "#9223372036854775808", "--at", "2014-01-01"], "--of"),
        (["seats", "--chamber", "x", "--at", "2014-01-01", "--quota", "99999999999999999999"], "--quota"),
        (["entity", "#0"], "NAME"),
        (["merge", "#1", "#99999999999999999999"], "INTO"),
        (["eval", "gold", "pred", "--misses", "-1"], "--misses"),
        (["serve", "--port", "70000"], "--port"),
        (["train", "corpus", "--threshold", "inf"], "--threshold"),
    ],
)
def test_numbers_out_of_range_are_one_line_naming_the_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], option: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {option} ") and "Traceback" not in result.output
    assert not (tmp_path / "politograph.db").exists()


def test_the_largest_id_is_still_asked_about(sqlite_db: str) -> None:
    result = runner.invoke(app, ["facts", "--entity", "#9223372036854775807", "--db", sqlite_db])
    assert result.exit_code == 1 and "no entity named '#9223372036854775807'" in result.stderr and "Traceback" not in result.output


def test_markup_in_a_value_is_printed_as_given(sqlite_db: str) -> None:
    result = runner.invoke(app, ["who", "--role", "leader", "--of", "x", "--at", "[/bold]", "--db", sqlite_db])
    assert result.exit_code == 1 and "--at '[/bold]': expected a date" in result.stderr


# --------------------------------------------------------------------------- exports


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_exports_get_the_users_normal_mode(tmp_path: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        with atomic_text(tmp_path / "out.jsonl") as handle:
            handle.write("{}\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out.jsonl").stat().st_mode) == mode


def test_the_export_command_writes_readable_files(tmp_path: Path, sqlite_db: str) -> None:
    source = write_lines(tmp_path / "docs.jsonl", good(0))
    ingest(sqlite_db, str(source))
    previous = os.umask(0o022)
    try:
        result = runner.invoke(app, ["export", str(tmp_path / "out"), "--db", sqlite_db])
    finally:
        os.umask(previous)
    assert result.exit_code == 0
    written = sorted((tmp_path / "out").iterdir())
    assert written and all(stat.S_IMODE(path.stat().st_mode) == 0o644 for path in written)
