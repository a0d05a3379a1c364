"""A user's corrections: merge two entities, or split one apart; settle or dismiss a contradiction.

Each merge or split is applied to the stored rows at once and recorded in
`decisions` by entity key, so ingest applies it to every later article and
to every article analysed again (`ingest --reprocess`): a decision outlives
the rows it first changed.  A verdict on a contradiction is recorded in
`verdicts` by the contradiction's key (which names entities by key, not by
row id), and the queries read it: a dismissed contradiction is listed no
more, and a settled one's losing reports stop counting in any answer.

A fact flagged as wrong (`flag_fact`) is recorded in `decisions` by its
signature (`fact_signature`: the document and what the fact states), so it
survives re-analysis too; `dropped_fact_ids` is the one place every read
path learns which stored facts flags and settled verdicts took out.  A
dismissed "possible duplicate" pair is a decision as well, by entity keys.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from politograph.model import fold_name
from politograph.store.repository import Store, no_such_entity
from politograph.store.schema import aliases, decisions, doc_entities, documents, entities, facts, mentions, verdicts


class CurationError(ValueError):
    """The entities named cannot be merged or split as asked; the message says why."""


class UnknownEntity(CurationError):
    """No entity goes by the name or id given."""


class AmbiguousName(CurationError):
    """The name given belongs to more than one entity; the message lists their ids."""


@dataclass(slots=True)
class Curated:
    """What a merge or split changed."""

    kept: str
    other: str
    facts: int
    mentions: int
    documents: int


def pick_entity(store: Store, name_or_id: str) -> dict[str, Any]:
    """One stored entity by name or alias, or by "#id"; an ambiguous name is an error listing the choices."""
    found = store.find_entities(name_or_id)
    if not found:
        raise UnknownEntity(no_such_entity(name_or_id))
    if len(found) > 1:
        choices = "; ".join(f"#{e['id']} {e['name']} ({e['type']})" for e in found)
        raise AmbiguousName(f"{name_or_id!r} names {len(found)} entities: {choices}. Name one by its #id.")
    return found[0]


def _key(connection: Connection, entity_id: int) -> str:
    return str(connection.execute(select(entities.c.key).where(entities.c.id == entity_id)).scalar_one())


def _record(connection: Connection, **values: Any) -> None:
    connection.execute(insert(decisions).values(made_at=datetime.now(UTC), **values))


def _move_rows(connection: Connection, source: int, target: int, doc_id: str | None = None, name: str | None = None) -> tuple[int, int, int]:
    """Point facts, mentions and per-document entities of `source` at `target` (all, one document's, or one name's)."""
    moved_facts = 0
    for column, text in ((facts.c.subject_id, facts.c.subject), (facts.c.object_id, facts.c.object)):
        query = update(facts).where(column == source)
        if doc_id is not None:
            query = query.where(facts.c.doc_id == doc_id)
        if name is not None:
            query = query.where(text.in_(_spellings(connection, source, name)))
        moved_facts += connection.execute(query.values({column.name: target})).rowcount or 0
    query = update(mentions).where(mentions.c.entity_id == source)
    if doc_id is not None:
        query = query.where(mentions.c.doc_id == doc_id)
    if name is not None:
        query = query.where(mentions.c.text.in_(_spellings(connection, source, name)))
    moved_mentions = connection.execute(query.values(entity_id=target)).rowcount or 0
    moved_docs = 0
    for row in connection.execute(select(doc_entities).where(doc_entities.c.entity_id == source)).mappings().all():
        if (doc_id is not None and row["doc_id"] != doc_id) or (name is not None and fold_name(row["name"]) != fold_name(name)):
            continue
        _move_doc_entity(connection, dict(row), target)
        moved_docs += 1
    return moved_facts, moved_mentions, moved_docs


def _spellings(connection: Connection, entity_id: int, name: str) -> list[str]:
    """The stored spellings of `name` (folded alike) among an entity's aliases and facts."""
    folded = fold_name(name)
    found = {row[0] for row in connection.execute(select(aliases.c.alias).where(aliases.c.entity_id == entity_id, aliases.c.folded == folded))}
    return sorted(found | {name})


def _move_doc_entity(connection: Connection, row: dict[str, Any], target: int) -> None:
    """One document's view of an entity moves to `target`, joining the view it may already have."""
    existing = connection.execute(select(doc_entities).where(doc_entities.c.doc_id == row["doc_id"], doc_entities.c.entity_id == target)).mappings().first()
    connection.execute(delete(doc_entities).where(doc_entities.c.doc_id == row["doc_id"], doc_entities.c.entity_id == row["entity_id"]))
    if existing is None:
        connection.execute(insert(doc_entities).values({**row, "entity_id": target, "resolved_by": "user"}))
        return
    joined = sorted(set(json.loads(existing["aliases"])) | set(json.loads(row["aliases"])))
    query = update(doc_entities).where(doc_entities.c.doc_id == row["doc_id"], doc_entities.c.entity_id == target)
    connection.execute(query.values(aliases=json.dumps(joined, ensure_ascii=False), resolved_by="user"))


def _move_aliases(connection: Connection, source: int, target: int, only: str | None = None) -> None:
    known = {row[0] for row in connection.execute(select(aliases.c.folded).where(aliases.c.entity_id == target))}
    rows = connection.execute(select(aliases).where(aliases.c.entity_id == source)).mappings().all()
    for row in rows:
        if only is not None and row["folded"] != fold_name(only):
            continue
        connection.execute(delete(aliases).where(aliases.c.id == row["id"]))
        if row["folded"] not in known:
            connection.execute(insert(aliases).values(entity_id=target, alias=row["alias"], folded=row["folded"], source="user"))


def merge_entities(store: Store, source: dict[str, Any], target: dict[str, Any]) -> Curated:
    """Make `source` part of `target`: every fact, mention and alias moves; articles naming it later resolve to `target`."""
    if source["id"] == target["id"]:
        raise CurationError(f"{source['name']} and {target['name']} are already one entity (#{source['id']})")
    with store.transaction() as connection:
        source_key, target_key = _key(connection, source["id"]), _key(connection, target["id"])
        _record(connection, kind="merge", source_key=source_key, target_key=target_key, type=source["type"], name=fold_name(source["name"]))
        moved = _move_rows(connection, source["id"], target["id"])
        _move_aliases(connection, source["id"], target["id"])
        connection.execute(delete(entities).where(entities.c.id == source["id"]))
    store.forget_cache()
    return Curated(target["name"], source["name"], *moved)


def split_entity(store: Store, entity: dict[str, Any], name: str | None = None, doc_id: str | None = None, new_name: str | None = None) -> Curated:
    """Take one name (or one document's mention) of an entity out into an entity of its own.

    By name: every fact and mention spelt that way, in any article, moves,
    and later articles using that name as their name for the actor resolve to
    the new entity.  By document: that article's view of the entity moves.
    """
    if (name is None) == (doc_id is None):
        raise CurationError("split needs exactly one of a name (--name) or a document (--doc)")
    with store.transaction() as connection:
        if doc_id is not None:
            row = connection.execute(select(doc_entities.c.name).where(doc_entities.c.doc_id == doc_id, doc_entities.c.entity_id == entity["id"])).first()
            if row is None:
                raise CurationError(f"document {doc_id!r} does not mention {entity['name']} (#{entity['id']})")
            name_there = str(row[0])
        else:
            assert name is not None
            name_there = name
            if fold_name(name) == fold_name(entity["name"]):
                raise CurationError(f"{name!r} is the entity's own name; split off another name, or a document with --doc")
        label = new_name or name_there
        key = f"user:{entity['type']}:{fold_name(label)}" + (f"#{doc_id}" if doc_id else "")
        if connection.execute(select(entities.c.id).where(entities.c.key == key)).first() is not None:
            raise CurationError(f"that split was made before (entity key {key})")
        new_id = int(connection.execute(insert(entities).values(key=key, name=label, type=entity["type"]).returning(entities.c.id)).scalar_one())
        connection.execute(insert(aliases).values(entity_id=new_id, alias=label, folded=fold_name(label), source="user"))
        _record(connection, kind="split", source_key=entity["key"], target_key=key, type=entity["type"], name=fold_name(name_there), doc_id=doc_id)
        moved = _move_rows(connection, entity["id"], new_id, doc_id=doc_id, name=name if doc_id is None else None)
        if doc_id is None:
            _move_aliases(connection, entity["id"], new_id, only=name)
    store.forget_cache()
    return Curated(entity["name"], label, *moved)


VERDICTS = ("settle", "dismiss")


@dataclass(slots=True)
class Verdict:
    """A user's decision on one contradiction: settled (one side kept) or dismissed (not a real conflict)."""

    key: str
    kind: str
    kept: str | None
    what: str
    note: str | None
    made_at: datetime
    rejected: int = 0  # reports that stop counting (a settled contradiction's other side)


def record_verdict(store: Store, key: str, kind: str, what: str, kept: str | None = None, rejected: list[list[Any]] | None = None, note: str | None = None) -> Verdict:
    """Record a verdict on the contradiction `key` (found by the caller); one verdict per contradiction."""
    if kind not in VERDICTS:
        raise CurationError(f"a verdict is one of {', '.join(VERDICTS)}, not {kind!r}")
    if kind == "settle" and kept not in ("first", "second"):
        raise CurationError("settling a contradiction keeps one side: 'first' or 'second'")
    made_at = datetime.now(UTC)
    kept = kept if kind == "settle" else None
    values: dict[str, Any] = {"key": key, "kind": kind, "kept": kept, "what": what[:300], "note": note, "made_at": made_at}
    values["rejected"] = json.dumps(rejected or [], ensure_ascii=False) if kind == "settle" else None
    try:
        with store.transaction() as connection:
            known = connection.execute(select(verdicts.c.kind, verdicts.c.made_at).where(verdicts.c.key == key)).first()
            if known is not None:
                raise CurationError(f"contradiction {key} was already {'settled' if known.kind == 'settle' else 'dismissed'} on {known.made_at:%Y-%m-%d}")
            connection.execute(insert(verdicts).values(**values))
    except IntegrityError as exc:  # another writer recorded one first
        raise CurationError(f"contradiction {key} already has a verdict") from exc
    return Verdict(key, kind, kept, what, note, made_at, len(rejected or []) if kind == "settle" else 0)


# --------------------------------------------------------------------------- review: flags and dismissed duplicates

FLAG_KINDS = ("flag", "unflag")


@dataclass(slots=True)
class Flag:
    """A user's decision on one fact: flagged as wrong (it leaves every answer) or unflagged (it counts again)."""

    fact: int
    kind: str
    signature: list[Any]
    note: str | None
    made_by: str | None
    made_at: datetime


def _side(entity_id: Any, name: Any) -> str:
    """One end of a fact as a report signature names it: its entity ("#id"), or its folded name when unresolved."""
    return f"#{int(entity_id)}" if entity_id is not None else f"={fold_name(str(name or ''))}"


def report_signature(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A settled contradiction's name for one report (document, type, holder, role, count), as `query.asof.signature` gives it."""
    return (str(row["doc_id"]), str(row["type"]), _side(row["subject_id"], row["subject"]), str(row["role"] or ""), row["value"])


def fact_signature(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """What names one fact across re-analysis: its document and everything it states, never its row id.

    `ingest --reprocess` stores an article's facts again under new ids; the
    same sentence read the same way gives the same signature, so a flag
    outlives the rows it was made on.
    """
    day = row["valid_from"]
    return (*report_signature(row)[:3], _side(row["object_id"], row["object"]), str(row["role"] or ""), row["value"], day.isoformat() if day else "")


_SIGNATURE_COLUMNS = (
    *(facts.c.id, facts.c.doc_id, facts.c.type, facts.c.subject_id, facts.c.subject),
    *(facts.c.object_id, facts.c.object, facts.c.role, facts.c.value, facts.c.valid_from),
)


@dataclass(slots=True)
class _Decided:
    """The flagged signatures and the reports settled verdicts rejected, read again only when a decision or verdict is added."""

    stamp: tuple[int, int]
    flagged: dict[tuple[Any, ...], dict[str, Any]]
    rejected: set[tuple[Any, ...]]
    facts_seen: tuple[Any, ...] | None = None  # the named documents' facts (count, highest id) and analysis times when `dropped` was found
    dropped: frozenset[int] = frozenset()


_DECIDED: WeakKeyDictionary[Store, _Decided] = WeakKeyDictionary()
_DECIDED_LOCK = threading.Lock()
_DECIDED_STAMP = select(select(func.max(decisions.c.id)).scalar_subquery(), select(func.max(verdicts.c.id)).scalar_subquery())


def _decided(store: Store) -> _Decided:
    """Flags (the latest decision per signature wins) and rejected reports, cached per store under a two-seek stamp."""
    with store.connect() as connection:
        stamp = tuple(int(v or 0) for v in connection.execute(_DECIDED_STAMP).one())
        with _DECIDED_LOCK:
            known = _DECIDED.get(store)
        if known is not None and known.stamp == stamp:
            return known
        flagged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in connection.execute(select(decisions).where(decisions.c.kind.in_(FLAG_KINDS)).order_by(decisions.c.id)).mappings():
            signature = tuple(json.loads(row["fact"]))
            if row["kind"] == "flag":
                flagged[signature] = dict(row)
            else:
                flagged.pop(signature, None)
        texts = connection.execute(select(verdicts.c.rejected).where(verdicts.c.kind == "settle", verdicts.c.rejected.is_not(None))).scalars().all()
    rejected = {tuple(item) for text in texts for item in json.loads(text)}
    found = _Decided((stamp[0], stamp[1]), flagged, rejected)
    with _DECIDED_LOCK:
        _DECIDED[store] = found
    return found


def flagged_signatures(store: Store) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Signature -> the decision row that flagged it, for every fact flagged now."""
    return dict(_decided(store).flagged)


def dropped_fact_ids(store: Store) -> frozenset[int]:
    """Ids of the stored facts users took out of every answer: flagged facts, and reports a settled contradiction rejected.

    The one source every read path asks (the as-of queries, the network,
    the facts lists, the exports): a decision names facts by signature, and
    only the few documents decisions name are read to find their rows now.
    """
    decided = _decided(store)
    if not decided.flagged and not decided.rejected:
        return frozenset()
    documents_named = sorted({str(s[0]) for s in decided.flagged} | {str(s[0]) for s in decided.rejected})
    chunks = [documents_named[start : start + 500] for start in range(0, len(documents_named), 500)]
    with store.connect() as connection:
        # the named documents' facts as they are now, from the doc_id index alone: unchanged, the rows found last time still hold
        seen = tuple(tuple(row) for chunk in chunks for query in (_DOCUMENT_FACTS, _DOCUMENT_TIMES) for row in connection.execute(query, {"docs": chunk}))
        if seen == decided.facts_seen:
            return decided.dropped
        found: set[int] = set()
        for chunk in chunks:
            for found_row in connection.execute(select(*_SIGNATURE_COLUMNS).where(facts.c.doc_id.in_(chunk))).mappings():
                row = dict(found_row)
                if fact_signature(row) in decided.flagged or report_signature(row) in decided.rejected:
                    found.add(int(row["id"]))
    with _DECIDED_LOCK:
        decided.facts_seen, decided.dropped = seen, frozenset(found)
    return decided.dropped


_DOCUMENT_FACTS = (
    select(facts.c.doc_id, func.count(), func.max(facts.c.id))
    .where(facts.c.doc_id.in_(bindparam("docs", expanding=True)))
    .group_by(facts.c.doc_id)
    .order_by(facts.c.doc_id)
)
_DOCUMENT_TIMES = select(documents.c.id, documents.c.ingested_at).where(documents.c.id.in_(bindparam("docs", expanding=True))).order_by(documents.c.id)
"""Built once: a statement's construction costs more than SQLite takes to answer it.  A document analysed again is stored anew (a new `ingested_at`)."""


def kept_facts(store: Store) -> list[ColumnElement[bool]]:
    """The condition that leaves dropped facts out of a query on `facts` (none at all while nothing is dropped)."""
    dropped = dropped_fact_ids(store)
    return [facts.c.id.not_in(sorted(dropped))] if dropped else []


def _fact_row(connection: Connection, fact_id: int) -> dict[str, Any]:
    row = connection.execute(select(*_SIGNATURE_COLUMNS).where(facts.c.id == fact_id)).mappings().first()
    if row is None:
        raise CurationError(f"no fact with id {fact_id}")
    return dict(row)


def flag_fact(store: Store, fact_id: int, note: str | None = None, made_by: str | None = None, undo: bool = False) -> Flag:
    """Flag a fact as wrong (or, with `undo`, take a flag back): a decision recorded by the fact's signature."""
    kind = "unflag" if undo else "flag"
    with store.transaction() as connection:
        row = _fact_row(connection, fact_id)
        signature = fact_signature(row)
        latest = connection.execute(
            select(decisions.c.kind, decisions.c.made_at)
            .where(decisions.c.kind.in_(FLAG_KINDS), decisions.c.doc_id == row["doc_id"], decisions.c.fact == json.dumps(signature, ensure_ascii=False))
            .order_by(decisions.c.id.desc())
            .limit(1)
        ).first()
        flagged = latest is not None and latest.kind == "flag"
        if latest is not None and flagged and not undo:
            raise CurationError(f"fact {fact_id} was flagged already on {latest.made_at:%Y-%m-%d}; `--undo` takes the flag back")
        if undo and not flagged:
            raise CurationError(f"fact {fact_id} is not flagged: nothing to undo")
        made_at = datetime.now(UTC)
        values = {"kind": kind, "source_key": f"fact:{row['doc_id']}"[:300], "target_key": "", "type": row["type"], "doc_id": row["doc_id"]}
        text = json.dumps(signature, ensure_ascii=False)
        connection.execute(insert(decisions).values(**values, fact=text, note=note, made_by=made_by, made_at=made_at))
    return Flag(fact_id, kind, list(signature), note, made_by, made_at)


def _pair_keys(first: str, second: str) -> tuple[str, str]:
    return (first, second) if first <= second else (second, first)


def dismiss_duplicate(store: Store, first: dict[str, Any], second: dict[str, Any] | None = None, note: str | None = None, made_by: str | None = None) -> None:
    """Record that two entities suggested as duplicates are not one (or, with no `second`, that one is no junk): suggested no more."""
    if second is not None and first["id"] == second["id"]:
        raise CurationError(f"#{first['id']} is one entity; a duplicate pair names two")
    with store.transaction() as connection:
        low, high = _pair_keys(_key(connection, first["id"]), _key(connection, (second or first)["id"]))
        values = {"kind": "dismiss", "source_key": low, "target_key": high, "type": first["type"], "note": note, "made_by": made_by}
        connection.execute(insert(decisions).values(**values, made_at=datetime.now(UTC)))


def dismissed_pairs(store: Store) -> set[tuple[str, str]]:
    """Entity-key pairs (in order) a user said are not duplicates."""
    with store.connect() as connection:
        rows = connection.execute(select(decisions.c.source_key, decisions.c.target_key).where(decisions.c.kind == "dismiss")).all()
    return {_pair_keys(str(a), str(b)) for a, b in rows}
