"""The lineage chart laid out by Graphviz `dot`: predecessors above the party, successors below.

A big party's lineage (dozens of splits, mergers and renames) drawn in
columns by hand reads as a false chain, with arrows running through boxes.
`dot` ranks the groups top to bottom, routes every edge around the boxes
and places edge labels as nodes of their own, so none overlaps.  Its SVG is
never sent as it comes: it is parsed and rebuilt from a short list of
elements and attributes, and every link in it is put back by us from a
placeholder (dot never sees a stored name inside a URL).  Without the `dot`
program the page falls back to `charts.lineage` and says so.
"""

from __future__ import annotations

import functools
import re
import shutil
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from politograph.query.lineage import Lineage, Reached, descend
from politograph.web import charts, views
from politograph.web.charts import RELATION_STYLES, LineageLink

ABOVE, FOCUS, BELOW = -1, 0, 1
NAME_WIDTH = 20
"""Characters per line of a box's name: long names wrap onto more lines instead of being cut."""
FONT = "DejaVu Sans, Verdana, sans-serif"
"""The font dot measures with (fontconfig's sans) named first, so the browser draws what dot sized."""
NOTE_NO_DOT = "Graphviz (dot) is not installed, so this is the simple column drawing: install graphviz for the ranked layout."

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
KEPT_TAGS = {"g", "title", "a", "path", "polygon", "ellipse", "polyline", "text"}
KEPT_ATTRIBUTES = {
    "transform", "d", "points", "cx", "cy", "rx", "ry", "x", "y", "fill", "stroke", "stroke-width", "stroke-dasharray",
    "text-anchor", "font-family", "font-size", "font-weight",
}  # fmt: skip
SAFE_VALUE = re.compile(r"^[#\w\s.,:()%+-]*$")
"""What a kept attribute's value may hold (numbers, paths, colours, font names): never quotes, "<" or "url(" with a scheme."""


def dot_available() -> bool:
    """Whether the `dot` program is on PATH (the graphviz package is only its front end)."""
    return shutil.which("dot") is not None


def sides(answer: Lineage, focus: int) -> dict[int, int]:
    """Each group's place: ABOVE (a predecessor), BELOW (a successor), FOCUS for the party itself.

    A group in both trees (split off in 1976, merged back in 1986) goes
    where its earliest step puts it: it first came out of the party, so it
    is drawn below it.
    """
    first: dict[int, tuple[date, int]] = {}

    def visit(side: int) -> Callable[[Reached, bool], bool | None]:
        def reached(group: Reached, _: bool) -> bool | None:
            if group.entity_id is None:
                return None
            day = group.step.day or date.max
            if group.entity_id not in first or day < first[group.entity_id][0]:
                first[group.entity_id] = (day, side)
            return True

        return reached

    descend(answer.predecessors, False, visit(ABOVE), True)
    descend(answer.successors, True, visit(BELOW), True)
    placed = {node: side for node, (_, side) in first.items()}
    placed[focus] = FOCUS
    return placed


def _wrapped(name: str) -> str:
    """A name on lines of about NAME_WIDTH characters, joined with dot's centred line break."""
    lines = textwrap.wrap(name, NAME_WIDTH, break_long_words=True, break_on_hyphens=True) or [name]
    return "\\n".join(_dot_text(line) for line in lines)


def _dot_text(text: str) -> str:
    """Text dot prints as it is: a backslash would start one of dot's escapes."""
    return text.replace("\\", "/")


def _step_label(step: LineageLink) -> str:
    return f"{step.kind}\\n{step.day.isoformat() if step.day else 'day unknown'}"


def _reaches(start: int, edges: list[tuple[int, int]], goal: int) -> bool:
    """Whether `goal` is reachable from `start` along `edges` (a few dozen at most: a plain walk)."""
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for older, newer in edges:
            if older == node and newer not in seen:
                seen.add(newer)
                todo.append(newer)
    return False


@dataclass(slots=True)
class DotGraph:
    """The dot source and what the SVG's placeholders stand for."""

    source: str
    node_names: dict[str, str]  # dot node id -> the group's name
    node_links: dict[str, str]
    edge_titles: dict[str, str]  # dot edge id -> "A split off B on 1993-06-23"
    edge_links: dict[str, str]
    edge_kinds: dict[str, str]
    focus: str
    edge_ends: dict[str, tuple[str, str]]  # dot edge id -> (older's node id, newer's), as the step runs


def dot_graph(names: dict[int, str], links: list[LineageLink], placed: dict[int, int], focus: int, link: str = "/entities/{id}/lineage") -> DotGraph:
    """The lineage as a dot digraph, older groups above newer ones, the party's predecessors above it and its successors below.

    An edge whose direction would contradict the sides (a successor that
    merged back into the party) is laid out the other way round with its
    arrow turned (dot's dir=back), so it is routed between the ranks like
    any other; a group the edges do not tie to its side of the party gets
    an invisible edge that does.
    """
    import graphviz

    graph = graphviz.Digraph("lineage")
    graph.attr(rankdir="TB", nodesep="0.3", ranksep="0.45", splines="true", fontname=FONT, bgcolor="transparent", pad="0.1")
    graph.attr("node", shape="box", style="rounded,filled", fillcolor="#ffffff", color="#868e96", penwidth="1.3", fontname=FONT, fontsize="12", margin="0.12,0.05")
    graph.attr("edge", fontname=FONT, fontsize="11", fontcolor="#495057", arrowsize="0.8", penwidth="1.8")
    node = {n: f"n{n}" for n in names}
    for entity_id, name in sorted(names.items()):
        extra = {"fillcolor": "#e7f0ff", "color": "#3b6fb6", "penwidth": "2.6", "fontsize": "13"} if entity_id == focus else {}
        graph.node(node[entity_id], label=_wrapped(name), URL=f"#{node[entity_id]}", id=node[entity_id], **extra)
    ranking: list[tuple[int, int]] = []
    titles: dict[str, str] = {}
    hrefs: dict[str, str] = {}
    kinds: dict[str, str] = {}
    ends: dict[str, tuple[str, str]] = {}
    for i, step in enumerate(links):
        if step.older == step.newer or step.older not in node or step.newer not in node:
            continue
        edge = f"e{i}"
        older_side, newer_side = placed.get(step.older), placed.get(step.newer)
        forward = older_side is None or newer_side is None or older_side <= newer_side  # never a successor above the party, nor a predecessor below
        tail, head = (step.older, step.newer) if forward else (step.newer, step.older)
        ranking.append((tail, head))
        stroke, dash = RELATION_STYLES.get(step.kind, ("#495057", ""))
        style = {"style": "dashed"} if dash else {}
        url = {"URL": f"#{edge}"} if step.href else {}
        turned = {} if forward else {"dir": "back"}  # a successor that merged back: laid out downwards, its arrow still points at what it became
        graph.edge(node[tail], node[head], label=_step_label(step), id=edge, color=stroke, **style, **url, **turned)
        day = step.day.isoformat() if step.day else "an unknown day"
        titles[edge] = f"{names[step.older]} {step.kind} {names[step.newer]} on {day}"
        kinds[edge] = step.kind
        ends[edge] = (node[step.older], node[step.newer])
        if step.href:
            hrefs[edge] = step.href
    for entity_id, side in sorted(placed.items()):
        if entity_id not in node or side == FOCUS:
            continue
        tied = _reaches(entity_id, ranking, focus) if side == ABOVE else _reaches(focus, ranking, entity_id)
        if not tied:
            tie = (node[entity_id], node[focus]) if side == ABOVE else (node[focus], node[entity_id])
            graph.edge(*tie, style="invis", weight="0")
    return DotGraph(
        graph.source,
        {node[n]: name for n, name in names.items()},
        {node[n]: link.format(id=n) for n in names},
        titles,
        hrefs,
        kinds,
        node[focus],
        ends,
    )


def render_svg(graph: DotGraph) -> str:
    """dot's SVG for the graph (through the graphviz package's `pipe`)."""
    return _rendered(graph.source)


@functools.lru_cache(maxsize=128)
def _rendered(source: str) -> str:
    """One run of dot per distinct graph: a process start and a layout cost about 0.1 s, and a lineage changes only when its steps do."""
    import graphviz

    return graphviz.pipe("dot", "svg", source.encode("utf-8"), quiet=True).decode("utf-8")


def _clean_value(value: str) -> str | None:
    return value if SAFE_VALUE.match(value) else None


def _local(tag: str) -> str:
    return tag[len(SVG_NS) :] if tag.startswith(SVG_NS) else tag


class _Rebuild:
    """Writes dot's SVG back out from the kept elements and attributes, with our classes, names and links."""

    def __init__(self, graph: DotGraph) -> None:
        self.graph = graph
        self.out: list[str] = []

    def element(self, element: ET.Element, owner: str | None = None, kind: str = "") -> None:
        tag = _local(element.tag)
        if tag not in KEPT_TAGS:
            return
        dot_id = element.get("id", "")
        css = element.get("class", "")
        attributes: dict[str, str] = {}
        if tag == "g" and css == "node":
            owner, kind = dot_id, "node"
            attributes["class"] = "lineage-box"
        elif tag == "g" and css == "edge":
            if dot_id not in self.graph.edge_kinds:
                return  # an invisible edge that only ranks: nothing to draw
            owner, kind = dot_id, "edge"
            attributes["class"] = f"lineage-edge {self.graph.edge_kinds[dot_id].replace(' ', '-')}"
            attributes["data-edge"] = dot_id
            attributes["data-from"], attributes["data-to"] = self.graph.edge_ends[dot_id]
        elif tag == "g" and css == "graph":
            attributes["class"] = "lineage-graph"
        if tag == "a":
            href = (self.graph.node_links if kind == "node" else self.graph.edge_links).get(owner or "")
            if not href or not href.startswith("/") or href.startswith("//"):  # a link we did not ask for, or off this site: keep the drawing, drop the link
                self.children(element, owner, kind)
                return
            attributes["href"] = href
            if kind == "node":  # the link is the node, as in the column drawing: its class, name and id are the link's
                attributes["class"] = "lineage-node current" if owner == self.graph.focus else "lineage-node"
                attributes["data-name"] = self.graph.node_names.get(owner or "", "")
                attributes["data-node"] = owner or ""
        for name, value in element.attrib.items():
            if name in KEPT_ATTRIBUTES and _clean_value(value) is not None:
                attributes[name] = value
        if tag == "polygon" and element.get("stroke") == "transparent":
            return  # dot's white page behind the graph: the chart box is the background
        self.out.append(f"<{tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attributes.items()) + ">")
        if tag == "title":
            self.out.append(str(escape(self._title(owner, kind, element.text or ""))))
        elif tag == "text":
            self.out.append(str(escape(element.text or "")))
        else:
            self.children(element, owner, kind)
        self.out.append(f"</{tag}>")

    def children(self, element: ET.Element, owner: str | None, kind: str) -> None:
        for child in element:
            self.element(child, owner, kind)

    def _title(self, owner: str | None, kind: str, text: str) -> str:
        if kind == "node":
            return self.graph.node_names.get(owner or "", text)
        if kind == "edge":
            return self.graph.edge_titles.get(owner or "", "")
        return ""


def sanitised(svg: str, graph: DotGraph, title: str) -> Markup | None:
    """dot's SVG rebuilt from kept elements only, at its natural size (1 unit = 1 px), or None if it does not parse."""
    start = svg.find("<svg")
    try:
        root = ET.fromstring(svg[start:]) if start >= 0 else None
    except ET.ParseError:
        return None
    if root is None:
        return None
    box = [float(v) for v in (root.get("viewBox") or "0 0 0 0").split()]
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        return None
    rebuild = _Rebuild(graph)
    for child in root:
        rebuild.element(child)
    width, height = box[2], box[3]
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart lineage natural" data-layout="dot" width="{width:.2f}" height="{height:.2f}" '
        f'viewBox="{box[0]:.2f} {box[1]:.2f} {width:.2f} {height:.2f}" role="group" aria-label="{escape(title)}" data-focus="{graph.focus}">'
        f"<title>{escape(title)}</title>{''.join(rebuild.out)}</svg>"
    )


def draw(names: dict[int, str], links: list[LineageLink], placed: dict[int, int], focus: int, title: str) -> Markup | None:
    """The dot drawing, or None when dot is missing or fails (the caller falls back)."""
    if not dot_available():
        return None
    graph = dot_graph(names, links, placed, focus)
    try:
        svg = render_svg(graph)
    except Exception:  # graphviz.ExecutableNotFound, CalledProcessError: any failure of dot draws the simple chart instead
        return None
    return sanitised(svg, graph, title)


LEGEND = (("merged into", "merged"), ("split off", "split"), ("renamed", "renamed"))


def legend(reading: str = "older groups above newer ones") -> Markup:
    """What the lineage's colours and boxes mean, one entry per colour."""
    entries = "".join(f'<span class="key"><span class="swatch {css}"></span> {escape(kind)}</span>' for kind, css in LEGEND)
    return Markup(f'<p class="legend">{entries}<span class="key"><span class="swatch focus-box"></span> this party</span> · {escape(reading)}</p>')


def chart(answer: Lineage, focus: int, title: str) -> Markup:
    """The lineage chart for a page: dot's layout with its legend, else the column drawing with a one-line note; empty with no steps."""
    names, links = views.lineage_links(answer, focus)
    if not links:
        return Markup("")
    drawn = draw(names, links, sides(answer, focus), focus, title)
    if drawn is not None:
        return Markup(f'<figure class="chart-box pan" id="lineage-chart">{drawn}</figure>') + legend()
    simple = charts.lineage(names, links, focus, title)
    return Markup(f'<p class="hint no-dot">{NOTE_NO_DOT}</p><figure class="chart-box" id="lineage-chart">{simple}</figure>') + legend("older groups on the left")
