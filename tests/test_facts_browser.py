"""The facts browser, the CSV and JSON twins of every list page, and citations, over a small store of an invented country.

Vestria's two outlets report alliances, a leader, seat counts and a denial,
read with low, middle and high confidence over two years; its parties come
from the world pack's Vestrian entries ("world:vst-..."), one Norlander
party from Norland's ("world:nor-...").
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from html import unescape
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import literal, select

from builders import opened, stored, told
from politograph.api.app import ServerSettings, create_app
from politograph.model import Document, Entity, Fact, Modality, TimeValue
from politograph.query import browse
from politograph.store.repository import DocumentResult, Store
from politograph.web import twins

PACK_IDS = {"Amber Party": "world:vst-amber", "Birch Party": "world:vst-birch", "Fjord Party": "world:nor-fjord"}
TYPES = {"Amber Party": "PARTY", "Birch Party": "PARTY", "Fjord Party": "PARTY", "Vestrian Assembly": "GOV_BODY"}


def fact(kind: str, subject: str, obj: str | None, when: str, confidence: float, **fields: Any) -> Fact:
    found = Fact(kind, subject, obj, when=TimeValue(when), confidence=confidence, **fields)
    found.subject_type = TYPES.get(subject, "PERSON")
    found.object_type = TYPES.get(obj or "", "PERSON") if obj else None
    return found


def article(doc_id: str, published: date, outlet: str, *found: Fact, title: str | None = None, url: str | None = None, precision: str = "day") -> DocumentResult:
    """One article, a sentence per fact, each fact's evidence its own sentence."""
    text = told(doc_id, found, lambda item: f"{item.subject} and {item.object or item.value} ({item.type}, {doc_id}).")
    names = sorted({n for item in found for n in (item.subject, item.object, item.scope) if n and n in TYPES} | {i.subject for i in found if i.subject})
    document = Document(doc_id, text, published, outlet, url, title, published_precision=precision)
    return DocumentResult(document, [Entity(n, TYPES.get(n, "PERSON"), pack_id=PACK_IDS.get(n)) for n in names], [], list(found))


SLASHED = "https://post.example/2011/03/assembly"
ARTICLES = [
    article(
        "c-01",
        date(2010, 1, 5),
        "Vestria Courier",
        fact("alliance", "Amber Party", "Birch Party", "2010-01-05", 0.9),
        fact("role", "Ida Falk", "Amber Party", "2010-01-05", 0.6, role="leader"),
        title="Amber and Birch join hands",
        url="https://courier.example/2010/01/05/alliance",
    ),
    article("c-02", date(2010, 6, 1), "Vestria Courier", fact("alliance", "Birch Party", "Fjord Party", "2010-06-01", 0.3, modality=Modality.PLANNED)),
    article(
        SLASHED,
        date(2011, 3, 1),
        "Norland Post",
        fact("seats", "Amber Party", None, "2011-03-01", 0.95, value=40, scope="Vestrian Assembly"),
        fact("seats", "Birch Party", None, "2011-03-01", 0.85, value=35, scope="Vestrian Assembly"),
        fact("alliance", "Amber Party", "Fjord Party", "2011-03-01", 0.7, modality=Modality.NEGATED),
        title="The assembly's new arithmetic",
        url=SLASHED,
        precision="month",
    ),
    article("notes/cite", date(2011, 4, 2), "Norland Post", fact("member", "Jon Vik", "Birch Party", "2011-04-02", 0.5)),
]
ALL = 7


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return stored(f"sqlite:///{tmp_path_factory.mktemp('vestria') / 'kb.db'}", ARTICLES)


@pytest.fixture
def store(url: str):  # type: ignore[no-untyped-def]
    yield from opened(url)


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(ServerSettings(url)))


def counts(values: list[browse.FacetValue]) -> dict[str, int]:
    return {v.value: v.count for v in values}


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------- facets and filters


def test_facets_count_each_value_under_the_rest_of_the_filter(store: Store) -> None:
    facets = browse.fact_facets(store, browse.FactFilter())
    assert counts(facets["type"]) == {"alliance": 3, "seats": 2, "role": 1, "member": 1}
    assert counts(facets["modality"]) == {"asserted": 5, "planned": 1, "negated": 1}
    assert counts(facets["confidence"]) == {"high": 3, "medium": 3, "low": 1}
    assert counts(facets["source"]) == {"Vestria Courier": 3, "Norland Post": 4}
    assert counts(facets["year"]) == {"2010": 3, "2011": 4}
    assert counts(facets["country"]) == {"VST": 7, "NOR": 2}  # a fact naming a Vestrian and a Norlander party counts for both
    amber = next(v for v in facets["entity"] if v.label == "Amber Party")
    assert amber.count == 4 and facets["entity"][0].label in ("Amber Party", "Birch Party")

    narrowed = browse.fact_facets(store, browse.FactFilter(type="alliance", year=2010))
    assert counts(narrowed["type"]) == {"alliance": 2, "role": 1}  # its own facet ignores type=alliance, keeps year=2010
    assert counts(narrowed["year"]) == {"2010": 2, "2011": 1}
    assert counts(narrowed["modality"]) == {"asserted": 1, "planned": 1}
    assert counts(browse.fact_facets(store, browse.FactFilter(), top=2)["type"]) == {"alliance": 3, "seats": 2}


def test_a_country_comes_from_the_pack_id_of_an_entity() -> None:
    expression = browse.country_of(literal("japan:ldp"), {"japan": "JPN"})
    from sqlalchemy import create_engine

    with create_engine("sqlite://").connect() as connection:
        assert connection.execute(select(expression)).scalar() == "JPN"
        assert connection.execute(select(browse.country_of(literal("world:aut-spo"), {}))).scalar() == "AUT"
        assert connection.execute(select(browse.country_of(literal("pf-1234"), {"japan": "JPN"}))).scalar() is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "nor"}, 2),
        ({"country": "VST", "year": "2011"}, 4),
        ({"source": "Norland Post"}, 4),
        ({"confidence": "low"}, 1),
        ({"confidence": "medium"}, 3),
        ({"confidence": "high", "type": "seats"}, 2),
        ({"year": "2010", "modality": "planned"}, 1),
        ({"entity": "Fjord Party"}, 2),
        ({"type": "", "modality": "", "confidence": "", "country": "", "source": "", "year": "", "entity": ""}, ALL),  # a form's empty fields
    ],
)
def test_the_api_and_the_page_filter_alike(client: TestClient, query: dict[str, str], expected: int) -> None:
    api = client.get("/api/facts", params=query)
    page = client.get("/facts", params={**query, "_format": "json"})
    assert api.status_code == 200 and page.status_code == 200, (api.text, page.text)
    assert api.json()["total"] == expected == page.json()["total"]
    assert [f["id"] for f in api.json()["items"]] == [f["id"] for f in page.json()["items"]]


@pytest.mark.parametrize(
    ("query", "named"), [({"year": "3000"}, "year"), ({"confidence": "sure"}, "confidence"), ({"country": "N0R"}, "country"), ({"sort": "colour"}, "sort")]
)
def test_a_bad_filter_is_refused_naming_it(client: TestClient, query: dict[str, str], named: str) -> None:
    for path in ("/api/facts", "/facts"):
        response = client.get(path, params=query)
        assert response.status_code == 422 and named in response.text and "Traceback" not in response.text


# --------------------------------------------------------------------------- sorting and paging


def _walk(client: TestClient, sort: str) -> list[dict[str, Any]]:
    """Every fact in `sort` order, two a page, following next_cursor."""
    found: list[dict[str, Any]] = []
    params: dict[str, str] = {"sort": sort, "limit": "2"}
    while True:
        answer = client.get("/api/facts", params=params).json()
        assert answer["offset"] == len(found)
        found += answer["items"]
        if answer["next_cursor"] is None:
            return found
        params["cursor"] = answer["next_cursor"]


@pytest.mark.parametrize("sort", browse.FACT_SORTS)
def test_every_order_pages_by_cursor_through_each_fact_once(client: TestClient, sort: str) -> None:
    walked = _walk(client, sort)
    assert len(walked) == ALL and len({f["id"] for f in walked}) == ALL
    name, descending = sort.lstrip("-"), sort.startswith("-")
    keys = [(f["valid_from"] if name == "date" else f[name], f["id"]) for f in walked]
    assert keys == sorted(keys, reverse=descending)


def test_the_page_links_its_next_page_with_the_same_filter(client: TestClient) -> None:
    first = client.get("/facts", params={"sort": "-confidence", "limit": "3"})
    assert "1–3 of 7 facts" in first.text
    start = first.text.index('rel="next" href="') + len('rel="next" href="')
    following = first.text[start : first.text.index('"', start)].replace("&amp;", "&")
    assert "sort=-confidence" in following and "cursor=" in following
    second = client.get(following)
    assert "4–6 of 7 facts" in second.text and "first page" in second.text


# --------------------------------------------------------------------------- the page


def test_each_row_shows_its_fact_sentence_source_date_confidence_and_links(client: TestClient) -> None:
    page = client.get("/facts", params={"type": "role"}).text
    [row] = [part for part in page.split('<li class="fact-card')[1:]]
    assert "Ida Falk" in row and "Amber Party" in row and "leader" in row
    assert "Ida Falk and Amber Party (role, c-01)." in row and "Vestria Courier" in row and "2010-01-05" in row
    assert "confidence 0.60" in row
    fact_id = client.get("/api/facts", params={"type": "role"}).json()["items"][0]["id"]
    assert f'href="/facts/{fact_id}"' in row and f'href="/facts/{fact_id}/cite"' in row
    permalink = client.get(f"/facts/{fact_id}", follow_redirects=False)
    assert permalink.status_code == 303 and permalink.headers["location"].endswith(f"#fact-{fact_id}")


def test_a_facet_value_links_to_the_page_narrowed_by_it_and_back(client: TestClient) -> None:
    page = client.get("/facts", params={"year": "2011"}).text
    assert '<a href="/facts?year=2011&amp;source=Norland+Post">Norland Post</a> <small>4</small>' in page
    chosen = page[page.index('data-facet="year"') :]
    assert 'class="chosen"><a href="/facts" title="remove this filter">2011 ×</a>' in chosen
    assert 'href="/facts?year=2011&amp;confidence=low"' not in page  # no low-confidence fact in 2011: no such value offered
    assert '<a href="/facts">Facts</a>' in client.get("/").text  # in the navigation


# --------------------------------------------------------------------------- the twins


LIST_VIEWS = [
    "/facts?type=alliance&sort=-date",
    "/documents",
    "/search?q=party",
    "/who?role=leader&of=Amber+Party&at=2010-02-01",
    "/seats?chamber=Vestrian+Assembly&at=2011-03-01",
    "/contradictions",
    "/entities/{amber}",
]


@pytest.fixture(scope="module")
def amber(client: TestClient) -> int:
    return int(client.get("/api/entities", params={"q": "Amber Party"}).json()["items"][0]["id"])


@pytest.mark.parametrize("view", LIST_VIEWS)
def test_every_list_view_has_csv_and_json_twins_linked_and_in_its_link_header(client: TestClient, amber: int, view: str) -> None:
    path = view.format(amber=amber)
    page = client.get(path)
    assert page.status_code == 200
    header = page.headers["link"]
    assert 'rel="alternate"; type="text/csv"' in header and 'rel="alternate"; type="application/json"' in header
    links = dict(part.split(">; ", 1)[::-1] for part in (p.strip().lstrip("<") for p in header.split(", <")))
    csv_href = links['rel="alternate"; type="text/csv"']
    json_href = links['rel="alternate"; type="application/json"']
    assert csv_href.replace("&", "&amp;") in page.text and json_href.replace("&", "&amp;") in page.text  # printed on the page too
    as_csv, as_json = client.get(csv_href), client.get(json_href)
    assert as_csv.headers["content-type"].startswith("text/csv") and as_json.headers["content-type"] == "application/json"
    reader = csv.reader(io.StringIO(as_csv.text))
    header_row = next(reader)
    assert header_row and all(header_row)
    body = list(reader)
    assert len(body) == len(as_json.json()["items"])
    assert view == "/contradictions" or body, "the store has rows for every other view"


def test_the_facts_csv_holds_the_json_records_flat_with_the_article_address(client: TestClient) -> None:
    query = {"type": "alliance", "sort": "-date"}
    records = client.get("/facts", params={**query, "_format": "json"}).json()
    rows = rows_of(client.get("/facts", params={**query, "_format": "csv"}).text)
    assert [int(r["id"]) for r in rows] == [f["id"] for f in records["items"]] and len(rows) == 3
    for row, item in zip(rows, records["items"], strict=True):
        for name, value in item.items():
            expected = "" if value is None else ("true" if value is True else "false" if value is False else str(value))
            assert row[name] == expected, name
    assert rows[0]["url"] == SLASHED and rows[0]["published"] == "2011-03"  # the month the source gave
    assert {"source", "url", "published", "sentence", "confidence"} <= rows[0].keys()
    assert counts([browse.FacetValue(**v) for v in records["facets"]["type"]])["seats"] == 2


def test_claims_flatten_their_first_report_into_source_url_published_and_quote(client: TestClient, amber: int) -> None:
    rows = rows_of(client.get(f"/entities/{amber}", params={"_format": "csv"}).text)
    leader = next(r for r in rows if r["type"] == "role")
    assert leader["subject"] == "Ida Falk" and leader["source"] == "Vestria Courier" and leader["published"] == "2010-01-05"
    assert leader["url"] == "https://courier.example/2010/01/05/alliance" and leader["quote"] == "Ida Falk and Amber Party (role, c-01)." and leader["reports"] == "1"


def test_flatten_prefixes_nested_records_and_joins_lists() -> None:
    report = {"doc_id": "d", "published": "2014-12", "source": "S", "sentence": "Q.", "fact_id": 3, "reference": False}
    flat = twins.flatten({"what": "two leaders", "first": {"subject": "A", "evidence": [report, report]}, "unreported": ["X", "Y"]}, {"d": "https://s.example/d"})
    assert flat == {
        "what": "two leaders",
        "first.subject": "A",
        "first.source": "S",
        "first.url": "https://s.example/d",
        "first.published": "2014-12",
        "first.quote": "Q.",
        "first.doc_id": "d",
        "first.fact_id": 3,
        "first.reports": 2,
        "unreported": "X; Y",
    }
    assert next(csv.reader(io.StringIO(twins.csv_text([], ["a", "b"])))) == ["a", "b"]


def test_a_search_twin_lists_even_one_match_instead_of_redirecting(client: TestClient) -> None:
    assert client.get("/search", params={"q": "Fjord Party"}, follow_redirects=False).status_code == 303
    rows = rows_of(client.get("/search", params={"q": "Fjord Party", "_format": "csv"}).text)
    assert [r["name"] for r in rows] == ["Fjord Party"]


# --------------------------------------------------------------------------- citations


def test_a_fact_is_cited_as_plain_text_and_as_csl_json(client: TestClient) -> None:
    fact_id = client.get("/api/facts", params={"type": "role"}).json()["items"][0]["id"]
    page = client.get(f"/facts/{fact_id}/cite").text
    plain = page[page.index('id="cite-plain">') : page.index("</p>", page.index('id="cite-plain">'))]
    parts = ("Vestria Courier", "2010-01-05", "Amber and Birch join hands", "https://courier.example/2010/01/05/alliance", "Ida Falk and Amber Party (role, c-01).")
    for part in (*parts, f"/facts/{fact_id}"):
        assert part in plain, part
    [item] = client.get(f"/facts/{fact_id}/cite.json").json()
    assert item["type"] == "article-newspaper" and item["title"] == "Amber and Birch join hands" and item["container-title"] == "Vestria Courier"
    assert item["issued"] == {"date-parts": [[2010, 1, 5]]} and item["URL"] == "https://courier.example/2010/01/05/alliance"
    assert item["accessed"]["date-parts"][0] == [date.today().year, date.today().month, date.today().day]
    assert item["abstract"] == "Ida Falk and Amber Party (role, c-01)." and item["archive_location"].endswith(f"/facts/{fact_id}")
    shown = page[page.index('id="cite-csl">') + len('id="cite-csl">') : page.index("</pre>", page.index('id="cite-csl">'))]
    assert json.loads(unescape(shown)) == [item]  # the page's CSL-JSON is the twin's, ready to copy
    api = client.get(f"/api/facts/{fact_id}/cite").json()
    assert api["csl"] == item and api["plain"].startswith("Vestria Courier.")


def test_a_document_is_cited_even_when_its_id_is_a_url_and_only_a_literal_cite_asks(client: TestClient) -> None:
    page = client.get(f"/documents/{quote(SLASHED, safe='')}")
    assert f'href="/documents/{quote(SLASHED, safe="")}/cite"' in page.text
    cited = client.get(f"/documents/{quote(SLASHED, safe='')}/cite")
    assert cited.status_code == 200 and "Norland Post" in cited.text and "The assembly&#39;s new arithmetic" in cited.text
    [item] = client.get(f"/documents/{quote(SLASHED, safe='')}/cite.json").json()
    assert item["issued"] == {"date-parts": [[2011, 3]]} and item["URL"] == SLASHED and "abstract" not in item
    own = client.get(f"/documents/{quote('notes/cite', safe='')}")  # the document whose id ends in "/cite": its page, not a citation
    assert own.status_code == 200 and "Jon Vik" in own.text and "Plain citation" not in own.text
    assert "Plain citation" in client.get(f"/documents/{quote('notes/cite', safe='')}/cite").text
    assert client.get(f"/facts/{10**6}/cite").status_code == 404
