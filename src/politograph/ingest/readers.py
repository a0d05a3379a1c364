"""Readers: files in, `Document`s out, and a clear problem for everything else.

Each reader yields `Document`s or `IngestProblem`s; a problem names the file
and line and never stops the other documents.  Nothing here touches the
store, so a bad file can never leave half a document behind.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, cast

from politograph.ingest.feeds import read_feed
from politograph.ingest.html import read_html
from politograph.ingest.problems import DATE_FORMS, IngestError, IngestProblem, Item, Origin, checked, fitting_id, parse_date, precision_of
from politograph.ingest.warc import read_warc
from politograph.model import Document

__all__ = ["IngestError", "IngestProblem", "Item", "files_under", "input_format", "parse_date", "read_path", "read_stream", "read_text"]

MAX_TEXT_BYTES = 20 * 1024 * 1024  # an article larger than this is not an article
SAMPLE_BYTES = 8192
"""How much of a file is looked at to tell text from binary data before its lines are read."""
MOSTLY_BINARY = 0.10
"""Share of undecodable bytes and control characters above which a file is not text at all."""
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF16_TEXT = "UTF-16 text: save it as UTF-8"
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
"""Control characters no text file holds (tab, newlines and form feed are text), and what undecodable bytes decode to."""
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


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C: this runs once per line
    return bool(sample) and controls / len(sample) > 0.05


def _decode(raw: bytes, path: str) -> str | IngestProblem:
    if raw.startswith(UTF16_BOMS):
        return IngestProblem(path, None, UTF16_TEXT)
    if _looks_binary(raw):
        return IngestProblem(path, None, "binary data, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return IngestProblem(path, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")


def _mostly_undecodable(sample: bytes) -> bool:
    """Whether a file's first bytes are not text at all (random bytes, an image, an archive).

    Such a file is one problem, not one per "line": a line-by-line report
    of 50 KB of random bytes would bury every other message.
    """
    if not sample:
        return False
    text = sample.decode("utf-8", "replace")
    return len(_CONTROLS.findall(text)) > MOSTLY_BINARY * len(text)


def _not_text(sample: bytes) -> str | None:
    """Why a file's first bytes show that none of it is UTF-8 text, or None."""
    if sample.startswith(UTF16_BOMS):
        return UTF16_TEXT
    return "binary data, not text" if _mostly_undecodable(sample) else None


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
    document = Document(fitting_id(doc_id), text.strip(), published, source=source, url=url, published_precision=precision_of(published))
    yield from checked(document, Origin(name))


def _shown(value: object) -> str:
    """A JSON value as a message may quote it: short, and never the repr of a deep structure (which could itself recurse too far)."""
    if isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:40]) + "…"
    return f"(a JSON {'object' if isinstance(value, dict) else 'array' if isinstance(value, list) else 'null'})"


def _wrong_type(record: dict[str, object]) -> str | None:
    """Why a field has a type no document field can hold (a list as title, a float as id), or None."""
    doc_id = record.get("id")
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, str | int)):
        return f"id {_shown(doc_id)} must be a string or a whole number"
    for name in ("title", "source", "url"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"{name} {_shown(value)} must be a string"
    return None


def _document_from_record(record: object, name: str, line: int, published: date | None, source: str | None) -> Iterator[Item]:
    origin = Origin(name, line)
    if not isinstance(record, dict):
        yield origin.problem("expected a JSON object")
        return
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        yield origin.problem("no text")
        return
    wrong = _wrong_type(record)
    if wrong is not None:
        yield origin.problem(wrong)
        return
    given = record.get("published")
    found = parse_date(given)
    if given not in (None, "") and found is None:  # a wrong date is reported, never replaced by --published; so is a number (0 is no date)
        yield origin.problem(f"published {_shown(given)} is not a date: use {DATE_FORMS}")
        return
    day = found or published
    if day is None:
        yield origin.problem('no publication date: add "published": "YYYY-MM-DD" or give --published')
        return
    doc_id = record.get("id")
    document = Document(
        id=str(doc_id) if doc_id not in (None, "") else "",
        text=text,
        published=day,
        source=record.get("source") or source,
        url=record.get("url"),
        title=record.get("title"),
        published_precision=precision_of(day),
    )
    yield from checked(document, origin)


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The stream's lines; None for a line over `limit` bytes, which is skipped without being held in memory."""
    while line := handle.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield None


def _read_jsonl_line(raw: bytes, name: str, number: int, published: date | None, source: str | None) -> Iterator[Item]:
    decoded = _decode(raw, name)
    if isinstance(decoded, IngestProblem):
        yield IngestProblem(name, number, decoded.message)
        return
    try:
        record = json.loads(decoded.rstrip("\r\n"))  # without its newline, an error at the line's end is at its column
    except json.JSONDecodeError as exc:
        yield IngestProblem(name, number, f"broken JSON ({exc.msg} at column {exc.colno})")
        return
    except RecursionError:
        yield IngestProblem(name, number, "broken JSON (nested too deeply to be a document)")
        return
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        yield IngestProblem(name, number, f"broken JSON ({exc})")
        return
    yield from _document_from_record(record, name, number, published, source)


def read_jsonl_stream(handle: BinaryIO, name: str, published: date | None, source: str | None = None) -> Iterator[Item]:
    """docs.jsonl lines (FORMAT.md); a broken line is reported by number and skipped, an empty input is reported too."""
    reason = _not_text(handle.peek(SAMPLE_BYTES)[:SAMPLE_BYTES] if isinstance(handle, io.BufferedReader) else b"")
    if reason is not None:
        yield IngestProblem(name, None, reason)
        return
    lines = 0
    for number, raw in enumerate(_lines(handle, MAX_TEXT_BYTES), start=1):
        if raw is None:
            lines += 1
            yield IngestProblem(name, number, f"line is over {MAX_TEXT_BYTES // (1024 * 1024)} MiB, too large to be one article")
        elif raw.strip():
            lines += 1
            yield from _read_jsonl_line(raw, name, number, published, source)
    if not lines:
        yield IngestProblem(name, None, "no documents")


def read_jsonl_file(path: Path, published: date | None, source: str | None = None) -> Iterator[Item]:
    with path.open("rb") as handle:
        yield from read_jsonl_stream(handle, str(path), published, source)


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
        stream = io.BufferedReader(cast(io.RawIOBase, stream))  # for peek(): any object with readinto() serves
    kind = kind or sniff_format(stream.peek(4096))
    if kind == "jsonl":
        yield from read_jsonl_stream(stream, name, published, source)
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
        item = read_html(raw, name, published, source)
        yield from [item] if isinstance(item, IngestProblem) else checked(item, Origin(name))


KNOWN_SUFFIXES = sorted(s for suffixes in FORMATS.values() for s in suffixes)


def read_path(path: str | Path, published: date | None = None, source: str | None = None) -> Iterator[Item]:
    """Documents from a file, a folder (recursively, by extension) or `-` (standard input).

    A path that cannot be read (missing, unknown format, unreadable) is a
    problem like a bad line, so the other paths of one run are still read.
    """
    if str(path) == "-":
        yield from read_stream(sys.stdin.buffer, "<stdin>", published, source)
        return
    path = Path(path)
    if not path.exists():
        yield IngestProblem(str(path), None, "no such file or folder")
        return
    if path.is_dir():
        found = False
        for child in files_under(path):
            found = True
            yield from read_path(child, published, source)
        if not found:
            yield IngestProblem(str(path), None, f"no files to read in this folder (looked for {', '.join(KNOWN_SUFFIXES)})")
        return
    try:
        yield from _read_file(path, published, source)
    except OSError as exc:
        yield IngestProblem(str(path), None, f"cannot read ({exc.strerror or exc})")
    except Exception as exc:  # a reader that fails on one file must not stop the others
        yield IngestProblem(str(path), None, f"could not read ({exc.__class__.__name__}: {exc})")


def _read_file(path: Path, published: date | None, source: str | None) -> Iterator[Item]:
    kind = input_format(path)
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
        yield IngestProblem(str(path), None, f"unknown input format {path.suffix or '(no extension)'!r}; expected one of {KNOWN_SUFFIXES}")
