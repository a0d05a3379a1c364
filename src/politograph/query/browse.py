"""Browsing the store: entity search and suggestions, facts by filter, documents with their facts.

These are the questions a reader asks before an as-of question: which
entities are there, what does one article say, which facts match a type,
an entity, a time window or a modality.  Lists come a page at a time
(`Page`), so an HTTP client or a web page never pulls a million facts.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, Connection, Date, Float, Select, String, and_, case, extract, func, literal, not_, or_, select, tuple_, union_all

from politograph.model import fold_name
from politograph.query.asof import EVIDENCE_COLUMNS, NotFound, chamber_names
from politograph.query.records import FactRecord, PublishedDate, fact_record
from politograph.store.cache import StampedCache
from politograph.store.curation import dropped_fact_ids, kept_facts
from politograph.store.repository import Store, stored_published
from politograph.store.schema import aliases, decisions, doc_entities, documents, entities, facts, mentions, verdicts

T = TypeVar("T")

MAX_PAGE = 500


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a longer list: `total` items in all, these from `offset`; `next_cursor` continues right after the last one."""

    total: int
    offset: int
    limit: int
    items: list[T]
    next_cursor: str | None = None

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


class BadCursor(ValueError):
    """A cursor this list did not give (or that was changed on the way)."""


def encode_cursor(*values: date | int | str | None) -> str:
    """A page's last row's sort key, as an opaque URL-safe token: the next page starts right after that row."""
    text = json.dumps([v.isoformat() if isinstance(v, date) else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


MAX_KEY = 2**63 - 1
"""The largest integer a cursor may carry (the database's own limit)."""


def _fits(kind: str, value: Any) -> bool:
    """A cursor value the database can compare: none for a day that may be missing, an id it can hold, a text of bounded length."""
    if kind == "D":
        return value is None
    if kind == "i":
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_KEY
    if kind == "f":
        return isinstance(value, int | float) and not isinstance(value, bool) and -1e300 < value < 1e300
    return kind == "s" and isinstance(value, str) and len(value) <= 2048


def decode_cursor(cursor: str, shape: str) -> tuple[Any, ...]:
    """The sort key a cursor carries, checked against the list's `shape`: one letter a value (d day, D day or none, i id, f number, s text)."""
    wrong = BadCursor("cursor: not a cursor this list gave (ask for the first page again, or follow next_cursor)")
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise wrong from None
    if not isinstance(values, list) or len(values) != len(shape):
        raise wrong
    found: list[Any] = []
    for kind, value in zip(shape, values, strict=True):
        if kind in "dD" and isinstance(value, str):
            try:
                found.append(date.fromisoformat(value))
            except ValueError:
                raise wrong from None
        elif _fits(kind, value):
            found.append(value)
        else:
            raise wrong
    return tuple(found)


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
    country: str | None = None  # ISO 3166 alpha-3 of an entity the fact names (see `country_of`)
    source: str | None = None  # the article's outlet, exactly as stored
    year: int | None = None  # the year of the fact's day (`fact_day`)
    confidence_band: str | None = None  # a key of CONFIDENCE_BANDS


CONFIDENCE_BANDS: dict[str, tuple[float | None, float | None]] = {"low": (None, 0.5), "medium": (0.5, 0.8), "high": (0.8, None)}
"""How sure the reader was, in three bands a reviewer can pick from: [lower, upper) of each, None an open end."""
BAND_LABELS = {"low": "< 0.5", "medium": "0.5 – 0.8", "high": "≥ 0.8"}
FACT_SORTS = ("date", "-date", "confidence", "-confidence", "type", "-type")
"""The orders a facts list offers ("-" descending); "date" is the valid-time order every other list of facts keeps."""


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
    _check(offset, limit)
    with store.connect() as connection:
        total = int(connection.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one())
        rows = [dict(row._mapping) for row in connection.execute(query.offset(offset).limit(limit))]
    return total, rows


def _check(offset: int, limit: int) -> None:
    if not 0 < limit <= MAX_PAGE or offset < 0:
        raise ValueError(f"limit must be 1..{MAX_PAGE} and offset 0 or more")


@dataclass(slots=True)
class _Keyset:
    """One list's order as keyset paging sees it: the sort columns, and "after this row" and "up to this row" as SQL."""

    columns: tuple[Any, ...]  # the sort key, in order (the last one unique)
    after: Callable[[tuple[Any, ...]], ColumnElement[bool]]
    upto: Callable[[tuple[Any, ...]], ColumnElement[bool]]  # this row and every one before it: an index range from the list's start


def _keyset_page(
    store: Store,
    query: Select[Any],
    keys: _Keyset,
    cursor: tuple[Any, ...] | None,
    offset: int,
    limit: int,
    *,
    counted: Select[Any] | None = None,
    uncounted: Select[Any] | None = None,
    total: int | None = None,
) -> tuple[int, int, list[tuple[Any, ...]], bool]:
    """(total, the first row's position, one page of sort keys, whether rows follow) of an ordered query.

    `query` selects the sort columns of the matching rows, in order.  From
    a cursor (a row's sort key) the page starts right after that row, so a
    deep page is one index range from where the last one ended; the offset
    then skips rows from there.  The position is the count of rows up to
    the cursor's (an index range from the start, as long as the page is
    deep), the total that of `counted` (the same rows as `query`, or more:
    less the `uncounted` ones, counted apart, such as the reference facts,
    which an index cannot leave out), unless the caller knows it already.
    """
    _check(offset, limit)
    counted = query if counted is None else counted
    with store.connect() as connection:

        def count(rows: Select[Any], *where: ColumnElement[bool]) -> int:
            return int(connection.execute(select(func.count()).select_from(rows.where(*where).order_by(None).subquery())).scalar_one())

        if total is None:
            total = count(counted) - (count(uncounted) if uncounted is not None else 0)
        before = 0
        if cursor is not None:
            before = count(counted, keys.upto(cursor)) - (count(uncounted, keys.upto(cursor)) if uncounted is not None else 0)
        chosen = query.where(keys.after(cursor)) if cursor is not None else query
        rows = [tuple(row) for row in connection.execute(chosen.offset(offset).limit(limit))]
    position = before + offset
    return total, position, rows, position + len(rows) < total


SUGGEST_CANDIDATES = 200
"""Entities weighed per suggestion step: enough to find the best known among them, few enough to count quickly."""


def fact_counts(store: Store, ids: list[int]) -> dict[int, int]:
    """Facts naming each of these entities as subject or object (two index-only counts, never a scan of all facts)."""
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    with store.connect() as connection:
        for side in (facts.c.subject_id, facts.c.object_id):
            for entity_id, n in connection.execute(select(side, func.count()).where(side.in_(ids), *kept_facts(store)).group_by(side)):
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


def search_entities(store: Store, text: str = "", entity_type: str | None = None, offset: int = 0, limit: int = 50, cursor: str | None = None) -> Page[EntitySummary]:
    """Entities whose name or any alias contains `text` (folded: case, macrons, punctuation ignored), by name.

    Keyset paging by (name, id), which `ix_entities_name` serves: a page from
    a cursor costs what the first page does.
    """
    query = select(entities.c.name, entities.c.id)
    if text.strip():
        query = query.where(entities.c.id.in_(select(aliases.c.entity_id).where(_name_matches(text))))
    if entity_type:
        query = query.where(entities.c.type == entity_type)
    start = decode_cursor(cursor, "si") if cursor else None
    total, position, rows, more = _keyset_page(store, query.order_by(entities.c.name, entities.c.id), ENTITY_KEYS, start, offset, limit)
    following = encode_cursor(*rows[-1]) if more and rows else None
    return Page(total, position, limit, _summaries(store, [int(row[1]) for row in rows]), following)


ENTITY_KEYS = _Keyset(
    (entities.c.name, entities.c.id),
    lambda key: tuple_(entities.c.name, entities.c.id) > tuple_(literal(key[0]), literal(key[1])),
    lambda key: tuple_(entities.c.name, entities.c.id) <= tuple_(literal(key[0]), literal(key[1])),
)


@dataclass(slots=True)
class _Tally:
    """Whole-store fact counts (by type, by entity named) as of the highest fact id, brought up to date from the newer facts alone."""

    top: int  # the highest fact id counted
    decisions: int  # the highest decision id then: a merge or split rewrites counted facts
    total: int
    by_type: dict[str, int]
    by_subject: dict[int, int]
    by_object: dict[int, int]


_TALLIES: WeakKeyDictionary[Store, _Tally] = WeakKeyDictionary()
_TALLY_LOCK = threading.Lock()
_TALLY_STAMP = select(
    select(func.max(facts.c.id)).scalar_subquery(), select(func.count()).select_from(facts).scalar_subquery(), select(func.max(decisions.c.id)).scalar_subquery()
)


def _grouped(connection: Connection, column: Any, *where: ColumnElement[bool]) -> dict[Any, int]:
    query = select(column, func.count()).where(column.is_not(None), *where).group_by(column).order_by(column)
    return {value: int(n) for value, n in connection.execute(query)}


def _tally(store: Store) -> _Tally:
    """The store's fact counts: read whole once, then only the facts added since (a write of one fact costs a count and a seek).

    Facts are only ever added, or removed with their document (a replaced
    article): the total then falls short of what was counted plus what was
    added, and everything is counted again, as after a merge or split.
    """
    with _TALLY_LOCK, store.connect() as connection:
        top, total, decided = (int(v or 0) for v in connection.execute(_TALLY_STAMP).one())
        known = _TALLIES.get(store)
        if known is not None and known.decisions == decided and known.top <= top:
            newer = facts.c.id > known.top
            added = int(connection.execute(select(func.count()).where(newer)).scalar_one()) if top > known.top else 0
            if known.total + added == total:
                if added:  # the new rows themselves, by their ids (grouped in SQL, an entity index would be read whole)
                    for kind, subject, obj in connection.execute(select(facts.c.type, facts.c.subject_id, facts.c.object_id).where(newer)):
                        known.by_type[kind] = known.by_type.get(kind, 0) + 1
                        for counts, value in ((known.by_subject, subject), (known.by_object, obj)):
                            if value is not None:
                                counts[value] = counts.get(value, 0) + 1
                known.top, known.total = top, total
                return known
        found = _Tally(top, decided, total, _grouped(connection, facts.c.type), _grouped(connection, facts.c.subject_id), _grouped(connection, facts.c.object_id))
        _TALLIES[store] = found
        return found


def most_reported(store: Store, limit: int = 12) -> list[EntitySummary]:
    """The entities most facts name, for a first look at a store; a tie goes to the entity named as a subject, then the smaller id."""
    tally = _tally(store)
    counts = {i: n + tally.by_object.get(i, 0) for i, n in tally.by_subject.items()}
    for i, n in tally.by_object.items():
        counts.setdefault(int(i), n)
    top = sorted(counts, key=lambda i: (-counts[i], i not in tally.by_subject, i))[:limit]
    return _summaries(store, [int(i) for i in top])


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
        naming = or_(facts.c.subject_id == entity_id, facts.c.object_id == entity_id)
        about = connection.execute(select(func.count()).select_from(facts).where(naming, *kept_facts(store))).scalar_one()  # flagged facts not counted
    return EntityProfile(int(row.id), row.key, row.name, row.type, row.pack_id, names, int(in_documents), int(about))


def _fact_query() -> Select[Any]:
    return select(facts, *EVIDENCE_COLUMNS, documents.c.published_precision).join(documents, documents.c.id == facts.c.doc_id)


def pack_countries(store: Store) -> dict[str, str]:
    """Country packs by name with their ISO 3166 alpha-3 code ({"japan": "JPN"}): what a pack id's prefix says of its entity's country."""
    return {pack.name: pack.iso3 for pack in store.packs if pack.kind == "country" and pack.iso3}


def country_of(pack_id: Any, countries: dict[str, str]) -> ColumnElement[Any]:
    """SQL: the country an entity belongs to, read from its pack id alone (so a grouped count needs no pack in Python).

    A country pack's entity is its pack's country ("japan:ldp" is JPN); a
    world pack id starts with the country's code ("world:aut-spo" is AUT).
    Entities no pack knows, and imported ones (whose ids carry no country),
    have none.
    """
    whens: list[tuple[ColumnElement[bool], Any]] = [(pack_id.like(f"{name}:%"), literal(code, String)) for name, code in sorted(countries.items())]
    whens.append((pack_id.like("world:___%"), func.upper(func.substr(pack_id, 7, 3))))
    return case(*whens, else_=literal(None, String))


def fact_day(table: Any = facts) -> ColumnElement[Any]:
    """A fact's day for sorting and years: its own first day, else its article's date (a fact that states no time)."""
    return func.coalesce(table.c.valid_from, table.c.recorded_at)


def _band_condition(band: str) -> ColumnElement[bool]:
    low, high = CONFIDENCE_BANDS[band]
    parts = ([facts.c.confidence >= low] if low is not None else []) + ([facts.c.confidence < high] if high is not None else [])
    return and_(*parts)


def _band_of() -> ColumnElement[Any]:
    """SQL: the band a fact's confidence falls in."""
    return case(*((_band_condition(name), literal(name, String)) for name in CONFIDENCE_BANDS), else_=literal("low", String))


def _country_condition(code: str, countries: dict[str, str]) -> ColumnElement[bool]:
    """Facts naming an entity of that country, as subject or object."""
    of_country = select(entities.c.id).where(country_of(entities.c.pack_id, countries) == code.upper())
    return or_(facts.c.subject_id.in_(of_country), facts.c.object_id.in_(of_country))


def _fact_conditions(where: FactFilter, store: Store | None = None) -> list[ColumnElement[bool]]:
    """The filter as conditions on the facts table (the article/reference choice is made apart); `store` gives the packs a country filter reads."""
    conditions: list[ColumnElement[bool]] = kept_facts(store) if store is not None else []  # flagged and rejected facts listed no more
    if where.source:
        conditions.append(facts.c.doc_id.in_(select(documents.c.id).where(documents.c.source == where.source)))
    if where.year is not None:
        conditions.append(fact_day().between(date(where.year, 1, 1), date(where.year, 12, 31)))
    if where.confidence_band:
        conditions.append(_band_condition(where.confidence_band))
    if where.country:
        conditions.append(_country_condition(where.country, pack_countries(store) if store is not None else {}))
    if where.type:  # the type read through an expression: it keeps SQLite off the (type, ...) indexes, which would sort every match
        conditions.append(func.coalesce(facts.c.type, "") == where.type)
    if where.entity_ids is not None:
        conditions.append(or_(facts.c.subject_id.in_(where.entity_ids), facts.c.object_id.in_(where.entity_ids)))
    if where.modality:
        conditions.append(facts.c.modality == where.modality)
    if where.doc_id:
        conditions.append(facts.c.doc_id == where.doc_id)
    if where.min_confidence is not None:
        conditions.append(facts.c.confidence >= where.min_confidence)
    if where.until:
        conditions.append(facts.c.valid_from <= where.until)
    if where.since:
        conditions.append(func.coalesce(facts.c.valid_to, facts.c.valid_from) >= where.since)
    return conditions


def fact_keys(dialect: str) -> _Keyset:
    """Facts go by (valid_from, recorded_at, id): valid time, then publication (a fact's `recorded_at` is its article's date).

    A fact with no valid time sorts where the database puts NULL: first on
    SQLite, last on PostgreSQL, as the list always has; the cursor follows.
    """
    valid, recorded, key = facts.c.valid_from, facts.c.recorded_at, facts.c.id
    nulls_first = dialect != "postgresql"

    def after(cursor: tuple[Any, ...]) -> ColumnElement[bool]:
        day, published, fact_id = cursor
        same_day_later = tuple_(recorded, key) > tuple_(literal(published, Date), literal(fact_id))
        if day is None:
            undated = and_(valid.is_(None), same_day_later)
            return or_(undated, valid.is_not(None)) if nulls_first else undated
        later = tuple_(valid, recorded, key) > tuple_(literal(day, Date), literal(published, Date), literal(fact_id))
        return later if nulls_first else or_(later, valid.is_(None))

    def upto(cursor: tuple[Any, ...]) -> ColumnElement[bool]:
        day, published, fact_id = cursor
        same_day_earlier = tuple_(recorded, key) <= tuple_(literal(published, Date), literal(fact_id))
        if day is None:
            undated = and_(valid.is_(None), same_day_earlier)
            return undated if nulls_first else or_(valid.is_not(None), undated)
        earlier = tuple_(valid, recorded, key) <= tuple_(literal(day, Date), literal(published, Date), literal(fact_id))
        return or_(valid.is_(None), earlier) if nulls_first else earlier

    return _Keyset((valid, recorded, key), after, upto)


@dataclass(slots=True)
class _FactOrder:
    """A facts list's order: its keyset, the ORDER BY it is read in, and its cursor's shape."""

    keys: _Keyset
    order: tuple[Any, ...]
    shape: str


def fact_order(sort: str, dialect: str) -> _FactOrder:
    """The order `sort` (one of FACT_SORTS) names: "date" is `fact_keys`; the others go by one column, then id, both the same way.

    The descending date order puts a fact that states no time at its
    article's date (`fact_day`), so "newest first" has no undated block.
    """
    if sort == "date":
        keys = fact_keys(dialect)
        return _FactOrder(keys, keys.columns, "Ddi")
    if sort not in FACT_SORTS:
        raise ValueError(f"sort must be one of {', '.join(FACT_SORTS)}")
    name, descending = sort.lstrip("-"), sort.startswith("-")
    column, kind, shape = {"date": (fact_day(), Date, "di"), "confidence": (facts.c.confidence, Float, "fi"), "type": (facts.c.type, String, "si")}[name]
    key = facts.c.id

    def after(cursor: tuple[Any, ...]) -> ColumnElement[bool]:
        mine, theirs = tuple_(column, key), tuple_(literal(cursor[0], kind), literal(cursor[1]))
        return mine < theirs if descending else mine > theirs

    def upto(cursor: tuple[Any, ...]) -> ColumnElement[bool]:
        mine, theirs = tuple_(column, key), tuple_(literal(cursor[0], kind), literal(cursor[1]))
        return mine >= theirs if descending else mine <= theirs

    order = (column.desc(), key.desc()) if descending else (column, key)
    return _FactOrder(_Keyset((column, key), after, upto), order, shape)


def _non_articles(store: Store) -> list[str]:
    """Ids of the documents that are no articles (the packs' reference documents): a handful."""
    with store.connect() as connection:
        return sorted(connection.execute(select(documents.c.id).where(documents.c.kind != "article")).scalars())


_TOTALS: WeakKeyDictionary[Store, dict[tuple[Any, ...], tuple[tuple[int, ...], int]]] = WeakKeyDictionary()


def _filter_key(where: FactFilter) -> tuple[Any, ...]:
    return tuple((name, tuple(value) if isinstance(value, list) else value) for name in FactFilter.__slots__ for value in (getattr(where, name),))


def _known_total(store: Store, where: FactFilter) -> tuple[tuple[int, ...], int | None]:
    """The stamp of the facts (highest id, count, decisions) and, when a page of this filter was counted since, its total.

    Counting a filter's facts reads its whole index range; a page from a
    cursor then costs the range up to the cursor and the page itself.
    """
    with store.connect() as connection:
        stamp = tuple(int(v or 0) for v in connection.execute(_TALLY_STAMP).one())
    kept = _TOTALS.setdefault(store, {})
    if len(kept) > 256:
        kept.clear()
    known = kept.get(_filter_key(where))
    return stamp, known[1] if known is not None and known[0] == stamp else None


def list_facts(store: Store, where: FactFilter, offset: int = 0, limit: int = 50, cursor: str | None = None, sort: str = "date") -> Page[FactRecord]:
    """Facts matching a filter, in valid-time order (then by publication), one page at a time (articles only unless asked).

    The one query for facts by filter: `/api/facts`, the pages and the
    `facts` command (through `every_fact`) all list facts with it.  The
    order is served by `ix_facts_listed`, which holds every column a filter
    reads but the entity and the document (whose own indexes find their few
    facts), so the count reads only that index and a page from a cursor is
    one index range; the articles' facts are counted as all facts less the
    reference ones.  Another `sort` (confidence, type, newest first) has no
    index of its own: its pages sort the matching facts (a cursor still
    continues where the last page ended), and the outlet, country and year
    filters read the documents and entities tables beside that index.
    """
    chosen = fact_order(sort, store.engine.dialect.name)
    keys = chosen.keys
    conditions = _fact_conditions(where, store)
    ordered = select(*keys.columns).where(*conditions).order_by(*chosen.order)
    page_query, counted, uncounted = ordered, ordered, None
    if not where.include_reference:
        others = _non_articles(store)
        if others:
            page_query = ordered.where(facts.c.doc_id.not_in(others))
            uncounted = select(*keys.columns).where(*conditions, facts.c.doc_id.in_(others))
    start = decode_cursor(cursor, chosen.shape) if cursor else None
    stamp, known = _known_total(store, where)
    total, position, rows, more = _keyset_page(store, page_query, keys, start, offset, limit, counted=counted, uncounted=uncounted, total=known)
    _TOTALS.setdefault(store, {})[_filter_key(where)] = (stamp, total)
    ids = [int(row[-1]) for row in rows]
    with store.connect() as connection:
        found = {int(r.id): dict(r._mapping) for r in connection.execute(_fact_query().where(facts.c.id.in_(ids)))} if ids else {}
    following = encode_cursor(*rows[-1]) if more and rows else None
    return Page(total, position, limit, [fact_record(found[i]) for i in ids if i in found], following)


def every_fact(store: Store, where: FactFilter) -> Iterator[FactRecord]:
    """Every fact matching a filter, in `list_facts` order, read a page at a time from the last one's cursor (for the CLI, which prints them all)."""
    cursor: str | None = None
    while True:
        page = list_facts(store, where, 0, MAX_PAGE, cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


FACETS = ("type", "modality", "confidence", "country", "source", "entity", "year")
"""The facets of the facts browser, each named as the `FactFilter` field (or parameter) that picks one of its values."""
_OWN_FILTER = {"type": "type", "modality": "modality", "confidence": "confidence_band", "country": "country", "source": "source", "entity": "entity_ids", "year": "year"}


@dataclass(slots=True)
class FacetValue:
    """One value of a facet and how many facts matching the rest of the filter have it; `value` is what the filter takes."""

    value: str
    label: str
    count: int


def fact_facets(store: Store, where: FactFilter, top: int = 10) -> dict[str, list[FacetValue]]:
    """Each facet's `top` values by count, grouped in SQL over the facts matching the filter.

    A facet is counted without its own part of the filter, so a reader who
    chose one type still sees how many facts each other type has (choosing
    one narrows the others, never itself).  Facts naming two entities (or
    two countries) count once for each.
    """
    return _FACET_ANSWERS.get(store, lambda: _count_facets(store, where, top), key=(_filter_key(where), top))


def _count_facets(store: Store, where: FactFilter, top: int) -> dict[str, list[FacetValue]]:
    found: dict[str, list[FacetValue]] = {}
    countries = pack_countries(store)
    others = [] if where.include_reference else _non_articles(store)
    with store.connect() as connection:
        for name in FACETS:
            chosen = replace(where)
            setattr(chosen, _OWN_FILTER[name], None)
            conditions = _fact_conditions(chosen, store) + ([facts.c.doc_id.not_in(others)] if others else [])
            found[name] = _facet(connection, name, conditions, countries, top)
    return found


_FACET_ANSWERS: StampedCache[dict[str, list[FacetValue]]] = StampedCache(
    select(
        select(func.max(facts.c.id)).scalar_subquery(),
        select(func.count()).select_from(facts).scalar_subquery(),
        select(func.max(decisions.c.id)).scalar_subquery(),
        select(func.count()).select_from(decisions).scalar_subquery(),
        select(func.max(verdicts.c.id)).scalar_subquery(),
        select(func.count()).select_from(verdicts).scalar_subquery(),
    )
)
"""What facet counts depend on: the facts, and the decisions and verdicts (merges, flags, settled reports) that rewrite or drop some.

Counting a store's facets reads every matching fact seven times, so a
server keeps each filter's answer until one of these changes.
"""


def _facet(connection: Connection, name: str, conditions: list[ColumnElement[bool]], countries: dict[str, str], top: int) -> list[FacetValue]:
    """One facet's grouped counts, most first (ties by value)."""
    if name in ("entity", "country"):
        return _named_facet(connection, name, conditions, countries, top)
    year = func.substr(fact_day(), 1, 4) if connection.dialect.name == "sqlite" else extract("year", fact_day())  # SQLite keeps days as text: no date parsing
    column: Any = {"type": facts.c.type, "modality": facts.c.modality, "confidence": _band_of(), "year": year}.get(name)
    table: Any = facts
    if name == "source":
        column, table = documents.c.source, facts.join(documents, documents.c.id == facts.c.doc_id)
    value = column.label("value")
    n = func.count().label("n")
    query = select(value, n).select_from(table).where(*conditions, column.is_not(None)).group_by(column).order_by(n.desc(), value).limit(top)
    rows = [(str(int(v)) if name == "year" else str(v), int(count)) for v, count in connection.execute(query)]
    return [FacetValue(v, BAND_LABELS.get(v, v) if name == "confidence" else v, count) for v, count in rows]


def _named_facet(connection: Connection, name: str, conditions: list[ColumnElement[bool]], countries: dict[str, str], top: int) -> list[FacetValue]:
    """The entities (or their countries) the matching facts name, as subject or object: each side joined apart, then counted together."""
    sides = []
    for side in (facts.c.subject_id, facts.c.object_id):
        if name == "entity":  # the ids alone: names are read for the top few only
            sides.append(select(side.label("value"), facts.c.id.label("fact")).where(*conditions, side.is_not(None)))
            continue
        joined = facts.join(entities, entities.c.id == side)
        sides.append(select(country_of(entities.c.pack_id, countries).label("value"), facts.c.id.label("fact")).select_from(joined).where(*conditions))
    named = union_all(*sides).subquery()
    n = func.count(func.distinct(named.c.fact)).label("n")
    query = select(named.c.value, n).where(named.c.value.is_not(None)).group_by(named.c.value).order_by(n.desc(), named.c.value).limit(top)
    rows = [(str(v), int(count)) for v, count in connection.execute(query)]
    if name == "country":
        return [FacetValue(v, v, count) for v, count in rows]
    labels = {str(i): str(label) for i, label in connection.execute(select(entities.c.id, entities.c.name).where(entities.c.id.in_([int(v) for v, _ in rows])))}
    return [FacetValue(v, labels.get(v, v), count) for v, count in rows]


def document_urls(store: Store, doc_ids: list[str]) -> dict[str, str | None]:
    """The stored URL of each of these documents (the records cite a document by id; a CSV wants its address)."""
    if not doc_ids:
        return {}
    with store.connect() as connection:
        return {str(i): url for i, url in connection.execute(select(documents.c.id, documents.c.url).where(documents.c.id.in_(sorted(set(doc_ids)))))}


def fact(store: Store, fact_id: int) -> FactRecord:
    with store.connect() as connection:
        row = connection.execute(_fact_query().where(facts.c.id == fact_id)).first()
    if row is None:
        raise NotFound(f"no fact with id {fact_id}")
    return fact_record(dict(row._mapping))


def _document_after(cursor: tuple[Any, ...]) -> ColumnElement[bool]:
    """After a document in (published descending, id) order: an index range from its day, less what came before it that day."""
    published, doc_id = cursor
    return and_(documents.c.published <= literal(published, Date), not_(and_(documents.c.published == literal(published, Date), documents.c.id <= doc_id)))


def _document_upto(cursor: tuple[Any, ...]) -> ColumnElement[bool]:
    """A document and those before it in (published descending, id) order: from the newest to its day, less what follows it that day."""
    published, doc_id = cursor
    return and_(documents.c.published >= literal(published, Date), not_(and_(documents.c.published == literal(published, Date), documents.c.id > doc_id)))


DOCUMENT_KEYS = _Keyset((documents.c.published, documents.c.id), _document_after, _document_upto)


def list_documents(
    store: Store, since: date | None = None, until: date | None = None, offset: int = 0, limit: int = 50, cursor: str | None = None
) -> Page[DocumentSummary]:
    """Articles published in [since, until], newest first, with how many facts each gave (counted for this page only).

    Keyset paging by (published, id), which `ix_documents_listed` serves.
    """
    query = select(documents.c.published, documents.c.id).where(documents.c.kind == "article")
    if since:
        query = query.where(documents.c.published >= since)
    if until:
        query = query.where(documents.c.published <= until)
    start = decode_cursor(cursor, "ds") if cursor else None
    total, position, keys, more = _keyset_page(store, query.order_by(documents.c.published.desc(), documents.c.id), DOCUMENT_KEYS, start, offset, limit)
    ids = [str(key[1]) for key in keys]
    with store.connect() as connection:
        chosen = select(*HEAD_COLUMNS, documents.c.published_precision).where(documents.c.id.in_(ids))
        heads = {row.id: dict(row._mapping) for row in connection.execute(chosen)} if ids else {}
        counts: dict[str, int] = (
            dict(connection.execute(select(facts.c.doc_id, func.count()).where(facts.c.doc_id.in_(ids)).group_by(facts.c.doc_id)).all()) if ids else {}
        )
    following = encode_cursor(*keys[-1]) if more and keys else None
    items = [DocumentSummary(**_head(heads[i]), facts=int(counts.get(i, 0))) for i in ids if i in heads]
    return Page(total, position, limit, items, following)


def document_head(store: Store, doc_id: str) -> DocumentHead:
    """What identifies a document (its date at its precision, outlet, title, URL), without its text: what a citation needs."""
    with store.connect() as connection:
        row = connection.execute(select(*HEAD_COLUMNS, documents.c.published_precision).where(documents.c.id == doc_id)).first()
    if row is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return DocumentHead(**_head(dict(row._mapping)))


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
        found = connection.execute(_fact_query().where(facts.c.doc_id == doc_id, *kept_facts(store)).order_by(facts.c.sentence_start, facts.c.id))
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
    """The store at a glance: counts, facts by type (the most first), the span of time its articles speak of.

    The counts are those of `Store.counts`, read the cheap way (all facts
    less the reference ones, by index; by type from the kept tally), so that
    a server's first answer after a write does not count a million rows.
    """
    tally = _tally(store)
    others = _non_articles(store)
    with store.connect() as connection:

        def count(table: Any, *where: ColumnElement[bool]) -> int:
            return int(connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one())

        reference_ids = sorted(connection.execute(select(documents.c.id).where(documents.c.kind == "reference")).scalars())
        reference = count(facts, facts.c.doc_id.in_(reference_ids)) if reference_ids else 0
        dropped = sorted(dropped_fact_ids(store))  # flagged or rejected: out of every answer, so out of the counts too
        articles_only = [facts.c.id.in_(dropped), facts.c.doc_id.not_in(reference_ids)]
        dropped_types: dict[str, int] = dict(connection.execute(select(facts.c.type, func.count()).where(*articles_only).group_by(facts.c.type)).all()) if dropped else {}
        counts = {
            "documents": count(documents, documents.c.kind == "article"),
            "entities": count(entities),
            "aliases": count(aliases),
            "mentions": count(mentions),
            "facts": tally.total - reference - sum(dropped_types.values()),
            "reference facts": reference,
        }
    kept = {t: n - dropped_types.get(t, 0) for t, n in tally.by_type.items()}
    by_type = {str(t): n for t, n in sorted(kept.items(), key=lambda item: (-item[1], item[0])) if n}
    first, last = known_days(store, others)
    return Overview(counts, by_type, first, last)


def known_days(store: Store, others: list[str] | None = None) -> tuple[date | None, date | None]:
    """The first and last day any article fact speaks of (the range of the site's date controls): each one end of `ix_facts_listed`."""
    others = _non_articles(store) if others is None else others
    dated = [facts.c.valid_from.is_not(None)] + ([facts.c.doc_id.not_in(others)] if others else [])
    with store.connect() as connection:
        first = connection.execute(select(facts.c.valid_from).where(*dated).order_by(facts.c.valid_from).limit(1)).scalar()
        last = connection.execute(select(facts.c.valid_from).where(*dated).order_by(facts.c.valid_from.desc()).limit(1)).scalar()
    return first, last
