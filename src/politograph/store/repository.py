"""Persistence: the store's one door to the database, for opening, migrating, writing and reading.

`Store` opens (and migrates) a database, writes each batch of documents
with its entities, mentions and facts, and answers the reads the CLI and
the exports share; later stages run their own SELECTs over `store/schema.py`
through `Store.connect()`, and curation writes through
`Store.transaction()`, so no other module of the package holds an engine.  Which stored
entity each name means is decided inside the same write transaction by
`store/resolution.py`.

Each document is written in one transaction with its entities, mentions and
facts, so a crash mid-ingest leaves whole documents or none; a document whose
id or normalised-text hash is already stored is skipped, so re-ingesting
changes nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, Table, bindparam, create_engine, delete, event, func, insert, or_, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from politograph.model import Document, DocumentResult, Entity, Fact, Mention, PeriodStart, fold_name
from politograph.store.fact_rows import STORED_COLUMNS, fact_row
from politograph.store.schema import aliases, decisions, doc_entities, documents, entities, facts, mentions

if TYPE_CHECKING:  # a store opened only to be read (every query) never loads the packs or the resolver
    from politograph.packs import Pack
    from politograph.store.resolution import EntityResolution, Resolved

MIGRATIONS = Path(__file__).parent / "migrations"


def no_such_entity(name_or_id: str) -> str:
    """The message for a name or "#id" that `Store.find_entities` does not know."""
    text = name_or_id.strip()
    return f"no entity with id {text}" if text.startswith("#") else f"no entity named {name_or_id!r}"


def stored_published(row: dict[str, Any]) -> PeriodStart:
    """A stored document's date at its precision; rows written before the precision column was added are days."""
    return PeriodStart.of(row["published"], row.get("published_precision") or "day")


_ENTITY_COLUMNS = select(entities.c.id, entities.c.key, entities.c.name, entities.c.type, entities.c.pack_id)
_ENTITY_BY_ID = _ENTITY_COLUMNS.where(entities.c.id == bindparam("id"))
_ENTITIES_BY_NAME = _ENTITY_COLUMNS.join(aliases, aliases.c.entity_id == entities.c.id).where(aliases.c.folded == bindparam("folded")).distinct()
"""`Store.find_entities`'s two statements, built once: building one costs SQLAlchemy more than SQLite takes to answer it, on every question."""


def _replaced(doc_id: str) -> dict[str, Any]:
    """The record of a document stored again, which every process's stamps of derived answers read (the highest decision id).

    Its facts may come back under the ids they had (SQLite reuses the
    highest), which a count and a highest fact id cannot see; a row here
    can, in this process and in any other answering from the same store.
    """
    return {"kind": "replace", "source_key": doc_id, "target_key": doc_id, "doc_id": doc_id, "made_at": datetime.now(UTC), "note": "document stored again"}


class StoreError(RuntimeError):
    """The database cannot be opened or migrated; the message names the URL."""


BUSY_TIMEOUT_MS = 15_000
"""How long an SQLite connection waits for another process's write to finish before it reports "database is locked"."""
WAL_CHECKPOINT_PAGES = 50_000
"""Pages (4 KiB) the write-ahead log may hold before SQLite copies them into the database file (at most about 200 MB of log).

SQLite's default, 1,000, is less than one commit of 32 documents writes once
the store is large (each new row lands on another page of each index), so
every commit paid for a checkpoint and its disk sync: ingest slowed down as
the store grew.  Fifty times that checkpoints every forty or so commits of a
100,000-article store, and a page changed by several of them (an index's
upper pages, its busiest leaves) is copied once (benchmarks/growth.py:
commits took 62 ms each at 10,000 pages, 18 ms at 50,000)."""
CACHE_KIB = 65_536
"""Page cache of each SQLite connection, in KiB (SQLite's default is 2 MiB).

A batch of documents adds rows to a dozen indexes, each row to a leaf page
of its own once the store is large; with 2 MiB those pages were read again
from the file for nearly every insert, and ingest slowed down as the store
grew (benchmarks/growth.py).  Only pages read take memory."""
MMAP_BYTES = 1 << 30
"""How much of the database file SQLite reads through a memory map instead of read calls (pages still in the log are read as before)."""
RETRIES = 8
"""Attempts at a write that found the database busy; the waits between them double, with jitter, up to `MAX_BACKOFF` s."""
MAX_BACKOFF = 4.0
SETUP_LOCK = 0x706F6C6974
"""PostgreSQL advisory lock held while a process migrates the store or loads reference data."""
WRITE_LOCK = 0x706F6C6975
"""PostgreSQL advisory lock held by each writing transaction, as SQLite's own write lock is."""

P = ParamSpec("P")
T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: switching to WAL itself may have to wait
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()


def _is_busy(exc: BaseException) -> bool:
    """Whether an error only says another process holds the database: SQLite "locked"/"busy", PostgreSQL deadlock or serialization failure."""
    original = getattr(exc, "orig", None) or exc
    message = str(original).lower()
    return "database is locked" in message or "database is busy" in message or getattr(original, "sqlstate", None) in ("40001", "40P01")


def retry_when_busy(function: Callable[P, T]) -> Callable[P, T]:
    """Run `function` again, after a growing random wait, while the database reports it is busy.

    Each attempt is a whole transaction that rolled back, so trying again is
    safe; other errors, and the last busy one, go to the caller.
    """

    @wraps(function)
    def attempt(*args: P.args, **kwargs: P.kwargs) -> T:
        for number in range(RETRIES):
            try:
                return function(*args, **kwargs)
            except DBAPIError as exc:
                if number == RETRIES - 1 or not _is_busy(exc):
                    raise
                time.sleep(min(MAX_BACKOFF, 0.05 * 2**number) * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")

    return attempt


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive `flock` on `path` (created if need be); the lock goes with the file handle, even if the process dies."""
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only folder: no process can write the store there, so there is nothing to take turns at
        handle = None
    try:
        if handle is not None:
            with suppress(OSError):  # a file system without locks (some network mounts): go on as before there were any
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        if handle is not None:
            os.close(handle)


def _external_ids_by_id(packs: tuple[Pack, ...]) -> dict[str, dict[str, str]]:
    """Party Facts, ParlGov and Wikidata ids of every pack entity that has them (merged-away ids too)."""
    found: dict[str, dict[str, str]] = {}
    for pack in packs:
        for qualified_id, known in [*((e.qualified_id, e) for e in pack.entities), *pack.external.items()]:
            if known.ids:
                found.setdefault(qualified_id, dict(known.ids))
    return found


class Store:
    """A politograph database at a SQLAlchemy URL (SQLite file by default)."""

    def __init__(self, url: str, packs: tuple[str, ...] | None = None) -> None:
        """`packs` names the packs that resolve and give reference data (None: every shipped and imported pack)."""
        self.url = url
        self.pack_choice = packs
        self._packs: tuple[Pack, ...] | None = None
        self._lock_path: Path | None = None  # beside an SQLite file: the lock first opens take turns at
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"{url}: not a database URL ({exc})") from exc
        if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
            database = Path(parsed.database).expanduser()
            if not database.parent.exists():
                raise StoreError(f"{url}: folder {database.parent} does not exist")
            self._lock_path = database.with_name(database.name + ".lock")
        self.engine: Engine = create_engine(url, future=True)
        if parsed.drivername.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._entity_resolution: EntityResolution | None = None
        self._migrate()

    def _schema_is_current(self) -> bool:
        """Whether the store is at the newest revision already, read without loading Alembic.

        Every migration's revision is its file's four-digit prefix (a test
        checks it), so the newest is the largest prefix; opening a store that
        is up to date, as every query does, then costs one SELECT instead of
        importing Alembic and reading its scripts (a third of a second).
        """
        newest = max((p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")), default=None)
        try:
            with self.engine.connect() as connection:
                stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except DBAPIError:  # a new store: no version table yet
            return False
        return newest is not None and stored == [newest]

    def _migrate(self) -> None:
        """Bring the schema to the newest revision; processes opening one new store at once take turns."""
        if self._schema_is_current():
            return
        from alembic import command  # only a store that needs migrating pays for Alembic
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))

        @retry_when_busy
        def upgrade() -> None:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

        try:
            with self._setup_lock():
                upgrade()
        except OperationalError as exc:
            raise StoreError(f"{self.url}: cannot open the database ({exc.orig})") from exc

    @contextmanager
    def _setup_lock(self) -> Iterator[None]:
        """Held while migrating and while loading reference data: one process at a time does either.

        A file lock beside an SQLite file, an advisory lock on PostgreSQL;
        both are released if the process dies.
        """
        if self._lock_path is not None:
            with _file_lock(self._lock_path):
                yield
        elif self.engine.dialect.name == "postgresql":
            with self.engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETUP_LOCK})
                connection.commit()
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETUP_LOCK})
                    connection.commit()
        else:
            yield

    def close(self) -> None:
        self.engine.dispose()

    def connect(self) -> Connection:
        """A read connection, for the query and export stages' own SELECTs.

        The one seam through which a later stage reaches the database: it
        uses the store's tables (``store/schema.py``) read-only, inside
        ``with store.connect() as connection:``; every write goes through the
        store (``save_many``, ``transaction``).
        """
        return self.engine.connect()

    def transaction(self) -> AbstractContextManager[Connection]:
        """A connection inside one transaction, committed on success and rolled back on error (curation's writes)."""
        return self.engine.begin()

    @property
    def _resolution(self) -> EntityResolution:
        """The store side of resolution, made on the first write: reading never needs it, nor the rapidfuzz and numpy it loads."""
        if self._entity_resolution is None:
            from politograph.store.resolution import EntityResolution

            self._entity_resolution = EntityResolution(self.engine.dialect.name)
        return self._entity_resolution

    def warm_resolution(self) -> None:
        """Read what resolution needs from the tables (the name index) now, not on the first write.

        A store of 100,000 articles takes tens of seconds to index; a server
        or a benchmark pays for it before its first request or its clock.
        """
        with self.engine.connect() as connection:
            self._resolution.resolver(connection, self.packs)

    @property
    def packs(self) -> tuple[Pack, ...]:
        """The chosen packs, read when first needed (queries never need them)."""
        if self._packs is None:
            from politograph.packs import load_packs

            self._packs = load_packs(self.pack_choice)
        return self._packs

    def external_ids(self) -> dict[int, dict[str, str]]:
        """Stored entity id -> its external ids ({"partyfacts": "383", "wikidata": "Q49768"}), for the exports."""
        by_pack = _external_ids_by_id(self.packs)
        with self.engine.connect() as connection:
            rows = connection.execute(select(entities.c.id, entities.c.pack_id).where(entities.c.pack_id.is_not(None)))
            return {int(entity_id): by_pack[pack_id] for entity_id, pack_id in rows if pack_id in by_pack}

    # ------------------------------------------------------------------ writing

    def has_document(self, document: Document) -> bool:
        """Whether this document (same id, or same normalised text) is stored."""
        query = select(documents.c.id).where(or_(documents.c.id == document.id, documents.c.hash == document.hash)).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def document_status(self, document: Document) -> str:
        """"stored" (its normalised text is, under any id), "changed" (its id is, with another text) or "new".

        A changed text under a stored id is the one case ingest must not
        pass over silently: the user either corrected the article or reused
        an id by mistake, and only they can say which (`--replace`).
        """
        query = select(documents.c.id, documents.c.hash).where(or_(documents.c.id == document.id, documents.c.hash == document.hash))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        if any(row.hash == document.hash for row in rows):
            return "stored"
        return "changed" if rows else "new"

    def save(self, result: DocumentResult) -> bool:
        """Store one document with its findings, atomically; False if it was already there."""
        return self.save_many([result])[0]

    @retry_when_busy
    def save_many(self, results: list[DocumentResult], replace: bool = False) -> list[bool]:
        """Store a batch of documents in one transaction; whether each one was stored.

        One transaction per batch is what makes ingest fast on SQLite (each
        commit is a disk sync); on any error nothing of the batch is kept.
        With `replace`, a document already stored is stored again from these
        results (a re-analysis); otherwise it is skipped.
        """
        stored: list[bool] = []
        rows: dict[Table, list[dict[str, Any]]] = {documents: [], doc_entities: [], mentions: [], facts: []}
        try:
            with self.engine.begin() as connection:
                self._claim_writes(connection)
                resolver = self._resolution.resolver(connection, self.packs, replacing=replace)
                known = self._known_documents(connection, [r.document for r in results])
                unstored = [r for r in results if replace or not ({r.document.id, r.document.hash} & known)]
                self._resolution.prefetch_aliases(connection, unstored, resolver.index)
                for result in results:
                    document = result.document
                    if document.id in known and replace:
                        connection.execute(delete(documents).where(documents.c.id == document.id))  # its rows go with it (cascade)
                        connection.execute(insert(decisions).values(_replaced(document.id)))
                    elif document.id in known or document.hash in known:
                        stored.append(False)
                        continue
                    known |= {document.id, document.hash}
                    resolved = self._resolution.resolve_entities(connection, result, resolver)
                    ids = {key: entity_id for key, (entity_id, _) in resolved.items()}
                    rows[documents].append(self._document_row(document))
                    rows[doc_entities].extend(self._doc_entity_rows(document.id, result.entities, resolved))
                    rows[mentions].extend(self._mention_rows(result.mentions, ids))
                    rows[facts].extend(self._fact_rows(document, result.facts, result.entities, ids))
                    stored.append(True)
                    if replace:  # later documents of the batch may refer to this one's rows
                        self._flush(connection, rows)
                self._flush(connection, rows)
        except Exception:
            self.forget_cache()  # the index and alias cache may hold ids the rollback removed
            raise
        return stored

    def load_reference(self, packs: tuple[Pack, ...] | None = None) -> int:
        """Store (or refresh) each pack's reference facts as its reference document; how many packs changed.

        A pack whose data is unchanged (same text hash) is left alone, so this
        is cheap to call before every ingest.  Storing takes the setup lock
        and looks again, so processes starting at once store it once: the
        first writes it, the others find it there.
        """
        changed = 0
        for pack in packs if packs is not None else self.packs:
            reference = pack.reference()
            if not reference.facts or self._stored_hash(reference.document.id) == reference.document.hash:
                continue
            with self._setup_lock():
                if self._stored_hash(reference.document.id) != reference.document.hash:
                    self.save_many([DocumentResult(reference.document, reference.entities, [], reference.facts)], replace=True)
                    changed += 1
        return changed

    def _stored_hash(self, doc_id: str) -> str | None:
        with self.engine.connect() as connection:
            found = connection.execute(select(documents.c.hash).where(documents.c.id == doc_id)).scalar()
        return None if found is None else str(found)

    def _flush(self, connection: Connection, rows: dict[Table, list[dict[str, Any]]]) -> None:
        """Write the rows queued so far: new entities and aliases first, then documents, then the rows that refer to both."""
        self._resolution.write_pending(connection)
        for table, batch in rows.items():  # documents first: the others refer to them
            if batch:
                connection.execute(insert(table), batch)
                batch.clear()

    def forget_cache(self) -> None:
        """Drop what this process remembers of the tables; it is read again when needed."""
        if self._entity_resolution is not None:
            self._entity_resolution.forget()

    def _claim_writes(self, connection: Connection) -> None:
        """Take the write lock before reading what resolution decides on, so no other process writes in between.

        SQLite: BEGIN IMMEDIATE (waiting up to the busy timeout), unless the
        transaction has already begun by writing.  PostgreSQL: a transaction
        advisory lock.  Writers take turns; readers never wait for them.
        """
        if self.engine.dialect.name == "sqlite":
            raw = connection.connection.dbapi_connection
            if not getattr(raw, "in_transaction", True):
                connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif self.engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})

    @staticmethod
    def _known_documents(connection: Connection, batch: list[Document]) -> set[str]:
        ids = [d.id for d in batch]
        hashes = [d.hash for d in batch]
        query = select(documents.c.id, documents.c.hash).where(or_(documents.c.id.in_(ids), documents.c.hash.in_(hashes)))
        return {value for row in connection.execute(query) for value in row}

    @staticmethod
    def _document_row(document: Document) -> dict[str, Any]:
        return {
            "id": document.id,
            "hash": document.hash,
            "published": document.published,
            "published_precision": document.published_precision,
            "source": document.source,
            "url": document.url,
            "title": document.title,
            "text": document.text,
            "ingested_at": datetime.now(UTC),
            "kind": document.kind,
        }

    @staticmethod
    def _doc_entity_rows(doc_id: str, found: list[Entity], resolved: Resolved) -> list[dict[str, Any]]:
        rows: dict[int, dict[str, Any]] = {}
        for entity in found:
            entity_id, method = resolved[id(entity)]
            fresh = {"doc_id": doc_id, "entity_id": entity_id, "name": entity.name, "type": entity.type, "aliases": set(), "resolved_by": method}
            row = rows.setdefault(entity_id, fresh)
            row["aliases"] |= entity.aliases | {entity.name}
        return [{**r, "aliases": json.dumps(sorted(r["aliases"]), ensure_ascii=False)} for r in rows.values()]

    @staticmethod
    def _mention_rows(found: list[Mention], ids: dict[int, int]) -> list[dict[str, Any]]:
        return [
            {
                "doc_id": m.doc_id,
                "entity_id": ids.get(id(m.entity)) if m.entity is not None else None,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "type": m.type,
            }
            for m in found
        ]

    @staticmethod
    def _fact_rows(document: Document, found: list[Fact], known: list[Entity], ids: dict[int, int]) -> list[dict[str, Any]]:
        """The facts' rows (`fact_row`), with what only the store adds: entity ids, the days they hold, the day they were reported."""
        by_name = {e.name: ids[id(e)] for e in known}
        for entity in known:  # a fact may name an entity by another of its names (reference data does)
            for alias in entity.aliases:
                by_name.setdefault(alias, ids[id(entity)])
        rows = []
        for fact in found:
            flat = fact_row(fact)
            first = fact.start or fact.when
            last = fact.end or fact.when
            rows.append(
                {
                    "doc_id": document.id,
                    **{name: flat[name] for name in STORED_COLUMNS},
                    "subject_id": by_name.get(fact.subject or ""),
                    "object_id": by_name.get(fact.object or ""),
                    "valid_from": first.earliest() if first else None,
                    "valid_to": last.latest() if last else None,
                    "recorded_at": document.published,
                }
            )
        return rows

    # ------------------------------------------------------------------ reading

    def version(self) -> tuple[int, int, int]:
        """A cheap stamp that changes whenever the stored knowledge does (new facts, new entities, a merge or split).

        Three index lookups; a long-running server keys what it derives from
        the whole store (a network layout, rankings) on it.
        """
        with self.engine.connect() as connection:
            stamp = [connection.execute(select(func.max(column))).scalar() or 0 for column in (facts.c.id, entities.c.id, decisions.c.id)]
        return int(stamp[0]), int(stamp[1]), int(stamp[2])

    def counts(self) -> dict[str, int]:
        """How many rows each table holds; documents and facts count articles, reference facts apart."""
        reference = select(documents.c.id).where(documents.c.kind == "reference")
        with self.engine.connect() as connection:

            def count(table: Table, *where: Any) -> int:
                return int(connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one())

            return {
                "documents": count(documents, documents.c.kind == "article"),
                "entities": count(entities),
                "aliases": count(aliases),
                "mentions": count(mentions),
                "facts": count(facts, facts.c.doc_id.not_in(reference)),
                "reference facts": count(facts, facts.c.doc_id.in_(reference)),
            }

    def fact_counts_by_type(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(facts.c.type, func.count()).group_by(facts.c.type).order_by(func.count().desc()))
            return {str(t): int(n) for t, n in rows}

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        """Entities whose name or any alias matches `name` (case, macrons, punctuation ignored); "#12" is the entity with id 12."""
        text = name.strip()
        values: dict[str, Any]
        if text.startswith("#") and text[1:].isdigit():
            query, values = _ENTITY_BY_ID, {"id": int(text[1:])}
        else:
            query, values = _ENTITIES_BY_NAME, {"folded": fold_name(name)}
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query, values)]

    def facts_about(self, entity_ids: list[int]) -> list[dict[str, Any]]:
        """Facts with these entities as subject or object, with their document's date and source."""
        query = (
            select(facts, documents.c.published, documents.c.source, documents.c.url)
            .join(documents, documents.c.id == facts.c.doc_id)
            .where(or_(facts.c.subject_id.in_(entity_ids), facts.c.object_id.in_(entity_ids)))
            .order_by(facts.c.valid_from, facts.c.id)
        )
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def iter_documents(self, kinds: tuple[str, ...] = ("article",)) -> Iterator[dict[str, Any]]:
        """Stored documents of these kinds (articles by default; "reference" for packs' history)."""
        query = select(documents).where(documents.c.kind.in_(kinds)).order_by(documents.c.published, documents.c.id)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield dict(row._mapping)

    def iter_doc_entities(self, kinds: tuple[str, ...] = ("article",)) -> Iterator[dict[str, Any]]:
        query = select(doc_entities).join(documents, documents.c.id == doc_entities.c.doc_id).where(documents.c.kind.in_(kinds))
        with self.engine.connect() as connection:
            for row in connection.execute(query.order_by(doc_entities.c.doc_id, doc_entities.c.name)):
                record = dict(row._mapping)
                record["aliases"] = json.loads(record["aliases"])
                yield record

    def iter_facts(self, kinds: tuple[str, ...] = ("article",)) -> Iterator[dict[str, Any]]:
        query = select(facts).join(documents, documents.c.id == facts.c.doc_id).where(documents.c.kind.in_(kinds))
        with self.engine.connect() as connection:
            for row in connection.execute(query.order_by(facts.c.doc_id, facts.c.id)):
                yield dict(row._mapping)
