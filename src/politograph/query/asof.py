"""As-of questions over the whole store: who held a post, an entity's timeline, seats, contradictions.

Two times are kept apart (FORMAT.md, bitemporal): the *valid* time a fact
speaks of (`valid_from`/`valid_to`, from the text) and the *recorded* time
(the article's publication date).  `at` asks about the world on a day;
`known_at` limits the answer to what had been published by a day, so
"who led Your Party on 2014-06-10, as the press knew it then?" is one call.

Posts, memberships, relations and seat counts are states with a beginning
and an end (`query.states` has the rules): each answer gives a state's
first day, its last (or that it is still open, and how old its latest
report is), and the report that ended it.  Contradictions are reports that
cannot all be true, judged report against report; a user's verdict on one
(settled or dismissed, `store.curation.record_verdict`) hides it, and a
settled one's losing reports stop counting in every answer.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, union_all

from politograph.model import SYMMETRIC_FACT_TYPES, fold_name
from politograph.query.records import Citation, Claim, claim_of, evidence_of
from politograph.query.states import (
    RELATION_TYPES,
    SINGLE_HOLDER_ROLES,
    STATE_TYPES,
    Asserted,
    Ending,
    EntityEnds,
    Key,
    Term,
    asserted_days,
    clash,
    entity_key,
    member_terms,
    relation_terms,
    role_terms,
    seat_terms,
)
from politograph.store.repository import Store, no_such_entity
from politograph.store.schema import aliases, documents, entities, facts, verdicts

EVIDENCE_COLUMNS = (documents.c.published, documents.c.source, documents.c.kind)
"""What a fact row carries of its document, to become a `Citation`."""

EVENT_TYPES = ("split", "merger", "founding", "dissolution", "rename", "meeting", "election", "referendum")
"""Things that happen on a day: reported as both happened and not, they contradict each other."""


class NotFound(LookupError):
    """No stored entity goes by the name asked for (or no contradiction has the key given)."""


def entity_ids(store: Store, name: str) -> list[int]:
    """Ids of the entities that go by `name` (any alias, case and macrons ignored), or the one entity `#id` names.

    An entity whose own name it is wins over those that only have it as an
    alias: "House of Representatives" is Japan's chamber, named so by its
    pack, not every chamber of that name ("House of Representatives (Australia)").
    """
    matches = store.find_entities(name)
    if not matches:
        raise NotFound(no_such_entity(name))
    own = [int(e["id"]) for e in matches if fold_name(str(e["name"])) == fold_name(name)]
    return own or [int(e["id"]) for e in matches]


def fact_rows(store: Store, *conditions: Any, known_at: date | None = None) -> list[dict[str, Any]]:
    """Facts matching `conditions` with their article's date and source, in time order (published by `known_at`)."""
    query = select(facts, *EVIDENCE_COLUMNS).join(documents, documents.c.id == facts.c.doc_id).where(*conditions)
    if known_at is not None:
        query = query.where(documents.c.published <= known_at)
    with store.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query.order_by(facts.c.valid_from, documents.c.published, facts.c.id))]


def claims(rows: list[dict[str, Any]]) -> list[Claim]:
    """Rows grouped into claims: one per (type, ends, role, value, time), all reports as evidence.

    A claim's modality is that of its latest report: a merger reported as
    planned and later as done is one asserted merger.
    """
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        ends = (row["subject_id"] or row["subject"], row["object_id"] or row["object"])
        grouped[(row["type"], *ends, row["role"], row["value"], row["scope"], row["valid_from"], row["valid_to"])].append(row)
    found = []
    for reports in grouped.values():
        claim = claim_of(reports[0], reports)
        claim.former = bool(reports[0]["former"])
        claim.modality = max(reversed(reports), key=lambda r: r["published"])["modality"]  # the last of the latest reports
        found.append(claim)
    return found


def term_claim(term: Term, kind: str, at: date | None = None) -> Claim:
    """A state's term as a claim: its first and last day, why it ended, and how fresh its latest report is."""
    rows = [r.row for r in term.reports]
    first = rows[0]
    latest = first if len(rows) == 1 else max(rows, key=lambda r: (r["published"], r.get("id") or 0))
    named = first if kind in RELATION_TYPES else latest  # a relation keeps the sides in the order first reported
    claim = claim_of(latest, rows, in_time_order=True, kind=kind)
    claim.subject, claim.object, claim.subject_id, claim.object_id = named["subject"], named["object"], named["subject_id"], named["object_id"]
    claim.when, claim.valid_from, claim.valid_to, claim.modality = first["when"], term.since, term.until, "asserted"
    claim.former, claim.open = term.former, term.until is None
    if term.ending is not None:
        claim.ended_by = term.ending.reason
        claim.end_evidence = evidence_of(term.ending.row) if term.ending.row is not None else None
    claim.last_reported = term.last_reported(at)
    if at is not None and claim.last_reported is not None:
        claim.age_days = (at - claim.last_reported).days
    return claim


def _holds_at(at: date) -> ColumnElement[bool]:
    """SQL: the fact starts by `at` and has not explicitly ended before it."""
    return and_(facts.c.valid_from <= at, or_(facts.c.end.is_(None), facts.c.valid_to >= at))


# --------------------------------------------------------------------------- verdicts and ends


def signature(row: dict[str, Any]) -> tuple[str, str, str, str, int | None]:
    """What names one report for a verdict: its document and what it says (holder, post, count), stable across re-analysis."""
    holder = entity_key(row["subject_id"], row["subject"])
    return (str(row["doc_id"]), str(row["type"]), f"#{holder}" if isinstance(holder, int) else f"={holder}", str(row["role"] or ""), row["value"])


def rejected_reports(store: Store) -> set[tuple[Any, ...]]:
    """Reports a user's settled verdicts found wrong: answers leave them out."""
    with store.connect() as connection:
        found = connection.execute(select(verdicts.c.rejected).where(verdicts.c.kind == "settle", verdicts.c.rejected.is_not(None))).scalars().all()
    return {tuple(item) for text in found for item in json.loads(text)}


def without_rejected(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rejected = rejected_reports(store)
    return [row for row in rows if signature(row) not in rejected] if rejected else rows


def _names_to_ids(store: Store, names: Iterable[str]) -> dict[str, set[int]]:
    """Folded name -> ids of the entities going by it, for every name at once (merger results, renames)."""
    folded = {fold_name(n) for n in names if n}
    found: dict[str, set[int]] = defaultdict(set)
    if folded:
        with store.connect() as connection:
            for entity_id, name in connection.execute(select(aliases.c.entity_id, aliases.c.folded).where(aliases.c.folded.in_(sorted(folded)))):
                found[name].add(int(entity_id))
    return found


def entity_ends(store: Store, known_at: date | None = None, ids: Iterable[int] | None = None) -> EntityEnds:
    """When each entity ended: dissolved, or merged into another party (a merger's result lives on), with the report."""
    conditions = [facts.c.type.in_(("dissolution", "merger")), facts.c.modality == "asserted", facts.c.valid_from.is_not(None)]
    if ids is not None:
        chosen = sorted(set(ids))
        if not chosen:
            return EntityEnds()
        conditions.append(or_(facts.c.subject_id.in_(chosen), facts.c.object_id.in_(chosen)))
    rows = fact_rows(store, *conditions, known_at=known_at)
    results = _names_to_ids(store, [r["result"] for r in rows if r["result"]])
    ends = EntityEnds()
    for row in rows:
        survivors = results.get(fold_name(row["result"]), set()) if row["result"] else set()
        sides = [(row["subject_id"], row["subject"])]
        if row["type"] == "merger":
            sides.append((row["object_id"], row["object"]))
        for entity_id, name in sides:
            if entity_id in survivors or (entity_id is None and not name):
                continue
            ends.add(entity_key(entity_id, name), Ending(row["valid_from"], "dissolved" if row["type"] == "dissolution" else "merged", row))
    return ends


def renamed_together(store: Store, ids: list[int], known_at: date | None = None) -> list[int]:
    """These entities and every one a rename joins them to: a renamed party is the same party under its new name."""
    rows = fact_rows(store, facts.c.type == "rename", facts.c.modality == "asserted", facts.c.subject_id.is_not(None), facts.c.result.is_not(None), known_at=known_at)
    if not rows:
        return ids
    targets = _names_to_ids(store, [r["result"] for r in rows])
    links: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        subject, found = int(row["subject_id"]), targets.get(fold_name(row["result"]), set())
        if subject in found or len(found) != 1:  # renamed in place, or the new name is ambiguous
            continue
        (other,) = found
        links[subject].add(other)
        links[other].add(subject)
    joined, todo = set(ids), list(ids)
    while todo:
        for other in links.get(todo.pop(), ()):
            if other not in joined:
                joined.add(other)
                todo.append(other)
    return sorted(joined)


# --------------------------------------------------------------------------- who


@dataclass(slots=True)
class WhoAnswer:
    """Holders of a post on a day (the latest to begin first), and whether a one-holder post has two at once."""

    role: str
    of: str
    at: date
    holders: list[Claim]
    conflicting: bool


def holding(terms: list[Term], at: date) -> list[Term]:
    """Terms that hold on `at`; one that ends the day another begins has handed over and is left out."""
    found = [t for t in terms if t.holds(at)]
    starting = {t.holder for t in found if t.since == at}
    return [t for t in found if not (t.until == at and t.since != at and starting - {t.holder})]


def who(store: Store, role: str, of: str, at: date, known_at: date | None = None, min_confidence: float = 0.0) -> WhoAnswer:
    """Who held `role` of `of` on `at` (as known by `known_at`, if given; from reports read with at least `min_confidence`).

    A holder's term runs from their first report (or stated start) until it
    is ended: by a stated end, a former mention, a successor in a one-holder
    post, or the end of the party itself.  Two people holding a one-holder
    post on one day is a conflict, shown with both sides' evidence.
    """
    ids = renamed_together(store, entity_ids(store, of), known_at)
    rows = fact_rows(
        store,
        facts.c.type == "role",
        facts.c.role == role,
        facts.c.object_id.in_(ids),
        facts.c.modality == "asserted",
        facts.c.confidence >= min_confidence,
        known_at=known_at,
    )
    body = ids[0]
    rows = [{**row, "object_id": body} for row in without_rejected(store, rows)]  # one post, whichever of its names a report used
    ends = entity_ends(store, known_at, ids)
    body_end = ends.of(*ids)
    bodies = EntityEnds({body: body_end} if body_end else {})
    terms = [t for found in role_terms(rows, bodies).values() for t in found]
    chosen = sorted(holding(terms, at), key=lambda t: (t.since or date.min, t.last_reported(at) or date.min), reverse=True)
    holders = [term_claim(t, "role", at) for t in chosen]
    return WhoAnswer(role, of, at, holders, conflicting=role in SINGLE_HOLDER_ROLES and len(holders) > 1)


# --------------------------------------------------------------------------- timeline


def timeline(store: Store, name: str, known_at: date | None = None) -> list[Claim]:
    """Every claim about an entity (as subject or object), in time order, with evidence."""
    return timeline_of(store, entity_ids(store, name), known_at)


def _is_state_report(row: dict[str, Any]) -> bool:
    return row["type"] in STATE_TYPES and row["modality"] == "asserted"


def timeline_of(store: Store, ids: list[int], known_at: date | None = None) -> list[Claim]:
    """Every claim about these stored entities in time order: states as terms (first day to last), events as claims.

    A one-holder post's terms need its other holders (a successor ends a
    term), so their reports are read too, and only these entities' terms kept.
    """
    rejected = rejected_reports(store)
    rows = fact_rows(store, or_(facts.c.subject_id.in_(ids), facts.c.object_id.in_(ids)), known_at=known_at)
    rows = [r for r in rows if signature(r) not in rejected] if rejected else rows
    states = [r for r in rows if _is_state_report(r)]
    others = [r for r in rows if not _is_state_report(r)]
    chosen = set(ids)
    roles = [r for r in states if r["type"] == "role"]
    roles += _other_holders(store, roles, chosen, known_at, rejected)
    involved = {i for r in states for i in (r["subject_id"], r["object_id"]) if i is not None}
    ends = entity_ends(store, known_at, involved)
    found: list[Claim] = []
    for (body, _role), terms in role_terms(roles, ends).items():
        found += [term_claim(t, "role") for t in terms if t.reports and (body in chosen or t.holder in chosen)]
    for terms in member_terms([r for r in states if r["type"] == "member"], ends).values():
        found += [term_claim(t, "member") for t in terms if t.reports]
    relations = [r for r in rows if r["type"] in RELATION_TYPES and r["modality"] in ("asserted", "negated")]
    for terms in relation_terms(relations, ends).values():
        found += [term_claim(t, str(t.holder)) for t in terms]
    seat_rows = [r for r in states if r["type"] == "seats"]
    if seat_rows:
        book = ChamberBook(store)
        book.learn_documents(seat_rows)
        for terms in seat_terms(seat_rows, ends, _elections(store, known_at, book), book.chamber_of).values():
            found += [term_claim(t, "seats") for t in terms]
    found += claims(others)
    return sorted(found, key=lambda c: (c.valid_from or date.max, c.type))


def _other_holders(store: Store, roles: list[dict[str, Any]], chosen: set[int], known_at: date | None, rejected: set[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Other holders' reports that can end these entities' terms in one-holder posts of other bodies.

    Only reports from an entity's first day in the post to the first other
    holder after its last can: earlier ones precede it, later ones follow
    a successor.  One statement, however many posts.
    """
    spans: dict[tuple[int, str], tuple[date, date]] = {}
    for row in roles:
        if row["role"] in SINGLE_HOLDER_ROLES and row["object_id"] is not None and row["object_id"] not in chosen:
            first = row["valid_from"] or row["published"]
            last = max(first, row["valid_to"] or first)
            post = (int(row["object_id"]), str(row["role"]))
            low, high = spans.get(post, (first, last))
            spans[post] = (min(low, first), max(high, last))
    if not spans:
        return []
    someone_else = or_(facts.c.subject_id.is_(None), facts.c.subject_id.not_in(sorted(chosen)))
    known: list[Any] = [facts.c.recorded_at <= known_at] if known_at is not None else []
    in_post = [facts.c.type == "role", facts.c.modality == "asserted", *known]
    windows = []
    for (body, role), (first, last) in spans.items():
        successor = select(func.min(facts.c.valid_from)).where(*in_post, facts.c.object_id == body, facts.c.role == role, facts.c.valid_from > last, someone_else)
        until = func.coalesce(successor.scalar_subquery(), last)
        window = [facts.c.object_id == body, facts.c.role == role, facts.c.valid_from >= first, facts.c.valid_from <= until]
        windows.append(select(facts, *EVIDENCE_COLUMNS).join(documents, documents.c.id == facts.c.doc_id).where(*in_post, *window))
    seen = {r["id"] for r in roles}
    with store.connect() as connection:  # one index range per post in one statement (an OR of them sends the planner scanning every role)
        rows = [dict(row._mapping) for row in connection.execute(union_all(*windows))]
    return [r for r in rows if r["id"] not in seen and signature(r) not in rejected]


# --------------------------------------------------------------------------- seats


@dataclass(slots=True)
class SeatShare:
    group: str
    seats: int
    qualifier: str | None
    as_of: date | None  # the day of the count in force
    bloc: int
    banzhaf: float | None = 0.0  # None when the known seats cannot settle who is pivotal
    shapley_shubik: float | None = 0.0
    evidence: list[Citation] = field(default_factory=list)
    entity_id: int | None = None  # None when the group's name was never resolved to a stored entity
    won: bool | None = None  # the count was won at an election (True) or is seats held (False); None: not said
    until: date | None = None  # the day a later report ends this count (a newer count, an election, the group's end), if known
    ended_by: str | None = None
    age_days: int | None = None  # how old the count is on the day asked about


@dataclass(slots=True)
class SeatsAnswer:
    """A chamber on a day: seats by group, blocs, thresholds and voting power, and how much of the chamber is known."""

    chamber: str
    at: date
    total: int | None
    majority: int | None
    two_thirds: int | None
    quota: int | None
    groups: list[SeatShare]
    blocs: list[tuple[list[str], int]]
    known: int = 0  # seats of the groups listed
    complete: bool = False  # the known seats cover the chamber's size
    power: bool = False  # the power indices are given (complete, or one group decides alone whatever the rest hold)
    election: date | None = None  # the latest election of the chamber by then, whose result (and changes since) this is
    note: str | None = None  # what is missing, when something is
    unreported: list[str] = field(default_factory=list)  # groups with a count before that election and none since


def chamber_names(store: Store, chamber: str) -> tuple[list[int], list[str]]:
    """The chamber's entity ids and every name it is stored under (seat facts name it in `scope`)."""
    ids = entity_ids(store, chamber)
    with store.connect() as connection:
        names = [row[0] for row in connection.execute(select(aliases.c.alias).where(aliases.c.entity_id.in_(ids)))]
        names += [row[0] for row in connection.execute(select(entities.c.name).where(entities.c.id.in_(ids)))]
    return ids, sorted(set(names) | {chamber})


class ChamberBook:
    """Which chamber a seat count is about: its scope's chamber entity, else (no scope) the one chamber its article names."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.connect() as connection:
            bodies = select(entities.c.id).where(entities.c.type == "GOV_BODY")
            rows = connection.execute(select(aliases.c.folded, aliases.c.entity_id).where(aliases.c.entity_id.in_(bodies))).all()
            self.bodies = {int(i) for i in connection.execute(bodies).scalars()}
        by_name: dict[str, set[int]] = defaultdict(set)
        for folded, entity_id in rows:
            by_name[folded].add(int(entity_id))
        self.by_name = {name: min(found) for name, found in by_name.items() if len(found) == 1}
        self._by_doc: dict[str, Key] = {}
        self._named: dict[str, Key] = {}  # scope as written -> chamber (a chamber's counts repeat one scope thousands of times)

    def named(self, scope: str | None) -> Key:
        if not scope:
            return ""
        found = self._named.get(scope)
        if found is None:
            folded = fold_name(scope)
            found = self._named[scope] = self.by_name.get(folded, folded)
        return found

    def learn_documents(self, rows: Iterable[dict[str, Any]]) -> None:
        """Each document's chambers, from its scoped counts and the chamber sizes it gives; one chamber names its unscoped counts."""
        found: dict[str, set[Key]] = defaultdict(set)
        for row in rows:
            if row["scope"]:
                found[row["doc_id"]].add(self.named(row["scope"]))
            elif row["subject_id"] in self.bodies:
                found[row["doc_id"]].add(int(row["subject_id"]))
        self._by_doc.update({doc: next(iter(keys)) for doc, keys in found.items() if len(keys) == 1})

    def chamber_of(self, row: dict[str, Any]) -> Key:
        if row["subject_id"] in self.bodies:
            return ("size", int(row["subject_id"]))  # a chamber's own size is not a group's seats in it
        return self.named(row["scope"]) if row["scope"] else self._by_doc.get(row["doc_id"], "")


def _elections(store: Store, known_at: date | None, book: ChamberBook) -> dict[Key, list[Ending]]:
    """Each chamber's election days, from the counts won at them (one report of each as evidence), in time order."""
    rows = fact_rows(store, facts.c.type == "seats", facts.c.won.is_(True), facts.c.modality == "asserted", facts.c.valid_from.is_not(None), known_at=known_at)
    book.learn_documents(rows)
    found: dict[Key, dict[date, Ending]] = defaultdict(dict)
    for row in rows:
        chamber = book.chamber_of(row)
        if chamber != "" and not isinstance(chamber, tuple):
            found[chamber].setdefault(row["valid_from"], Ending(row["valid_from"], "election", row))
    return {chamber: _one_per_election(days) for chamber, days in found.items()}


ELECTION_WINDOW = timedelta(days=21)
"""Counts won within this many days of an election's first reported result are that election's (a final count, a late report).

A count "won" is often dated by the article that reports it, days after
polling day; no chamber holds two general elections three weeks apart.
"""


def _one_per_election(days: dict[date, Ending]) -> list[Ending]:
    """Election days in order, a later report's day within `ELECTION_WINDOW` of the first one folded into it."""
    found: list[Ending] = []
    for day in sorted(days):
        if not found or day - found[-1].day > ELECTION_WINDOW:
            found.append(days[day])
    return found


def _latest_counts(store: Store, ids: list[int], names: list[str], at: date, known_at: date | None) -> list[dict[str, Any]]:
    """Each group's last seat count in the chamber by `at` (one row per group name and scope).

    A count counts when its scope names the chamber, or when it has no scope
    and comes from an article that gives this chamber's seats elsewhere.  A
    chamber's own size (a seat count of a government body) is never a group's.
    Done in small steps the planner cannot get wrong: the scoped reduction
    reads only the covering index `ix_facts_seats_latest`, and each winning
    row is one index seek.
    """
    in_force = [facts.c.type == "seats", facts.c.modality == "asserted", facts.c.valid_from <= at]
    if known_at is not None:
        in_force.append(facts.c.recorded_at <= known_at)
    day = func.max(facts.c.valid_from).label("day")
    with store.connect() as connection:
        group = (facts.c.scope, facts.c.subject_id, facts.c.subject)
        scoped = connection.execute(select(*group, day).where(*in_force, facts.c.scope.in_(names)).group_by(*group)).all()
        unscoped_query = select(facts.c.id, facts.c.doc_id, facts.c.subject_id, facts.c.subject, facts.c.valid_from).where(*in_force, facts.c.scope.is_(None))
        unscoped = connection.execute(unscoped_query).all()
        subjects = sorted({int(row.subject_id) for row in (*scoped, *unscoped) if row.subject_id is not None})
        is_body = select(entities.c.id).where(entities.c.id.in_(subjects), entities.c.type == "GOV_BODY")  # by key, not a scan of every entity
        bodies = {int(i) for i in connection.execute(is_body).scalars()} if subjects else set()
        doc_ids = sorted({row.doc_id for row in unscoped})
        names_chamber = or_(facts.c.scope.in_(names), facts.c.subject_id.in_(ids))
        chamber_docs = set(connection.execute(select(facts.c.doc_id).where(*in_force, facts.c.doc_id.in_(doc_ids), names_chamber)).scalars()) if doc_ids else set()
        best: dict[tuple[Any, Any], tuple[date, Any]] = {}  # (subject id, subject) -> (day, how to find the row)
        for row in scoped:
            if row.subject_id not in bodies and row.day > best.get((row.subject_id, row.subject), (date.min,))[0]:
                best[(row.subject_id, row.subject)] = (row.day, row.scope)
        for count in unscoped:
            if count.doc_id in chamber_docs and count.subject_id not in bodies and count.valid_from > best.get((count.subject_id, count.subject), (date.min,))[0]:
                best[(count.subject_id, count.subject)] = (count.valid_from, int(count.id))
        winners: list[int] = []
        for (subject_id, subject), (when, where) in best.items():
            if isinstance(where, int):
                winners.append(where)
                continue
            same = facts.c.subject_id.is_(None) if subject_id is None else facts.c.subject_id == subject_id
            seek = select(facts.c.id).where(*in_force, facts.c.scope == where, same, facts.c.subject == subject, facts.c.valid_from == when)
            winners.extend(int(i) for i in connection.execute(seek).scalars())
        query = (
            select(facts, *EVIDENCE_COLUMNS, entities.c.name.label("group_name"))
            .join(documents, documents.c.id == facts.c.doc_id)
            .outerjoin(entities, entities.c.id == facts.c.subject_id)
            .where(facts.c.id.in_(winners), or_(facts.c.end.is_(None), facts.c.valid_to >= at))  # a count with a stated end that has passed is no one's
            .order_by(facts.c.valid_from, documents.c.published, facts.c.id)
        )
        return [dict(row._mapping) for row in connection.execute(query)] if winners else []


def _next_counts(store: Store, names: list[str], rows: dict[int | str, dict[str, Any]], at: date, known_at: date | None) -> dict[int | str, date]:
    """For each group, the first day after `at` a count of it in the chamber gives another number: one statement of index seeks."""
    if not rows:
        return {}
    keys = list(rows)
    seeks = []
    for key in keys:
        row = rows[key]
        same = facts.c.subject_id.is_(None) if row["subject_id"] is None else facts.c.subject_id == row["subject_id"]
        seek = select(func.min(facts.c.valid_from)).where(
            facts.c.type == "seats", facts.c.modality == "asserted", facts.c.scope.in_(names), same, facts.c.valid_from > at, facts.c.value != row["value"]
        )
        if row["subject_id"] is None:
            seek = seek.where(facts.c.subject == row["subject"])
        if known_at is not None:
            seek = seek.where(facts.c.recorded_at <= known_at)
        seeks.append(seek.scalar_subquery())
    with store.connect() as connection:
        found = connection.execute(select(*seeks)).one()
    return {key: day for key, day in zip(keys, found, strict=True) if day is not None}


def _chamber_elections(store: Store, ids: list[int], names: list[str], known_at: date | None) -> list[Ending]:
    """The chamber's election days: counts won at an election, scoped to it or unscoped in an article that names it."""
    rows = fact_rows(
        store,
        facts.c.type == "seats",
        facts.c.won.is_(True),
        facts.c.modality == "asserted",
        facts.c.valid_from.is_not(None),
        or_(facts.c.scope.in_(names), facts.c.scope.is_(None)),
        known_at=known_at,
    )
    wanted = set(names)
    chamber_docs = {r["doc_id"] for r in rows if r["scope"] in wanted or r["subject_id"] in ids}
    days: dict[date, Ending] = {}
    for row in rows:
        if row["subject_id"] in ids:
            continue
        if row["scope"] in wanted or (row["scope"] is None and row["doc_id"] in chamber_docs):
            days.setdefault(row["valid_from"], Ending(row["valid_from"], "election", row))
    return _one_per_election(days)


def _group_key(row: dict[str, Any]) -> int | str:
    """One group per stored entity; a subject the store could not resolve stands for itself."""
    return int(row["subject_id"]) if row["subject_id"] is not None else str(row["subject"])


def seats(store: Store, chamber: str, at: date, quota: int | None = None, known_at: date | None = None) -> SeatsAnswer:
    """Each group's seats in a chamber on `at`: the latest election's result and the changes reported since, blocs and power.

    The chamber's size is its own latest seat count (a pack's reference data
    gives it by period).  A count from before the latest election no longer
    holds (the group is listed as unreported since); groups merged away or
    dissolved since their last count are left out.  Voting power is given
    only when it is certain: the known seats cover the chamber, or one group
    alone carries the quota whatever the others hold.
    """
    ids, names = chamber_names(store, chamber)
    size_rows = fact_rows(store, facts.c.type == "seats", facts.c.modality == "asserted", _holds_at(at), facts.c.subject_id.in_(ids), known_at=known_at)
    total_row = size_rows[-1] if size_rows else None
    elections = _chamber_elections(store, ids, names, known_at)
    last_election = max((e for e in elections if e.day <= at), key=lambda e: e.day, default=None)
    next_election = min((e for e in elections if e.day > at), key=lambda e: e.day, default=None)
    rejected = rejected_reports(store)
    latest: dict[int | str, dict[str, Any]] = {}
    for row in _latest_counts(store, ids, names, at, known_at):  # in time order: the last one wins
        if not rejected or signature(row) not in rejected:
            latest[_group_key(row)] = row
    ends = entity_ends(store, known_at, [k for k in latest if isinstance(k, int)])
    alive = {}
    for key, row in latest.items():
        ended = ends.of(key)
        if ended is None or not row["valid_from"] <= ended.day < at:  # merged away or dissolved since its count: no one's seats
            alive[key] = row
    replaced = {key for key, row in alive.items() if last_election is not None and row["valid_from"] < last_election.day}
    unreported = sorted(str(alive[key]["group_name"] or alive[key]["subject"]) for key in replaced)
    kept = {key: row for key, row in alive.items() if key not in replaced}
    blocs = _blocs(store, sorted(kept, key=str), at, known_at, ends)
    changes = _next_counts(store, names, kept, at, known_at)
    groups = [
        _share(key, row, blocs.get(key, 0), at, changes.get(key), next_election, ends.of(key))
        for key, row in sorted(kept.items(), key=lambda item: -int(item[1]["value"]))
    ]
    total = int(total_row["value"]) if total_row else None
    majority = total // 2 + 1 if total else None
    two_thirds = -(-2 * total // 3) if total else None
    held = sum(g.seats for g in groups)
    quota = quota or majority or (held // 2 + 1 if held else None)
    complete = total is not None and held >= total
    alone = total is not None and quota is not None and any(g.seats >= quota and total - g.seats < quota for g in groups)
    power = bool(quota and groups and quota <= held and (complete or alone))
    if power:
        assert quota is not None
        from politograph.query.power import power_indices  # numpy, loaded only by an answer that computes power

        for group, b, s in zip(groups, *power_indices([g.seats for g in groups], quota), strict=True):
            group.banzhaf, group.shapley_shubik = b, s
    else:
        for group in groups:
            group.banzhaf = group.shapley_shubik = None
    bloc_totals: dict[int, list[str]] = defaultdict(list)
    for group in groups:
        bloc_totals[group.bloc].append(group.group)
    seat_of = {g.group: g.seats for g in groups}
    summary = [(members, sum(seat_of[m] for m in members)) for _, members in sorted(bloc_totals.items())]
    answer = SeatsAnswer(chamber, at, total, majority, two_thirds, quota, groups, sorted(summary, key=lambda b: -b[1]))
    answer.known, answer.complete, answer.power, answer.unreported = held, complete, power, unreported
    answer.election = last_election.day if last_election else None
    answer.note = _seats_note(held, total, complete, power, groups)
    return answer


def _share(key: int | str, row: dict[str, Any], bloc: int, at: date, newer: date | None, election: Ending | None, ended: Ending | None) -> SeatShare:
    """One group's count in force, with the day (if any is reported) that ends it: a newer count, the next election, the group's end."""
    share = SeatShare(row["group_name"] or row["subject"], int(row["value"]), row["qualifier"], row["valid_from"], bloc, evidence=[evidence_of(row)])
    share.entity_id = key if isinstance(key, int) else None
    share.won = row.get("won")
    share.age_days = (at - row["valid_from"]).days if row["valid_from"] else None
    candidates = [(newer, "newer count")] if newer is not None else []
    if election is not None:
        candidates.append((election.day, "election"))
    if ended is not None and ended.day >= at:
        candidates.append((ended.day, ended.reason))
    if candidates:
        share.until, share.ended_by = min(candidates)
    return share


def _seats_note(held: int, total: int | None, complete: bool, power: bool, groups: list[SeatShare]) -> str | None:
    if not groups:
        return "no group's seats are known in this chamber on this day"
    if complete:
        return None
    known = f"{held} of {total} seats are known" if total else f"{held} seats are known; the chamber's size is not"
    return known + ("" if power else "; no power index, since the rest could change who is pivotal")


def _blocs(store: Store, groups: list[int | str], at: date, known_at: date | None, ends: EntityEnds) -> dict[int | str, int]:
    """Groups joined by coalitions holding on `at` (as `query.states` ends them), numbered; a group alone is its own bloc."""
    ids = [g for g in groups if isinstance(g, int)]
    parent: dict[int | str, int | str] = {group: group for group in groups}
    if ids:
        rows = fact_rows(  # only coalition reports start or end a coalition (cooperation ends oppositions, not coalitions)
            store,
            facts.c.type == "coalition",
            facts.c.modality.in_(("asserted", "negated")),
            or_(facts.c.subject_id.in_(ids), facts.c.object_id.in_(ids)),
            facts.c.valid_from <= at,
            known_at=known_at,
        )

        def root(group: int | str) -> int | str:
            while parent[group] != group:
                group = parent[group]
            return group

        for terms in relation_terms(rows, ends).values():
            for term in terms:
                if term.holder != "coalition" or not term.holds(at):
                    continue
                row = term.reports[0].row
                first, second = _group_key(row), _group_key({"subject_id": row["object_id"], "subject": row["object"]})
                if first in parent and second in parent:
                    parent[root(first)] = root(second)
        numbers: dict[int | str, int] = {}
        return {group: numbers.setdefault(root(group), len(numbers)) for group in groups}
    return {group: i for i, group in enumerate(groups)}


# --------------------------------------------------------------------------- contradictions


@dataclass(slots=True)
class Contradiction:
    """Reports that cannot all be true: two holders of a one-holder post at once, two counts of one group on one day, an event both happened and not."""

    what: str
    first: Claim
    second: Claim
    kind: str = "holders"  # holders | seats | event
    why: str = ""  # which reports say what, and why they cannot both be right
    key: str = ""  # stable across re-analysis: settle or dismiss the contradiction by it
    day: date | None = None  # the first day both cannot hold


@dataclass(slots=True)
class _Found:
    contradiction: Contradiction
    first_rows: list[dict[str, Any]]
    second_rows: list[dict[str, Any]]


def _describe(row: dict[str, Any], days: Asserted | None) -> str:
    label = row["source"] or row["doc_id"]
    said = label if row.get("kind") == "reference" else f"{label} ({row['published']})"
    if days is None:
        return said
    if days.window is not None:
        return f"{said}, some day from {days.window[0]} to {days.window[1]}"
    if days.low == days.high:
        return f"{said}, on {days.low}"
    return f"{said}, from {days.low} to {days.high}"


def _side(rows: list[dict[str, Any]], spans: list[Asserted | None]) -> Claim:
    """The reports of one side of a contradiction as one claim: the days they assert, all their evidence."""
    claim = claim_of(rows[0], rows, in_time_order=True)
    lows = [d for s in spans if s is not None for d in (s.low or (s.window[0] if s.window else None),) if d is not None]
    highs = [d for s in spans if s is not None for d in (s.high or (s.window[1] if s.window else None),) if d is not None]
    claim.valid_from, claim.valid_to = (min(lows) if lows else None), (max(highs) if highs else None)
    return claim


def contradiction_key(*parts: Any) -> str:
    """A short id from what a contradiction is about (entity keys, the post or count, the sides), not from row ids."""
    return "c" + hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:10]


class _Keys:
    """Stored entity keys by id: what survives re-analysis, so a verdict still names the same contradiction."""

    def __init__(self, store: Store, rows: list[dict[str, Any]]) -> None:
        ids = sorted({int(i) for r in rows for i in (r["subject_id"], r["object_id"]) if i is not None})
        self.by_id: dict[int, str] = {}
        with store.connect() as connection:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                self.by_id.update({int(i): str(k) for i, k in connection.execute(select(entities.c.id, entities.c.key).where(entities.c.id.in_(chunk)))})

    def __call__(self, key: Key) -> str:
        return self.by_id.get(key, f"#{key}") if isinstance(key, int) else f"={key}"


def _clashing_pairs(items: list[tuple[dict[str, Any], Asserted, Key]]) -> Iterable[tuple[int, int, date]]:
    """Pairs of reports (by index) from different documents about different sides whose asserted days clash; a sweep in time order."""

    def bounds(days: Asserted) -> tuple[date, date]:
        if days.window is not None:
            return days.window
        assert days.low is not None and days.high is not None
        return days.low, days.high

    order = sorted(range(len(items)), key=lambda i: bounds(items[i][1]))
    active: list[int] = []
    for i in order:
        low, _high = bounds(items[i][1])
        active = [j for j in active if bounds(items[j][1])[1] >= low]
        for j in active:
            if items[i][2] == items[j][2] or items[i][0]["doc_id"] == items[j][0]["doc_id"]:
                continue
            day = clash(items[j][1], items[i][1])
            if day is not None:
                yield j, i, day
        active.append(i)


def _group_clashes(
    items: list[tuple[dict[str, Any], Asserted, Key]], make: Callable[[list[dict[str, Any]], list[dict[str, Any]], date, str], Contradiction]
) -> list[_Found]:
    """One contradiction per pair of sides, with every report of each side that takes part and the first clashing day."""
    sides: dict[tuple[Key, Key], tuple[set[int], set[int], date, str]] = {}
    for j, i, day in _clashing_pairs(items):
        a, b = (j, i) if str(items[j][2]) <= str(items[i][2]) else (i, j)
        pair = (items[a][2], items[b][2])
        known = sides.get(pair)
        if known is None:
            why = f"{_describe(items[a][0], items[a][1])} against {_describe(items[b][0], items[b][1])}"
            sides[pair] = ({a}, {b}, day, why)
        else:
            known[0].add(a)
            known[1].add(b)
            if day < known[2]:
                sides[pair] = (known[0], known[1], day, known[3])
    found = []
    for first_ids, second_ids, day, why in sides.values():
        first = [items[k][0] for k in sorted(first_ids, key=lambda k: items[k][0]["published"])]
        second = [items[k][0] for k in sorted(second_ids, key=lambda k: items[k][0]["published"])]
        if min(r["published"] for r in second) < min(r["published"] for r in first):
            first, second = second, first
        made = make(first, second, day, why)
        made.first = _side(first, [asserted_days(r) for r in first])
        made.second = _side(second, [asserted_days(r) for r in second])
        found.append(_Found(made, first, second))
    return found


def _holder_contradictions(store: Store, known_at: date | None) -> list[_Found]:
    """Two people in a one-holder post on the same days, by reports from different documents (a hand-over on one day is none)."""
    rows = without_rejected(
        store,
        fact_rows(
            store, facts.c.type == "role", facts.c.role.in_(SINGLE_HOLDER_ROLES), facts.c.modality == "asserted", facts.c.object_id.is_not(None), known_at=known_at
        ),
    )
    keys = _Keys(store, rows)
    by_post: dict[tuple[int, str], list[tuple[dict[str, Any], Asserted, Key]]] = defaultdict(list)
    for row in rows:
        days = asserted_days(row)
        if days is not None:
            by_post[(int(row["object_id"]), str(row["role"]))].append((row, days, entity_key(row["subject_id"], row["subject"])))
    found: list[_Found] = []
    for (body, role), items in by_post.items():
        items = _one_key_per_person(items)

        def make(first: list[dict[str, Any]], second: list[dict[str, Any]], day: date, why: str, body: int = body, role: str = role) -> Contradiction:
            what = f"{role} of {first[0]['object']}"
            holders = sorted(keys(entity_key(r[0]["subject_id"], r[0]["subject"])) for r in (first, second))
            text = f"{first[0]['subject']} and {second[0]['subject']} are both reported as {what} on {day}: {why}"
            return Contradiction(
                what, Claim("role", None, None), Claim("role", None, None), "holders", text, contradiction_key("holders", keys(body), role, *holders), day
            )

        found += _group_clashes(items, make)
    return found


def _one_key_per_person(items: list[tuple[dict[str, Any], Asserted, Key]]) -> list[tuple[dict[str, Any], Asserted, Key]]:
    """Within one post, a holder named by part of another holder's name ("Ozawa", "Ichiro Ozawa") is taken for that holder.

    Resolution may leave a bare family name apart from the full name; two
    spellings of one person are no two holders.
    """
    words: dict[Key, set[str]] = {}
    for row, _, key in items:  # each holder by the fullest name any report gives
        found = set(fold_name(str(row["subject"] or "")).split())
        if len(found) > len(words.get(key, set())):
            words[key] = found
    same: dict[Key, Key] = {}
    for key, mine in words.items():
        wider = [other for other, theirs in words.items() if other != key and mine and mine < theirs]
        if len(wider) == 1:
            same[key] = wider[0]
    return [(row, days, same.get(key, key)) for row, days, key in items]


def _seat_contradictions(store: Store, known_at: date | None) -> list[_Found]:
    """Two different exact counts of one group in one chamber on the same day, by different documents."""
    rows = without_rejected(store, fact_rows(store, facts.c.type == "seats", facts.c.modality == "asserted", facts.c.qualifier == "exact", known_at=known_at))
    book = ChamberBook(store)
    book.learn_documents(rows)
    keys = _Keys(store, rows)
    by_group: dict[tuple[Key, Key], list[tuple[dict[str, Any], Asserted, Key]]] = defaultdict(list)
    for row in rows:
        days, chamber = asserted_days(row), book.chamber_of(row)
        if days is not None and chamber != "" and row["value"] is not None:
            by_group[(entity_key(row["subject_id"], row["subject"]), chamber)].append((row, days, int(row["value"])))
    found: list[_Found] = []
    for (group, chamber), items in by_group.items():

        def make(first: list[dict[str, Any]], second: list[dict[str, Any]], day: date, why: str, group: Key = group, chamber: Key = chamber) -> Contradiction:
            where = f" in the {first[0]['scope']}" if first[0]["scope"] else ""
            what = f"seats of {first[0]['subject']}{where}"
            text = f"{first[0]['value']} and {second[0]['value']} seats are both reported for {first[0]['subject']}{where} on {day}: {why}"
            values = sorted((int(first[0]["value"]), int(second[0]["value"])))
            chamber_key = keys(chamber[1]) if isinstance(chamber, tuple) else keys(chamber)
            return Contradiction(
                what, Claim("seats", None, None), Claim("seats", None, None), "seats", text, contradiction_key("seats", keys(group), chamber_key, day, *values), day
            )

        found += _group_clashes(items, make)
    return found


def _event_key(row: dict[str, Any]) -> tuple[Any, ...]:
    ends = [entity_key(row["subject_id"], row["subject"]), entity_key(row["object_id"], row["object"])]
    if row["type"] in SYMMETRIC_FACT_TYPES:
        ends.sort(key=str)
    return (row["type"], *ends, fold_name(row["result"] or ""))


def _event_contradictions(store: Store, known_at: date | None) -> list[_Found]:
    """An event reported as happened by one document and as not happened by another, for the same time (or with no time)."""
    rows = fact_rows(store, facts.c.type.in_(EVENT_TYPES), facts.c.modality.in_(("asserted", "negated")), known_at=known_at)
    keys = _Keys(store, rows)
    by_event: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_event[_event_key(row)].append(row)
    found: list[_Found] = []
    for event, reports in by_event.items():
        said = [r for r in reports if r["modality"] == "asserted"]
        denied = [r for r in reports if r["modality"] == "negated"]
        pairs = [(a, b) for a in said for b in denied if a["doc_id"] != b["doc_id"] and _same_time(a, b)]
        if not pairs:
            continue
        first = sorted({id(a): a for a, _ in pairs}.values(), key=lambda r: r["published"])
        second = sorted({id(b): b for _, b in pairs}.values(), key=lambda r: r["published"])
        a, b = pairs[0]
        names = " and ".join(n for n in (a["subject"], a["object"]) if n) or a["type"]
        what = f"{a['type']} of {names}"
        day = max((d for d in (a["valid_from"], b["valid_from"]) if d is not None), default=None)
        why = f"{what} is reported as happened by {_describe(a, asserted_days(a))} and as not happened by {_describe(b, asserted_days(b))}"
        made = Contradiction(what, _side(first, [asserted_days(r) for r in first]), _side(second, [asserted_days(r) for r in second]), "event", why, "", day)
        made.key = contradiction_key("event", event[0], *(keys(k) for k in event[1:3]), event[3])
        found.append(_Found(made, first, second))
    return found


def _same_time(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether two reports of an event may speak of the same time: their days meet, or one of them names none."""
    if first["valid_from"] is None or second["valid_from"] is None:
        return True
    return bool(first["valid_from"] <= (second["valid_to"] or second["valid_from"]) and second["valid_from"] <= (first["valid_to"] or first["valid_from"]))


def _all_contradictions(store: Store, known_at: date | None = None) -> list[_Found]:
    found = _holder_contradictions(store, known_at) + _seat_contradictions(store, known_at) + _event_contradictions(store, known_at)
    return sorted(found, key=lambda f: (f.contradiction.day or date.max, f.contradiction.what))


def decided(store: Store) -> dict[str, dict[str, Any]]:
    """Verdicts by contradiction key."""
    with store.connect() as connection:
        return {str(row.key): dict(row._mapping) for row in connection.execute(select(verdicts))}


def contradictions(store: Store, known_at: date | None = None, include_decided: bool = False) -> list[Contradiction]:
    """Reports that cannot all be true, earliest first, each naming its reports and why they clash; those a user settled or dismissed are left out.

    Judged report against report, within one post, one group's count in one
    chamber, or one event: a holder's two terms, a hand-over on one day, a
    corrected count on a later day and a former post are no contradiction.
    """
    found = [f.contradiction for f in _all_contradictions(store, known_at)]
    if include_decided:
        return found
    done = decided(store)
    return [c for c in found if c.key not in done]


def verdict_for(store: Store, key: str, keep: str | None) -> tuple[Contradiction, list[list[Any]]]:
    """The contradiction with this key and, to settle it keeping one side ("first" or "second"), the other side's reports to leave out."""
    for found in _all_contradictions(store):
        if found.contradiction.key == key:
            losing = found.second_rows if keep == "first" else found.first_rows if keep == "second" else []
            return found.contradiction, [list(signature(row)) for row in losing]
    raise NotFound(f"no contradiction with key {key!r} (list them with `politograph contradictions`)")
