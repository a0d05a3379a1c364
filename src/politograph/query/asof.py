"""As-of questions over the whole store: who held a role, a timeline, seats, contradictions.

Two times are kept apart (FACTS.md, bitemporal): the *valid* time a fact
speaks of (`valid_from`/`valid_to`, from the text) and the *recorded* time
(the article's publication date).  `at` asks about the world on a day;
`known_at` limits the answer to what had been published by a day, so
"who led Your Party on 2014-06-10, as the press knew it then?" is one call.

A state (a role, a seat count) read on a day holds from that day until a
later report says otherwise or its stated end passes; the same claim from
many articles is one answer with many pieces of evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select

from politograph.model import fold_name
from politograph.query.power import power_indices
from politograph.store.repository import Store, no_such_entity
from politograph.store.schema import aliases, documents, entities, facts

SINGLE_HOLDER_ROLES = ("leader", "prime-minister", "mayor", "governor", "secretary-general")
"""Roles one person holds at a time: two holders on one day is a contradiction."""


EVIDENCE_COLUMNS = (documents.c.published, documents.c.source, documents.c.kind)
"""What a fact row carries of its document, to become a `Source`."""


class NotFound(LookupError):
    """No stored entity goes by the name asked for."""


@dataclass(slots=True)
class Source:
    """One piece of evidence: the article and the sentence."""

    doc_id: str
    published: date
    source: str | None
    sentence: str | None
    fact_id: int | None = None  # the stored fact, so a page can link to its highlight in the article
    reference: bool = False  # a pack's reference data, not an article: its "published" is the pack's date


@dataclass(slots=True)
class Claim:
    """One claim of the knowledge base, with every report of it."""

    type: str
    subject: str | None
    object: str | None
    role: str | None = None
    value: int | None = None
    scope: str | None = None
    when: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    modality: str = "asserted"
    evidence: list[Source] = field(default_factory=list)
    subject_id: int | None = None  # the stored entities, so pages can link to them
    object_id: int | None = None
    confidence: float = 0.0  # the surest of its reports


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
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query.order_by(facts.c.valid_from, documents.c.published, facts.c.id))]


def source_of(row: dict[str, Any]) -> Source:
    """The evidence a fact row carries."""
    return Source(row["doc_id"], row["published"], row["source"], row["sentence"], row.get("id"), row.get("kind") == "reference")


def claims(rows: list[dict[str, Any]]) -> list[Claim]:
    """Rows grouped into claims: one per (type, ends, role, value, time), all reports as evidence.

    A claim's modality is that of its latest report: a merger reported as
    planned and later as done is one asserted merger.
    """
    grouped: dict[tuple[Any, ...], Claim] = {}
    latest: dict[tuple[Any, ...], date] = {}
    for row in rows:
        ends = (row["subject_id"] or row["subject"], row["object_id"] or row["object"])
        key = (row["type"], *ends, row["role"], row["value"], row["scope"], row["valid_from"], row["valid_to"])
        claim = grouped.get(key)
        if claim is None:
            claim = grouped[key] = Claim(
                row["type"], row["subject"], row["object"], row["role"], row["value"], row["scope"], row["when"], row["valid_from"], row["valid_to"], row["modality"]
            )
            claim.subject_id, claim.object_id = row["subject_id"], row["object_id"]
        claim.evidence.append(source_of(row))
        claim.confidence = max(claim.confidence, float(row["confidence"]))
        if row["published"] >= latest.get(key, row["published"]):
            latest[key] = row["published"]
            claim.modality = row["modality"]
    return list(grouped.values())


def _holds_at(at: date):  # type: ignore[no-untyped-def]
    """SQL: the fact starts by `at` and has not explicitly ended before it."""
    return and_(facts.c.valid_from <= at, or_(facts.c.end.is_(None), facts.c.valid_to >= at))


# --------------------------------------------------------------------------- who


@dataclass(slots=True)
class WhoAnswer:
    """Holders of a role on a day, most recently reported first, and any conflict."""

    role: str
    of: str
    at: date
    holders: list[Claim]
    conflicting: bool


def _span(found: list[Claim]) -> tuple[date, date]:
    """First and last day a person's hold on a post is reported (a tenure seen from outside)."""
    firsts = [c.valid_from for c in found if c.valid_from is not None]
    lasts = [day for c in found for day in (c.valid_to or c.valid_from,) if day is not None]
    return (min(firsts) if firsts else date.min), (max(lasts) if lasts else date.max)


def who(store: Store, role: str, of: str, at: date, known_at: date | None = None, min_confidence: float = 0.0) -> WhoAnswer:
    """Who held `role` of `of` on `at` (as known by `known_at`, if given; from reports read with at least `min_confidence`).

    A person whose reported tenure (first to last report) covers `at` holds
    the post; failing that, the one reported last before `at` still does.
    Two people covering one day of a one-holder post is a conflict, shown
    with both sides' evidence rather than settled.
    """
    ids = entity_ids(store, of)
    rows = fact_rows(
        store,
        facts.c.type == "role",
        facts.c.role == role,
        facts.c.object_id.in_(ids),
        facts.c.modality == "asserted",
        or_(facts.c.former.is_(None), facts.c.former.is_(False)),
        or_(facts.c.end.is_(None), facts.c.valid_to >= at),
        facts.c.confidence >= min_confidence,
        known_at=known_at,
    )
    by_person: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims(rows):
        by_person[claim.subject or ""].append(claim)
    spans = {person: _span(found) for person, found in by_person.items() if _span(found)[0] <= at}  # reports after `at` widen a tenure
    covering = [p for p, (first, last) in spans.items() if first <= at <= last]
    if covering:
        chosen = sorted(covering, key=lambda p: spans[p][1], reverse=True)
    else:
        chosen = sorted(spans, key=lambda p: min(spans[p][1], at), reverse=True)
        if role in SINGLE_HOLDER_ROLES:
            chosen = chosen[:1]
    holders = [_merged(by_person[person]) for person in chosen]
    ended = _ended(store, at, known_at)
    if any(ended.get(entity_id, date.max) < at for entity_id in ids):
        holders = []  # the body itself was dissolved or merged away by then
    return WhoAnswer(role, of, at, holders, conflicting=role in SINGLE_HOLDER_ROLES and len(holders) > 1)


def _merged(found: list[Claim]) -> Claim:
    """One person's claims to a post as one answer: first to last report, all evidence."""
    newest = max(found, key=lambda c: c.valid_from or date.min)
    first, last = _span(found)
    first_day, last_day = (None if first == date.min else first), (None if last == date.max else last)  # no dates reported: unknown, not forever
    merged = Claim(newest.type, newest.subject, newest.object, newest.role, newest.value, newest.scope, newest.when, first_day, last_day, newest.modality)
    merged.subject_id, merged.object_id = newest.subject_id, newest.object_id
    merged.confidence = max(c.confidence for c in found)
    merged.evidence = sorted((s for c in found for s in c.evidence), key=lambda s: (s.published, s.doc_id))
    return merged


# --------------------------------------------------------------------------- timeline


def timeline(store: Store, name: str, known_at: date | None = None) -> list[Claim]:
    """Every claim about an entity (as subject or object), in time order, with evidence."""
    return timeline_of(store, entity_ids(store, name), known_at)


def timeline_of(store: Store, ids: list[int], known_at: date | None = None) -> list[Claim]:
    """Every claim about these stored entities, in time order (the entity page asks by id, not by name)."""
    rows = fact_rows(store, or_(facts.c.subject_id.in_(ids), facts.c.object_id.in_(ids)), known_at=known_at)
    return sorted(claims(rows), key=lambda c: (c.valid_from or date.max, c.type))


# --------------------------------------------------------------------------- seats


@dataclass(slots=True)
class SeatShare:
    group: str
    seats: int
    qualifier: str | None
    as_of: date | None
    bloc: int
    banzhaf: float = 0.0
    shapley_shubik: float = 0.0
    evidence: list[Source] = field(default_factory=list)
    entity_id: int | None = None  # None when the group's name was never resolved to a stored entity


@dataclass(slots=True)
class SeatsAnswer:
    """A chamber on a day: seats by group, blocs, thresholds and voting power."""

    chamber: str
    at: date
    total: int | None
    majority: int | None
    two_thirds: int | None
    quota: int | None
    groups: list[SeatShare]
    blocs: list[tuple[list[str], int]]


def chamber_names(store: Store, chamber: str) -> tuple[list[int], list[str]]:
    """The chamber's entity ids and every name it is stored under (seat facts name it in `scope`)."""
    ids = entity_ids(store, chamber)
    with store.engine.connect() as connection:
        names = [row[0] for row in connection.execute(select(aliases.c.alias).where(aliases.c.entity_id.in_(ids)))]
        names += [row[0] for row in connection.execute(select(entities.c.name).where(entities.c.id.in_(ids)))]
    return ids, sorted(set(names) | {chamber})


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
    with store.engine.connect() as connection:
        bodies = {int(i) for i in connection.execute(select(entities.c.id).where(entities.c.type == "GOV_BODY")).scalars()}
        group = (facts.c.scope, facts.c.subject_id, facts.c.subject)
        scoped = connection.execute(select(*group, day).where(*in_force, facts.c.scope.in_(names)).group_by(*group))
        unscoped_query = select(facts.c.id, facts.c.doc_id, facts.c.subject_id, facts.c.subject, facts.c.valid_from).where(*in_force, facts.c.scope.is_(None))
        unscoped = connection.execute(unscoped_query).all()
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


def _group_key(row: dict[str, Any]) -> int | str:
    """One group per stored entity; a subject the store could not resolve stands for itself."""
    return int(row["subject_id"]) if row["subject_id"] is not None else str(row["subject"])


def seats(store: Store, chamber: str, at: date, quota: int | None = None, known_at: date | None = None) -> SeatsAnswer:
    """Each group's latest seat count in a chamber on `at`, the blocs coalitions form, and power.

    The chamber's size is its own latest seat count (a pack's reference data
    gives it by period); groups merged away or dissolved since their last
    count are left out.
    """
    ids, names = chamber_names(store, chamber)
    size_rows = fact_rows(store, facts.c.type == "seats", facts.c.modality == "asserted", _holds_at(at), facts.c.subject_id.in_(ids), known_at=known_at)
    total_row = size_rows[-1] if size_rows else None
    latest: dict[int | str, dict[str, Any]] = {}
    for row in _latest_counts(store, ids, names, at, known_at):  # in time order: the last one wins
        latest[_group_key(row)] = row
    ended = _ended(store, at, known_at)
    latest = {key: row for key, row in latest.items() if not (key in ended and row["valid_from"] <= ended[key])}
    total = int(total_row["value"]) if total_row else None
    blocs = _blocs(store, sorted(latest, key=str), at, known_at)
    groups = [
        SeatShare(
            row["group_name"] or row["subject"],
            int(row["value"]),
            row["qualifier"],
            row["valid_from"],
            blocs.get(key, 0),
            evidence=[source_of(row)],
            entity_id=key if isinstance(key, int) else None,
        )
        for key, row in sorted(latest.items(), key=lambda item: -int(item[1]["value"]))
    ]
    majority = total // 2 + 1 if total else None
    two_thirds = -(-2 * total // 3) if total else None
    held = sum(g.seats for g in groups)
    quota = quota or majority or (held // 2 + 1 if held else None)
    if quota and groups and quota <= held:
        weights = [g.seats for g in groups]
        for group, b, s in zip(groups, *power_indices(weights, quota), strict=True):
            group.banzhaf, group.shapley_shubik = b, s
    bloc_totals: dict[int, list[str]] = defaultdict(list)
    for group in groups:
        bloc_totals[group.bloc].append(group.group)
    seat_of = {g.group: g.seats for g in groups}
    summary = [(members, sum(seat_of[m] for m in members)) for _, members in sorted(bloc_totals.items())]
    return SeatsAnswer(chamber, at, total, majority, two_thirds, quota, groups, sorted(summary, key=lambda b: -b[1]))


def _ended(store: Store, at: date, known_at: date | None) -> dict[int | str, date]:
    """Groups dissolved, or merged into another, by `at`, with the day; a merger's result lives on."""
    rows = fact_rows(store, facts.c.type.in_(("dissolution", "merger")), facts.c.modality == "asserted", facts.c.valid_from <= at, known_at=known_at)
    ended: dict[int | str, date] = {}
    for row in rows:
        survivors = {e["id"] for e in store.find_entities(row["result"])} if row["result"] else set()
        sides = [("subject", row["subject_id"], row["subject"])]
        if row["type"] == "merger":
            sides.append(("object", row["object_id"], row["object"]))
        for _, entity_id, name in sides:
            if entity_id in survivors or (entity_id is None and not name):
                continue
            key: int | str = int(entity_id) if entity_id is not None else str(name)
            ended[key] = max(ended.get(key, date.min), row["valid_from"])
    return ended


def _blocs(store: Store, groups: list[int | str], at: date, known_at: date | None) -> dict[int | str, int]:
    """Groups joined by coalition facts in force on `at`, numbered; a group alone is its own bloc."""
    rows = fact_rows(store, facts.c.type == "coalition", facts.c.modality == "asserted", _holds_at(at), known_at=known_at)
    parent: dict[int | str, int | str] = {group: group for group in groups}

    def root(group: int | str) -> int | str:
        while parent[group] != group:
            group = parent[group]
        return group

    for row in rows:
        first, second = _group_key(row), _group_key({"subject_id": row["object_id"], "subject": row["object"]})
        if first in parent and second in parent:
            parent[root(first)] = root(second)
    numbers: dict[int | str, int] = {}
    return {group: numbers.setdefault(root(group), len(numbers)) for group in groups}


# --------------------------------------------------------------------------- contradictions


@dataclass(slots=True)
class Contradiction:
    """Two claims about one subject and relation that cannot both hold on overlapping days."""

    what: str
    first: Claim
    second: Claim


def contradictions(store: Store) -> list[Contradiction]:
    """Two holders of a one-holder post on overlapping days, and two exact seat counts of one group on one day.

    Each is judged within one subject and relation only: a fact about another
    party never settles or contradicts it.
    """
    found: list[Contradiction] = []
    role_rows = fact_rows(store, facts.c.type == "role", facts.c.role.in_(SINGLE_HOLDER_ROLES), facts.c.modality == "asserted", facts.c.object_id.is_not(None))
    by_post: dict[tuple[Any, ...], dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims(role_rows):
        by_post[(claim.object, claim.role)][claim.subject or ""].append(claim)
    for (body, role), people in by_post.items():
        tenures = [(_merged(found), *_span(found)) for found in people.values()]
        for i, (first, first_from, first_to) in enumerate(tenures):
            for second, second_from, second_to in tenures[i + 1 :]:
                if _tenures_overlap((first_from, first_to), (second_from, second_to)):
                    found.append(Contradiction(f"{role} of {body}", first, second))
    seat_rows = fact_rows(store, facts.c.type == "seats", facts.c.modality == "asserted", facts.c.qualifier == "exact")
    by_group: dict[tuple[Any, ...], list[Claim]] = defaultdict(list)
    for claim in claims(seat_rows):
        by_group[(claim.subject, claim.scope)].append(claim)
    for (group, _scope), counts in by_group.items():
        found.extend(Contradiction(f"seats of {group}", a, b) for a, b in _overlapping(counts, lambda c: c.value))
    return found


def _tenures_overlap(first: tuple[date, date], second: tuple[date, date]) -> bool:
    """Whether two tenures share a day; one ending on the day the other begins is a handover, not a conflict."""
    shared = min(first[1], second[1]) - max(first[0], second[0])
    if shared.days < 0:
        return False
    return shared.days > 0 or first[0] == first[1] or second[0] == second[1]


def _overlapping(found: list[Claim], value):  # type: ignore[no-untyped-def]
    for i, first in enumerate(found):
        for second in found[i + 1 :]:
            if value(first) == value(second) or None in (first.valid_from, second.valid_from):
                continue
            first_end, second_end = first.valid_to or first.valid_from, second.valid_to or second.valid_from
            if first.valid_from <= second_end and second.valid_from <= first_end:  # type: ignore[operator]
                yield first, second
