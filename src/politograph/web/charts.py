"""SVG charts drawn on the server: a parliament arc, a timeline, a network and a lineage graph.

Each function takes plain values (names, numbers, days, links) and returns
markup, so a chart can be tested without a browser and the page needs no
chart library.  Every mark links to what it stands for, and carries a
<title> a pointer can read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import networkx as nx
from markupsafe import Markup, escape

PALETTE = (
    "#3b6fb6", "#d1495b", "#edae49", "#00798c", "#8e5ea2", "#66a182",
    "#e07a5f", "#2e4057", "#b5838d", "#81b29a", "#f2cc8f", "#6d597a",
)  # fmt: skip
UNKNOWN = "#d4d4d8"
RELATION_STYLES = {  # stroke colour, dash pattern
    "coalition": ("#2f9e44", ""),
    "alliance": ("#1c7ed6", ""),
    "opposition": ("#e03131", "6 4"),
    "merged into": ("#7048e8", ""),
    "split off": ("#f08c00", "5 3"),
    "renamed": ("#868e96", "2 3"),
}


def colour(index: int) -> str:
    """The palette's colour for a running index (entity id, bloc number)."""
    return PALETTE[index % len(PALETTE)]


def shade(hex_colour: str, step: int) -> str:
    """A lighter shade of a colour for the `step`-th member of a bloc (0: the colour itself)."""
    if step == 0:
        return hex_colour
    mix = min(0.65, 0.22 * step)
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * mix):02x}" for c in rgb)


def _svg(width: float, height: float, body: str, label: str, css_class: str, min_width: float | None = None) -> Markup:
    """An SVG that scales with the page; with `min_width` it never shrinks below it (its box scrolls instead).

    The floor is the SVG's own width attribute with the "natural" class
    (min-width: 100% in the stylesheet), not a style attribute, which the
    pages' Content-Security-Policy would block.
    """
    size = f' width="{min_width:.0f}" height="{height * min_width / width:.0f}"' if min_width else ""
    classes = f"chart {css_class}" + (" natural" if min_width else "")
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}"{size} viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="{chart_role(body)}" aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">{body}</svg>'
    )


def chart_role(body: str) -> str:
    """The ARIA role of a chart: an image, or a group when it holds links (role="img" hides its children, links too, from screen readers)."""
    return "group" if "<a " in body else "img"


# --------------------------------------------------------------------------- parliament arc


@dataclass(slots=True)
class ArcGroup:
    """A group's share of a chamber: its seats, colour and link."""

    name: str
    seats: int
    colour: str
    href: str | None = None
    bloc: str = ""


def _arc_rows(seats: int) -> list[int]:
    """Seats per concentric row, outer rows holding more, summing to `seats`."""
    rows = max(1, min(24, round(math.sqrt(seats) / 2.1)))
    radii = [0.42 + 0.58 * i / max(1, rows - 1) for i in range(rows)] if rows > 1 else [1.0]
    counts = [max(1, math.floor(seats * r / sum(radii))) for r in radii]
    i = len(counts) - 1
    while sum(counts) < seats:  # hand the rounding's leftovers to the outer rows
        counts[i] += 1
        i = i - 1 if i > 0 else len(counts) - 1
    while sum(counts) > seats:
        counts[counts.index(max(counts))] -= 1
    return counts


def arc_positions(seats: int) -> list[tuple[float, float, float]]:
    """Each seat as (angle in radians, row radius 0..1, dot radius), ordered from the left end of the arc to the right.

    Filling seats in this order gives each group a wedge, as parliament charts do.
    """
    if seats <= 0:
        return []
    counts = _arc_rows(seats)
    rows = len(counts)
    found: list[tuple[float, float, float]] = []
    for row, count in enumerate(counts):
        radius = 0.42 + 0.58 * row / max(1, rows - 1) if rows > 1 else 1.0
        for j in range(count):
            angle = math.pi * (1 - (j + 0.5) / count) if count > 1 else math.pi / 2
            found.append((angle, radius, 0.0))
    spacing = min(0.58 / max(1, rows - 1) if rows > 1 else 0.3, min(math.pi * 0.42 / counts[0], math.pi / counts[-1]))
    found.sort(key=lambda seat: (-seat[0], seat[1]))
    return [(angle, radius, spacing * 0.42) for angle, radius, _ in found]


def parliament(groups: list[ArcGroup], total: int | None, majority: int | None, title: str) -> Markup:
    """A half-circle of seats, groups in order from the left, with the majority line and the seat count in the middle."""
    held = sum(g.seats for g in groups)
    seats = max(total or 0, held)
    groups = list(groups)
    if seats > held:
        groups.append(ArcGroup("not reported", seats - held, UNKNOWN))  # grey: its key says "unknown seats"
    width, height, cx, cy, scale = 720.0, 410.0, 360.0, 392.0, 330.0
    body: list[str] = [f"<title>{escape(title)}</title>"]
    positions = arc_positions(seats)
    cursor = 0
    for group in groups:
        dots = []
        for angle, radius, size in positions[cursor : cursor + group.seats]:
            x, y = cx + scale * radius * math.cos(angle), cy - scale * radius * math.sin(angle)
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{scale * size:.1f}"/>')
        cursor += group.seats
        label = f"{group.name}: {group.seats} seats" + (f" ({group.bloc})" if group.bloc else "")
        inner = f'<g fill="{group.colour}"><title>{escape(label)}</title>{"".join(dots)}</g>'
        if group.href:
            inner = f'<a href="{escape(group.href)}">{inner}</a>'
        body.append(f'<g class="seat-group" data-group="{escape(group.name)}" data-seats="{group.seats}">{inner}</g>')
    if majority and 0 < majority <= len(positions):
        before, after = positions[majority - 1][0], positions[min(majority, len(positions) - 1)][0]
        angle = (before + after) / 2
        x1, y1 = cx + scale * 0.36 * math.cos(angle), cy - scale * 0.36 * math.sin(angle)
        x2, y2 = cx + scale * 1.07 * math.cos(angle), cy - scale * 1.07 * math.sin(angle)
        body.append(
            f'<g class="majority-line"><line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#212529" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{x2:.1f}" y="{y2 - 7:.1f}" text-anchor="middle" class="majority-label">majority {majority}</text></g>'
        )
    body.append(f'<text x="{cx}" y="{cy - 28}" text-anchor="middle" class="arc-total">{seats}</text>')
    body.append(f'<text x="{cx}" y="{cy - 6}" text-anchor="middle" class="arc-caption">seats</text>')
    return _svg(width, height, "".join(body), title, "parliament") + arc_legend(groups, majority)


def _colour_dot(fill: str) -> str:
    """A legend's colour sample as a tiny SVG: a fill attribute, where a style attribute would be refused by the pages' policy."""
    return f'<svg class="dot" viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" rx="7" fill="{escape(fill)}"/></svg>'


def arc_legend(groups: list[ArcGroup], majority: int | None) -> Markup:
    """The arc's key: each group's colour with its name and seats, the grey of seats no report covers, and the majority line."""
    keys = []
    for group in groups:
        words = "unknown seats (no report covers them)" if group.colour == UNKNOWN else group.name
        name = f'<a href="{escape(group.href)}">{escape(words)}</a>' if group.href else str(escape(words))
        keys.append(f'<span class="key" data-group="{escape(group.name)}">{_colour_dot(group.colour)} {name} {group.seats}</span>')
    if majority:
        keys.append(f'<span class="key"><span class="swatch majority"></span> majority: {majority} seats</span>')
    return Markup(f'<p class="legend chart-legend arc-legend">{"".join(keys)}</p>')


# --------------------------------------------------------------------------- timeline


@dataclass(slots=True)
class Bar:
    """A span on a lane: a tenure or membership from its first to its last report."""

    start: date
    end: date
    title: str
    href: str | None = None
    modality: str = "asserted"


@dataclass(slots=True)
class Lane:
    """One row of the timeline: a post, a membership or an event track."""

    label: str
    href: str | None = None
    bars: list[Bar] = field(default_factory=list)
    reports: list[tuple[date, str, str | None]] = field(default_factory=list)  # (day, title, link) of each article


AXIS_TIERS = (("s", 280.0), ("m", 520.0), ("l", 1000.0))
"""Chart widths the axis is thinned for, by the narrowest plot (in px) of each: phones (< 600 px), tablets and narrow windows, desktops.

The stylesheet shows a tick only in its tier's widths, so the labels never
overlap however wide the page is drawn (the timeline's text is real pixels:
its geometry is in percent of the width, its type does not shrink).
"""
TICK_FONT_PX = 11.0
CHAR_PX = 0.62 * TICK_FONT_PX  # a generous average advance of a sans-serif digit or letter
TICK_GAP_PX = 14.0
MONTH_STEPS = (1, 2, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MODALITY_LEGEND = (
    ("asserted", "asserted"),
    ("planned", "planned"),
    ("expected", "expected"),
    ("possible", "possible"),
    ("negated", "negated (reported as not so)"),
)


def tick_label(tick: date, months: bool) -> str:
    """A tick's text: the year at a year's start, else the month and year ("Mar 2014")."""
    return str(tick.year) if tick.month == 1 or not months else tick.strftime("%b %Y")


def label_width(text: str) -> float:
    """An upper estimate of a tick label's width in px (the axis keeps labels this far apart)."""
    return len(text) * CHAR_PX


def _every(first: date, last: date, months: int) -> list[date]:
    """Month starts within [first, last] whose month number is a multiple of the step (years: January of every n-th year)."""
    found, day = [], date(first.year, first.month, 1)
    while day <= last:
        index = day.year * 12 + day.month - 1
        if day >= first and index % months == 0:
            found.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        if months >= 12 and day.month != 1:  # jump to the next January: a century of months is 1,200 steps otherwise
            day = date(day.year + 1, 1, 1)
    return found


def axis_ticks(first: date, last: date, width: float) -> list[tuple[date, str]]:
    """The densest ticks whose labels fit `width` px without touching: each label's width plus a gap apart, none past an edge."""
    span = max(1, (last - first).days)

    def at(day: date) -> float:
        return width * (day - first).days / span

    for months in (*MONTH_STEPS, *(12 * y for y in YEAR_STEPS)):
        ticks = _every(first, last, months)
        if not ticks:
            continue
        labelled = [(tick, tick_label(tick, months < 12)) for tick in ticks]
        kept = [(t, text) for t, text in labelled if label_width(text) / 2 <= at(t) <= width - label_width(text) / 2]
        crowded = any(at(b) - at(a) < (label_width(ta) + label_width(tb)) / 2 + TICK_GAP_PX for (a, ta), (b, tb) in zip(kept, kept[1:], strict=False))
        if kept and not crowded:
            return kept
    return []


def _percent(value: float) -> str:
    return f"{value:.2f}%"


def legend(entries: list[tuple[str, str]], css_class: str = "chart-legend") -> Markup:
    """A chart's key: one entry per colour the chart uses, as (swatch class, words)."""
    keys = "".join(f'<span class="key"><span class="swatch {escape(swatch)}"></span> {escape(words)}</span>' for swatch, words in entries)
    return Markup(f'<p class="legend {escape(css_class)}">{keys}</p>')


def timeline(lanes: list[Lane], title: str) -> Markup:
    """Lanes of bars over a shared time axis; each bar and report mark links to its evidence; its key below.

    Positions are percentages of the chart's width and text is in pixels,
    so the chart fills a phone or a desktop and its words stay one size;
    each lane's name sits above its bars, so it is never cut to fit a
    column.
    """
    days = [d for lane in lanes for bar in lane.bars for d in (bar.start, bar.end)] + [r[0] for lane in lanes for r in lane.reports]
    if not days:
        return Markup("")
    first, last = min(days), max(days)
    pad = max(30, (last - first).days // 20)
    first, last = first - timedelta(days=pad), last + timedelta(days=pad)
    lane_height, top = 40.0, 26.0
    height = top + lane_height * len(lanes) + 6

    def x(day: date) -> float:
        return 100.0 * (day - first).days / max(1, (last - first).days)

    tiers: dict[date, list[str]] = {}
    labels: dict[date, str] = {}
    for tier, width in AXIS_TIERS:
        for tick, text in axis_ticks(first, last, width):
            tiers.setdefault(tick, []).append(f"t-{tier}")
            labels[tick] = text if tick not in labels or len(text) <= len(labels[tick]) else labels[tick]
    body = [f"<title>{escape(title)}</title>"]
    for tick in sorted(tiers):
        at = _percent(x(tick))
        body.append(
            f'<g class="tick-mark {" ".join(tiers[tick])}"><line class="tick" x1="{at}" y1="{top - 6}" x2="{at}" y2="{height - 4}"/>'
            f'<text class="tick-label" x="{at}" y="{top - 10}" text-anchor="middle">{escape(labels[tick])}</text></g>'
        )
    modalities: list[str] = []
    for row, lane in enumerate(lanes):
        y = top + row * lane_height
        name = escape(lane.label if len(lane.label) <= 90 else lane.label[:89] + "…")
        text = f'<text class="lane-label" x="2" y="{y + 13:.1f}"><title>{escape(lane.label)}</title>{name}</text>'
        body.append(f'<a href="{escape(lane.href)}">{text}</a>' if lane.href else text)
        for bar in lane.bars:
            left, right = x(bar.start), x(bar.end)
            if bar.modality not in modalities:
                modalities.append(bar.modality)
            rect = (
                f'<rect class="bar {escape(bar.modality)}" x="{left:.2f}%" y="{y + 18:.1f}" width="{max(right - left, 0.6):.2f}%" height="12" rx="3">'
                f"<title>{escape(bar.title)}</title></rect>"
            )
            body.append(f'<a href="{escape(bar.href)}">{rect}</a>' if bar.href else rect)
        for day, what, href in lane.reports:
            mark = f'<circle class="report" cx="{_percent(x(day))}" cy="{y + 35:.1f}" r="3"><title>{escape(what)}</title></circle>'
            body.append(f'<a href="{escape(href)}">{mark}</a>' if href else mark)
    body_text = "".join(body)
    role = chart_role(body_text)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" width="100%" height="{height:.0f}" role="{role}" aria-label="{escape(title)}">{body_text}</svg>'
    )
    order = [m for m, _ in MODALITY_LEGEND]
    entries = [(f"bar-key {m}", words) for m, words in MODALITY_LEGEND if m in modalities]
    entries += [(f"bar-key {m}", m) for m in sorted(set(modalities) - set(order))]
    if any(lane.reports for lane in lanes):
        entries.append(("report-key", "an article reporting it"))
    return Markup(svg) + legend(entries)


# --------------------------------------------------------------------------- network


MAJOR_LABELS = 10
"""At most this many names on the network on a narrow screen (the best connected that fit without touching); the others keep their titles."""
NARROW_FONT = 26.0
"""The network's name size on a phone, in the chart's units: about 12 px once its 760 units shrink to a phone's 350 px."""


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def narrow_labels(names: dict[int, str], spots: dict[int, tuple[float, float]], degree: dict[int, int], width: float, height: float) -> dict[int, tuple[float, float]]:
    """Where the names drawn on a phone go: best connected first, below or above the node, each kept only if it touches no name kept before."""
    kept: dict[int, tuple[float, float]] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for node in sorted(names, key=lambda n: (-degree.get(n, 0), n)):
        if len(kept) == MAJOR_LABELS:
            break
        x, y = spots[node]
        half = min(width / 2, 0.3 * NARROW_FONT * len(names[node]))  # 0.6 em a character, halved
        centre = min(max(x, half), width - half)
        for baseline in (y + 12 + NARROW_FONT, y - 14):
            box = (centre - half - 4, baseline - NARROW_FONT, centre + half + 4, baseline + 6)
            if box[1] >= 0 and box[3] <= height and not any(_overlaps(box, other) for other in boxes):
                kept[node] = (centre, baseline)
                boxes.append(box)
                break
    return kept


def network(graph: nx.MultiDiGraph, positions: dict[int, tuple[float, float]], title: str, link: str = "/entities/{id}", fact_link: str = "/facts/{id}") -> Markup:
    """Entities at their fixed positions; relations holding today as coloured edges, entities without one faded."""
    width, height, margin = 760.0, 520.0, 70.0

    def at(node: int) -> tuple[float, float]:
        px, py = positions.get(node, (0.5, 0.5))
        return margin + px * (width - 2 * margin), margin * 0.6 + py * (height - 1.6 * margin)

    body = [f"<title>{escape(title)}</title>"]
    for node in positions:
        if node not in graph:
            x, y = at(node)
            body.append(f'<circle class="ghost" cx="{x:.1f}" cy="{y:.1f}" r="5"/>')
    for older, newer, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = at(older), at(newer)
        stroke, dash = RELATION_STYLES.get(data["type"], ("#495057", ""))
        what = f"{graph.nodes[older].get('name')} — {data['type']} — {graph.nodes[newer].get('name')} since {data['since']} ({data['reports']} reports)"
        line = (
            f'<line class="edge {escape(data["type"])}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
            f'stroke-width="{min(8, 2 + data["reports"])}" stroke-dasharray="{dash}"><title>{escape(what)}</title></line>'
        )
        body.append(f'<a href="{escape(fact_link.format(id=data["fact"]))}">{line}</a>')
    spots = {node: at(node) for node in graph.nodes}
    narrow = narrow_labels({node: str(data.get("name", node)) for node, data in graph.nodes(data=True)}, spots, dict(graph.degree), width, height)
    for node, data in graph.nodes(data=True):
        x, y = spots[node]
        name = str(data.get("name", node))
        small_screen = ""
        if node in narrow:
            label_x, label_y = narrow[node]
            small_screen = f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="middle" class="node-label narrow">{escape(name)}</text>'
        body.append(
            f'<a href="{escape(link.format(id=node))}" class="node" data-name="{escape(name)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{colour(node)}">'
            f"<title>{escape(name)} ({escape(data.get('type', ''))})</title></circle>"
            f'<text x="{x:.1f}" y="{y + 26:.1f}" text-anchor="middle" class="node-label wide">{escape(name)}</text>{small_screen}</a>'
        )
    return _svg(width, height, "".join(body), title, "network")


# --------------------------------------------------------------------------- lineage


@dataclass(slots=True)
class LineageLink:
    older: int
    newer: int
    kind: str
    day: date | None
    href: str | None = None


def _layers(nodes: list[int], links: list[LineageLink]) -> dict[int, int]:
    """Each group's column: older groups left of newer ones (generations of the DAG; by first day if renames loop)."""
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((link.older, link.newer) for link in links if link.older != link.newer)
    try:
        depth = {node: i for i, generation in enumerate(nx.topological_generations(graph)) for node in generation}
    except nx.NetworkXUnfeasible:
        first_seen: dict[int, date] = {}
        for link in links:
            for node in (link.older, link.newer):
                first_seen[node] = min(first_seen.get(node, date.max), link.day or date.max)
        order = sorted({first_seen.get(n, date.max) for n in nodes})
        return {node: order.index(first_seen.get(node, date.max)) for node in nodes}
    for node in reversed(list(nx.topological_sort(graph))):  # a group with no known origin sits just before what it became
        if graph.in_degree(node) == 0 and graph.out_degree(node) > 0:
            depth[node] = min(depth[successor] for successor in graph.successors(node)) - 1
    used = sorted(set(depth.values()))
    return {node: used.index(d) for node, d in depth.items()}  # no empty columns


def lineage(names: dict[int, str], links: list[LineageLink], focus: int, title: str, link: str = "/entities/{id}/lineage") -> Markup:
    """Groups as boxes in columns from old to new, with arrows for mergers, splits and renames (labelled with the day)."""
    layers = _layers(list(names), links)
    columns: dict[int, list[int]] = {}
    for node in sorted(names, key=lambda n: (layers[n], names[n])):
        columns.setdefault(layers[node], []).append(node)
    neighbours = {n: [lk.older if lk.newer == n else lk.newer for lk in links if n in (lk.older, lk.newer)] for n in names}
    rank: dict[int, float] = {}
    for depth in sorted(columns):  # order each column by its neighbours' places to the left (barycentre)
        column = columns[depth]
        column.sort(key=lambda n: sum(rank.get(m, 0.0) for m in neighbours[n]) / max(1, len([m for m in neighbours[n] if m in rank])))
        for i, node in enumerate(column):
            rank[node] = i - (len(column) - 1) / 2
    box_width, column_gap, row_gap = 164.0, 76.0, 60.0
    tallest = max(len(c) for c in columns.values())
    width = len(columns) * (box_width + column_gap) - column_gap + 40
    height = tallest * row_gap + 50
    position = {n: (20 + layers[n] * (box_width + column_gap), height / 2 + rank[n] * row_gap) for n in names}
    body = [
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#495057"/></marker></defs>',
    ]
    for step in links:
        if step.older == step.newer:
            continue
        (x1, y1), (x2, y2) = position[step.older], position[step.newer]
        x1 += box_width
        stroke, dash = RELATION_STYLES.get(step.kind, ("#495057", ""))
        mid = (x1 + x2) / 2
        label = step.day.isoformat() if step.day else "?"
        what = f"{names[step.older]} {step.kind} {names[step.newer]} on {label}"
        path = (
            f'<path class="step" d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" fill="none" stroke="{stroke}" stroke-width="2.5" '
            f'stroke-dasharray="{dash}" marker-end="url(#arrow)"><title>{escape(what)}</title></path>'
            f'<text class="step-label" x="{mid:.1f}" y="{(y1 + y2) / 2 - 6:.1f}" text-anchor="middle">{escape(label)}</text>'
        )
        body.append(f'<a href="{escape(step.href)}">{path}</a>' if step.href else path)
    for node, name in names.items():
        x, y = position[node]
        shown = name if len(name) <= 24 else name[:23] + "…"
        css = "lineage-node current" if node == focus else "lineage-node"
        body.append(
            f'<a href="{escape(link.format(id=node))}" class="{css}" data-name="{escape(name)}">'
            f'<rect x="{x:.1f}" y="{y - 17:.1f}" width="{box_width}" height="34" rx="8"/>'
            f'<text x="{x + box_width / 2:.1f}" y="{y + 5:.1f}" text-anchor="middle"><title>{escape(name)}</title>{escape(shown)}</text></a>'
        )
    return _svg(width, height, "".join(body), title, "lineage", min_width=width)
