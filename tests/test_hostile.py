"""Articles written to break the pages: ids that are URLs, and titles, sources, URLs and texts that try to run script.

The store is built through the library as `politograph ingest` builds it:
a WARC archive (whose records take their URL as id) and documents with
hostile fields.  Then every page a reader can reach is fetched, and each
must open, escape what the articles say, and link to no address but the
app's own pages and http(s) ones.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urldefrag, urlsplit

import pytest
from fastapi.testclient import TestClient

from builders import page, write_warc
from politograph.api.app import ServerSettings, create_app
from politograph.model import Document

ODD_IDS = {  # id -> text: ids of every shape HTML, feeds and WARC files give
    "https://news.example/2014/12/01/story": "Kenta Mori was elected leader of the Harbour Reform Party on Sunday. "
    "The Harbour Reform Party won 12 seats in the House of Councillors.",
    "feed?item=7&page=2": "Aya Kimura was elected leader of the Coastal Unity Party on Monday. The Coastal Unity Party won 9 seats in the House of Councillors.",
    "wire#42": "The Harbour Reform Party agreed to form an alliance with the Coastal Unity Party on Tuesday.",
    "100% sure": "Jun Hayashi was elected leader of the Mountain Future Party on Friday.",
    "story with spaces": "The Mountain Future Party won 20 seats in the House of Councillors on Sunday.",
    "政党/ニュース-ü": "The Mountain Future Party agreed to form a coalition with the Harbour Reform Party on Monday.",
    "/leading/slash/": "Saki Endo was elected leader of the Valley Green Party on Monday.",
}
WARC_URI = "https://ledger.example/politik/koalition-über-alles?ref=rss&x=%41#top"
WARC_BODY = "<p>Daichi Ueno was elected leader of the Lake Progress Party on Wednesday after a close vote of its members.</p>"

SCRIPT_ID = "\"><script>alert('id')</script>"
HOSTILE = [  # (id, title, source, url, text)
    (
        SCRIPT_ID,
        "<script>alert('title')</script>",
        "\"><img src=x onerror=alert('source')>",
        "javascript:alert('url')",
        "Rin Ogawa was elected leader of the River Renewal Party on Sunday. <script>alert('text')</script> "
        "The River Renewal Party won 7 seats in the House of Councillors.",
    ),
    (
        "data-url",
        "\"><img src=x onerror=alert('title2')>",
        "<b onmouseover=alert('source2')>Wire</b>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "The River Renewal Party agreed to form an alliance with the \"><img src=x onerror=alert('name')> Harbour Reform Party on Friday.",
    ),
    ("mixed-case", "A story", "Wire", " JaVaScRiPt:alert('case')", "Mei Fujita was elected leader of the Forest Party on Tuesday. javascript:alert('text2')"),
    ("vbscript", "Another story", "Wire", "vbscript:msgbox('vb')", "The Forest Party won 4 seats in the House of Councillors on Thursday."),
    ("web-url", "A real link", "Wire", "https://ledger.example/ok?a=1&b=<2>", "The Forest Party agreed to form an alliance with the River Renewal Party on Monday."),
]
ECHOING = [  # pages that repeat what the client typed
    "/search?q=" + quote("<script>alert('q')</script>"),
    "/who?role=leader&at=2015-01-01&of=" + quote("\"><img src=x onerror=alert('of')>"),
    "/seats?chamber=" + quote("<script>alert('chamber')</script>"),
    "/documents/" + quote("<script>alert('missing')</script>", safe=""),
]
HOSTILE_TEXT = re.compile(r"<script>alert|<img src=x|<b onmouseover", re.I)


def hostile_documents(tmp: Path) -> list[object]:
    """The documents and the WARC's items, as `ingest_documents` takes them."""
    from politograph.ingest.readers import read_path

    warc = tmp / "crawl.warc.gz"
    write_warc(warc, [(WARC_URI, page("Lake Progress picks a leader", "2015-04-01", WARC_BODY))])
    found: list[object] = list(read_path(warc))
    day = date(2015, 3, 2)
    found += [Document(doc_id, text, day, "Wire", f"https://news.example/{i}", f"Story {i}") for i, (doc_id, text) in enumerate(ODD_IDS.items())]
    found += [Document(doc_id, text, day, source, url, title) for doc_id, title, source, url, text in HOSTILE]
    return found


def build_store(url: str, tmp: Path, nlp: object) -> None:
    """The hostile store, ingested through the library (the same path as the CLI)."""
    from politograph.jobs import ingest_documents
    from politograph.store.repository import Store

    store = Store(url)
    try:
        report = ingest_documents(hostile_documents(tmp), store, nlp=nlp)  # type: ignore[arg-type]
    finally:
        store.close()
    assert report.problems == [] and report.stored == len(ODD_IDS) + len(HOSTILE) + 1


@pytest.fixture(scope="module")
def site(tmp_path_factory, nlp):
    tmp = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{tmp / 'kb.db'}"
    build_store(url, tmp, nlp)
    with TestClient(create_app(ServerSettings(url))) as opened:
        yield opened


def page_of(doc_id: str) -> str:
    return "/documents/" + quote(doc_id, safe="")


# --------------------------------------------------------------------------- reading pages as a browser would


@dataclass
class Reading:
    """What a page holds: its links, its scripts, its visible text, and anything that could run."""

    links: list[str] = field(default_factory=list)
    live: list[tuple[str, str]] = field(default_factory=list)  # (class, href) of each <a>
    text: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcdoc"}
ALLOWED_SCRIPTS = {"/static/app.js", "/static/api-docs.js", "/api/docs/static/swagger-ui-bundle.js"}  # the last two: Swagger UI on /api/docs, files of the app


def is_own(link: str) -> bool:
    return link.startswith(("/", "#", "?")) and not link.startswith("//")


def is_web(link: str) -> bool:
    parts = urlsplit(link)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and link == link.strip()


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found = Reading()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = self.found
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                found.problems.append(f"<{tag} {name}=…>: an event handler")
            if name == "style":
                found.problems.append(f"<{tag} style=…>: an inline style the policy blocks")
            if name in LINK_ATTRIBUTES and value is not None:
                if not (is_own(value) or is_web(value)):
                    found.problems.append(f"<{tag} {name}={value!r}>: a live link to a non-web address")
                found.links.append(value)
        if tag == "a" and named.get("href"):
            found.live.append((named.get("class") or "", named["href"] or ""))
        if tag == "script" and named.get("src") not in ALLOWED_SCRIPTS:
            found.problems.append(f"<script src={named.get('src')!r}>: a script that is not the app's own")
        if tag in ("img", "iframe", "object", "embed", "base", "frame") or (tag == "meta" and "http-equiv" in named):
            found.problems.append(f"<{tag}>: an element no page of the app has")

    def handle_data(self, data: str) -> None:
        self.found.text.append(data)


def read(html: str) -> Reading:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader.found


FOLLOWED = ("/documents/", "/entities/", "/facts/")
TOP_PAGES = ["/", "/documents?limit=500", "/network", "/seats", "/who", "/contradictions", "/search?q=party", "/api/docs"]


def crawl(client: TestClient, seeds: list[str], depth: int = 3) -> dict[str, tuple[int, str]]:
    """Every page within `depth` clicks of `seeds` through articles, entities and evidence, with its status and text.

    The packs' reference documents are left out: they are long, hold no
    article's text, and the chambers and parties they describe are not what
    this file tests.
    """
    seen: dict[str, tuple[int, str]] = {}
    queue = deque((seed, 0) for seed in seeds)
    while queue:
        link, level = queue.popleft()
        path = urldefrag(link)[0]
        if path in seen or path.startswith("/documents/pack%3A"):
            continue
        response = client.get(path, follow_redirects=True)
        seen[path] = (response.status_code, response.text)
        if level < depth and response.headers.get("content-type", "").startswith("text/html"):
            queue.extend((found, level + 1) for found in read(response.text).links if found.startswith(FOLLOWED))
    return seen


@pytest.fixture(scope="module")
def pages(site: TestClient) -> dict[str, tuple[int, str]]:
    return crawl(site, TOP_PAGES)


# --------------------------------------------------------------------------- ids of any form open


def test_every_document_id_opens_through_the_api_and_its_page(site: TestClient) -> None:
    listed = site.get("/api/documents", params={"limit": 500}).json()["items"]
    ids = {d["id"] for d in listed}
    assert set(ODD_IDS) | {WARC_URI, SCRIPT_ID} <= ids
    for doc_id in ids:
        twin = site.get("/api/documents/" + quote(doc_id, safe=""))
        assert twin.status_code == 200, (doc_id, twin.text)
        assert twin.json()["id"] == doc_id
        shown = site.get(page_of(doc_id))
        assert shown.status_code == 200, (doc_id, shown.text)
        assert f'href="{page_of(doc_id).replace("/documents/", "/api/documents/")}"' in shown.text  # its JSON link, quoted the same way
        facts = site.get("/api/facts", params={"doc": doc_id, "limit": 500}).json()["items"]
        assert {f["doc_id"] for f in facts} <= {doc_id}


def test_a_slash_in_an_id_is_not_a_path_separator(site: TestClient) -> None:
    assert site.get("/api/documents/https://news.example/2014/12/01/story").json()["id"] == "https://news.example/2014/12/01/story"  # unquoted, as a hand-typed URL
    assert site.get(page_of("https://news.example/2014/12/01")).status_code == 404  # a prefix is not the document
    assert site.get("/api/documents/" + quote("wire#42", safe="")).json()["text"].startswith("The Harbour Reform Party")


def test_a_facts_permanent_link_opens_its_article_at_the_fact(site: TestClient) -> None:
    facts = site.get("/api/facts", params={"limit": 500}).json()["items"]
    assert {f["doc_id"] for f in facts} >= {"https://news.example/2014/12/01/story", SCRIPT_ID}  # "… was elected leader of …": read by every version of the rules
    for fact in facts:
        redirect = site.get(f"/facts/{fact['id']}", follow_redirects=False)
        assert redirect.status_code == 303 and redirect.headers["location"] == f"{page_of(fact['doc_id'])}#fact-{fact['id']}"
        opened = site.get(redirect.headers["location"])
        assert opened.status_code == 200 and f'id="fact-{fact["id"]}"' in opened.text


def test_every_evidence_link_on_an_entity_page_resolves(site: TestClient, pages: dict[str, tuple[int, str]]) -> None:
    entity_pages = [path for path in pages if re.fullmatch(r"/entities/\d+", path)]
    assert len(entity_pages) >= 8
    links = {href for path in entity_pages for css, href in read(pages[path][1]).live if "evidence-link" in css or href.startswith(("/documents/", "/facts/"))}
    articles = {href for href in links if "pack%3A" not in href}
    every_fact = {f"{page_of(f['doc_id'])}#fact-{f['id']}" for f in site.get("/api/facts", params={"limit": 500}).json()["items"]}
    assert every_fact and every_fact <= articles  # each article's every fact is offered as evidence somewhere, under its quoted id
    references = sorted({urldefrag(href)[0] for href in links} - {urldefrag(href)[0] for href in articles})[:1]  # the packs' long reference text: one is enough
    opened: dict[str, str] = {}
    for href in sorted(articles) + references:
        target, fragment = urldefrag(href)
        if target not in opened:
            response = site.get(target, follow_redirects=True)
            assert response.status_code == 200, href
            opened[target] = response.text
        assert not fragment or f'id="{fragment}"' in opened[target], href


def test_every_link_on_every_page_opens(pages: dict[str, tuple[int, str]]) -> None:
    broken = {path: status for path, (status, _) in pages.items() if status != 200}
    assert broken == {}
    quoted = [path for path in pages if path.startswith("/documents/") and "%2F" in path]
    assert len(quoted) >= 3  # the ids with "/" were reached by following links, not only by the tests' own quoting


# --------------------------------------------------------------------------- nothing stored runs


def test_no_page_runs_or_links_anything_an_article_wrote(site: TestClient, pages: dict[str, tuple[int, str]]) -> None:
    echoed = {path: (site.get(path).status_code, site.get(path).text) for path in ECHOING}
    assert all(status < 500 for status, _ in echoed.values())
    for path, (_, html) in {**pages, **echoed}.items():
        if not html.lstrip().startswith(("<!doctype", "<figure")):
            continue  # JSON and static files are not rendered
        found = read(html)
        assert found.problems == [], path
        assert not HOSTILE_TEXT.search(html), path  # the markup an article wrote is text here, escaped


def test_a_hostile_document_is_shown_as_text(site: TestClient) -> None:
    found = read(site.get(page_of(SCRIPT_ID)).text)
    text = "".join(found.text)
    assert "<script>alert('title')</script>" in text and "\"><img src=x onerror=alert('source')>" in text
    assert "javascript:alert('url')" in text and "<script>alert('text')</script>" in text
    assert not [href for _, href in found.live if "alert" in href and not is_own(href)]
    for doc_id, url in (("data-url", "data:text/html"), ("mixed-case", "JaVaScRiPt:"), ("vbscript", "vbscript:")):
        shown = read(site.get(page_of(doc_id)).text)
        assert url in "".join(shown.text) and not [href for _, href in shown.live if url.lower() in href.lower()], doc_id
    real = read(site.get(page_of("web-url")).text)
    assert ("", "https://ledger.example/ok?a=1&b=<2>") in real.live  # a web address is still a link to the original


def test_every_response_sends_a_policy_that_runs_only_the_apps_own_script(site: TestClient) -> None:
    for path in ("/", page_of(SCRIPT_ID), "/api/documents", "/static/app.js", "/entities/999999", "/api/entities/0", "/no/such/page"):
        response = site.get(path)
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert response.headers.get("x-content-type-options") == "nosniff", path
