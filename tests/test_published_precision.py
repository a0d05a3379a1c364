"""Publication dates known only to the month or the year: read, stored, shown and used as the anchor at that precision."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

from builders import page
from politograph.cli import app
from politograph.extract import extract_facts
from politograph.ingest.problems import parse_date
from politograph.ingest.readers import IngestProblem, read_path
from politograph.model import Document, PeriodStart, TimeValue
from politograph.nlp.pipeline import AnalyzedDoc, analyze
from politograph.nlp.timex import find_times, normalise
from politograph.query import browse
from politograph.store.repository import Store, stored_published

runner = CliRunner()

# Invented articles: a wire archive that dates some stories by month or year only.
MONTHLY = {"id": "m1", "published": "2014-12", "source": "Harbour Wire", "text": "Your Party head Keiichiro Asao met reporters in Tokyo."}
YEARLY = {"id": "y1", "published": "2014", "source": "Harbour Wire", "text": "The Harbour Reform Party agreed to form an alliance with Your Party."}
DAILY = {"id": "d1", "published": "2014-06-04", "source": "Harbour Wire", "text": "Komeito leaders met reporters in Osaka on a rainy day."}


def run(*args: str):
    return runner.invoke(app, list(args))


def write_jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_all(path: Path, published: date | None = None) -> tuple[list[Document], list[IngestProblem]]:
    found = list(read_path(path, published))
    return [i for i in found if isinstance(i, Document)], [i for i in found if isinstance(i, IngestProblem)]


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("given", "first", "precision"),
    [
        ("2014", date(2014, 1, 1), "year"),
        ("2014-12", date(2014, 12, 1), "month"),
        ("2014-12-16", date(2014, 12, 16), "day"),
        ("2014-06-04T10:19:00Z", date(2014, 6, 4), "day"),
        ("2014-06-04 10:19", date(2014, 6, 4), "day"),
        ("2014-06-04T23:50:00-05:00", date(2014, 6, 4), "day"),  # the day the outlet printed, not UTC's
        (" 1800-02 ", date(1800, 2, 1), "month"),
        ("2100", date(2100, 1, 1), "year"),
    ],
)
def test_dates_at_every_precision(given: str, first: date, precision: str) -> None:
    day = parse_date(given)
    assert day == first and day is not None and day.precision == precision


@pytest.mark.parametrize("given", ["2014-13-45", "2014-13", "2014-02-30", "0", "1799", "2101-01", "June 2014", "2014-6", "2014-06-04 noon", "", 0, 2014, None])
def test_what_is_not_a_date(given: object) -> None:
    assert parse_date(given) is None


def test_a_period_start_is_its_first_day_and_prints_as_its_period() -> None:
    december = PeriodStart.of(date(2014, 12, 16), "month")
    assert december == date(2014, 12, 1) and str(december) == december.isoformat() == "2014-12" and f"{december}" == "2014-12"
    assert december.value == TimeValue("2014-12")
    back = pickle.loads(pickle.dumps(december))  # workers receive dates pickled
    assert back.precision == "month" and back == december
    with pytest.raises(ValueError):
        PeriodStart(2014, 1, 1, "week")


def test_a_document_keeps_the_first_day_and_its_precision() -> None:
    doc = Document("a", "Text.", date(2014, 12, 16), published_precision="month")
    assert doc.published == date(2014, 12, 1) and type(doc.published) is date
    assert doc.published_value == TimeValue("2014-12")
    assert Document("b", "Text.", date(2014, 6, 4)).published_value == TimeValue("2014-06-04")
    assert Document("c", "Text.", PeriodStart(2014, 1, 1, "year"), published_precision="year").published_value == TimeValue("2014")
    with pytest.raises(ValueError):
        Document("d", "Text.", date(2014, 6, 4), published_precision="week")


# --------------------------------------------------------------------------- readers


def test_json_lines_with_month_year_and_date_time_values(tmp_path: Path) -> None:
    timed = {"id": "t1", "published": "2014-06-04T10:19:00Z", "text": "Timed story."}
    spaced = {"id": "t2", "published": "2014-06-05 08:00", "text": "Another timed story."}
    docs, problems = read_all(write_jsonl(tmp_path / "archive.jsonl", MONTHLY, YEARLY, DAILY, timed, spaced))
    assert not problems
    assert [(d.id, d.published, d.published_precision) for d in docs] == [
        ("m1", date(2014, 12, 1), "month"),
        ("y1", date(2014, 1, 1), "year"),
        ("d1", date(2014, 6, 4), "day"),
        ("t1", date(2014, 6, 4), "day"),
        ("t2", date(2014, 6, 5), "day"),
    ]


def test_bad_values_are_named_by_file_and_line_and_the_good_lines_are_kept(tmp_path: Path) -> None:
    bad = [{"id": f"b{n}", "published": value, "text": "A story."} for n, value in enumerate(["2014-13-45", "0", 0, "1799", "June 2014"])]
    source = write_jsonl(tmp_path / "archive.jsonl", MONTHLY, *bad, YEARLY)
    docs, problems = read_all(source, PeriodStart(2014, 6, 1, "month"))  # --published never stands in for a wrong date
    assert [d.id for d in docs] == ["m1", "y1"]
    assert [str(p) for p in problems] == [
        f"{source}:2: published '2014-13-45' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
        f"{source}:3: published '0' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
        f"{source}:4: published 0 is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
        f"{source}:5: published '1799' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
        f"{source}:6: published 'June 2014' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    ]


def test_a_missing_date_keeps_its_message_and_takes_published_at_its_precision(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "undated.jsonl", {"id": "u1", "text": "A story."}, {"id": "u2", "published": "", "text": "Another story."})
    docs, [first, second] = read_all(source)
    assert not docs and "no publication date" in first.message and "no publication date" in second.message
    docs, problems = read_all(source, PeriodStart(2013, 1, 1, "year"))
    assert not problems and [(d.published, d.published_precision) for d in docs] == [(date(2013, 1, 1), "year")] * 2


def test_html_metadata_with_a_month_or_a_year(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="{}">'
    for title, value in (("Monthly", "2014-12"), ("Yearly", "2014"), ("First", "2014-12-01")):
        html = page(title, published=None).replace("</title>", "</title>" + meta.format(value))
        (tmp_path / f"{title}.html").write_text(html, encoding="utf-8")
    docs, problems = read_all(tmp_path)
    assert not problems
    assert {d.title: (d.published, d.published_precision) for d in docs} == {
        "Monthly": (date(2014, 12, 1), "month"),
        "Yearly": (date(2014, 1, 1), "year"),
        "First": (date(2014, 12, 1), "day"),  # a real first of the month is no month
    }


def test_feed_entries_dated_by_month_or_year(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Atom</title>
<entry><title>Split</title><id>urn:h:1</id><updated>2014-12</updated><summary>The Reform Party split in two.</summary></entry>
<entry><title>Congress</title><id>urn:h:2</id><published>2014</published><summary>The Civic League held its congress.</summary></entry>
<entry><title>Vote</title><id>urn:h:3</id><updated>2014-12-16T08:00:00Z</updated><summary>The Senate voted on the budget.</summary></entry>
</feed>"""
    (tmp_path / "feed.atom").write_text(atom, encoding="utf-8")
    docs, problems = read_all(tmp_path / "feed.atom")
    assert not problems
    assert [(d.published, d.published_precision) for d in docs] == [(date(2014, 12, 1), "month"), (date(2014, 1, 1), "year"), (date(2014, 12, 16), "day")]


# --------------------------------------------------------------------------- store, read back, export


def test_ingest_stores_reads_back_and_exports_at_the_precision_given(tmp_path: Path, db: str) -> None:
    source = write_jsonl(tmp_path / "archive.jsonl", MONTHLY, YEARLY, DAILY)
    result = run("ingest", str(source), "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    store = Store(db)
    try:
        rows = {r["id"]: (r["published"], r["published_precision"], str(stored_published(r))) for r in store.iter_documents()}
        assert rows == {
            "m1": (date(2014, 12, 1), "month", "2014-12"),
            "y1": (date(2014, 1, 1), "year", "2014"),
            "d1": (date(2014, 6, 4), "day", "2014-06-04"),
        }
        view = browse.document(store, "m1")
        listed = {d.id: d for d in browse.list_documents(store).items}
        assert str(view.published) == "2014-12" and view.published == date(2014, 12, 1)
        assert TypeAdapter(browse.DocumentSummary).dump_python(listed["y1"], mode="json")["published"] == "2014"
        assert TypeAdapter(browse.DocumentView).dump_python(view, mode="json")["published"] == "2014-12"
        assert all(str(f.published) == "2014-12" for f in view.facts)
    finally:
        store.close()
    assert run("export", str(tmp_path / "out"), "--db", db).exit_code == 0
    docs = {d["id"]: d["published"] for d in map(json.loads, (tmp_path / "out" / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
    assert docs == {"m1": "2014-12", "y1": "2014", "d1": "2014-06-04"}
    facts = [json.loads(line) for line in (tmp_path / "out" / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    role = next(f for f in facts if f["doc"] == "m1" and f["type"] == "role")
    assert role["when"] == "2014-12"  # a present-tense post holds at the publication date, as precise as that date


def test_rows_from_before_the_precision_column_are_days() -> None:
    assert str(stored_published({"published": date(2014, 6, 4), "published_precision": None})) == "2014-06-04"
    assert str(stored_published({"published": date(2014, 6, 4)})) == "2014-06-04"


def test_published_option_dates_only_what_has_no_date(tmp_path: Path, db: str) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Your Party head Keiichiro Asao met reporters in Tokyo.", encoding="utf-8")
    assert run("ingest", str(story), "--published", "2014-12", "--db", db, "--quiet").exit_code == 0
    wrong = write_jsonl(tmp_path / "wrong.jsonl", {"id": "w1", "published": "2014-13-45", "text": "Some text about parties."})
    result = run("ingest", str(wrong), "--published", "2014", "--db", db, "--quiet")
    assert result.exit_code == 1
    assert f"{wrong}:1: published '2014-13-45' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr
    store = Store(db)
    try:
        assert {r["id"]: str(stored_published(r)) for r in store.iter_documents()} == {"story": "2014-12"}
    finally:
        store.close()


@pytest.mark.parametrize("value", ["2014-13", "June 4", "0", "1799"])
def test_a_bad_published_option_names_the_forms(value: str, db: str) -> None:
    result = run("ingest", "whatever.txt", "--published", value, "--db", db)
    assert result.exit_code == 1 and f"--published {value!r}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr


def test_parquet_records_keep_the_precision() -> None:
    from politograph.spark.records import from_records, to_records
    from politograph.store.repository import DocumentResult

    document = Document("m1", "A story.", date(2014, 12, 1), "Harbour Wire", published_precision="month")
    rows: dict[str, list[dict]] = {}
    for name, row in to_records(DocumentResult(document, [], [], [])):
        rows.setdefault(name, []).append(row)
    assert rows["documents"][0]["published"] == "2014-12"
    [back] = list(from_records(rows))
    assert (back.document.published, back.document.published_precision) == (date(2014, 12, 1), "month")


# --------------------------------------------------------------------------- relative times


MONTH, YEAR = TimeValue("2014-12"), TimeValue("2014")

RELATIVE = [
    # finer than a month: the month itself
    ("last week", MONTH, "2014-12"),
    ("yesterday", MONTH, "2014-12"),
    ("on Monday", MONTH, "2014-12"),
    ("this week", MONTH, "2014-12"),
    ("later today", MONTH, "2014-12"),
    ("last weekend", MONTH, "2014-12"),
    ("three weeks ago", MONTH, "2014-12"),
    # months and years count from the month
    ("last month", MONTH, "2014-11"),
    ("next month", MONTH, "2015-01"),
    ("45 days ago", MONTH, "2014-11"),
    ("two months ago", MONTH, "2014-10"),
    ("last year", MONTH, "2013"),
    ("last December", MONTH, "2013-12"),
    ("last June", MONTH, "2014-06"),
    # finer than a year: the year itself
    ("last week", YEAR, "2014"),
    ("yesterday", YEAR, "2014"),
    ("next month", YEAR, "2014"),
    ("last month", YEAR, "2014"),
    ("six months ago", YEAR, "2014"),
    ("18 months ago", YEAR, "2013"),
    ("last year", YEAR, "2013"),
    ("next year", YEAR, "2015"),
    # a named month whose year depends on the unknown month: both readings, as an interval
    ("last June", YEAR, "2013-06/2014-06"),
    ("next May", YEAR, "2014-05/2015-05"),
    ("this March", YEAR, "2014-03"),
    ("last December", YEAR, "2013-12"),
    # absolute dates keep their own precision; a yearless one takes the anchor's year
    ("December 16, 2014", MONTH, "2014-12-16"),
    ("December 16, 2014", YEAR, "2014-12-16"),
    ("Dec. 16", MONTH, "2014-12-16"),
    ("Dec. 16", YEAR, "2014-12-16"),
    ("Jan. 2", YEAR, "2014-01-02"),
    ("in September", YEAR, "2014-09"),
    ("in May 2012", MONTH, "2012-05"),
    ("since 2012", YEAR, "2012"),
]


@pytest.mark.parametrize(("expression", "anchor", "expected"), RELATIVE)
def test_relative_expressions_resolve_no_finer_than_the_anchor(expression: str, anchor: TimeValue, expected: str) -> None:
    assert normalise(expression, anchor) == TimeValue(expected)


def test_a_yearless_day_in_the_anchor_month_is_that_month_in_either_tense() -> None:
    january = TimeValue("2015-01")
    assert normalise("Jan. 20", january, "past") == TimeValue("2015-01-20")
    assert normalise("Jan. 20", january, "future") == TimeValue("2015-01-20")
    assert normalise("Dec. 20", january, "past") == TimeValue("2014-12-20")


def test_a_period_start_anchors_like_its_period_and_a_day_anchor_is_unchanged() -> None:
    assert normalise("last week", PeriodStart(2014, 12, 1, "month")) == TimeValue("2014-12")
    assert normalise("last week", date(2014, 12, 1)) == TimeValue("2014-11-24/2014-11-30")
    assert normalise("last week", TimeValue("2014-12-01")) == TimeValue("2014-11-24/2014-11-30")
    with pytest.raises(ValueError):
        find_times("last week", TimeValue("2014-SU"))


# --------------------------------------------------------------------------- extraction


def _analyse(rules_nlp, text: str, published: str) -> AnalyzedDoc:
    when = TimeValue(published)
    assert when.earliest() is not None and when.precision is not None
    [adoc] = list(analyze([Document("p", text, when.earliest(), published_precision=when.precision)], rules_nlp))
    assert isinstance(adoc, AnalyzedDoc)
    return adoc


def test_a_present_state_holds_at_the_publication_month(rules_nlp) -> None:
    adoc = _analyse(rules_nlp, "Your Party head Keiichiro Asao spoke to reporters.", "2014-12")
    [fact] = [f for f in extract_facts(adoc, ["role"], learned=False)]
    assert fact.when == TimeValue("2014-12")
    assert [t.value for t in adoc.times] == []


def test_relative_times_in_a_month_article_stay_in_that_month(rules_nlp) -> None:
    adoc = _analyse(rules_nlp, "Toru Hashimoto met Shinzo Abe last week. A year ago they had not met.", "2014-12")
    assert [(t.text, str(t.value)) for t in adoc.times] == [("last week", "2014-12"), ("A year ago", "2013")]


def test_an_event_later_in_the_publication_month_is_not_made_planned(rules_nlp) -> None:
    adoc = _analyse(rules_nlp, "The House of Representatives election was held on Dec. 14.", "2014-12")
    facts = extract_facts(adoc, ["election"], learned=False)
    assert facts and all(str(f.when) == "2014-12-14" and f.modality.value == "asserted" for f in facts)
