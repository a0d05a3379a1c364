"""Every input format on files the tests write: HTML, RSS/Atom, WARC, folders, bad input."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from builders import BODY, page, write_warc
from politograph.ingest.problems import ReadDocument
from politograph.ingest.readers import IngestError, IngestProblem, read_path, read_stream, sniff_format
from politograph.model import Document


def items(path: Path | str, published: date | None = None) -> tuple[list[Document], list[IngestProblem]]:
    found = list(read_path(path, published))
    return [i for i in found if isinstance(i, Document)], [i for i in found if isinstance(i, IngestProblem)]


# --------------------------------------------------------------------------- HTML


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    (tmp_path / "deal.html").write_text(page(), encoding="utf-8")
    [doc], problems = items(tmp_path / "deal.html")
    assert not problems
    assert doc.published == date(2016, 3, 8)
    assert doc.title == "Coalition deal struck"
    assert "81 of the 150 seats" in doc.text
    assert "Weather" not in doc.text and "Subscribe" not in doc.text


def test_html_without_a_date_needs_published(tmp_path: Path) -> None:
    (tmp_path / "undated.htm").write_text(page(published=None), encoding="utf-8")
    docs, [problem] = items(tmp_path / "undated.htm")
    assert not docs
    assert "undated.htm" in str(problem) and "--published" in problem.message
    [doc], _ = items(tmp_path / "undated.htm", date(2016, 3, 9))
    assert doc.published == date(2016, 3, 9)


def test_broken_html_still_gives_its_text(tmp_path: Path) -> None:
    broken = page().replace("</p>", "").replace("</article>", "").replace("</body></html>", "<div><span>")
    (tmp_path / "broken.html").write_text(broken, encoding="utf-8")
    [doc], problems = items(tmp_path / "broken.html")
    assert "narrow majority" in doc.text and not problems


def test_html_in_a_legacy_encoding_is_decoded_by_its_charset(tmp_path: Path) -> None:
    body = "<p>Le Parti socialiste et les Verts ont signé un accord électoral à Besançon mardi, selon le secrétaire général.</p>"
    (tmp_path / "latin.html").write_bytes(page(body=body, charset="iso-8859-1").encode("iso-8859-1"))
    [doc], _ = items(tmp_path / "latin.html")
    assert "signé un accord électoral à Besançon" in doc.text


def test_html_with_no_article_text_or_binary_junk(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (tmp_path / "junk.html").write_bytes(bytes(range(256)) * 20)
    _, problems = items(tmp_path)
    messages = {Path(p.path).name: p.message for p in problems}
    assert "no article text" in messages["empty.html"]
    assert "binary" in messages["junk.html"]


# --------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Ledger Politics</title>
<item><title>Senate vote delayed</title><link>https://ledger.example/a1</link><guid>a1</guid>
<pubDate>Tue, 08 Mar 2016 09:30:00 GMT</pubDate>
<description>&lt;p&gt;The Senate postponed its vote on the budget after the Farmers Party walked out of the chamber.&lt;/p&gt;</description></item>
<item><title>Party congress opens</title><link>https://ledger.example/a2</link><guid>a2</guid>
<pubDate>sometime last spring</pubDate>
<description>The Green Alliance opened its party congress with a speech by its leader, who called for early elections.</description></item>
<item><title>No body here</title><guid>a3</guid><pubDate>Wed, 09 Mar 2016 09:30:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger Atom</title>
<entry><title>Merger talks</title><id>urn:ledger:b1</id><updated>2016-04-01T08:00:00Z</updated>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;The Reform Party and the Civic League began merger talks on Friday.&lt;/p&gt;
&lt;p&gt;A joint congress is planned for June.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_entries_with_a_bad_date_are_reported_by_position(tmp_path: Path) -> None:
    (tmp_path / "politics.rss").write_text(RSS, encoding="utf-8")
    [doc], problems = items(tmp_path / "politics.rss")
    assert (doc.id, doc.published, doc.source, doc.url) == ("a1", date(2016, 3, 8), "Ledger Politics", "https://ledger.example/a1")
    assert doc.text.startswith("Senate vote delayed.") and "<p>" not in doc.text
    assert sorted(p.message.split(":")[0] for p in problems) == ["entry 2", "entry 3"]


def test_rss_bad_dates_fall_back_to_published(tmp_path: Path) -> None:
    (tmp_path / "politics.rss").write_text(RSS, encoding="utf-8")
    docs, _ = items(tmp_path / "politics.rss", date(2016, 5, 1))
    assert [(d.id, d.published) for d in docs] == [("a1", date(2016, 3, 8)), ("a2", date(2016, 5, 1))]


def test_atom_prefers_full_content_over_summary(tmp_path: Path) -> None:
    (tmp_path / "feed.atom").write_text(ATOM, encoding="utf-8")
    [doc], _ = items(tmp_path / "feed.atom")
    assert "joint congress is planned for June" in doc.text and "Short summary" not in doc.text
    assert doc.published == date(2016, 4, 1)


def test_a_file_that_is_no_feed(tmp_path: Path) -> None:
    (tmp_path / "notes.xml").write_text("<notes><note>hello</note></notes>", encoding="utf-8")
    docs, [problem] = items(tmp_path / "notes.xml")
    assert not docs and "no feed entries" in problem.message


# --------------------------------------------------------------------------- WARC


def test_warc_gz_html_responses_become_documents(tmp_path: Path) -> None:
    second = page("Budget passes", "2016-03-10", BODY.replace("Tuesday", "Thursday"))
    write_warc(tmp_path / "news.warc.gz", [("https://ledger.example/deal", page()), ("https://ledger.example/budget", second)])
    docs, problems = items(tmp_path / "news.warc.gz")
    assert not problems
    assert [(d.url, d.published) for d in docs] == [("https://ledger.example/deal", date(2016, 3, 8)), ("https://ledger.example/budget", date(2016, 3, 10))]
    assert docs[0].id == "https://ledger.example/deal"


def test_plain_warc(tmp_path: Path) -> None:
    write_warc(tmp_path / "news.warc", [("https://ledger.example/deal", page())], gzip=False)
    [doc], _ = items(tmp_path / "news.warc")
    assert doc.title == "Coalition deal struck"


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    pages = [(f"https://ledger.example/{n}", page(f"Story {n}", body=BODY.replace("three", str(n + 4)))) for n in range(3)]
    write_warc(tmp_path / "full.warc.gz", pages)
    raw = (tmp_path / "full.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(raw[: int(len(raw) * 0.7)])
    docs, problems = items(tmp_path / "cut.warc.gz")
    assert 1 <= len(docs) < 3
    [problem] = problems
    assert "cut.warc.gz" in str(problem) and "truncated or damaged" in problem.message


# --------------------------------------------------------------------------- folders, stdin, errors


def test_folders_are_read_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "deal.html").write_text(page(), encoding="utf-8")
    (tmp_path / "a" / "b" / "feed.atom").write_text(ATOM, encoding="utf-8")
    write_warc(tmp_path / "a" / "b" / "crawl.warc.gz", [("https://ledger.example/x", page("Another story", "2016-03-11"))])
    (tmp_path / "a" / "b" / "picture.png").write_bytes(b"\x89PNG")
    (tmp_path / "a" / "note.txt").write_text("The Farmers Party elected a new leader on Monday in a close vote.", encoding="utf-8")
    docs, problems = items(tmp_path, date(2016, 3, 12))
    assert len(docs) == 4 and not problems


def test_mixed_encodings_in_a_folder_name_the_bad_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Le Parti socialiste a gagné à Besançon.", encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes("First line is fine.\nLe Parti socialiste a gagné.".encode("cp1252"))
    docs, [problem] = items(tmp_path, date(2016, 3, 12))
    assert [d.text for d in docs] == ["Le Parti socialiste a gagné à Besançon."]
    assert str(problem).startswith(str(tmp_path / "legacy.txt") + ":2:") and "UTF-8" in problem.message


def test_unknown_extension_and_missing_path_are_problems_not_errors(tmp_path: Path) -> None:
    """A path that cannot be read is reported like a bad line, so the other paths of the run are still read."""
    (tmp_path / "table.xlsx").write_bytes(b"PK")
    docs, [problem] = items(tmp_path / "table.xlsx")
    assert not docs and problem.path == str(tmp_path / "table.xlsx") and "unknown input format '.xlsx'" in problem.message
    docs, [problem] = items(tmp_path / "missing.html")
    assert not docs and str(problem) == f"{tmp_path / 'missing.html'}: no such file or folder"


def test_unknown_stream_format_is_still_an_error() -> None:
    with pytest.raises(IngestError, match="unknown input format 'pdf'"):
        list(read_stream(io.BytesIO(b"%PDF"), "request body", None, kind="pdf"))


def test_a_folder_with_nothing_to_read_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# not an input", encoding="utf-8")
    docs, [problem] = items(tmp_path)
    assert not docs and problem.path == str(tmp_path) and problem.message.startswith("no files to read in this folder")


def test_feed_numbers_are_not_dates(tmp_path: Path) -> None:
    """feedparser reads 1402000000 as a day in the year 1401; a feed date outside 1800-2100 counts as unreadable."""
    rss = RSS.replace("Tue, 08 Mar 2016 09:30:00 GMT", "1402000000")
    (tmp_path / "numbers.rss").write_text(rss, encoding="utf-8")
    docs, problems = items(tmp_path / "numbers.rss")
    assert not docs
    assert [p.message for p in problems][0] == "entry 1: no readable publication date; give --published YYYY-MM-DD"


def test_warc_without_html_responses_says_so(tmp_path: Path) -> None:
    write_warc(tmp_path / "images.warc.gz", [])
    docs, [problem] = items(tmp_path / "images.warc.gz")
    assert not docs and problem.message.startswith("no HTML responses in the archive")


def test_an_over_long_url_is_not_the_id(tmp_path: Path) -> None:
    """The store's id column holds 200 characters; a longer URL stays the document's URL and its text's hash becomes the id."""
    uri = "https://ledger.example/" + "x" * 300
    write_warc(tmp_path / "long.warc.gz", [(uri, page())])
    [doc], problems = items(tmp_path / "long.warc.gz")
    assert not problems and doc.url == uri and len(doc.id) == 16


def test_documents_know_where_they_were_read(tmp_path: Path) -> None:
    write_warc(tmp_path / "news.warc.gz", [("https://ledger.example/a", page()), ("https://ledger.example/b", page("Budget passes", "2016-03-10"))])
    (tmp_path / "politics.rss").write_text(RSS, encoding="utf-8")
    found = [i for i in read_path(tmp_path, date(2016, 5, 1)) if isinstance(i, ReadDocument)]
    assert [str(d.origin) for d in found] == [
        f"{tmp_path / 'news.warc.gz'} (record 2)",
        f"{tmp_path / 'news.warc.gz'} (record 3)",
        f"{tmp_path / 'politics.rss'} (entry 1)",
        f"{tmp_path / 'politics.rss'} (entry 2)",
    ]


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"WARC/1.0\r\n", "warc"), (b"\x1f\x8b\x08", "warc"), (b"<?xml version='1.0'?><rss>", "feed"), (b"  <html><body>", "html"), (b'{"id": "x"}', "jsonl")],
)
def test_standard_input_is_told_apart_by_its_first_bytes(head: bytes, kind: str) -> None:
    assert sniff_format(head) == kind
