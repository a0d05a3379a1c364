"""Browsing the store: entity search and suggestions, facts by filter, documents with their facts.

These are the questions a reader asks before an as-of question: which
entities are there, what does one article say, which facts match a type,
an entity, a time window or a modality.  Lists come a page at a time
(`Page`), so an HTTP client or a web page never pulls a million facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, func, or_, select

from politograph.model import fold_name
from politograph.query.asof import EVIDENCE_COLUMNS, NotFound, chamber_names
from politograph.query.records import FactRecord, PublishedDate, fact_record
from politograph.store.repository import Store, stored_published
from politograph.store.schema import aliases, doc_entities, documents, entities, facts, mentions

T = TypeVar("T")

MAX_PAGE = 500


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a longer list: `total` items in all, these from `offset`."""

    total: int
    offset: int
    limit: int
    items: list[T]

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


@dataclass(slots=True)
class EntitySummary:
    id: int
    name: str
    type: str
    facts: int = 0


@dataclass(slots=True)
class EntityProfile:
    """An entity with every name it goes by and where it comes from."""

    id: int
    key: str
    name: str
    type: str
    pack_id: str | None
    aliases: list[str]
    documents: int
    facts: int


@dataclass(slots=True)
class FactFilter:
    """Which facts to list: any combination, all optional.  Dates select facts whose valid time meets [since, until]."""

    type: str | None = None
    entity_ids: list[int] | None = None
    since: date | None = None
    until: date | None = None
    modality: str | None = None
    doc_id: str | None = None
    include_reference: bool = False
    min_confidence: float | None = None


@dataclass(slots=True)
class DocumentHead:
    """What identifies a document in a list or at the top of its page."""

    id: str
    published: PublishedDate
    source: str | None
    title: str | None
    url: str | None
    kind: str


HEAD_COLUMNS = (documents.c.id, documents.c.published, documents.c.source, documents.c.title, documents.c.url, documents.c.kind)


def _head(row: dict[str, Any]) -> dict[str, Any]:
    """A document row with its date at its precision, for a `DocumentHead`."""
    head = {name: row[name] for name in ("id", "source", "title", "url", "kind")}
    return {**head, "published": stored_published(row)}


@dataclass(slots=True)
class DocumentSummary(DocumentHead):
    facts: int


@dataclass(slots=True)
class MentionRecord:
    start: int
    end: int
    text: str
    type: str
    entity_id: int | None


@dataclass(slots=True)
class DocumentView(DocumentHead):
    """A document's text with every entity mention and fact found in it (spans are character offsets)."""

    text: str
    entities: list[EntitySummary] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    facts: list[FactRecord] = field(default_factory=list)


def _page(store: Store, query: Select[Any], offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """The count of a query's rows and one page of them."""
    if not 0 < limit <= MAX_PAGE or offset < 0:
        raise ValueError(f"limit must be 1..{MAX_PAGE} and offset 0 or more")
    with store.connect() as connection:
        total = int(connection.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one())
        rows = [dict(row._mapping) for row in connection.execute(query.offset(offset).limit(limit))]
    return total, rows


SUGGEST_CANDIDATES = 200
"""Entities weighed per suggestion step: enough to find the best known among them, few enough to count quickly."""


def fact_counts(store: Store, ids: list[int]) -> dict[int, int]:
    """Facts naming each of these entities as subject or object (two index-only counts, never a scan of all facts)."""
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    with store.connect() as connection:
        for side in (facts.c.subject_id, facts.c.object_id):
            for entity_id, n in connection.execute(select(side, func.count()).where(side.in_(ids)).group_by(side)):
                counts[int(entity_id)] += int(n)
    return counts


def _summaries(store: Store, ids: list[int]) -> list[EntitySummary]:
    """Entities by id, in the order given, with their fact counts."""
    counts = fact_counts(store, ids)
    with store.connect() as connection:
        rows = {int(r.id): r for r in connection.execute(select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(ids)))}
    return [EntitySummary(i, rows[i].name, rows[i].type, counts[i]) for i in ids if i in rows]


def _name_matches(text: str, prefix_only: bool = False) -> Any:
    """SQL: an alias that starts with (or, unless `prefix_only`, contains) the folded text; a prefix is an index range."""
    folded = fold_name(text)
    if prefix_only:
        return and_(aliases.c.folded >= folded, aliases.c.folded < folded + "\U0010ffff")
    return aliases.c.folded.contains(folded, autoescape=True)


def search_entities(store: Store, text: str = "", entity_type: str | None = None, offset: int = 0, limit: int = 50) -> Page[EntitySummary]:
    """Entities whose name or any alias contains `text` (folded: case, macrons, punctuation ignored), by name."""
    query = select(entities.c.id)
    if text.strip():
        query = query.where(entities.c.id.in_(select(aliases.c.entity_id).where(_name_matches(text))))
    if entity_type:
        query = query.where(entities.c.type == entity_type)
    total, rows = _page(store, query.order_by(entities.c.name, entities.c.id), offset, limit)
    return Page(total, offset, limit, _summaries(store, [int(row["id"]) for row in rows]))


def most_reported(store: Store, limit: int = 12) -> list[EntitySummary]:
    """The entities most facts name, for a first look at a store (one grouped pass over the facts' entity indexes)."""
    counts: dict[int, int] = {}
    with store.connect() as connection:
        for side in (facts.c.subject_id, facts.c.object_id):
            for entity_id, n in connection.execute(select(side, func.count()).where(side.is_not(None)).group_by(side)):
                counts[int(entity_id)] = counts.get(int(entity_id), 0) + int(n)
    top = sorted(counts, key=lambda i: -counts[i])[:limit]
    return _summaries(store, top)


def suggest(store: Store, prefix: str, limit: int = 8) -> list[EntitySummary]:
    """Autocomplete: entities with a name or alias starting with `prefix`, then containing it; the best known first in each."""
    if not fold_name(prefix):
        return []
    found: list[EntitySummary] = []
    for prefix_only in (True, False):
        seen = {e.id for e in found}
        query = select(aliases.c.entity_id).where(_name_matches(prefix, prefix_only)).distinct().limit(SUGGEST_CANDIDATES + len(seen))
        with store.connect() as connection:
            ids = [int(i) for i in connection.execute(query).scalars() if int(i) not in seen]
        ranked = sorted(_summaries(store, ids[:SUGGEST_CANDIDATES]), key=lambda e: (-e.facts, len(e.name), e.name))
        found.extend(ranked[: limit - len(found)])
        if len(found) >= limit:
            break
    return found


def entity_profile(store: Store, entity_id: int) -> EntityProfile:
    """One stored entity with its aliases and how many documents and facts name it."""
    with store.connect() as connection:
        row = connection.execute(select(entities).where(entities.c.id == entity_id)).first()
        if row is None:
            raise NotFound(f"no entity with id {entity_id}")
        names = sorted({str(a) for a in connection.execute(select(aliases.c.alias).where(aliases.c.entity_id == entity_id)).scalars()} - {row.name})
        in_documents = connection.execute(select(func.count()).select_from(doc_entities).where(doc_entities.c.entity_id == entity_id)).scalar_one()
        about = connection.execute(select(func.count()).select_from(facts).where(or_(facts.c.subject_id == entity_id, facts.c.object_id == entity_id))).scalar_one()
    return EntityProfile(int(row.id), row.key, row.name, row.type, row.pack_id, names, int(in_documents), int(about))


def _fact_query() -> Select[Any]:
    return select(facts, *EVIDENCE_COLUMNS, documents.c.published_precision).join(documents, documents.c.id == facts.c.doc_id)


def list_facts(store: Store, where: FactFilter, offset: int = 0, limit: int = 50) -> Page[FactRecord]:
    """Facts matching a filter, in valid-time order (then by publication), one page at a time (articles only unless asked).

    The one query for facts by filter: `/api/facts`, the pages and the
    `facts` command (through `every_fact`) all list facts with it.
    """
    query = _fact_query()
    if not where.include_reference:
        query = query.where(documents.c.kind == "article")
    if where.type:
        query = query.where(facts.c.type == where.type)
    if where.entity_ids is not None:
        query = query.where(or_(facts.c.subject_id.in_(where.entity_ids), facts.c.object_id.in_(where.entity_ids)))
    if where.modality:
        query = query.where(facts.c.modality == where.modality)
    if where.doc_id:
        query = query.where(facts.c.doc_id == where.doc_id)
    if where.min_confidence is not None:
        query = query.where(facts.c.confidence >= where.min_confidence)
    if where.until:
        query = query.where(facts.c.valid_from <= where.until)
    if where.since:
        query = query.where(func.coalesce(facts.c.valid_to, facts.c.valid_from) >= where.since)
    total, rows = _page(store, query.order_by(facts.c.valid_from, documents.c.published, facts.c.id), offset, limit)
    return Page(total, offset, limit, [fact_record(row) for row in rows])


def every_fact(store: Store, where: FactFilter) -> Iterator[FactRecord]:
    """Every fact matching a filter, in `list_facts` order, read a page at a time (for the CLI, which prints them all)."""
    offset: int | None = 0
    while offset is not None:
        page = list_facts(store, where, offset, MAX_PAGE)
        yield from page.items
        offset = page.next_offset


def fact(store: Store, fact_id: int) -> FactRecord:
    with store.connect() as connection:
        row = connection.execute(_fact_query().where(facts.c.id == fact_id)).first()
    if row is None:
        raise NotFound(f"no fact with id {fact_id}")
    return fact_record(dict(row._mapping))


def list_documents(store: Store, since: date | None = None, until: date | None = None, offset: int = 0, limit: int = 50) -> Page[DocumentSummary]:
    """Articles published in [since, until], newest first, with how many facts each gave (counted for this page only)."""
    query = select(*HEAD_COLUMNS, documents.c.published_precision).where(documents.c.kind == "article")
    if since:
        query = query.where(documents.c.published >= since)
    if until:
        query = query.where(documents.c.published <= until)
    total, rows = _page(store, query.order_by(documents.c.published.desc(), documents.c.id), offset, limit)
    ids = [row["id"] for row in rows]
    with store.connect() as connection:
        counts: dict[str, int] = (
            dict(connection.execute(select(facts.c.doc_id, func.count()).where(facts.c.doc_id.in_(ids)).group_by(facts.c.doc_id)).all()) if ids else {}
        )
    return Page(total, offset, limit, [DocumentSummary(**_head(row), facts=int(counts.get(row["id"], 0))) for row in rows])


def document(store: Store, doc_id: str) -> DocumentView:
    """A document with its text, the entities it names, its mentions and its facts."""
    with store.connect() as connection:
        row = connection.execute(select(documents).where(documents.c.id == doc_id)).first()
        if row is None:
            raise NotFound(f"no document with id {doc_id!r}")
        view = DocumentView(**_head(dict(row._mapping)), text=row.text)
        named = select(doc_entities.c.entity_id, doc_entities.c.name, doc_entities.c.type).where(doc_entities.c.doc_id == doc_id).order_by(doc_entities.c.name)
        view.entities = [EntitySummary(int(e.entity_id), e.name, e.type) for e in connection.execute(named)]
        spans = select(mentions).where(mentions.c.doc_id == doc_id).order_by(mentions.c.start)
        view.mentions = [MentionRecord(m.start, m.end, m.text, m.type, m.entity_id) for m in connection.execute(spans)]
        found = connection.execute(_fact_query().where(facts.c.doc_id == doc_id).order_by(facts.c.sentence_start, facts.c.id))
        view.facts = [fact_record(dict(f._mapping)) for f in found]
    return view


def chambers(store: Store) -> list[EntitySummary]:
    """Government bodies with seat counts (groups' seats in them, or their own size), those with most groups' counts first.

    `facts` counts both; the order puts a chamber whose groups are reported
    ahead of one known only by its size, so the seats page opens on data.
    """
    with store.connect() as connection:
        bodies = {int(i): (n, t) for i, n, t in connection.execute(select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.type == "GOV_BODY"))}
        names = {}
        for entity_id, alias in connection.execute(select(aliases.c.entity_id, aliases.c.alias).where(aliases.c.entity_id.in_(list(bodies)))):
            names[alias] = int(entity_id)
        for entity_id in bodies:
            names[bodies[entity_id][0]] = entity_id
        groups: dict[int, int] = {}
        scoped = select(facts.c.scope, func.count()).where(facts.c.type == "seats", facts.c.scope.is_not(None)).group_by(facts.c.scope)
        for scope, n in connection.execute(scoped):
            if scope in names:
                groups[names[scope]] = groups.get(names[scope], 0) + int(n)
        own: dict[int, int] = {}
        sizes = select(facts.c.subject_id, func.count()).where(facts.c.type == "seats", facts.c.subject_id.in_(list(bodies))).group_by(facts.c.subject_id)
        for entity_id, n in connection.execute(sizes):
            own[int(entity_id)] = int(n)
    counted = set(groups) | set(own)
    found = [EntitySummary(i, bodies[i][0], bodies[i][1], groups.get(i, 0) + own.get(i, 0)) for i in counted]
    return sorted(found, key=lambda e: (-groups.get(e.id, 0), -e.facts, e.name))


def seat_days(store: Store, chamber: str, known_at: date | None = None) -> list[date]:
    """Days some group's seat count in the chamber speaks of: scoped to it, or unscoped in an article about it (as `seats` reads them).

    The chamber's own size is no such day: a page opening on the day its
    size last changed (a pack's reference data) would show no group at all.
    """
    ids, names = chamber_names(store, chamber)
    about_chamber = or_(facts.c.scope.in_(names), facts.c.subject_id.in_(ids))
    bodies = select(entities.c.id).where(entities.c.type == "GOV_BODY")
    a_group = or_(facts.c.subject_id.is_(None), facts.c.subject_id.not_in(bodies))
    counts = select(facts.c.valid_from).where(facts.c.type == "seats", facts.c.modality == "asserted", facts.c.valid_from.is_not(None), a_group)
    if known_at is not None:
        counts = counts.where(facts.c.recorded_at <= known_at)
    documents_about = select(facts.c.doc_id).where(facts.c.type == "seats", about_chamber)
    with store.connect() as connection:
        days = set(connection.execute(counts.where(facts.c.scope.in_(names)).distinct()).scalars())
        days |= set(connection.execute(counts.where(facts.c.scope.is_(None), facts.c.doc_id.in_(documents_about)).distinct()).scalars())
    return sorted(days)


@dataclass(slots=True)
class Overview:
    """What a store holds, at a glance: counts, facts by type, the span of time its articles speak of."""

    counts: dict[str, int]
    facts_by_type: dict[str, int]
    first_day: date | None
    last_day: date | None


def overview(store: Store) -> Overview:
    """The store at a glance (whole-table counts: a long-running server keeps it until the store changes)."""
    first, last = known_days(store)
    return Overview(store.counts(), store.fact_counts_by_type(), first, last)


def known_days(store: Store) -> tuple[date | None, date | None]:
    """The first and last day any article fact speaks of (the range of the site's date controls)."""
    query = select(func.min(facts.c.valid_from), func.max(facts.c.valid_from)).join(documents, documents.c.id == facts.c.doc_id)
    with store.connect() as connection:
        first, last = connection.execute(query.where(documents.c.kind == "article", and_(facts.c.valid_from.is_not(None)))).one()
    return first, last
