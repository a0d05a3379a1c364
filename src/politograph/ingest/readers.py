"""Readers: files in, `Document`s out, and a clear problem for everything else.

Each reader yields `Document`s or `IngestProblem`s; a problem names the file
and line and never stops the other documents.  Nothing here touches the
store, so a bad file can never leave half a document behind.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

from politograph.ingest.feeds import read_feed
from politograph.ingest.html import read_html
from politograph.ingest.problems import DATE_FORMS, IngestError, IngestProblem, Item, parse_date, precision_of
from politograph.ingest.warc import read_warc
from politograph.model import Document, content_hash

__all__ = ["IngestError", "IngestProblem", "Item", "files_under", "input_format", "parse_date", "read_path", "read_stream", "read_text"]

MAX_TEXT_BYTES = 20 * 1024 * 1024  # an article larger than this is not an article
FORMATS = {
    "text": (".txt", ".text"),
    "jsonl": (".jsonl", ".ndjson", ".jsonlines"),
    "html": (".html", ".htm", ".xhtml"),
    "feed": (".rss", ".atom", ".xml"),
    "warc": (".warc", ".warc.gz"),
}


def input_format(path: Path) -> str | None:
    """The reader a file name calls for ("a.warc.gz" -> warc), or None."""
    name = path.name.lower()
    return next((kind for kind, suffixes in FORMATS.items() if name.endswith(suffixes)), None)


def sniff_format(head: bytes) -> str:
    """The format of a stream from its first bytes (for standard input)."""
    start = head.lstrip()[:512].lower()
    if start.startswith(b"warc/") or head[:2] == b"\x1f\x8b":
        return "warc"
    if start.startswith(b"<") and any(tag in start for tag in (b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if start.startswith(b"<"):
        return "html"
    return "jsonl"


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and controls / len(sample) > 0.05


def _decode(raw: bytes, path: str) -> str | IngestProblem:
    if _looks_binary(raw):
        return IngestProblem(path, None, "binary data, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return IngestProblem(path, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")


def read_text_file(path: Path, published: date | None, source: str | None = None, url: str | None = None) -> Iterator[Item]:
    """One plain-text article; the date (at any precision) must come from `--published`."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        yield IngestProblem(str(path), None, f"file is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB; split it into articles")
        return
    yield from read_text(path.read_bytes(), str(path), path.stem, published, source, url)


def read_text(raw: bytes, name: str, doc_id: str | None, published: date | None, source: str | None = None, url: str | None = None) -> Iterator[Item]:
    """One plain-text article from bytes (a file or a request body); the id defaults to the text's hash."""
    if published is None:
        yield IngestProblem(name, None, "no publication date: plain text needs one (--published YYYY-MM-DD; over HTTP, ?published=YYYY-MM-DD)")
        return
    text = _decode(raw, name)
    if isinstance(text, IngestProblem):
        yield text
        return
    if not text.strip():
        yield IngestProblem(name, None, "empty text")
        return
    yield Document(id=doc_id or content_hash(text)[:16], text=text.strip(), published=published, source=source, url=url, published_precision=precision_of(published))


def _document_from_record(record: object, name: str, line: int, published: date | None, source: str | None) -> Item:
    if not isinstance(record, dict):
        return IngestProblem(name, line, "expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return IngestProblem(name, line, "no text")
    given = record.get("published")
    found = parse_date(given)
    if given not in (None, "") and found is None:  # a wrong date is reported, never replaced by --published
        return IngestProblem(name, line, f"published {given!r} is not a date: use {DATE_FORMS}")
    day = found or published
    if day is None:
        return IngestProblem(name, line, 'no publication date: add "published": "YYYY-MM-DD" or give --published')
    doc_id = record.get("id")
    return Document(
        id=str(doc_id) if doc_id not in (None, "") else content_hash(text)[:16],
        text=text,
        published=day,
        source=record.get("source") or source,
        url=record.get("url"),
        title=record.get("title"),
        published_precision=precision_of(day),
    )


def read_jsonl_stream(handle: TextIO | Iterator[bytes], name: str, published: date | None, source: str | None = None) -> Iterator[Item]:
    """docs.jsonl lines (FACTS.md); a broken line is reported by number and skipped."""
    for number, raw in enumerate(handle, start=1):
        if isinstance(raw, bytes):
            decoded = _decode(raw, name)
            if isinstance(decoded, IngestProblem):
                yield IngestProblem(name, number, decoded.message)
                continue
            raw = decoded
        assert isinstance(raw, str)
        if not raw.strip():
            continue
        if len(raw) > MAX_TEXT_BYTES:
            yield IngestProblem(name, number, "line is too large to be one article")
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield IngestProblem(name, number, f"broken JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _document_from_record(record, name, number, published, source)


def read_jsonl_file(path: Path, published: date | None, source: str | None = None) -> Iterator[Item]:
    with path.open("rb") as handle:
        yield from read_jsonl_stream(iter(handle), str(path), published, source)


def files_under(folder: Path) -> Iterator[Path]:
    """Readable input files under a folder, recursively, by extension; hidden files skipped."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and input_format(path) is not None and not path.name.startswith("."):
            yield path


def read_stream(stream: BinaryIO, name: str, published: date | None, source: str | None = None, kind: str | None = None) -> Iterator[Item]:
    """A stream (standard input, a request body): JSON Lines, HTML, a feed, a WARC, or plain text when `kind` says so.

    Without `kind` the format is told from the first bytes; plain text must be
    named, since any text could also be a broken JSON line.
    """
    if not isinstance(stream, io.BufferedReader):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type,type-var]  # for peek()
    kind = kind or sniff_format(stream.peek(4096))
    if kind == "jsonl":
        yield from read_jsonl_stream(iter(stream), name, published, source)
    elif kind == "warc":
        yield from read_warc(stream, name, published, source)
    elif kind == "text":
        raw = stream.read(MAX_TEXT_BYTES + 1)
        if len(raw) > MAX_TEXT_BYTES:
            yield IngestProblem(name, None, f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB; split it into articles")
        else:
            yield from read_text(raw, name, None, published, source)
    elif kind in ("html", "feed"):
        yield from _read_markup(kind, stream.read(MAX_TEXT_BYTES + 1), name, published, source)
    else:
        raise IngestError(f"{name}: unknown input format {kind!r}; expected one of {sorted(FORMATS)}")


def _read_markup(kind: str, raw: bytes, name: str, published: date | None, source: str | None) -> Iterator[Item]:
    if len(raw) > MAX_TEXT_BYTES:
        yield IngestProblem(name, None, f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB; not one page or feed")
    elif _looks_binary(raw):
        yield IngestProblem(name, None, "binary data, not text")
    elif kind == "feed":
        yield from read_feed(raw, name, published, source)
    else:
        yield read_html(raw, name, published, source)


def read_path(path: str | Path, published: date | None = None, source: str | None = None) -> Iterator[Item]:
    """Documents from a file, a folder (recursively, by extension) or `-` (standard input)."""
    if str(path) == "-":
        yield from read_stream(sys.stdin.buffer, "<stdin>", published, source)
        return
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    if path.is_dir():
        for child in files_under(path):
            yield from read_path(child, published, source)
        return
    kind = input_format(path)
    try:
        if kind == "jsonl":
            yield from read_jsonl_file(path, published, source)
        elif kind == "text":
            yield from read_text_file(path, published, source)
        elif kind == "warc":
            with path.open("rb") as stream:
                yield from read_warc(stream, str(path), published, source)
        elif kind in ("html", "feed"):
            with path.open("rb") as stream:
                raw = stream.read(MAX_TEXT_BYTES + 1)
            yield from _read_markup(kind, raw, str(path), published, source)
        else:
            known = sorted(s for suffixes in FORMATS.values() for s in suffixes)
            raise IngestError(f"{path}: unknown input format {path.suffix or '(no extension)'!r}; expected one of {known}")
    except PermissionError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from exc
