"""States that begin and end: terms of posts, memberships, relations and seat counts, from the reports that tell them.

A report says a state held on its day (a stated start, else its `when`,
else its article's date).  Reports of one holder of one state join into a
*term*, which holds from its first day until something ends it, and each end
keeps the report that caused it:

- a stated end (`end`: resigned, stepped down, left the coalition);
- a former post ("former leader X"): it ended before its article's date;
- a successor in a one-holder post: the new holder's first day ends the old
  term that day, so reports of one person on either side of a successor's
  term are two terms, with the gap between them;
- a newer seat count of the same group in the same chamber, or a later
  election of that chamber;
- for relations, a later report that the relation does not hold (negated),
  or, for an opposition, a later report of cooperation between the two;
- the end of an entity the state is about: dissolved, or merged into
  another party (`EntityEnds`); a state reported after that is cut at once,
  since nothing can be held in a party that no longer exists.

A term nothing has ended is open: it holds until a report ends it, and its
latest report says how stale that is.  This module is pure computation on
fact rows (as `asof.fact_rows` reads them), so every question (who, the
timeline, seats, the network, exports) applies the same rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from politograph.model import TimeValue, fold_name

SINGLE_HOLDER_ROLES = ("leader", "prime-minister", "mayor", "governor", "secretary-general")
"""Posts one person holds at a time: a new holder ends the old one's term, and two at once is a contradiction."""

RELATION_TYPES = ("alliance", "coalition", "opposition")
COOPERATION = frozenset({"alliance", "coalition"})
STATE_TYPES = frozenset({"role", "member", "seats", *RELATION_TYPES})
"""Fact types that are states (they hold over time); the others are events that happen on a day."""

ONE_DAY = timedelta(days=1)

Key = Hashable


def entity_key(entity_id: Any, name: Any) -> Key:
    """One side of a fact: its stored entity, or (unresolved) its folded name."""
    return int(entity_id) if entity_id is not None else fold_name(str(name or ""))


def _span_string(value: Any) -> TimeValue | None:
    try:
        return TimeValue(str(value)) if value else None
    except ValueError:
        return None


@dataclass(slots=True)
class Ending:
    """Why and when a term ended, with the fact row that says so (None for an inferred end without one)."""

    day: date
    reason: str
    row: dict[str, Any] | None = None


@dataclass(slots=True)
class Report:
    """One fact row as the time model reads it."""

    row: dict[str, Any]
    holder: Key
    day: date | None  # the first day it speaks of; None: a former post with no date, placed nowhere
    stated_end: date | None  # the last day it says the state held (its `end`, or before its article for a former post)
    former: bool
    ends_only: bool = False  # it ends the holder's term but starts none (a resignation, a negation)
    reason: str = "stated end"

    @property
    def published(self) -> date:
        day: date = self.row["published"]  # the row's document date (`fact_rows` joins it in)
        return day

    @property
    def sort_key(self) -> tuple[date, date, int]:
        day = self.day or self.stated_end or self.published
        return day, self.published, int(self.row.get("id") or 0)


def report_of(row: dict[str, Any], holder: Key) -> Report:
    """Read a fact row's days: a former post ends before its article; an end with nothing else is a resignation."""
    published: date = row["published"]
    stated_end = row["valid_to"] if row.get("end") and row.get("valid_to") else None
    if row.get("former"):
        before = published - ONE_DAY
        end = min(stated_end, before) if stated_end else before
        day = row["valid_from"] if row.get("start") else None
        return Report(row, holder, day, end, True, reason="former")
    day = row["valid_from"] or published
    ends_only = stated_end is not None and not row.get("start") and day >= stated_end  # "resigned on Monday": when and end alike
    return Report(row, holder, day, stated_end, False, ends_only)  # by position: a timeline reads hundreds


@dataclass(slots=True)
class Term:
    """One holder's uninterrupted hold on a state: from `since` to `until` (inclusive; None while open)."""

    holder: Key
    since: date | None
    reports: list[Report] = field(default_factory=list)
    until: date | None = None
    ending: Ending | None = None
    stated: bool = False  # `until` is a report's own stated end, which inferred ends do not move
    former: bool = False

    def holds(self, day: date) -> bool:
        return self.since is not None and self.since <= day and (self.until is None or day <= self.until)

    def last_reported(self, by: date | None = None) -> date | None:
        """The latest day a report of this term speaks of (up to `by`): how fresh the answer is.

        A report with a stated span speaks of every day to its end, so a
        reference term covering `by` is as fresh as can be.
        """
        days = []
        for report in self.reports:
            first = report.day or report.published
            if by is not None and first > by:
                continue
            last = max(first, report.stated_end) if report.stated_end and not report.former else first
            days.append(min(last, by) if by is not None else last)
        return max(days) if days else None

    def end(self, day: date, reason: str, row: dict[str, Any] | None, stated: bool = False) -> None:
        self.until, self.ending, self.stated = day, Ending(day, reason, row), stated


def _cut_others(current: dict[Key, Term], holder: Key, day: date, row: dict[str, Any]) -> None:
    """A one-holder post: whoever else holds it open (or by inference only) past `day` hands it over that day.

    Reports come in time order, so a term that has ended by `day` can never
    be cut again: it leaves `current` (the caller's view of terms that may
    still end), which keeps a post with thousands of reports linear.
    """
    for key in list(current):
        other = current[key]
        if other.until is not None and other.until <= day:
            del current[key]
            continue
        if other.holder == holder or other.since is None or other.since >= day:
            continue
        if other.until is None or not other.stated:
            other.end(day, "successor", row)


def _end_with(term: Term, report: Report) -> None:
    """A report's own end for a term: a stated end outranks an inferred one; a former post, a denial or cooperation only cut it short."""
    assert report.stated_end is not None
    if report.former:
        term.former = True
    if report.former or report.reason != "stated end":
        if term.until is None or term.until > report.stated_end:
            term.end(report.stated_end, report.reason, report.row, stated=report.reason != "former")
    elif not term.stated or term.until is None or report.stated_end > term.until:
        term.end(report.stated_end, report.reason, report.row, stated=True)


def build_terms(reports: Iterable[Report], single: bool = False) -> list[Term]:
    """The terms of every holder of one state, walking its reports in time order (see the module's rules)."""
    ordered = list(reports)
    if len(ordered) == 1 and ordered[0].day is not None and not ordered[0].ends_only:  # most states have one report: its own term
        only = ordered[0]
        fresh = Term(only.holder, only.day, [only])
        if only.stated_end is not None:
            _end_with(fresh, only)
        return [fresh]
    terms: list[Term] = []
    current: dict[Key, Term] = {}  # each holder's latest term
    running: dict[Key, Term] = {}  # a one-holder post's terms that may still be cut by a successor
    if len(ordered) > 1:
        ordered.sort(key=lambda r: r.sort_key)
    for report in ordered:
        term = current.get(report.holder)
        if report.day is None:  # a former post with no date: it ended before the article, began who knows when
            if term is not None and term.since is not None and term.since <= (report.stated_end or report.published):
                term.reports.append(report)
                _end_with(term, report)
            else:
                placed_nowhere = Term(report.holder, None, [report], former=True)
                placed_nowhere.end(report.stated_end or report.published, "former", report.row)
                terms.append(placed_nowhere)
                current.setdefault(report.holder, placed_nowhere)
            continue
        if report.ends_only:
            if term is not None and (term.since is None or term.since <= report.day):
                if report.reason == "stated end":
                    term.reports.append(report)
                _end_with(term, report)
            elif report.reason == "stated end":  # an end with no term before it: held that last day at least
                lone = Term(report.holder, report.day, [report])
                _end_with(lone, report)
                terms.append(lone)
                current[report.holder] = lone
            continue
        if term is not None and term.since is not None and (term.until is None or term.until >= report.day):
            term.reports.append(report)
            if report.stated_end is not None:
                _end_with(term, report)
            if single:  # the holder reported again inside a stated term: whoever claimed it meanwhile is cut here
                since = term.since
                intruders = {h: t for h, t in running.items() if t.since is not None and t.since > since}
                _cut_others(intruders, report.holder, report.day, report.row)
            continue
        fresh = Term(report.holder, report.day, [report])
        if report.stated_end is not None:
            _end_with(fresh, report)
        if single:
            _cut_others(running, report.holder, report.day, report.row)
            running[report.holder] = fresh
        current[report.holder] = fresh
        terms.append(fresh)
    return terms


# --------------------------------------------------------------------------- ends from outside a state


@dataclass(slots=True)
class EntityEnds:
    """The day each entity stopped existing (dissolved, or merged into another party), with the report."""

    by_entity: dict[Key, Ending] = field(default_factory=dict)

    def add(self, key: Key, ending: Ending) -> None:
        known = self.by_entity.get(key)
        if known is None or ending.day < known.day:
            self.by_entity[key] = ending

    def of(self, *keys: Key) -> Ending | None:
        """The first end among these entities."""
        if not self.by_entity:  # most stores' most entities: asked once per state
            return None
        found = [self.by_entity[k] for k in keys if k in self.by_entity]
        return min(found, key=lambda e: e.day) if found else None


def apply_endings(terms: list[Term], ending: Ending | None, later_too: bool = True) -> None:
    """End every term the ending falls within; with `later_too`, a term that began after it is cut on its first day."""
    if ending is None:
        return
    for term in terms:
        if term.since is None:
            continue
        if term.since <= ending.day and (term.until is None or ending.day < term.until):
            term.end(ending.day, ending.reason, ending.row)
        elif later_too and term.since > ending.day and (term.until is None or term.until > term.since):
            term.end(term.since, ending.reason, ending.row)


def apply_elections(terms: list[Term], elections: list[Ending]) -> None:
    """A seat count holds until the chamber's next election, unless it is that election's own result."""
    for term in terms:
        if term.since is None:
            continue
        for election in elections:  # in time order: the first one after the count ends it
            if election.day > term.since and (term.until is None or election.day < term.until):
                term.end(election.day, election.reason, election.row)
                break


# --------------------------------------------------------------------------- states by family


def _role_post(row: dict[str, Any]) -> tuple[Key, str]:
    return entity_key(row["object_id"], row["object"]), str(row["role"] or "")


def role_terms(rows: list[dict[str, Any]], ends: EntityEnds) -> dict[tuple[Key, str], list[Term]]:
    """Terms of every post (body, role) in these asserted role rows; a one-holder post hands over from holder to holder."""
    by_post: dict[tuple[Key, str], list[Report]] = defaultdict(list)
    for row in rows:
        by_post[_role_post(row)].append(report_of(row, entity_key(row["subject_id"], row["subject"])))
    found: dict[tuple[Key, str], list[Term]] = {}
    for post, reports in by_post.items():
        body, role = post
        if role in SINGLE_HOLDER_ROLES and body != "":
            terms = build_terms(reports, single=True)
        else:
            holders: dict[Key, list[Report]] = defaultdict(list)
            for report in reports:
                holders[report.holder].append(report)
            terms = [t for group in holders.values() for t in build_terms(group)]
        if body != "":
            apply_endings(terms, ends.of(body))
        found[post] = terms
    return found


def member_terms(rows: list[dict[str, Any]], ends: EntityEnds) -> dict[tuple[Key, Key], list[Term]]:
    """Terms of each person's membership of each group."""
    by_pair: dict[tuple[Key, Key], list[Report]] = defaultdict(list)
    for row in rows:
        pair = (entity_key(row["subject_id"], row["subject"]), entity_key(row["object_id"], row["object"]))
        by_pair[pair].append(report_of(row, pair[0]))
    found = {}
    for pair, reports in by_pair.items():
        terms = build_terms(reports)
        apply_endings(terms, ends.of(pair[1]))
        found[pair] = terms
    return found


def pair_of(row: dict[str, Any]) -> tuple[Key, Key]:
    """A relation's two sides in a fixed order, so "A allied with B" and "B allied with A" are one state."""
    first, second = entity_key(row["subject_id"], row["subject"]), entity_key(row["object_id"], row["object"])
    return (first, second) if str(first) <= str(second) else (second, first)


def _relation_reports(rows: list[dict[str, Any]]) -> list[Report]:
    """A pair's reports: asserted ones state the relation; a negated one ends it; cooperation ends an opposition.

    Cooperation is read as the end of an opposition only when the pair has
    one reported: an end with no term before it starts none.
    """
    opposed = any(row["type"] == "opposition" and row["modality"] == "asserted" for row in rows)
    reports = []
    for row in rows:
        if row["modality"] == "asserted":
            reports.append(report_of(row, row["type"]))
            if opposed and row["type"] in COOPERATION:
                truce = report_of(row, "opposition")
                truce.ends_only, truce.stated_end, truce.reason, truce.former = True, truce.day, "cooperation reported", False
                if truce.day is not None:
                    reports.append(truce)
        elif row["modality"] == "negated":
            denial = report_of(row, row["type"])
            if denial.day is not None:
                denial.ends_only, denial.stated_end, denial.reason, denial.former = True, denial.day, "reported as not holding", False
                reports.append(denial)
    return reports


def relation_terms(rows: list[dict[str, Any]], ends: EntityEnds) -> dict[tuple[Key, Key], list[Term]]:
    """Terms of alliances, coalitions and oppositions, by pair; each term's holder is its relation type."""
    by_pair: dict[tuple[Key, Key], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_pair[pair_of(row)].append(row)
    found = {}
    for pair, found_rows in by_pair.items():
        kinds: dict[Key, list[Report]] = defaultdict(list)
        for report in _relation_reports(found_rows):
            kinds[report.holder].append(report)
        terms = [t for kind in RELATION_TYPES if kind in kinds for t in build_terms(kinds[kind]) if t.reports]
        apply_endings(terms, ends.of(*pair))
        found[pair] = terms
    return found


def seat_terms(
    rows: list[dict[str, Any]], ends: EntityEnds, elections: dict[Key, list[Ending]], chamber_of: Callable[[dict[str, Any]], Key]
) -> dict[tuple[Key, Key], list[Term]]:
    """Terms of each group's seat count in each chamber: a count holds until a newer one or the chamber's next election."""
    by_group: dict[tuple[Key, Key], list[Report]] = defaultdict(list)
    for row in rows:
        group = (entity_key(row["subject_id"], row["subject"]), chamber_of(row))
        by_group[group].append(report_of(row, row["value"]))
    found = {}
    for group, reports in by_group.items():
        terms = build_terms(reports, single=True)
        apply_elections(terms, elections.get(group[1], []))
        apply_endings(terms, ends.of(group[0]))
        found[group] = terms
    return found


# --------------------------------------------------------------------------- what a report itself asserts (for contradictions)


@dataclass(slots=True, frozen=True)
class Asserted:
    """The days a report says its state surely held (`low`..`high`), or a window it held on some day of."""

    low: date | None
    high: date | None
    window: tuple[date, date] | None
    ends_here: bool  # its last day is a stated end: a successor may begin that day


def asserted_days(row: dict[str, Any]) -> Asserted | None:
    """What one report claims: a stated span, a day, or a vague window (a month); None for a former post with no dates.

    A start known to a year ("since 2012") is sure only from its last day; a
    present-tense report with a start holds through its own day.
    """
    start, end, when = _span_string(row.get("start")), _span_string(row.get("end")), _span_string(row.get("when"))
    published: date = row["published"]
    if row.get("former"):
        if start is None:
            return None
        first = start.latest()
        return Asserted(first, first, None, False)
    low = start.latest() if start else None
    high = end.earliest() if end else None
    if low is None and high is None:
        if when is None:
            return Asserted(published, published, None, False)
        first, last = when.earliest(), when.latest()
        if first is None or last is None:
            return None
        if first == last:
            return Asserted(first, last, None, False)
        return Asserted(None, None, (first, last), False)  # "last week", "in June": some day of it, not every day
    if low is None:  # an end alone ("resigned on Monday"): held that day
        return Asserted(high, high, None, True)
    if high is None:
        if row.get("kind") == "reference":  # a reference record's open term says when it began, not that it runs to the data's date
            return Asserted(low, low, None, False)
        day = when.earliest() if when is not None and when.earliest() == when.latest() else published
        high = max(low, day) if day else low
        return Asserted(low, high, None, False)
    return Asserted(low, high, None, True) if low <= high else None


def clash(first: Asserted, second: Asserted) -> date | None:
    """The first day two reports cannot both be true, or None; a hand-over on one day is no clash.

    Two sure spans clash when they share more than one day, or share one day
    that is not where one of them ends and the other begins.  A vague window
    clashes only with a sure span that covers it all, beyond its edges.
    """
    if first.low is not None and first.high is not None and second.low is not None and second.high is not None:
        low, high = max(first.low, second.low), min(first.high, second.high)
        if low > high:
            return None
        if low < high:
            return low
        handover = (first.high == low and first.ends_here and second.low == low) or (second.high == low and second.ends_here and first.low == low)
        handover = handover or (first.high == low and first.low < low and second.low == low) or (second.high == low and second.low < low and first.low == low)
        # the old holder's only report is the day the new one begins, and the new one goes on: a hand-over too
        handover = handover or (first.high == low and second.low == low and second.high > low) or (second.high == low and first.low == low and first.high > low)
        return None if handover else low
    for span, vague in ((first, second), (second, first)):
        inside = span.low is not None and span.high is not None and vague.window is not None and span.low < vague.window[0] and vague.window[1] < span.high
        if inside:
            assert vague.window is not None
            return vague.window[0]
    return None
