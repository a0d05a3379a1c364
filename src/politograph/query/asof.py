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

import functools
import gc
import hashlib
import json
import operator
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, Date, Integer, Select, String, and_, bindparam, func, or_, select, union_all

from politograph.model import SYMMETRIC_FACT_TYPES, fold_name
from politograph.query.lookup import Ambiguous as Ambiguous  # the lookup's answers, raised by every question here
from politograph.query.lookup import NotFound as NotFound
from politograph.query.lookup import entity_ids as entity_ids
from politograph.query.lookup import every_entity_id, normal_role
from politograph.query.records import Citation, Claim, cited_order, claim_of, evidence_of
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
from politograph.store.cache import PerStore, StampedCache
from politograph.store.curation import dropped_fact_ids, kept_facts
from politograph.store.repository import Store
from politograph.store.schema import aliases, decisions, documents, entities, facts, verdicts

EVIDENCE_COLUMNS = (documents.c.published, documents.c.source, documents.c.kind)
"""What a fact row carries of its document, to become a `Citation`."""

EVENT_TYPES = ("split", "merger", "founding", "dissolution", "rename", "meeting", "election", "referendum")
"""Things that happen on a day: reported as both happened and not, they contradict each other."""


def fact_rows(store: Store, *conditions: Any, known_at: date | None = None) -> list[dict[str, Any]]:
    """Facts matching `conditions` with their article's date and source, in time order (published by `known_at`)."""
    query = select(facts, *EVIDENCE_COLUMNS).join(documents, documents.c.id == facts.c.doc_id).where(*conditions, *kept_facts(store))  # no flagged or rejected fact
    if known_at is not None:
        query = query.where(documents.c.published <= known_at)
    with store.connect() as connection:
        result = connection.execute(query.order_by(facts.c.valid_from, documents.c.published, facts.c.id))
        names = tuple(result.keys())
        return [dict(zip(names, row, strict=True)) for row in result.all()]  # a tenth of the time of one mapping per row


TIMELINE_COLUMNS = tuple(c for c in facts.c if c.name not in ("outcome", "polarity", "result", "sentence_start", "sentence_end", "recorded_at"))
"""What a timeline reads of a fact: the time model's and a claim's columns.

The rest is never shown there (a merger's or rename's result is read with
the ends of entities, `_endings`, and with renames), and each column read
costs every one of a party's hundreds of rows its conversion."""


@functools.lru_cache(maxsize=4)
def _about_statement(known: bool) -> Select[Any]:
    """`fact_rows` of facts naming any of the bound `ids` (as subject or object), built once: a timeline is asked for again and again."""
    ids: Any = bindparam("ids", expanding=True)
    query = (
        select(*TIMELINE_COLUMNS, *EVIDENCE_COLUMNS).join(documents, documents.c.id == facts.c.doc_id).where(or_(facts.c.subject_id.in_(ids), facts.c.object_id.in_(ids)))
    )
    if known:
        query = query.where(documents.c.published <= bindparam("known_at", type_=Date))
    return query.order_by(facts.c.valid_from, documents.c.published, facts.c.id)


def _rows_about(store: Store, ids: list[int], known_at: date | None) -> list[tuple[Any, ...]]:
    """The timeline's rows (`TIMELINE_COLUMNS`, then `EVIDENCE_COLUMNS`) of the facts naming these entities, in `fact_rows`' order, as tuples.

    Flagged and rejected facts are left out.  Tuples, not dicts: most of a
    party's rows become one claim each straight away (`_lone_claim`), and
    only the rest are made the dicts the time model reads (`_as_dict`).
    """
    with store.connect() as connection:
        # plain tuples of plain values, which the garbage collector stops tracking at its first look: SQLAlchemy's rows it would track throughout
        rows = [tuple(row) for row in connection.execute(_about_statement(known_at is not None), {"ids": list(ids), "known_at": known_at})]
    dropped = dropped_fact_ids(store)
    return [row for row in rows if row[_ID] not in dropped] if dropped else rows


_ROW_NAMES = tuple(c.name for c in (*TIMELINE_COLUMNS, *EVIDENCE_COLUMNS))
"""The keys of a timeline row, in its order."""
_AT = {name: n for n, name in enumerate(_ROW_NAMES)}
_ID, _DOC, _TYPE, _SUBJECT_ID, _SUBJECT, _OBJECT_ID, _OBJECT = (_AT[n] for n in ("id", "doc_id", "type", "subject_id", "subject", "object_id", "object"))
_ROLE, _VALUE, _QUALIFIER, _SCOPE, _FORMER, _WHEN, _END = (_AT[n] for n in ("role", "value", "qualifier", "scope", "former", "when", "end"))
_VALID_FROM, _VALID_TO, _MODALITY, _SENTENCE, _CONFIDENCE, _WON = (_AT[n] for n in ("valid_from", "valid_to", "modality", "sentence", "confidence", "won"))
_PUBLISHED, _SOURCE, _KIND = (_AT[n] for n in ("published", "source", "kind"))


def _as_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """A timeline row as the time model (`query.states`) and `claim_of` read one."""
    return dict(zip(_ROW_NAMES, row, strict=True))


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
    """A state's term as a claim: its first and last day, why it ended, and how fresh its latest report is.

    Made in one constructor call (what `claim_of` and the term's own fields
    would set one by one): a party's timeline makes hundreds of these.
    """
    reports = term.reports
    if len(reports) == 1:  # most terms
        first = latest = reports[0].row
        evidence, confidence = [evidence_of(first)], float(first["confidence"])
    else:
        rows = [r.row for r in reports]
        first, latest = rows[0], max(rows, key=lambda r: (r["published"], r.get("id") or 0))
        evidence = sorted((evidence_of(r) for r in rows), key=cited_order)
        confidence = max(float(r["confidence"]) for r in rows)
    named = first if kind in RELATION_TYPES else latest  # a relation keeps the sides in the order first reported
    ending = term.ending
    last_reported = term.last_reported(at)
    return Claim(  # by position, in `_CLAIM_FIELDS` order: keywords cost six times as much, a tenth of a timeline
        kind or latest["type"],
        named["subject"],
        named["object"],
        latest["role"],
        latest["value"],
        latest["scope"],
        first["when"],
        term.since,
        term.until,
        "asserted",
        evidence,
        named["subject_id"],
        named["object_id"],
        confidence,
        latest["qualifier"],
        term.former,
        term.until is None,
        ending.reason if ending is not None else None,
        evidence_of(ending.row) if ending is not None and ending.row is not None else None,
        last_reported,
        (at - last_reported).days if at is not None and last_reported is not None else None,
        latest.get("won"),
    )


_CLAIM_FIELDS = (
    *("type", "subject", "object", "role", "value", "scope", "when", "valid_from", "valid_to", "modality", "evidence", "subject_id", "object_id"),
    *("confidence", "qualifier", "former", "open", "ended_by", "end_evidence", "last_reported", "age_days", "won"),
)
if tuple(f.name for f in fields(Claim)) != _CLAIM_FIELDS:  # `term_claim` passes them by position
    raise ImportError(f"records.Claim's fields changed: update asof.term_claim and _CLAIM_FIELDS to {[f.name for f in fields(Claim)]}")


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
        found = connection.execute(_REJECTED).scalars().all()
    return {tuple(item) for text in found for item in json.loads(text)}


_REJECTED = select(verdicts.c.rejected).where(verdicts.c.kind == "settle", verdicts.c.rejected.is_not(None))


def without_rejected(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows less the facts users took out: flagged as wrong, or rejected by a settled contradiction (`store.curation.dropped_fact_ids`)."""
    dropped = dropped_fact_ids(store)
    return [row for row in rows if row["id"] not in dropped] if dropped else rows


def _names_to_ids(store: Store, names: Iterable[str]) -> dict[str, set[int]]:
    """Folded name -> ids of the entities going by it, for every name at once (merger results, renames)."""
    folded = {fold_name(n) for n in names if n}
    found: dict[str, set[int]] = defaultdict(set)
    if folded:
        with store.connect() as connection:
            for entity_id, name in connection.execute(select(aliases.c.entity_id, aliases.c.folded).where(aliases.c.folded.in_(sorted(folded)))):
                found[name].add(int(entity_id))
    return found


ENDING_TYPES = ("dissolution", "merger")
"""Facts that end an entity (`entity_ends`)."""


@dataclass(slots=True)
class _Endings:
    """Every report that ends an entity, as known by one day, with the entities their results name: kept while `ending_stamp` holds."""

    stamp: tuple[int, ...]
    rows: list[dict[str, Any]]
    results: dict[str, set[int]]
    whole: EntityEnds | None = None


_ENDINGS: WeakKeyDictionary[Store, dict[date | None, _Endings]] = WeakKeyDictionary()
_ENDINGS_LOCK = threading.Lock()
KEPT_DAYS = 8
"""How many "as known by" days keep their endings per store (the present, and the last few asked about)."""


def ending_stamp(store: Store) -> tuple[int, ...]:
    """What the ends of entities depend on, as one cheap stamp: the facts that end entities (a count and the highest id), names, decisions.

    A merger's result is found by name, so a new alias may change who
    survives it; a merge or split rewrites facts in place and records a
    decision.  Writes of other facts (posts, members, relations, seats)
    leave the stamp as it is.  A document stored again is recorded as a
    decision too (its facts may come back under the ids they had, which
    the count and the highest id cannot tell), so the last part, which the
    network keys on, changes with it in every process.
    """
    with store.connect() as connection:
        return tuple(int(value or 0) for value in connection.execute(_ENDING_STAMP).one())


def _ending_stamp_query() -> Select[Any]:
    ending = select(facts.c.id).where(facts.c.type.in_(ENDING_TYPES)).subquery()
    parts = [
        select(func.count()).select_from(ending).scalar_subquery(),
        select(func.max(ending.c.id)).scalar_subquery(),
        select(func.max(aliases.c.id)).scalar_subquery(),
        # decisions and verdicts as one number that grows with either (the network keys on this last part): flags and settled verdicts drop facts
        func.coalesce(select(func.max(decisions.c.id)).scalar_subquery(), 0) + func.coalesce(select(func.max(verdicts.c.id)).scalar_subquery(), 0),
    ]
    return select(*parts)


_ENDING_STAMP = _ending_stamp_query()
"""Built once: a statement's construction costs SQLAlchemy fifty times what SQLite takes to answer it."""


def _endings(store: Store, known_at: date | None) -> _Endings:
    """The store's ending reports as known by `known_at`, read again only when `ending_stamp` changes."""
    stamp = ending_stamp(store)  # read before the rows: a write in between only costs one more read
    with _ENDINGS_LOCK:
        kept = _ENDINGS.setdefault(store, {})
        found = kept.get(known_at)
    if found is not None and found.stamp == stamp:
        return found
    rows = fact_rows(store, facts.c.type.in_(ENDING_TYPES), facts.c.modality == "asserted", facts.c.valid_from.is_not(None), known_at=known_at)
    found = _Endings(stamp, rows, _names_to_ids(store, [r["result"] for r in rows if r["result"]]))
    with _ENDINGS_LOCK:
        if known_at not in kept and len(kept) >= KEPT_DAYS:
            kept.pop(next(iter(kept)))
        kept[known_at] = found
    return found


def _ends_of(rows: Iterable[dict[str, Any]], results: dict[str, set[int]]) -> EntityEnds:
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


def entity_ends(store: Store, known_at: date | None = None, ids: Iterable[int] | None = None) -> EntityEnds:
    """When each entity ended: dissolved, or merged into another party (a merger's result lives on), with the report.

    With `ids`, only the reports about these entities count.  The reports
    are read once and kept per store until `ending_stamp` changes, so a
    timeline of hundreds of entities costs one small statement here.
    """
    endings = _endings(store, known_at)
    if ids is None:
        if endings.whole is None:
            endings.whole = _ends_of(endings.rows, endings.results)
        return EntityEnds(dict(endings.whole.by_entity))  # a copy: callers may add to theirs
    chosen = set(ids)
    if not chosen:
        return EntityEnds()
    return _ends_of((r for r in endings.rows if r["subject_id"] in chosen or r["object_id"] in chosen), endings.results)


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
    post on one day is a conflict, shown with both sides' evidence.  `role`
    may be any word `lookup.normal_role` reads ("PM", "party chief").
    """
    role = normal_role(role)
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
    with _CollectionPaused():  # the name's lookup too: a collection due after the last timeline would run in it
        return timeline_of(store, entity_ids(store, name), known_at)


def timeline_of(store: Store, ids: list[int], known_at: date | None = None) -> list[Claim]:
    """Every claim about these stored entities in time order: states as terms (first day to last), events as claims.

    A one-holder post's terms need its other holders (a successor ends a
    term), so their reports are read too, and only these entities' terms kept.
    A membership or relation told by one plain report (most of a party's
    hundreds) is its own open term: made a claim at once (`_lone_claim`),
    the rest go through the time model (`query.states`).  The claims are
    kept per store until `timeline_stamp` changes (`_KeptTimelines`): a
    party with seat counts takes tens of milliseconds to work out, and the
    biggest entities are the ones asked about again and again.
    """
    key = (tuple(ids), known_at)
    stamp = timeline_stamp(store, ids)  # read before the claims: a write in between only costs one more computation
    kept = _KEPT.of(store)
    found = kept.get(key, stamp)
    if found is None:
        with _CollectionPaused():
            found = _timeline_of(store, ids, known_at)
        kept.put(key, stamp, found)
    return list(found)  # a list of its own: a caller may sort or filter it; the claims themselves are shared and never changed


# --------------------------------------------------------------------------- kept timelines

KEPT_CLAIMS = 50_000
"""Claims of kept timelines per store, about 1 KB each (a party with seat counts has about 2,600, a person a few): the least recently asked go first."""


def _timeline_stamp_query() -> Select[Any]:
    """What an entity's timeline reads, as counts and highest ids (bound `ids`): each changes with any write that can change the claims.

    Its facts (as subject or object); the role reports of the bodies it
    holds posts in (another holder's report ends a term in a one-holder
    post); the counts won at elections (an election ends a seat count); the
    highest entity id (a new chamber).  Every part is read off an index.
    """
    ids: Any = bindparam("ids", expanding=True)
    held = facts.alias("held")
    bodies = select(held.c.object_id).where(held.c.type == "role", held.c.subject_id.in_(ids), held.c.object_id.is_not(None))
    about = or_(facts.c.subject_id.in_(ids), facts.c.object_id.in_(ids))
    parts: list[Any] = []
    for where in (about, and_(facts.c.type == "role", facts.c.object_id.in_(bodies)), and_(facts.c.type == "seats", facts.c.won.is_(True))):
        # `id + 0`: the highest id among the rows found, not SQLite's walk down `ix_facts_type_id` looking for one (every role, for a party)
        parts += [select(func.count()).select_from(facts).where(where).scalar_subquery(), select(func.max(facts.c.id + 0)).where(where).scalar_subquery()]
    parts.append(select(func.max(entities.c.id)).scalar_subquery())
    return select(*parts)


_TIMELINE_STAMP = _timeline_stamp_query()
"""Built once, as `_ENDING_STAMP` is."""


def timeline_stamp(store: Store, ids: list[int]) -> tuple[int, ...]:
    """A stamp that changes when the timeline of these entities (as known by any day) may have: `_timeline_stamp_query`, then the rest.

    The ends of entities, names, decisions and verdicts are `ending_stamp`'s
    (flags and settled verdicts drop facts; a document stored again is a
    decision too: its facts may come back under the same ids).
    A write of facts about other entities, as ingest mostly makes, leaves
    it as it is.
    """
    with store.connect() as connection:
        own = tuple(int(value or 0) for value in connection.execute(_TIMELINE_STAMP, {"ids": list(ids)}).one())
    return (*own, *ending_stamp(store))


class _KeptTimelines:
    """One store's timelines (by entities and "as known by" day) with the stamp each was worked out at, the least recently asked first.

    Each entry costs its claims and one more (an empty timeline is not
    free); the budget, `KEPT_CLAIMS`, is applied whenever one is looked up
    or kept, so lowering it takes effect at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[Any, ...], tuple[tuple[int, ...], list[Claim]]] = OrderedDict()
        self._cost = 0

    def get(self, key: tuple[Any, ...], stamp: tuple[int, ...]) -> list[Claim] | None:
        with self._lock:
            self._trim()
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple[Any, ...], stamp: tuple[int, ...], claims: list[Claim]) -> None:
        """Keep these claims, in place of what the key held."""
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._cost -= len(old[1]) + 1
            self._entries[key] = (stamp, claims)
            self._cost += len(claims) + 1
            self._trim()

    def _trim(self) -> None:
        while self._entries and self._cost > KEPT_CLAIMS:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._cost -= len(dropped) + 1


_KEPT: PerStore[_KeptTimelines] = PerStore(_KeptTimelines)


class _CollectionPaused:
    """The cyclic garbage collector held off while a timeline is made, and let run again after (if it ran before).

    A party's timeline makes thousands of small objects (claims, their
    citations, the time model's reports and terms) that form no cycles:
    reference counting frees every one, and the collector finds nothing in
    them.  Their number alone sets it off several times a timeline, and
    once in a few dozen timelines for a pass over every object of the
    process: 40 to 70 ms at 1M facts, the slowest twentieth of timelines.
    Held off, it runs at the next allocation after, if still due.  Another
    thread's collection waits at most for the end of this timeline.  A
    class, not a generator: leaving a generator allocates the object that
    ends it, which would set the collector off right there, over the claims.
    """

    __slots__ = ("resume",)

    def __enter__(self) -> None:
        self.resume = gc.isenabled()  # off already: whoever turned it off turns it on
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self.resume:
            gc.enable()


def _timeline_of(store: Store, ids: list[int], known_at: date | None) -> list[Claim]:
    rows = _rows_about(store, ids, known_at)  # flagged and rejected facts left out there
    chosen = set(ids)
    family = _families(rows)
    ends = _ends_involved(store, known_at, rows)
    roles = family.roles + _other_holders(store, family.roles, chosen, known_at)
    found: list[Claim] = []
    for (body, _role), terms in role_terms(roles, ends).items():
        found += [term_claim(t, "role") for t in terms if t.reports and (body in chosen or t.holder in chosen)]
    found += _member_claims(family.members, ends)
    found += _relation_claims(family.relations, ends)
    if family.seats:
        book = ChamberBook(store)
        book.learn_documents(family.seats)
        for terms in seat_terms(family.seats, ends, _elections(store, known_at, book), book.chamber_of).values():
            found += [term_claim(t, "seats") for t in terms]
    found += claims(family.others)
    found.sort(key=_TYPE_OF)  # then by day: two stable sorts order by (day, type) as one would, without a key tuple per claim
    found.sort(key=_day_of)
    return found


Row = tuple[Any, ...]
"""A timeline row (`_rows_about`)."""


@dataclass(slots=True)
class _Families:
    """A timeline's rows by what becomes of them, each family in the rows' order (which the order of claims on one day follows)."""

    roles: list[dict[str, Any]] = field(default_factory=list)
    seats: list[dict[str, Any]] = field(default_factory=list)
    others: list[dict[str, Any]] = field(default_factory=list)  # events, and every report not asserted (denials too): claims as told
    members: defaultdict[tuple[Key, Key], list[Row]] = field(default_factory=lambda: defaultdict(list))  # by (person, group), as `member_terms` groups
    relations: defaultdict[tuple[Key, Key], list[Row]] = field(default_factory=lambda: defaultdict(list))  # by pair, as `relation_terms` groups


def _families(rows: list[Row]) -> _Families:
    """One pass over a timeline's rows (hundreds for a party): memberships and relations stay tuples, the rest become dicts."""
    found = _Families()
    members, relations, others = found.members, found.relations, found.others
    for row in rows:
        kind, modality = row[_TYPE], row[_MODALITY]
        if kind == "member" and modality == "asserted":
            subject, group = row[_SUBJECT_ID], row[_OBJECT_ID]  # `entity_key`, spelled out for the commonest rows
            subject = fold_name(str(row[_SUBJECT] or "")) if subject is None else int(subject)
            members[(subject, fold_name(str(row[_OBJECT] or "")) if group is None else int(group))].append(row)
        elif kind in RELATION_TYPES:
            if modality == "asserted" or modality == "negated":
                relations[_pair(row)].append(row)
            if modality != "asserted":
                others.append(_as_dict(row))
        elif modality != "asserted" or kind not in STATE_TYPES:
            others.append(_as_dict(row))
        elif kind == "role":
            found.roles.append(_as_dict(row))
        else:
            found.seats.append(_as_dict(row))
    return found


def _member_claims(members: dict[tuple[Key, Key], list[Row]], ends: EntityEnds) -> list[Claim]:
    """Each (person, group)'s membership terms as claims; one plain report with nothing ending the group is one open term."""
    found = []
    endless = not ends.by_entity
    for pair, group in members.items():
        if len(group) == 1 and _lone(group[0]) and (endless or ends.of(pair[1]) is None):
            found.append(_lone_claim(group[0], "member"))
            continue
        for terms in member_terms([_as_dict(r) for r in group], ends).values():
            found += [term_claim(t, "member") for t in terms if t.reports]
    return found


def _relation_claims(relations: dict[tuple[Key, Key], list[Row]], ends: EntityEnds) -> list[Claim]:
    """Each pair's relation terms as claims; one plain asserted report with nothing ending either side is one open term."""
    found = []
    endless = not ends.by_entity
    for pair, group in relations.items():
        if len(group) == 1 and group[0][_MODALITY] == "asserted" and _lone(group[0]) and (endless or ends.of(*pair) is None):
            found.append(_lone_claim(group[0], group[0][_TYPE]))
            continue
        for terms in relation_terms([_as_dict(r) for r in group], ends).values():
            found += [term_claim(t, str(t.holder)) for t in terms]
    return found


_TYPE_OF = operator.attrgetter("type")


def _day_of(claim: Claim) -> date:
    return claim.valid_from or date.max


def _pair(row: Row) -> tuple[Key, Key]:
    """`states.pair_of` of a timeline row."""
    first, second = entity_key(row[_SUBJECT_ID], row[_SUBJECT]), entity_key(row[_OBJECT_ID], row[_OBJECT])
    return (first, second) if str(first) <= str(second) else (second, first)


def _lone(row: Row) -> bool:
    """Whether a report starts a term and says nothing of its end: not a former post, no stated end (`states.report_of`)."""
    return not row[_FORMER] and not (row[_END] and row[_VALID_TO])


def _lone_claim(row: Row, kind: str) -> Claim:
    """The claim `term_claim` makes of a term of this one report (`_lone`) that nothing ends: open from its day, as fresh as that day."""
    day = row[_VALID_FROM] or row[_PUBLISHED]
    cited = Citation(row[_DOC], row[_PUBLISHED], row[_SOURCE], row[_SENTENCE], row[_ID], row[_KIND] == "reference")
    return Claim(  # by position, as in `term_claim`
        *(kind, row[_SUBJECT], row[_OBJECT], row[_ROLE], row[_VALUE], row[_SCOPE], row[_WHEN], day, None, "asserted", [cited]),
        *(row[_SUBJECT_ID], row[_OBJECT_ID], float(row[_CONFIDENCE]), row[_QUALIFIER], False, True, None, None, day, None, row[_WON]),
    )


def _ends_involved(store: Store, known_at: date | None, rows: list[Row]) -> EntityEnds:
    """`entity_ends` of every entity the asserted state reports name; the names gathered only when something ended."""
    endings = _endings(store, known_at)
    if not endings.rows:
        return EntityEnds()
    involved = {i for r in rows if r[_MODALITY] == "asserted" and r[_TYPE] in STATE_TYPES for i in (r[_SUBJECT_ID], r[_OBJECT_ID]) if i is not None}
    return _ends_of((r for r in endings.rows if r["subject_id"] in involved or r["object_id"] in involved), endings.results)


def _other_holders(store: Store, roles: list[dict[str, Any]], chosen: set[int], known_at: date | None) -> list[dict[str, Any]]:
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
    posts = list(spans.items())
    seen = {r["id"] for r in roles}
    found_ids: set[int] = set()
    with store.connect() as connection:  # one index range per post, a few posts a statement (an OR of them sends the planner scanning every role)
        for start in range(0, len(posts), WINDOWS_PER_STATEMENT):
            chunk = posts[start : start + WINDOWS_PER_STATEMENT]
            chunk += [chunk[-1]] * (WINDOWS_PER_STATEMENT - len(chunk))  # one shape of statement, compiled once: the last post again finds nothing new
            values: dict[str, Any] = {"chosen": sorted(chosen), "known_at": known_at}
            for n, ((body, role), (first, last)) in enumerate(chunk):
                values.update({f"body{n}": body, f"role{n}": role, f"first{n}": first, f"last{n}": last})
            found_ids.update(int(i) for i in connection.execute(_windows_statement(WINDOWS_PER_STATEMENT, known_at is not None), values).scalars())
        found = sorted(found_ids - seen)
        result = connection.execute(_by_ids_statement(), {"ids": found})
        names = tuple(result.keys())
        rows = [dict(zip(names, row, strict=True)) for row in result.all()] if found else []
    return without_rejected(store, rows)


@functools.lru_cache(maxsize=1)
def _by_ids_statement() -> Select[Any]:
    ids: Any = bindparam("ids", expanding=True)
    return select(*TIMELINE_COLUMNS, *EVIDENCE_COLUMNS).join(documents, documents.c.id == facts.c.doc_id).where(facts.c.id.in_(ids))


WINDOWS_PER_STATEMENT = 8


@functools.lru_cache(maxsize=4)
def _windows_statement(posts: int, known: bool) -> Any:
    """The ids of the reports of `posts` one-holder posts from a day to the next other holder after another (bound values; built once per count)."""
    someone_else = or_(facts.c.subject_id.is_(None), facts.c.subject_id.not_in(bindparam("chosen", expanding=True)))
    in_post = [facts.c.type == "role", facts.c.modality == "asserted"] + ([facts.c.recorded_at <= bindparam("known_at", type_=Date)] if known else [])
    windows = []
    for n in range(posts):
        body, role = facts.c.object_id == bindparam(f"body{n}", type_=Integer), facts.c.role == bindparam(f"role{n}", type_=String)
        first, last = bindparam(f"first{n}", type_=Date), bindparam(f"last{n}", type_=Date)
        successor = select(func.min(facts.c.valid_from)).where(*in_post, body, role, facts.c.valid_from > last, someone_else)
        window = [body, role, facts.c.valid_from >= first, facts.c.valid_from <= func.coalesce(successor.scalar_subquery(), last)]
        windows.append(select(facts.c.id).where(*in_post, *window))
    return union_all(*windows) if len(windows) > 1 else windows[0]


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
    """The chamber's entity ids and every name it is stored under (seat facts name it in `scope`).

    Every chamber going by the name counts ("lower house"): an article's
    seat count names its chamber so, and `ChamberBook` tells them apart by
    the article.
    """
    ids = every_entity_id(store, chamber)
    with store.connect() as connection:
        names = [row[0] for row in connection.execute(select(aliases.c.alias).where(aliases.c.entity_id.in_(ids)))]
        names += [row[0] for row in connection.execute(select(entities.c.name).where(entities.c.id.in_(ids)))]
    return ids, sorted(set(names) | {chamber})


class ChamberBook:
    """Which chamber a seat count is about: its scope's chamber entity, else (no scope) the one chamber its article names."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.bodies, self.by_name = _CHAMBERS.get(store, lambda: _read_chambers(store))
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


def _read_chambers(store: Store) -> tuple[frozenset[int], dict[str, int]]:
    """The chambers (government bodies) and the one each folded name means (names several go by mean none)."""
    with store.connect() as connection:
        bodies = select(entities.c.id).where(entities.c.type == "GOV_BODY")
        rows = connection.execute(select(aliases.c.folded, aliases.c.entity_id).where(aliases.c.entity_id.in_(bodies))).all()
        ids = frozenset(int(i) for i in connection.execute(bodies).scalars())
    by_name: dict[str, set[int]] = defaultdict(set)
    for folded, entity_id in rows:
        by_name[folded].add(int(entity_id))
    return ids, {name: min(found) for name, found in by_name.items() if len(found) == 1}


_CHAMBERS: StampedCache[tuple[frozenset[int], dict[str, int]]] = StampedCache(
    select(
        select(func.max(aliases.c.id)).scalar_subquery(),
        select(func.max(entities.c.id)).scalar_subquery(),
        select(func.max(decisions.c.id)).scalar_subquery(),
    ),
    keys=1,
)
"""`ChamberBook`'s chambers, read again when an entity or a name is added or a merge or split removes some (its highest ids).

Reading them scans every entity for its type (8 ms at 1M facts), and every
timeline of a seated party and every contradictions list asks."""


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
    Done in small steps the planner cannot get wrong: the groups with a
    count in the chamber are kept per store (`_seat_groups`), each one's
    latest day is one seek of the covering index `ix_facts_seats_latest`
    (not a pass over every count of the chamber), and each winning row is
    one index seek too.
    """
    in_force = [facts.c.type == "seats", facts.c.modality == "asserted", facts.c.valid_from <= at] + ([facts.c.recorded_at <= known_at] if known_at is not None else [])
    with store.connect() as connection:
        scoped = _latest_days(connection, _seat_groups(store, names), at, known_at)
        unscoped_query = select(facts.c.id, facts.c.doc_id, facts.c.subject_id, facts.c.subject, facts.c.valid_from).where(*in_force, facts.c.scope.is_(None))
        unscoped = connection.execute(unscoped_query).all()
        subjects = sorted({int(i) for i in [*(row.subject_id for row in scoped), *(row.subject_id for row in unscoped)] if i is not None})
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
        winners = [where for where in (w for _, w in best.values()) if isinstance(where, int)]
        sought = [(subject_id, subject, when, where) for (subject_id, subject), (when, where) in best.items() if not isinstance(where, int)]
        for start in range(0, len(sought), SEEKS_PER_STATEMENT):  # one statement of seeks, not one statement each
            chunk = sought[start : start + SEEKS_PER_STATEMENT]
            values: dict[str, Any] = {"known_at": known_at} if known_at is not None else {}
            for n, (subject_id, subject, when, where) in enumerate(chunk):
                values.update({f"scope{n}": where, f"id{n}": subject_id, f"name{n}": subject, f"day{n}": when})
            statement = _winners_statement(tuple((i is None, name is None) for i, name, _, _ in chunk), known_at is not None)
            winners.extend(int(i) for i in connection.execute(statement, values).scalars())
        query = (
            select(facts, *EVIDENCE_COLUMNS, entities.c.name.label("group_name"))
            .join(documents, documents.c.id == facts.c.doc_id)
            .outerjoin(entities, entities.c.id == facts.c.subject_id)
            .where(facts.c.id.in_(winners), or_(facts.c.end.is_(None), facts.c.valid_to >= at))  # a count with a stated end that has passed is no one's
            .order_by(facts.c.valid_from, documents.c.published, facts.c.id)
        )
        return [dict(row._mapping) for row in connection.execute(query)] if winners else []


@dataclass(slots=True, frozen=True)
class _ScopedDay:
    scope: str
    subject_id: int | None
    subject: str | None
    day: date


SEEKS_PER_STATEMENT = 200


def _latest_days(connection: Any, groups: list[tuple[str, int | None, str | None]], at: date, known_at: date | None) -> list[_ScopedDay]:
    """Each group's latest in-force day in its scope (groups with none left out), in the groups' order: one statement of index seeks."""
    found: list[_ScopedDay] = []
    for start in range(0, len(groups), SEEKS_PER_STATEMENT):
        chunk = groups[start : start + SEEKS_PER_STATEMENT]
        values: dict[str, Any] = {"at": at, "known_at": known_at}
        for n, (scope, subject_id, subject) in enumerate(chunk):
            values.update({f"scope{n}": scope, f"id{n}": subject_id, f"name{n}": subject})
        statement = _latest_days_statement(tuple((i is None, name is None) for _, i, name in chunk), known_at is not None)
        days = connection.execute(statement, values).one()
        found += [_ScopedDay(scope, subject_id, subject, day) for (scope, subject_id, subject), day in zip(chunk, days, strict=True) if day is not None]
    return found


def _in_force(known: bool, after: bool = False) -> list[ColumnElement[bool]]:
    """A seat count asserted, reported by `known_at` (when `known`), in force on `at` (or, `after`, later than it): with bound values."""
    day = bindparam("at", type_=Date)
    found = [facts.c.type == "seats", facts.c.modality == "asserted", facts.c.valid_from > day if after else facts.c.valid_from <= day]
    return found + ([facts.c.recorded_at <= bindparam("known_at", type_=Date)] if known else [])


def _same_group(n: int, no_id: bool, no_name: bool) -> list[ColumnElement[bool]]:
    same = facts.c.subject_id.is_(None) if no_id else facts.c.subject_id == bindparam(f"id{n}", type_=Integer)
    return [same, facts.c.subject.is_(None) if no_name else facts.c.subject == bindparam(f"name{n}", type_=String)]


@functools.lru_cache(maxsize=512)
def _winners_statement(shape: tuple[tuple[bool, bool], ...], known: bool) -> Any:
    """Each chosen group's counts on its latest day: equality on the day, no range, so each is one seek."""
    reported = [facts.c.type == "seats", facts.c.modality == "asserted"] + ([facts.c.recorded_at <= bindparam("known_at", type_=Date)] if known else [])
    seeks = [
        select(facts.c.id).where(
            *reported, facts.c.scope == bindparam(f"scope{n}", type_=String), *_same_group(n, *kind), facts.c.valid_from == bindparam(f"day{n}", type_=Date)
        )
        for n, kind in enumerate(shape)
    ]
    return union_all(*seeks) if len(seeks) > 1 else seeks[0]


@functools.lru_cache(maxsize=512)
def _latest_days_statement(shape: tuple[tuple[bool, bool], ...], known: bool) -> Select[Any]:
    """Built once per shape (which groups have no id, no name): a statement's construction costs SQLAlchemy more than SQLite's answer."""
    seeks = [
        select(func.max(facts.c.valid_from)).where(*_in_force(known), facts.c.scope == bindparam(f"scope{n}", type_=String), *_same_group(n, *kind)).scalar_subquery()
        for n, kind in enumerate(shape)
    ]
    return select(*seeks)


_SEAT_GROUPS: StampedCache[list[tuple[str, int | None, str | None]]] = StampedCache(
    select(
        select(facts.c.id).where(facts.c.type == "seats").order_by(facts.c.id.desc()).limit(1).scalar_subquery(),  # one seek of `ix_facts_type_id`
        select(func.max(decisions.c.id)).scalar_subquery(),
    )
)


def _seat_groups(store: Store, names: list[str]) -> list[tuple[str, int | None, str | None]]:
    """(scope, subject id, subject) of every group with a seat count under one of the chamber's names, in index order.

    Kept per store until a seat count is added (the highest id of one) or a
    merge or split rewrites facts: a group whose counts were removed since
    only costs a seek that finds nothing.
    """

    def read() -> list[tuple[str, int | None, str | None]]:
        group = (facts.c.scope, facts.c.subject_id, facts.c.subject)
        with store.connect() as connection:
            rows = connection.execute(select(*group).where(facts.c.type == "seats", facts.c.scope.in_(names)).distinct().order_by(*group)).all()
        return [(str(scope), None if subject_id is None else int(subject_id), subject) for scope, subject_id, subject in rows]

    return _SEAT_GROUPS.get(store, read, key=tuple(names))


def _next_counts(store: Store, names: list[str], rows: dict[int | str, dict[str, Any]], at: date, known_at: date | None) -> dict[int | str, date]:
    """For each group, the first day after `at` a count of it in the chamber gives another number: one statement of index seeks."""
    if not rows:
        return {}
    keys = list(rows)
    values: dict[str, Any] = {"at": at, "names": list(names), "known_at": known_at}
    shape = []
    for n, key in enumerate(keys):
        row = rows[key]
        values.update({f"id{n}": row["subject_id"], f"name{n}": row["subject"], f"value{n}": row["value"]})
        shape.append((row["subject_id"] is None, row["subject"] is None))
    with store.connect() as connection:
        found = connection.execute(_next_counts_statement(tuple(shape), known_at is not None), values).one()
    return {key: day for key, day in zip(keys, found, strict=True) if day is not None}


@functools.lru_cache(maxsize=512)
def _next_counts_statement(shape: tuple[tuple[bool, bool], ...], known: bool) -> Select[Any]:
    """One scalar seek per group: its first count after the day under one of the chamber's names with another value (by name when unresolved)."""
    seeks = []
    for n, (no_id, no_name) in enumerate(shape):
        same = _same_group(n, no_id, no_name) if no_id else [facts.c.subject_id == bindparam(f"id{n}", type_=Integer)]
        other = facts.c.value != bindparam(f"value{n}", type_=Integer)
        chamber = facts.c.scope.in_(bindparam("names", expanding=True))
        seeks.append(select(func.min(facts.c.valid_from)).where(*_in_force(known, after=True), chamber, *same, other).scalar_subquery())
    return select(*seeks)


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
    dropped = dropped_fact_ids(store)
    latest: dict[int | str, dict[str, Any]] = {}
    for row in _latest_counts(store, ids, names, at, known_at):  # in time order: the last one wins
        if row["id"] not in dropped:
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
        wider = [other for other, theirs in words.items() if other != key and mine and _names_part_of(mine, theirs)]
        if len(wider) == 1:
            same[key] = wider[0]
    return [(row, days, same.get(key, key)) for row, days, key in items]


def _names_part_of(mine: set[str], theirs: set[str]) -> bool:
    """Whether one name's words are part of a fuller name's: "Ozawa" of "Ichiro Ozawa", and "Hatoyama Y" of "Yukio Hatoyama" (an initial)."""
    if mine == theirs:
        return False
    rest = set(theirs)
    for word in sorted(mine, key=len, reverse=True):  # whole words first: an initial takes only what they leave
        match = word if word in rest else next((w for w in sorted(rest) if len(word) == 1 < len(w) and w.startswith(word)), None)
        if match is None:
            return False
        rest.discard(match)
    return True


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
