"""The store's side of resolution: what it knows by name, kept in step with the database, and new entities written.

`resolve/` decides which entity a name means from a `NameIndex`, a user's
decisions and the profiles of namesakes; this module feeds it from the
tables and writes back what it decided.  The index lives as long as the
`Store` and is brought up to date at the start of each writing transaction
(which holds the write lock by then), reading only rows added since it last
looked, so a large store is not read again for every batch.  Entities and
aliases a batch of articles adds are queued and written with one statement
per table when the batch's other rows are (`EntityResolution.write_pending`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Insert, Select, Table, bindparam, exists, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite

from politograph.model import DocumentResult, Entity, fold_name
from politograph.packs import Pack
from politograph.resolve.clues import clues_for
from politograph.resolve.index import NameIndex, collection_paused
from politograph.resolve.names import name_keys
from politograph.resolve.resolver import Decisions, Profile, Resolution, Resolver
from politograph.store.schema import aliases, decisions, entities, facts

Resolved = dict[int, tuple[int, str]]
"""`id()` of each of a document's entities -> its stored entity id and how it was resolved."""


def _pack_names_by_id(packs: tuple[Pack, ...]) -> dict[str, list[str]]:
    """Every name the packs know each entity by (merged-away ids too), so lookups find it under any of them."""
    names: dict[str, list[str]] = {}
    for pack in packs:
        for known in pack.entities:
            names[known.qualified_id] = [known.name, *known.aliases, *known.contextual]
        for qualified_id, known in pack.external.items():
            names.setdefault(qualified_id, [known.name, *known.aliases, *known.contextual])
    return names


_ALIASES_OF = select(aliases.c.folded).where(aliases.c.entity_id == bindparam("entity_id"))
"""Built once: building the statement costs SQLAlchemy more than SQLite takes to answer it, and it is asked once per entity an ingest names again
that `EntityResolution.prefetch_aliases` did not read."""
_ALIASES_OF_MANY = select(aliases.c.entity_id, aliases.c.folded).where(aliases.c.entity_id.in_(bindparam("entity_ids", expanding=True)))
PREFETCH_CHUNK = 500
"""Entity ids a query of `prefetch_aliases` asks for at most: under any database's limit of bound parameters."""
PREFETCH_WORTH = 32
"""Entities a batch must read the aliases of, one by one or in the last prefetch, for the next batch to prefetch.

Finding the ids costs folding every name of the batch, as much as the
reads it saves when few are missing: a process that has written most of
what it names (a long ingest) stops prefetching, one that opens a large
store starts again as soon as its batches name entities it has not read."""


def insert_if_absent(dialect: str, table: Table) -> Insert:
    """An INSERT that skips rows a unique constraint already holds (ON CONFLICT DO NOTHING where the database has it)."""
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return insert(table)


def read_decisions(connection: Connection) -> Decisions:
    """The users' merges and splits, in the order they were made."""
    found = Decisions()
    for row in connection.execute(select(decisions).where(decisions.c.kind.in_(("merge", "split"))).order_by(decisions.c.id)):  # flags and dismissals resolve nothing
        if row.kind == "merge":
            found.redirects[row.source_key] = row.target_key
        elif row.doc_id:
            found.by_document[(row.doc_id, row.name)] = row.target_key
        else:
            found.by_name[(row.type, row.name)] = row.target_key
    return found


def _plain_rows(connection: Connection, query: Select[Any]) -> list[tuple[Any, ...]]:
    """All rows of a large read as the driver's own tuples: loading a store's names, SQLAlchemy's rows would cost as much again.

    The statement's only bound values are ids (integers), rendered inline.
    """
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


class _StoredProfiles:
    """Posts and affiliations the store holds for a person, read when a namesake needs telling apart.

    Kept from one writing transaction to the next: a common family name has
    more namesakes the larger the store, and reading all their profiles again
    in every batch made ingest slower as the store grew.  Each transaction
    first reads the posts and memberships stored since the last one (facts
    with higher ids: a few batches' worth) into the profiles it holds.
    """

    def __init__(self) -> None:
        self.connection: Connection | None = None
        self._seen: dict[int, Profile] = {}
        self._facts_read = 0  # the highest fact id the profiles include

    def start(self, connection: Connection) -> None:
        """A writing transaction begins: bring the profiles held up to date with facts stored since the last one."""
        self.connection = connection
        highest = int(connection.execute(select(func.max(facts.c.id))).scalar() or 0)
        if highest < self._facts_read:  # facts went away (a document replaced): read profiles afresh
            self._seen.clear()
        elif self._seen and highest > self._facts_read:
            self._add(connection.execute(_PROFILE_FACTS.where(facts.c.id > self._facts_read)), only_held=True)
        self._facts_read = highest

    def forget(self) -> None:
        self._seen.clear()
        self._facts_read = 0

    def _add(self, rows: Any, only_held: bool = False) -> None:
        for subject_id, fact_type, role, object_id in rows:
            profile = self._seen.get(int(subject_id)) if subject_id is not None else None
            if profile is None:
                if only_held:
                    continue
                profile = self._seen[int(subject_id)] = Profile()
            if fact_type == "role" and role:
                profile.roles.add(role)
            if object_id is not None:
                profile.linked.add(int(object_id))

    def profile(self, entity_id: int) -> Profile:
        return self.many([entity_id])[entity_id]

    def many(self, entity_ids: list[int]) -> dict[int, Profile]:
        """Profiles of several people in one query: a common name word can have many namesakes in a large store."""
        missing = [i for i in entity_ids if i not in self._seen]
        for start in range(0, len(missing), 500):  # under any database's limit of bound parameters
            chunk = missing[start : start + 500]
            self._seen.update({i: Profile() for i in chunk})
            assert self.connection is not None, "profiles are read inside a writing transaction (start)"
            # by subject alone, so the subject's index serves it: with the type in the query SQLite chose the
            # covering index of posts and read every membership in the store for each batch of namesakes
            rows = self.connection.execute(_SUBJECT_FACTS.where(facts.c.subject_id.in_(chunk)))
            self._add(row for row in rows if row[1] in PROFILE_TYPES)
        return {i: self._seen[i] for i in entity_ids}


PROFILE_TYPES = ("role", "member")
"""Posts and memberships, the facts a person's profile is made of."""
_SUBJECT_FACTS = select(facts.c.subject_id, facts.c.type, facts.c.role, facts.c.object_id)
_PROFILE_FACTS = _SUBJECT_FACTS.where(facts.c.type.in_(PROFILE_TYPES))


@dataclass(frozen=True, slots=True)
class _Marks:
    """The highest ids of the tables the name index follows: what it has read, or what the store holds."""

    entities: int
    aliases: int
    decisions: int

    @staticmethod
    def of(connection: Connection) -> _Marks:
        found = [connection.execute(select(func.max(table.c.id))).scalar() or 0 for table in (entities, aliases, decisions)]
        return _Marks(int(found[0]), int(found[1]), int(found[2]))


class _EntityIds:
    """Ids for new entities, known before their rows are written so that one INSERT can write many.

    Handed out in each writing transaction, under the write lock, always
    above every id already stored, so that ids grow in the order writers
    commit (which is how the name index finds what other processes added).
    SQLite: one past the highest stored id.  PostgreSQL: values of the id
    sequence, a block at a time; what a transaction leaves unused is a gap,
    as after any rollback.
    """

    BLOCK = 16

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self._next = 0
        self._reserved: list[int] = []

    def start(self, connection: Connection) -> None:
        self._reserved = []
        if self.dialect != "postgresql":
            self._next = int(connection.execute(select(func.max(entities.c.id))).scalar() or 0) + 1

    def take(self, connection: Connection) -> int:
        if self.dialect == "postgresql":
            if not self._reserved:
                query = text("SELECT nextval(pg_get_serial_sequence('entities', 'id')) FROM generate_series(1, :n)")
                self._reserved = sorted((int(v) for v in connection.execute(query, {"n": self.BLOCK}).scalars()), reverse=True)
            return self._reserved.pop()
        self._next += 1
        return self._next - 1


@dataclass(slots=True)
class _PendingRows:
    """A transaction's new entities and aliases, written together before the rows that refer to them."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)

    def write(self, connection: Connection, alias_insert: Insert) -> None:
        """Insert the rows, one statement per table, and forget them."""
        if self.entities:
            connection.execute(insert(entities), self.entities)
        if self.aliases:
            connection.execute(alias_insert, self.aliases)
        self.clear()

    def clear(self) -> None:
        self.entities.clear()
        self.aliases.clear()


class EntityResolution:
    """Resolution as one `Store` runs it: the name index and alias cache it keeps, and each transaction's resolver.

    What is kept here mirrors committed rows; a transaction that rolls back
    must be followed by `forget`, since the index may then hold ids the
    rollback removed.
    """

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self._alias_cache: dict[int, set[str]] = {}  # entity id -> folded aliases stored, for the entities this process wrote names of
        self._index: NameIndex | None = None  # every stored entity by key and name; see resolve/index.py
        self._seen = _Marks(0, 0, 0)  # the highest row ids the index has read
        self._entity_ids = _EntityIds(dialect)
        self._packs: tuple[Pack, ...] = ()
        self._pack_names: dict[str, list[str]] | None = None
        self._profiles = _StoredProfiles()
        self._pending = _PendingRows()  # the writing transaction's new rows, until `write_pending`
        self._alias_reads = PREFETCH_WORTH  # entities whose aliases the last transaction read: whether this one prefetches
        self._prefetching = True

    def forget(self) -> None:
        """Drop what this process remembers of the tables; it is read again when needed."""
        self._pending.clear()
        self._alias_reads = PREFETCH_WORTH
        self._alias_cache.clear()
        self._index = None
        self._profiles.forget()

    def resolver(self, connection: Connection, packs: tuple[Pack, ...], replacing: bool = False) -> Resolver:
        """Resolution for one writing transaction, which must hold the store's write lock already (no one writes in between).

        `replacing`: the transaction may delete stored documents' facts, so no profile held is kept.
        """
        self._packs = packs
        self._pending.clear()  # a transaction that rolled back wrote none of them
        self._prefetching, self._alias_reads = self._alias_reads >= PREFETCH_WORTH, 0
        if replacing:
            self._profiles.forget()
        index = self._name_index(connection)
        self._entity_ids.start(connection)
        self._profiles.start(connection)
        return Resolver(index, self._profiles, read_decisions(connection), packs)

    def resolve_entities(self, connection: Connection, result: DocumentResult, resolver: Resolver) -> Resolved:
        """Stored id and resolution method of each of a document's entities: groups first, whose ids are people's clues."""
        resolved: Resolved = {}
        stored_names: dict[str, int] = {}
        for entity in sorted(result.entities, key=lambda e: e.type == "PERSON"):
            if result.document.kind == "reference" and entity.pack_id:  # a pack names its own entities by id
                resolution = Resolution(entity.pack_id, "pack", name=entity.name)
            else:
                clues = clues_for(entity, result.document, result.mentions, result.facts, stored_names)
                resolution = resolver.resolve(entity, result.document.id, clues)
            entity_id = self._upsert_entity(connection, entity, resolution, resolver.index)
            resolved[id(entity)] = (entity_id, resolution.method)
            stored_names.setdefault(entity.name, entity_id)
        return resolved

    def write_pending(self, connection: Connection) -> None:
        """Write the entities and aliases resolution added since the last call: before any row that names them."""
        self._pending.write(connection, insert_if_absent(self.dialect, aliases))

    def pack_aliases(self, qualified_id: str) -> list[str]:
        if self._pack_names is None:
            self._pack_names = _pack_names_by_id(self._packs)
        return self._pack_names.get(qualified_id, [])

    def _name_index(self, connection: Connection) -> NameIndex:
        """The index, brought up to date with rows other processes wrote since it last looked.

        Reading only rows with higher ids keeps this cheap however large the
        store; a merge or split anywhere (a new decision) means rows changed
        or went away, and the index is read afresh.
        """
        marks = _Marks.of(connection)
        if self._index is None or marks.decisions != self._seen.decisions or marks.entities < self._seen.entities:
            self._index, self._seen = NameIndex(), _Marks(0, 0, marks.decisions)
            self._profiles.forget()  # a merge or split moves facts between entities
            self._alias_cache.clear()
            self._prefetching = True
        if marks != self._seen:
            with collection_paused():  # a first read makes a large store's names into millions of objects
                self._read_into_index(connection, self._index, self._seen)
            self._seen = marks
        return self._index

    def _read_into_index(self, connection: Connection, index: NameIndex, since: _Marks) -> None:
        """Add entities and aliases with ids above `since` to the index (and to the aliases cached).

        The folded forms come from the table (each alias row keeps one), so
        loading a large store folds only the few names that are no alias of
        their entity; an empty index is filled in bulk (`NameIndex.load`).
        """
        entity_rows = _plain_rows(connection, select(entities.c.id, entities.c.key, entities.c.type, entities.c.name).where(entities.c.id > since.entities))
        joined = aliases.join(entities, entities.c.id == aliases.c.entity_id)
        alias_rows = _plain_rows(
            connection, select(aliases.c.entity_id, aliases.c.alias, aliases.c.folded, entities.c.type).select_from(joined).where(aliases.c.id > since.aliases)
        )
        no_alias = ~exists().where(aliases.c.entity_id == entities.c.id, aliases.c.alias == entities.c.name)
        unnamed = _plain_rows(connection, select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id > since.entities, no_alias))
        surfaces = alias_rows + [(entity_id, name, fold_name(name), entity_type) for entity_id, name, entity_type in unnamed]
        for entity_id, _, folded, _ in alias_rows:
            if entity_id in self._alias_cache:
                self._alias_cache[entity_id].add(folded)
        if not len(index.by_id):
            groups = [row for row in surfaces if row[3] != "PERSON"]
            people = [(entity_id, surface, folded) for entity_id, surface, folded, entity_type in surfaces if entity_type == "PERSON"]
            index.load(entity_rows, groups, people)
            return
        for entity_id, key, entity_type, name in entity_rows:
            index.add_folded(entity_id, key, entity_type, name, [])
        for entity_id, surface, folded, entity_type in surfaces:
            known = index.by_id[entity_id]
            index.add_folded(entity_id, known.key, entity_type, known.name, [(surface, folded)])

    def prefetch_aliases(self, connection: Connection, results: list[DocumentResult], index: NameIndex) -> None:
        """Read, in a few queries, the stored aliases of every known entity these articles' names match exactly.

        Writing an article's names needs the aliases stored for each known
        entity it names (`_stored_aliases`), read once per entity and process;
        a process that opens a large store (each ingest) would otherwise ask
        for them one entity at a time, more of them the larger the store.
        Nearly every entity an article names again is found by one of its
        names or its pack id, so these few queries answer nearly all of
        those questions; any other entity is read by itself as before.
        Done only while it pays (`PREFETCH_WORTH`).
        """
        if not self._prefetching:
            return
        wanted: set[int] = set()
        for result in results:
            for entity in result.entities:
                for key in name_keys(entity.type, {entity.name, *entity.aliases}):
                    wanted.update(index.ids_named(key))
                found = index.by_key.get(entity.pack_id) if entity.pack_id else None
                if found is not None:
                    wanted.add(found)
        missing = sorted(wanted - self._alias_cache.keys())
        self._alias_reads += len(missing)
        for start in range(0, len(missing), PREFETCH_CHUNK):
            chunk = missing[start : start + PREFETCH_CHUNK]
            read: dict[int, set[str]] = {entity_id: set() for entity_id in chunk}
            for entity_id, folded in connection.execute(_ALIASES_OF_MANY, {"entity_ids": chunk}):
                read[int(entity_id)].add(folded)
            self._alias_cache.update(read)

    def _stored_aliases(self, connection: Connection, entity_id: int) -> set[str]:
        """The folded aliases stored for an entity, read the first time this process writes one of its names."""
        known = self._alias_cache.get(entity_id)
        if known is None:
            self._alias_reads += 1
            known = self._alias_cache[entity_id] = set(connection.execute(_ALIASES_OF, {"entity_id": entity_id}).scalars())
        return known

    def _upsert_entity(self, connection: Connection, entity: Entity, resolution: Resolution, index: NameIndex) -> int:
        """The stored id of the resolved entity, with its row (when new) and the article's new names queued.

        A new entity's id is handed out at once, so later entities (of this
        article and of the batch's others) can name it, and its rows go in
        with the batch's others in one statement per table (`write_pending`).
        """
        pending = self._pending
        key = resolution.key
        name = resolution.name or entity.name
        entity_id = index.by_key.get(key)  # the index holds every stored entity
        is_new = entity_id is None
        if entity_id is None:
            entity_id = self._entity_ids.take(connection)
            pending.entities.append({"id": entity_id, "key": key, "name": name, "type": entity.type, "pack_id": key if resolution.method == "pack" else None})
        known = self._alias_cache.setdefault(entity_id, set()) if is_new else self._stored_aliases(connection, entity_id)
        sources = [("article", a) for a in sorted({entity.name, *entity.aliases})]
        if is_new and resolution.method == "pack":
            sources += [("pack", a) for a in self.pack_aliases(key)]
        fresh: dict[str, dict[str, Any]] = {}
        for source, alias in sources:
            folded = fold_name(alias)
            if folded and folded not in known and folded not in fresh:
                fresh[folded] = {"entity_id": entity_id, "alias": alias, "folded": folded, "source": source}
        pending.aliases.extend(fresh.values())
        known.update(fresh)
        if is_new or fresh:
            index.add(entity_id, key, entity.type, name, {r["alias"] for r in fresh.values()})
        return entity_id
