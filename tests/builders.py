"""Inputs the tests write: HTML pages in news style and WARC archives of them."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

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
