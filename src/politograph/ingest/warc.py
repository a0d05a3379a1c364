"""WARC and WARC.gz archives (Common Crawl's CC-NEWS) with warcio.

Only HTTP responses with an HTML body are articles; they go through the
HTML reader with the record's target URI.  A truncated or damaged archive
keeps every record read before the damage and reports where it stopped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from politograph.ingest.html import read_html
from politograph.ingest.problems import IngestProblem, Item, Origin, checked

WARC_TYPES = {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}


class Truncated(Exception):
    """The archive ends inside a record."""


class _GzipEndCheck:
    """A pass-through stream that knows whether the last gzip member was complete.

    warcio stops quietly when a .warc.gz is cut between records' compressed
    bytes; decompressing alongside it (in C, discarding the output) tells a
    cut archive from a whole one.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.member = zlib.decompressobj(31)
        self.open_member = False

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self._feed(data)
        return data

    def _feed(self, data: bytes) -> None:
        while data:
            self.open_member = True
            self.member.decompress(data)
            if not self.member.eof:
                return
            data, self.member, self.open_member = self.member.unused_data, zlib.decompressobj(31), False

    @property
    def complete(self) -> bool:
        return not self.open_member


def _is_html(record: Any) -> bool:
    headers = record.http_headers
    kind = headers.get_header("Content-Type", "") if headers is not None else ""
    return "html" in kind.lower()


def _read_whole(record: Any) -> bytes:
    """The record's payload; `Truncated` if the archive ends inside it."""
    if record.rec_type not in WARC_TYPES:
        raise Truncated(f"unreadable record type {record.rec_type!r}")
    content = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0):
        raise Truncated("the archive ends inside a record")
    return bytes(content)


def read_warc(stream: BinaryIO, name: str, published: date | None, source: str | None = None) -> Iterator[Item]:
    """Documents from the HTML responses of a WARC stream (gzipped or not)."""
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    gzip_end = _GzipEndCheck(stream) if head == b"\x1f\x8b" else None
    number = pages = 0
    try:
        for record in ArchiveIterator(gzip_end or stream):
            number += 1
            content = _read_whole(record)
            if record.rec_type != "response" or not _is_html(record):
                continue
            pages += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            item = read_html(content, name, published, source, url=uri)
            if isinstance(item, IngestProblem):
                yield IngestProblem(name, None, f"record {number} ({uri}): {item.message}")
            else:
                yield from checked(item, Origin(name, None, f"record {number}"))
        if gzip_end is not None and not gzip_end.complete:
            raise Truncated("the compressed archive ends early")
    except Exception as exc:  # warcio raises several kinds on truncated or corrupt input
        reason = str(exc) if isinstance(exc, Truncated) else exc.__class__.__name__
        yield IngestProblem(name, None, f"archive is truncated or damaged at record {number} ({reason}); the records before it were kept")
        return
    if not pages:
        yield IngestProblem(name, None, f"no HTML responses in the archive ({number} records read)")
