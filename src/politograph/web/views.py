"""From query answers to what a page draws: timeline lanes, seat-arc groups, lineage links.

Kept apart from the routes so each is a plain function of a query's answer
(testable without HTTP) and from the charts so those stay generic.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from politograph.query.asof import SeatsAnswer
from politograph.query.lineage import Lineage, Reached, descend
from politograph.query.records import Citation, Claim
from politograph.web.charts import ArcGroup, Bar, Lane, LineageLink, colour, shade

CHART_TYPES = ("role", "member", "coalition", "alliance", "opposition")
"""Claims drawn as lanes on an entity's timeline; the rest are events, listed with their evidence."""


def document_href(doc_id: str, fact_id: int | None = None, api: bool = False) -> str:
    """The page (or with `api` the JSON) of a document; every link to one is built here.

    Ids are often URLs ("https://news.example/2014/12/01/story", with "?",
    "#", "%", spaces or any script), so the id is percent-encoded whole: a
    "/" must not start a new path segment, nor "#" or "?" end the path.
    """
    path = ("/api/documents/" if api else "/documents/") + quote(doc_id, safe="")
    return path + (f"#fact-{fact_id}" if fact_id else "")


def evidence_href(evidence: Citation) -> str:
    """Where a piece of evidence is read: the article, scrolled to the fact's sentence."""
    return document_href(evidence.doc_id, evidence.fact_id)


WEB_SCHEMES = ("http", "https")


def web_link(url: str | None) -> str | None:
    """`url` if it may be a live link (http or https with a host), else None: a stored "javascript:" or "data:" URL is shown as text, never followed."""
    if not url:
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # an unbalanced "[" in the host, say
        return None
    return text if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None


def _known(day: date | None) -> date | None:
    return None if day in (None, date.min, date.max) else day


def _claim_days(claim: Claim) -> tuple[date, date]:
    """A claim's span on the chart: its term (an open one to its latest report), else the day its first article was published."""
    published = min((s.published for s in claim.evidence if not s.reference), default=min(s.published for s in claim.evidence))
    start = _known(claim.valid_from) or published
    end = _known(claim.valid_to) or (_known(claim.last_reported) if claim.open else None) or start
    return start, max(start, end)


def _lane_label(claim: Claim, entity_id: int) -> tuple[str, int | None]:
    """What a lane is, seen from the entity: "leader of Your Party", or "Toru Hashimoto (leader)"."""
    what = claim.role or claim.type
    if claim.subject_id == entity_id:
        if claim.type in ("role", "member"):
            return (f"{what} of {claim.object}" if claim.object else what), claim.object_id
        return f"{claim.type} with {claim.object}", claim.object_id
    if claim.type in ("role", "member"):
        return f"{claim.subject} ({what})", claim.subject_id
    return f"{claim.type} with {claim.subject}", claim.subject_id


def term_text(claim: Claim) -> str:
    """A term in words: "2014-04-07 – 2014-11-28 (dissolved)", "since 2014-12-15, open", "former, until before 2012-11-17"."""
    start = _known(claim.valid_from)
    if claim.former and start is None:
        return f"former, until {claim.valid_to}" if claim.valid_to else "former"
    if claim.open:
        return f"since {start}, open" if start else "open"
    ended = f" ({claim.ended_by})" if claim.ended_by else ""
    return f"{start or '?'} – {_known(claim.valid_to) or '?'}{ended}" + (", former" if claim.former else "")


def entity_lanes(claims: list[Claim], entity_id: int) -> list[Lane]:
    """One lane per post, membership or relation; a bar per term (two terms are two bars, with the gap between), a dot per article."""
    found: dict[str, Lane] = {}
    spans: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.type not in CHART_TYPES or not claim.evidence:
            continue
        label, other = _lane_label(claim, entity_id)
        lane = found.setdefault(label, Lane(label, f"/entities/{other}" if other else None))
        spans[label].append(claim)
        for source in claim.evidence:
            if source.reference:  # a pack's date says when the pack was written, not when anything happened
                continue
            lane.reports.append((source.published, f"{source.published} {source.source or source.doc_id}: {source.sentence or ''}", evidence_href(source)))
    for label, lane in found.items():
        for claim in sorted(spans[label], key=_claim_days):
            if claim.former and claim.valid_from is None:
                continue  # a former post with no dates has no place on a time axis; the table lists it
            start, end = _claim_days(claim)
            reports = len(claim.evidence)
            title = f"{label}: {term_text(claim)} ({reports} report{'s' if reports != 1 else ''}, {claim.modality})"
            lane.bars.append(Bar(start, end, title, evidence_href(claim.evidence[0]), claim.modality))
    order = {kind: i for i, kind in enumerate(CHART_TYPES)}
    lanes = [lane for lane in found.values() if lane.bars or lane.reports]
    return sorted(lanes, key=lambda lane: (order[spans[lane.label][0].type], lane.bars[0].start if lane.bars else date.max))


def busiest(lanes: list[Lane], limit: int) -> list[Lane]:
    """At most `limit` lanes, those with the most articles, in their original order (a chart of hundreds is unreadable)."""
    if len(lanes) <= limit:
        return lanes
    kept = {id(lane) for lane in sorted(lanes, key=lambda lane: -len(lane.reports))[:limit]}
    return [lane for lane in lanes if id(lane) in kept]


@dataclass(slots=True)
class SeatRow:
    """A legend row of the seat chart."""

    name: str
    entity_id: int | None
    seats: int
    colour: str
    bloc: int
    as_of: date | None
    banzhaf: float | None  # None: the known seats cannot settle it
    shapley_shubik: float | None
    evidence: list[Citation]
    won: bool | None = None
    until: date | None = None
    ended_by: str | None = None


def seat_rows(answer: SeatsAnswer) -> list[SeatRow]:
    """Groups ordered bloc by bloc (biggest bloc first, from the arc's left), coloured by bloc in shades."""
    totals: dict[int, int] = defaultdict(int)
    for group in answer.groups:
        totals[group.bloc] += group.seats
    bloc_order = sorted(totals, key=lambda b: -totals[b])
    rows: list[SeatRow] = []
    for rank, bloc in enumerate(bloc_order):
        members = sorted((g for g in answer.groups if g.bloc == bloc), key=lambda g: -g.seats)
        for step, group in enumerate(members):
            tint = shade(colour(rank), step)
            row = SeatRow(group.group, group.entity_id, group.seats, tint, rank, group.as_of, group.banzhaf, group.shapley_shubik, group.evidence)
            row.won, row.until, row.ended_by = group.won, group.until, group.ended_by
            rows.append(row)
    return rows


def arc_groups(rows: list[SeatRow], answer: SeatsAnswer) -> list[ArcGroup]:
    """The seat rows as groups of the arc, each with its bloc's name when it is in a coalition."""
    members: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        members[row.bloc].append(row.name)
    groups = []
    for row in rows:
        bloc = " + ".join(members[row.bloc]) if len(members[row.bloc]) > 1 else ""
        groups.append(ArcGroup(row.name, row.seats, row.colour, f"/entities/{row.entity_id}" if row.entity_id else None, bloc))
    return groups


def lineage_links(answer: Lineage, focus: int) -> tuple[dict[int, str], list[LineageLink]]:
    """Every group in a party's lineage and every step between them, for the lineage chart."""
    names: dict[int, str] = {focus: answer.name}
    links: list[LineageLink] = []
    drawn: set[tuple[int, int, str, date | None]] = set()

    def link(group: Reached, go_on: bool) -> bool | None:
        step = group.step
        if group.entity_id is None or step.older_id is None or step.newer_id is None:
            return None  # a step to a group the store does not hold cannot be drawn, nor anything beyond it
        names.setdefault(group.entity_id, group.name)
        names.setdefault(step.older_id, step.older)
        names.setdefault(step.newer_id, step.newer)
        key = (step.older_id, step.newer_id, step.kind, step.day)
        if key not in drawn:  # a group reached along two paths (two partners of one merger) is one step, drawn once
            drawn.add(key)
            links.append(LineageLink(step.older_id, step.newer_id, step.kind, step.day, evidence_href(step.evidence[0]) if step.evidence else None))
        return go_on

    descend(answer.predecessors, False, link, True)
    descend(answer.successors, True, link, True)
    return names, links
