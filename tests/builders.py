"""Inputs the tests write: HTML pages in news style, WARC archives of them, and stores holding given findings."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from politograph.model import DocumentResult, Evidence, Fact
from politograph.store.repository import Store

BODY = (
    "<p>The Green Alliance and the Farmers Party agreed on Tuesday to form a coalition government "
    "after three weeks of talks in the capital.</p>"
    "<p>The two parties together hold 81 of the 150 seats in parliament, a narrow majority.</p>"
)


def page(title: str = "Coalition deal struck", published: str | None = "2016-03-08", body: str = BODY, charset: str = "utf-8") -> str:
    meta = f'<meta property="article:published_time" content="{published}T10:00:00Z">' if published else ""
    return (
        f'<html><head><meta charset="{charset}"><title>{title} | The Daily Ledger</title>{meta}</head>'
        "<body><nav>Home | Politics | Sport | Weather</nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>All rights reserved. Subscribe today.</footer></body></html>"
    )


def write_warc(path: Path, pages: list[tuple[str, str]], gzip: bool = True) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "politograph tests"}))
        for uri, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://ledger.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG..."), http_headers=image))


def stored(address: str, articles: list[DocumentResult]) -> str:
    """A store at `address` holding these findings (no packs, so only what the test wrote); its address."""
    store = Store(address, packs=())
    try:
        assert all(store.save_many(articles))
    finally:
        store.close()
    return address


def opened(address: str) -> Iterator[Store]:
    """A store opened for one test (a fixture's body: `yield from opened(url)`), closed after it."""
    store = Store(address, packs=())
    yield store
    store.close()


def told(doc_id: str, found: tuple[Fact, ...] | list[Fact], sentence: Callable[[Fact], str]) -> str:
    """An article's text made of one sentence per fact, each fact's evidence set to its own sentence."""
    sentences: list[str] = []
    offset = 0
    for item in found:
        said = sentence(item)
        item.evidence = Evidence(doc_id, offset, offset + len(said), said)
        sentences.append(said)
        offset += len(said) + 1
    return " ".join(sentences)
