"""The web UI without a browser: charts drawn from plain values, the highlighted text, and every page over the example corpus."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient

from politograph.api.app import ServerSettings, create_app
from politograph.query.asof import SeatsAnswer, SeatShare
from politograph.query.browse import DocumentView, MentionRecord
from politograph.query.records import Citation as Source
from politograph.query.records import Claim, FactRecord
from politograph.web import charts, highlight, views

# --------------------------------------------------------------------------- charts


def circles(svg: str) -> int:
    return svg.count("<circle")


def test_parliament_draws_every_seat_and_the_majority_line() -> None:
    groups = [charts.ArcGroup("Blue", 250, "#00f", "/entities/1"), charts.ArcGroup("Red", 180, "#f00", "/entities/2")]
    svg = str(charts.parliament(groups, total=465, majority=233, title="A chamber"))
    assert circles(svg) == 465  # 35 seats nobody reported are drawn in grey
    assert 'data-group="not reported" data-seats="35"' in svg
    assert "majority 233" in svg and 'href="/entities/1"' in svg
    assert svg.index('data-group="Blue"') < svg.index('data-group="Red"')


@pytest.mark.parametrize("seats", [1, 7, 100, 475, 709])
def test_arc_positions_fill_a_half_circle_from_left_to_right(seats: int) -> None:
    positions = charts.arc_positions(seats)
    assert len(positions) == seats
    angles = [p[0] for p in positions]
    assert angles == sorted(angles, reverse=True) and all(0 < a < 3.1416 for a in angles)


def test_a_chamber_with_more_reported_seats_than_its_size_shows_them_all() -> None:
    svg = str(charts.parliament([charts.ArcGroup("A", 30, "#000")], total=20, majority=11, title="t"))
    assert circles(svg) == 30 and "not reported" not in svg


def test_timeline_places_bars_in_time_order_and_links_them() -> None:
    lanes = [
        charts.Lane(
            "leader of A", "/entities/1", [charts.Bar(date(2012, 1, 1), date(2014, 1, 1), "t1", "/documents/d1#fact-1")], [(date(2012, 1, 1), "r", "/documents/d1")]
        ),
        charts.Lane("member of B", None, [charts.Bar(date(2015, 6, 1), date(2015, 6, 1), "t2", None, "planned")]),
    ]
    svg = str(charts.timeline(lanes, "T"))
    xs = [float(x) for x in re.findall(r'<rect class="bar [a-z]+" x="([\d.]+)%?"', svg)]
    assert len(xs) == 2 and xs[0] < xs[1]
    assert 'class="bar planned"' in svg and 'href="/documents/d1#fact-1"' in svg
    assert ">2013<" in svg and charts.timeline([], "empty") == ""


def test_network_fades_entities_without_a_relation_that_day() -> None:
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node(1, name="A", type="PARTY")
    graph.add_node(2, name="B", type="PARTY")
    graph.add_edge(1, 2, type="coalition", role="", since="2014-01-01", reports=2, fact=9)
    svg = str(charts.network(graph, {1: (0, 0), 2: (1, 1), 3: (0.5, 0.2)}, "N"))
    assert svg.count('class="ghost"') == 1 and 'class="edge coalition"' in svg and 'href="/facts/9"' in svg


def test_lineage_puts_older_groups_left_of_newer_ones() -> None:
    names = {1: "Old", 2: "Splinter", 3: "Merged", 4: "Partner"}
    links = [
        charts.LineageLink(1, 2, "split off", date(2010, 1, 1)),
        charts.LineageLink(2, 3, "merged into", date(2012, 1, 1)),
        charts.LineageLink(4, 3, "merged into", date(2012, 1, 1)),
    ]
    svg = str(charts.lineage(names, links, focus=3, title="L"))
    x = {name: float(re.search(rf'data-name="{name}"><rect x="([\d.]+)"', svg).group(1)) for name in names.values()}  # type: ignore[union-attr]
    assert x["Old"] < x["Splinter"] < x["Merged"] and x["Partner"] == x["Splinter"]  # no origin known: just before what it joined
    assert 'class="lineage-node current" data-name="Merged"' in svg


def test_lineage_with_renames_back_and_forth_still_draws() -> None:
    svg = str(charts.lineage({1: "A", 2: "B"}, [charts.LineageLink(1, 2, "renamed", date(1998, 1, 1)), charts.LineageLink(2, 1, "renamed", date(2014, 1, 1))], 1, "L"))
    assert svg.count("<rect") == 2


# --------------------------------------------------------------------------- views and highlighting


def source(doc: str, day: date, fact: int, reference: bool = False) -> Source:
    return Source(doc, day, "Wire", "A sentence.", fact, reference)


def test_entity_lanes_read_from_the_entity_and_skip_reference_dates() -> None:
    def claim(kind: str, other: str, other_id: int, role: str | None, first: date, last: date, evidence: Source) -> Claim:
        return Claim(kind, "Aiko Sato", other, role, None, None, None, first, last, evidence=[evidence], subject_id=7, object_id=other_id)

    first_term = claim("role", "Blue Party", 8, "leader", date(2012, 5, 1), date(2013, 2, 1), source("d1", date(2012, 5, 2), 1))
    first_term.evidence.append(source("d2", date(2013, 2, 2), 2))
    first_term.ended_by = "successor"
    second_term = claim("role", "Blue Party", 8, "leader", date(2015, 3, 1), None, source("d5", date(2015, 3, 2), 5))  # type: ignore[arg-type]
    second_term.open, second_term.last_reported = True, date(2015, 6, 1)
    claims = [
        first_term,
        second_term,
        claim("role", "Osaka", 9, "mayor", date(2010, 1, 1), date(2011, 1, 1), source("pack:x", date(2026, 1, 1), 3, True)),
        claim("founding", "Blue Party", 8, None, date(2012, 4, 1), date(2012, 4, 1), source("d0", date(2012, 4, 1), 4)),
    ]
    lanes = {lane.label: lane for lane in views.entity_lanes(claims, 7)}
    assert set(lanes) == {"leader of Blue Party", "mayor of Osaka"}  # a founding is an event, listed, not a lane
    leader = lanes["leader of Blue Party"]
    assert [(b.start, b.end) for b in leader.bars] == [(date(2012, 5, 1), date(2013, 2, 1)), (date(2015, 3, 1), date(2015, 6, 1))]  # two terms, a gap between
    assert "successor" in leader.bars[0].title and "open" in leader.bars[1].title and len(leader.reports) == 3
    assert lanes["mayor of Osaka"].reports == [] and lanes["mayor of Osaka"].href == "/entities/9"
    from_the_party = views.entity_lanes([c for c in claims if 8 in (c.subject_id, c.object_id)], 8)
    assert [lane.label for lane in from_the_party] == ["Aiko Sato (leader)"]


def test_seat_rows_keep_a_coalition_together_in_shades_of_one_colour() -> None:
    groups = [SeatShare("Small", 30, None, None, 0, entity_id=3), SeatShare("Big", 200, None, None, 0, entity_id=1), SeatShare("Rival", 150, None, None, 1)]
    answer = SeatsAnswer("House", date(2014, 1, 1), 400, 201, 267, 201, groups, [(["Big", "Small"], 230), (["Rival"], 150)])
    rows = views.seat_rows(answer)
    assert [r.name for r in rows] == ["Big", "Small", "Rival"]
    assert rows[0].colour == charts.colour(0) and rows[1].colour == charts.shade(charts.colour(0), 1) and rows[2].colour == charts.colour(1)
    arc = views.arc_groups(rows, answer)
    assert arc[0].bloc == "Big + Small" and arc[2].bloc == "" and arc[2].href is None


def fact_record(fact_id: int, start: int, end: int, text: str) -> FactRecord:
    return FactRecord(
        fact_id, "role", "A", 1, "B", 2, "leader", None, None, None, None, None, None, None, None, None, None, None, None, "asserted", 0.9, "d", date(2014, 1, 1), None,
        text[start:end], start, end,
    )  # fmt: skip


def test_highlighted_text_marks_fact_sentences_links_mentions_and_escapes() -> None:
    text = "Aiko <Sato> leads Blue. Nothing here. Blue & Red allied."
    view = DocumentView("d", date(2014, 1, 1), None, None, None, "article", text)
    view.facts = [fact_record(11, 0, 23, text), fact_record(12, 0, 23, text), fact_record(13, 38, 56, text)]
    view.mentions = [MentionRecord(0, 11, "Aiko <Sato>", "PERSON", 5), MentionRecord(38, 42, "Blue", "PARTY", None)]
    html = str(highlight.marked_text(view))
    assert '<mark class="fact-sentence" data-sentence="s-0" id="s-0"><a class="mention person" href="/entities/5"' in html
    assert "&lt;Sato&gt;" in html and "&amp; Red" in html and "<Sato>" not in html
    assert re.findall(r'href="#fact-(\d+)">(\d+)<', html) == [("11", "1"), ("12", "2"), ("13", "3")]
    assert "Nothing here." in html and '<mark class="fact-sentence" data-sentence="s-23"' not in html
    assert unescape(re.sub(r"<sup>.*?</sup>|<[^>]+>", "", html)) == text  # every character once, in order


@pytest.mark.parametrize(
    ("doc_id", "fact", "href"),
    [
        ("ex-001", 3, "/documents/ex-001#fact-3"),
        ("https://news.example/2014/12/01/story", None, "/documents/https%3A%2F%2Fnews.example%2F2014%2F12%2F01%2Fstory"),
        ("a?b#c%d e", 7, "/documents/a%3Fb%23c%25d%20e#fact-7"),
        ("政党", None, "/documents/%E6%94%BF%E5%85%9A"),
    ],
)
def test_document_links_quote_the_whole_id(doc_id: str, fact: int | None, href: str) -> None:
    assert views.document_href(doc_id, fact) == href
    assert views.evidence_href(Source(doc_id, date(2014, 1, 1), None, None, fact)) == href
    assert views.document_href(doc_id, api=True) == "/api" + href.split("#")[0]


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://news.example/a?b=1", "https://news.example/a?b=1"),
        ("HTTP://NEWS.EXAMPLE/", "HTTP://NEWS.EXAMPLE/"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("//evil.example/x", None),
        ("https:alert(1)", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_only_web_addresses_become_links(url: str | None, link: str | None) -> None:
    assert views.web_link(url) == link


# --------------------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def site(examples_url: str):
    with TestClient(create_app(ServerSettings(examples_url))) as opened:
        yield opened


def entity_id(site: TestClient, name: str) -> int:
    return int(next(e["id"] for e in site.get("/api/suggest", params={"q": name}).json() if e["name"] == name))


def test_home_and_search(site: TestClient) -> None:
    home = site.get("/").text
    assert "24 articles" in home and "House of Representatives" in home and 'data-suggest="/api/suggest"' in home
    found = site.get("/search", params={"q": "ishin"})
    assert found.status_code == 200 and "Nippon Ishin no Kai" in found.text and "Osaka Ishin no Kai" in found.text
    one = site.get("/search", params={"q": "Yui no To"}, follow_redirects=False)
    assert one.status_code == 303 and one.headers["location"] == f"/entities/{entity_id(site, 'Yui no To')}"


def test_entity_page_has_a_timeline_chart_relations_and_evidence(site: TestClient) -> None:
    page = site.get(f"/entities/{entity_id(site, 'Toru Hashimoto')}").text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline"' in page
    assert "mayor of Osaka" in page and "Relations and events" in page
    assert re.search(r'class="evidence-link" href="/documents/ex-\d+#fact-\d+"', page)
    party = site.get(f"/entities/{entity_id(site, 'Japan Innovation Party')}").text
    assert "Lineage graph" in party


def test_lineage_seats_network_pages_draw_their_charts(site: TestClient) -> None:
    lineage = site.get(f"/entities/{entity_id(site, 'Japan Innovation Party')}/lineage").text
    assert 'class="chart lineage natural"' in lineage and 'data-name="Yui no To"' in lineage
    seats = site.get("/seats", params={"chamber": "House of Representatives", "at": "2014-12-20"}).text
    assert 'class="chart parliament"' in seats and "majority 238" in seats and seats.count("<circle") == 475
    default = site.get("/seats").text
    assert 'class="chart parliament"' in default
    network = site.get("/network", params={"at": "2014-06-01"}).text
    assert 'id="day-slider"' in network and 'class="edge alliance"' in network
    after_the_merger = site.get("/network", params={"at": "2014-10-01"}).text  # Nippon Ishin no Kai merged away on 2014-09-21: its alliance ended
    assert 'class="edge alliance"' not in after_the_merger and "2014-09-21" in network  # the alliance's "until"
    known_then = site.get("/network", params={"at": "2014-06-01", "known_at": "2014-04-08"}).text  # the alliance was first reported on 2014-04-09
    assert 'class="edge alliance"' not in known_then and 'name="known_at" type="date" value="2014-04-08"' in known_then
    figure = site.get("/network/figure", params={"at": "2014-10-01"}).text
    assert figure.startswith('<figure class="chart-box" data-at="2014-10-01"') and "<html" not in figure


def test_document_page_highlights_and_links_each_fact(site: TestClient) -> None:
    api = site.get("/api/documents/ex-001").json()
    page = site.get("/documents/ex-001").text
    for fact in api["facts"]:
        assert f'id="fact-{fact["id"]}"' in page and f'href="#fact-{fact["id"]}"' in page
        assert f'href="#s-{fact["sentence_start"]}"' in page and f'id="s-{fact["sentence_start"]}"' in page
    redirect = site.get(f"/facts/{api['facts'][0]['id']}", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == f"/documents/ex-001#fact-{api['facts'][0]['id']}"


def test_documents_who_contradictions_and_api_docs_pages(site: TestClient) -> None:
    assert "Osaka mayor launches national party" in site.get("/documents", params={"from": "2012-01-01", "to": "2012-12-31"}).text
    who = site.get("/who", params={"role": "leader", "of": "Your Party", "at": "2014-06-20"}).text
    assert "Reports conflict" in who and "Kenji Eda" in who
    assert "leader of Your Party" in site.get("/contradictions").text
    docs = site.get("/api/docs").text
    assert "/api/facts" in docs and "token" in docs and "cdn" not in docs.lower()


def test_pages_answer_mistakes_with_an_html_error_page(site: TestClient) -> None:
    missing = site.get("/entities/999999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"] and "no entity with id 999999" in missing.text
    assert site.get("/seats", params={"at": "2014-02-30"}).status_code == 422
    unknown = site.get("/who", params={"role": "leader", "of": "Nobody", "at": "2014-01-01"})
    assert unknown.status_code == 404 and "no entity named" in unknown.text
    assert site.get("/no/such/page").status_code == 404
    assert site.get("/documents", params={"limit": 0}).status_code == 422


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("path", "names"),
    [
        (f"/entities/{HUGE}", "entity_id"),
        (f"/entities/{HUGE}/lineage", "entity_id"),
        (f"/facts/{HUGE}", "fact_id"),
        (f"/search?q=party&offset={HUGE}", "offset"),
        (f"/documents?offset={HUGE}", "offset"),
        (f"/who?role=leader&of=%23{HUGE}&at=2014-01-01", "of"),
        (f"/seats?chamber=%23{HUGE}", "chamber"),
    ],
)
def test_pages_answer_numbers_out_of_range_with_an_html_4xx(site: TestClient, path: str, names: str) -> None:
    response = site.get(path)
    assert response.status_code == 422 and "text/html" in response.headers["content-type"]
    assert names in response.text and "Traceback" not in response.text


PAGES = ["/", "/network", "/seats", "/documents", "/documents/ex-001", "/who?role=leader&of=Your%20Party&at=2014-06-20", "/contradictions", "/api/docs", "/search?q=a"]


def test_pages_run_only_the_apps_own_script_and_style(site: TestClient) -> None:
    paths = PAGES + [f"/entities/{entity_id(site, 'Toru Hashimoto')}", f"/entities/{entity_id(site, 'Japan Innovation Party')}/lineage", "/entities/999999"]
    for path in paths:
        response = site.get(path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
        page = response.text
        scripts = ['<script src="/static/app.js" defer>']
        if path == "/api/docs":  # Swagger UI (served from the fastapi-offline package) and its initializer, both files of the app
            scripts += ['<script src="/api/docs/static/swagger-ui-bundle.js" defer>', '<script src="/static/api-docs.js" defer>']
        assert re.findall(r"<script\b[^>]*>", page) == scripts, path  # no inline script for the policy to block
        assert not re.search(r"<[^>]+\sstyle=", page), path  # nor inline styles: colours are SVG attributes, sizes are classes
        assert not re.search(r"<[^>]+\son[a-z]+=", page), path
        assert "<style" not in page, path


def test_a_page_that_fails_answers_with_the_html_error_page(examples_url: str, monkeypatch) -> None:
    from politograph.query import browse

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(browse, "list_documents", broken)
    with TestClient(create_app(ServerSettings(examples_url)), raise_server_exceptions=False) as failing:
        response = failing.get("/documents")
    assert response.status_code == 500 and "text/html" in response.headers["content-type"]
    assert "internal error" in response.text and "secret internals" not in response.text and "Traceback" not in response.text
    assert "content-security-policy" in response.headers


def test_pages_load_nothing_from_elsewhere(site: TestClient) -> None:
    for path in ("/", "/network", "/seats", "/documents/ex-001", "/api/docs"):
        page = site.get(path).text
        external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', page) if u.startswith(("http:", "https:", "//"))]
        assert external == [], path


def test_serve_refuses_a_store_it_cannot_open(tmp_path) -> None:
    from typer.testing import CliRunner

    from politograph.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{tmp_path}/missing/kb.db"])
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert "read-only" in CliRunner().invoke(app, ["serve", "--help"]).stdout


def test_a_page_takes_an_empty_known_at_and_refuses_a_number(site):
    assert site.get("/network", params={"at": "2014-06-01", "known_at": ""}).status_code == 200
    assert site.get("/network", params={"at": "2014-06-01", "known_at": "0"}).status_code == 422
