"""Charts that read right, without a browser: the thinned time axis, legends, links outside role="img",
the lineage laid out by dot (ranks, links, sanitising) and fact markers at the end of their sentence.

The geometry helpers here (`node_boxes`, `edge_points`, `crossings`) are also
used by the browser tests on the SVG a page really serves.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from politograph.query.browse import DocumentView
from politograph.query.lineage import Branch, Lineage, Step
from politograph.query.records import FactRecord
from politograph.web import charts, highlight, lineage_dot

SVG = "{http://www.w3.org/2000/svg}"
DOT_REQUIRED = os.environ.get("POLITOGRAPH_REQUIRE_DOT") == "1"  # CI: a missing dot is a failure, not a skip
needs_dot = pytest.mark.skipif(not lineage_dot.dot_available() and not DOT_REQUIRED, reason="Graphviz's dot is not installed (apt-get install graphviz)")

# --------------------------------------------------------------------------- geometry of a served SVG


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def node_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Each dot node's box (x0, y0, x1, y1) from its outline, by node id."""
    boxes = {}
    for link in root.iter(f"{SVG}a"):
        if "lineage-node" not in (link.get("class") or ""):
            continue
        shape = next(e for e in link.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
        values = _numbers(shape.get("d") or shape.get("points") or "")
        xs, ys = values[0::2], values[1::2]
        boxes[link.get("data-node") or ""] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def edge_points(d: str, steps: int = 24) -> list[tuple[float, float]]:
    """Points along a dot edge's path ("M x,y C x1,y1 x2,y2 x3,y3 ..."): every cubic Bézier segment sampled."""
    values = _numbers(d)
    pairs = list(zip(values[0::2], values[1::2], strict=False))
    points = [pairs[0]]
    for i in range(1, len(pairs) - 2, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pairs[i - 1], pairs[i], pairs[i + 1], pairs[i + 2]
        for k in range(1, steps + 1):
            t = k / steps
            a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            points.append((a * x0 + b * x1 + c * x2 + e * x3, a * y0 + b * y1 + c * y2 + e * y3))
    return points


def crossings(root: ET.Element) -> list[tuple[str, str]]:
    """(edge, node) pairs where an edge's path runs through the box of a node that is not one of its two ends."""
    boxes = node_boxes(root)
    found = []
    for group in root.iter(f"{SVG}g"):
        if "lineage-edge" not in (group.get("class") or ""):
            continue
        ends = {group.get("data-from"), group.get("data-to")}
        path = next(group.iter(f"{SVG}path"))
        points = edge_points(path.get("d") or "")
        for node, (x0, y0, x1, y1) in boxes.items():
            if node in ends:
                continue
            if any(x0 + 1 < x < x1 - 1 and y0 + 1 < y < y1 - 1 for x, y in points):
                found.append((group.get("data-edge") or "", node))
    return found


def centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


# --------------------------------------------------------------------------- the time axis


def _overlapping(ticks: list[tuple[date, str]], first: date, last: date, width: float) -> list[tuple[str, str]]:
    span = (last - first).days

    def at(day: date) -> float:
        return width * (day - first).days / span

    pairs = zip(ticks, ticks[1:], strict=False)
    return [(ta, tb) for (a, ta), (b, tb) in pairs if at(b) - at(a) < (charts.label_width(ta) + charts.label_width(tb)) / 2 + charts.TICK_GAP_PX]


@pytest.mark.parametrize(
    ("first", "last"),
    [(date(2014, 3, 1), date(2014, 7, 20)), (date(2012, 11, 5), date(2014, 12, 20)), (date(2004, 1, 1), date(2016, 6, 1)), (date(1950, 1, 1), date(2020, 1, 1))],
)
@pytest.mark.parametrize("width", [280.0, 520.0, 1000.0])
def test_the_axis_keeps_only_labels_that_fit_the_width_apart(first: date, last: date, width: float) -> None:
    ticks = charts.axis_ticks(first, last, width)
    assert len(ticks) >= 2
    assert _overlapping(ticks, first, last, width) == []
    span = (last - first).days
    for tick, text in ticks:  # none hangs past either edge
        x = width * (tick - first).days / span
        assert charts.label_width(text) / 2 <= x <= width - charts.label_width(text) / 2
    assert [t for t, _ in ticks] == sorted(t for t, _ in ticks)


def test_a_narrower_axis_has_fewer_labels_and_a_wide_one_months() -> None:
    first, last = date(2012, 11, 5), date(2014, 12, 20)
    counts = [len(charts.axis_ticks(first, last, width)) for width in (280.0, 520.0, 1000.0)]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert any(
        text.startswith(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")) for _, text in charts.axis_ticks(first, last, 1000.0)
    )
    assert [text for _, text in charts.axis_ticks(date(1950, 1, 1), date(2020, 1, 1), 280.0)] == ["1960", "1980", "2000"]  # 20-year steps on a phone


def _lanes() -> list[charts.Lane]:
    bars = [
        charts.Bar(date(2010 + i, 1, 1), date(2010 + i, 9, 1), f"term {m}", f"/documents/d{i}#fact-{i}", m)
        for i, m in enumerate(("asserted", "planned", "expected", "possible", "negated"))
    ]
    return [
        charts.Lane(
            "leader of the Granite Party, the long-named party of the northern provinces", "/entities/1", bars[:3], [(date(2010, 2, 1), "an article", "/documents/d0")]
        ),
        charts.Lane("member of Basalt Party", None, bars[3:]),
    ]


def test_the_timeline_marks_each_tick_with_the_widths_it_fits_and_none_overlap_there() -> None:
    svg = str(charts.timeline(_lanes(), "T")).split("</svg>")[0] + "</svg>"
    root = parsed(svg)
    marks = [g for g in root.iter(f"{SVG}g") if "tick-mark" in (g.get("class") or "")]
    assert marks and all(re.search(r"\bt-[sml]\b", g.get("class") or "") for g in marks)
    for tier, width in charts.AXIS_TIERS:
        shown = [g for g in marks if f"t-{tier}" in (g.get("class") or "").split()]
        xs = [float(g.find(f"{SVG}text").get("x").rstrip("%")) * width / 100 for g in shown]  # type: ignore[union-attr]
        texts = [g.find(f"{SVG}text").text or "" for g in shown]  # type: ignore[union-attr]
        assert len(shown) >= 2
        assert all(b - a >= (charts.label_width(ta) + charts.label_width(tb)) / 2 for a, b, ta, tb in zip(xs, xs[1:], texts, texts[1:], strict=False)), tier
    assert 'width="100%"' in svg and "viewBox" not in svg  # positions in percent, text in real pixels: it never shrinks
    assert "the long-named party of the northern provinces" in svg  # the lane's name whole, above its bars


def test_every_colour_of_the_timeline_has_a_legend_entry() -> None:
    chart = str(charts.timeline(_lanes(), "T"))
    used = set(re.findall(r'<rect class="bar ([a-z]+)"', chart))
    assert used == {"asserted", "planned", "expected", "possible", "negated"}
    legend = chart.split("</svg>")[1]
    for modality in used:
        assert f'class="swatch bar-key {modality}"' in legend and modality in re.sub(r"<[^>]+>", " ", legend)
    assert 'class="swatch report-key"' in legend  # the dots: one an article
    only_asserted = str(charts.timeline([charts.Lane("x", None, [charts.Bar(date(2010, 1, 1), date(2011, 1, 1), "t")])], "T"))
    assert "bar-key asserted" in only_asserted and "bar-key planned" not in only_asserted and "report-key" not in only_asserted


def test_the_seat_chart_has_a_legend_for_every_colour_and_the_grey_unknown_seats() -> None:
    groups = [charts.ArcGroup("Blue", 250, "#3b6fb6", "/entities/1"), charts.ArcGroup("Red", 180, "#d1495b", "/entities/2")]
    chart = str(charts.parliament(groups, total=465, majority=233, title="A chamber"))
    svg, legend = chart.split("</svg>", 1)
    fills = set(re.findall(r'<g fill="(#[0-9a-f]{6})"', svg))
    assert fills == {"#3b6fb6", "#d1495b", charts.UNKNOWN}
    for fill in fills:
        assert f'fill="{fill}"' in legend
    words = re.sub(r"<[^>]+>", " ", legend)
    assert "unknown seats" in words and "35" in words and "majority: 233 seats" in words and 'href="/entities/1"' in legend


# --------------------------------------------------------------------------- links and roles


def _svgs(markup: str) -> list[ET.Element]:
    return [parsed(m) for m in re.findall(r"<svg\b.*?</svg>", markup, flags=re.S) if 'class="dot"' not in m[:80]]


def _charts_with_links() -> dict[str, str]:
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node(1, name="A", type="PARTY")
    graph.add_node(2, name="B", type="PARTY")
    graph.add_edge(1, 2, type="coalition", role="", since="2014-01-01", reports=2, fact=9)
    names = {1: "Old", 2: "New"}
    links = [charts.LineageLink(1, 2, "split off", date(2010, 1, 1), "/documents/d#fact-1")]
    drawn = {
        "timeline": str(charts.timeline(_lanes(), "T")),
        "parliament": str(charts.parliament([charts.ArcGroup("Blue", 20, "#00f", "/entities/1")], 30, 16, "P")),
        "network": str(charts.network(graph, {1: (0, 0), 2: (1, 1)}, "N")),
        "columns": str(charts.lineage(names, links, 2, "L")),
    }
    if lineage_dot.dot_available():
        drawn["dot"] = str(lineage_dot.draw(names, links, {1: lineage_dot.ABOVE, 2: lineage_dot.FOCUS}, 2, "L"))
    return drawn


@pytest.mark.parametrize("name", ["timeline", "parliament", "network", "columns", "dot"])
def test_links_in_charts_are_real_links_outside_any_role_img(name: str) -> None:
    drawn = _charts_with_links()
    if name not in drawn and not DOT_REQUIRED:
        pytest.skip("no dot")
    for root in _svgs(drawn[name]):
        links = list(root.iter(f"{SVG}a"))
        assert links and all((a.get("href") or "").startswith("/") for a in links)
        assert root.get("role") == "group" and root.get("aria-label")  # role="img" would hide every link in it from a screen reader
        assert root.find(f"{SVG}title") is not None
        for element in root.iter():
            if element.get("role") == "img":
                assert not list(element.iter(f"{SVG}a")), name


def test_a_chart_without_links_stays_an_image() -> None:
    svg = str(charts.parliament([charts.ArcGroup("Blue", 20, "#00f")], 20, 11, "P")).split("</svg>")[0] + "</svg>"
    assert parsed(svg).get("role") == "img"


def test_the_network_on_a_phone_names_few_nodes_and_no_two_names_touch() -> None:
    names = {i: f"Party number {i}" for i in range(30)}
    spots = {i: (100.0 + (i % 6) * 110, 60.0 + (i // 6) * 80) for i in range(30)}
    kept = charts.narrow_labels(names, spots, {i: 30 - i for i in range(30)}, 760.0, 520.0)
    assert 0 < len(kept) <= charts.MAJOR_LABELS and 0 in kept  # the best connected first
    boxes = []
    for node, (x, y) in kept.items():
        half = 0.3 * charts.NARROW_FONT * len(names[node])
        assert half <= x <= 760 - half
        boxes.append((x - half, y - charts.NARROW_FONT, x + half, y))
    assert not any(charts._overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


# --------------------------------------------------------------------------- the lineage by dot


def _step(kind: str, older: tuple[int, str], newer: tuple[int, str], day: date) -> Step:
    return Step(kind, older[1], newer[1], day, older_id=older[0], newer_id=newer[0])


FOCUS = (1, "Granite Party")
OAK, PINE, ACORN = (2, "Oak Party"), (3, "Pine Party"), (4, "Acorn Party")
BASALT, FLINT, BEDROCK = (5, "Basalt Party"), (6, "Flint Party"), (7, "Bedrock Alliance of the Northern and Western Provinces")


def _answer() -> Lineage:
    """Granite Party: Oak and Pine merged into it (Oak was Acorn before); Basalt and Flint split off; Basalt joined Bedrock; Flint came back."""
    predecessors = {
        OAK[1]: Branch(_step("merged into", OAK, FOCUS, date(2000, 3, 1)), {ACORN[1]: Branch(_step("renamed", ACORN, OAK, date(1990, 1, 1)), {})}),
        PINE[1]: Branch(_step("merged into", PINE, FOCUS, date(2000, 3, 1)), {}),
        FLINT[1]: Branch(_step("merged into", FLINT, FOCUS, date(2012, 5, 1)), {}),
    }
    successors = {
        BASALT[1]: Branch(_step("split off", FOCUS, BASALT, date(2004, 2, 1)), {BEDROCK[1]: Branch(_step("merged into", BASALT, BEDROCK, date(2010, 1, 1)), {})}),
        FLINT[1]: Branch(_step("split off", FOCUS, FLINT, date(2006, 7, 1)), {}),
    }
    return Lineage(FOCUS[1], date(2000, 3, 1), None, [], predecessors, successors)


def test_sides_put_predecessors_above_successors_below_and_a_group_that_came_back_where_it_began() -> None:
    placed = lineage_dot.sides(_answer(), FOCUS[0])
    assert placed == {1: 0, 2: -1, 3: -1, 4: -1, 5: 1, 6: 1, 7: 1}  # Flint split off (2006) before it merged back (2012): below


def test_the_dot_source_ranks_and_turns_the_edge_that_runs_back_up() -> None:
    from politograph.web import views

    names, links = views.lineage_links(_answer(), FOCUS[0])
    graph = lineage_dot.dot_graph(names, links, lineage_dot.sides(_answer(), FOCUS[0]), FOCUS[0])
    assert re.search(r"n1 -> n6 \[[^\]]*dir=back", graph.source)  # Flint's merger back: laid out downwards, arrow turned
    assert re.search(r"n1 -> n6 \[label=\"split off", graph.source)
    assert "Bedrock Alliance of\\nthe Northern and\\nWestern Provinces" in graph.source  # wrapped, not cut
    assert "/entities/" not in graph.source and "#n1" in graph.source  # dot sees placeholders, never a link


@needs_dot
def test_the_dot_drawing_has_predecessors_above_successors_below_and_no_edge_through_a_box() -> None:
    from politograph.web import views

    names, links = views.lineage_links(_answer(), FOCUS[0])
    svg = lineage_dot.draw(names, links, lineage_dot.sides(_answer(), FOCUS[0]), FOCUS[0], "Lineage of Granite Party")
    assert svg is not None
    root = parsed(str(svg))
    boxes = node_boxes(root)
    assert set(boxes) == {f"n{i}" for i in range(1, 8)}
    y = {node: centre(box)[1] for node, box in boxes.items()}
    assert y["n2"] < y["n1"] and y["n3"] < y["n1"] and y["n4"] < y["n2"]  # older groups above newer ones
    assert y["n5"] > y["n1"] and y["n6"] > y["n1"] and y["n7"] > y["n5"]
    assert crossings(root) == []
    current = [a for a in root.iter(f"{SVG}a") if a.get("class") == "lineage-node current"]
    assert len(current) == 1 and current[0].get("data-name") == "Granite Party" and current[0].get("href") == "/entities/1/lineage"
    assert root.get("data-layout") == "dot" and root.get("width") and root.get("role") == "group"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "split off" in texts and "2004-02-01" in texts and "Western Provinces" in texts


@needs_dot
def test_the_dot_svg_is_rebuilt_from_kept_elements_with_names_escaped() -> None:
    names = {1: 'Evil <script>alert(1)</script> "Party"', 2: "B & C"}
    links = [charts.LineageLink(1, 2, "renamed", date(2001, 1, 1), 'javascript:alert(1)"')]
    svg = str(lineage_dot.draw(names, links, {1: lineage_dot.ABOVE, 2: lineage_dot.FOCUS}, 2, "L"))
    assert "<script" not in svg and "xlink" not in svg and "javascript" not in svg.split("</title>", 1)[1].replace("alert(1)&lt;/script&gt;", "")
    assert "&lt;script&gt;" in svg and "B &amp; C" in svg
    root = parsed(svg)
    assert {e.tag.removeprefix(SVG) for e in root.iter()} <= {"svg", "g", "title", "a", "path", "polygon", "ellipse", "polyline", "text"}
    assert not [name for e in root.iter() for name in e.attrib if name.startswith("on") or name == "style"]
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert hrefs == ["/entities/1/lineage", "/entities/2/lineage"]  # a link off this site is dropped, its drawing kept
    assert len(list(root.iter(f"{SVG}path"))) >= 3


def test_without_dot_the_page_draws_the_column_chart_with_a_note(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lineage_dot, "dot_available", lambda: False)
    chart = str(lineage_dot.chart(_answer(), FOCUS[0], "L"))
    assert lineage_dot.NOTE_NO_DOT in chart and 'class="chart lineage natural"' in chart and 'data-layout="dot"' not in chart
    assert chart.count('class="hint no-dot"') == 1


# --------------------------------------------------------------------------- fact markers


def _fact(fact_id: int, start: int, end: int, text: str) -> FactRecord:
    return FactRecord(
        id=fact_id, type="role", subject="A", subject_id=1, object="B", object_id=2, role="leader", value=None, qualifier=None, scope=None, outcome=None,
        polarity=None, result=None, former=None, when=None, start=None, end=None, valid_from=None, valid_to=None, modality="asserted", confidence=0.9,
        doc_id="d", published=date(2014, 1, 1), source=None, sentence=text[start:end], sentence_start=start, sentence_end=end,
    )  # fmt: skip


def test_a_fact_marker_sits_at_the_end_of_its_sentence_not_at_the_next_paragraph() -> None:
    text = "Aiko Sato leads the Blue Party.\n\nThe party met in May. It grew.\n"
    first_end = text.index("\n\nThe") + 2  # the parser's span keeps the paragraph break
    second_start = text.index("The party")
    view = DocumentView("d", date(2014, 1, 1), None, None, None, "article", text)
    view.facts = [_fact(1, 0, first_end, text), _fact(2, second_start, text.index(" It grew"), text), _fact(3, text.index("It grew"), len(text), text)]
    html = str(highlight.marked_text(view))
    assert 'Blue Party.</mark><sup><a class="fact-ref" href="#fact-1">1</a></sup>\n\n' in html
    assert 'met in May.</mark><sup><a class="fact-ref" href="#fact-2">2</a></sup> ' in html
    assert 'It grew.</mark><sup><a class="fact-ref" href="#fact-3">3</a></sup>\n' in html
    assert re.sub(r"<sup>.*?</sup>|<[^>]+>", "", html) == text  # every character once, in order
    assert highlight.sentence_end(text, 0, first_end) == text.index("\n\n")
