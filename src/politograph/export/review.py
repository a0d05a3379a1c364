"""The users' review decisions as JSON Lines: flags, merges, splits, dismissed duplicates and settled contradictions.

Every line is one decision a person made about what the reader got wrong,
with what it was made on (the fact or the entities, with their names; the
sentence, its document, source and date) and the note, so the file can be
reused as labelled data: a flag is a negative example for the extractor, a
merge a positive pair for resolution, a dismissal a negative one.  Only the
latest decision on a fact counts (a flag taken back is written as no flag).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from politograph.export.atomic import atomic_text
from politograph.model import fold_name
from politograph.store.curation import fact_signature, flagged_signatures
from politograph.store.repository import Store, stored_published
from politograph.store.schema import decisions, documents, entities, facts, verdicts


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _document(connection: Connection, doc_id: str | None) -> dict[str, Any]:
    """What a line cites of a document: its id, outlet, date and URL (nothing when the document is gone)."""
    if not doc_id:
        return {"doc_id": None, "source": None, "published": None, "url": None}
    row = connection.execute(select(documents).where(documents.c.id == doc_id)).mappings().first()
    if row is None:
        return {"doc_id": doc_id, "source": None, "published": None, "url": None}
    return {"doc_id": doc_id, "source": row["source"], "published": str(stored_published(dict(row))), "url": row["url"]}


def _flag_lines(connection: Connection, store: Store) -> Iterator[dict[str, Any]]:
    """One line per fact flagged now, found again by its signature (its row id may have changed since)."""
    flagged = flagged_signatures(store)
    by_doc: dict[str, list[tuple[Any, ...]]] = {}
    for signature in flagged:
        by_doc.setdefault(str(signature[0]), []).append(signature)
    for doc_id, wanted in sorted(by_doc.items()):
        rows = {fact_signature(r): r for r in (dict(m) for m in connection.execute(select(facts).where(facts.c.doc_id == doc_id).order_by(facts.c.id)).mappings())}
        cited = _document(connection, doc_id)
        for signature in wanted:
            decision, row = flagged[signature], rows.get(signature)
            fact: dict[str, Any] = {"signature": list(signature)}
            if row is not None:
                keys = ("id", "type", "subject", "subject_id", "object", "object_id", "role", "value", "modality", "confidence", "when", "start", "end")
                fact.update({key: row[key] for key in keys})
            yield {
                "decision": "flag",
                "fact": fact,
                "entities": None,
                "sentence": row["sentence"] if row is not None else None,
                **cited,
                "note": decision["note"],
                "made_by": decision["made_by"],
                "made_at": _when(decision["made_at"]),
            }


def _entity(connection: Connection, key: str, folded_name: str | None = None) -> dict[str, Any]:
    row = connection.execute(select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.key == key)).first()
    if row is None:  # merged away: only its key and the name it went by are left
        return {"key": key, "id": None, "name": folded_name, "type": None}
    return {"key": key, "id": int(row.id), "name": row.name, "type": row.type}


def _sample(connection: Connection, entity_id: int | None, name: str | None) -> tuple[str | None, str | None]:
    """A sentence (and its document) where the entity appears under `name`, for a merge or split line."""
    if entity_id is None:
        return None, None
    query = select(facts.c.sentence, facts.c.doc_id, facts.c.subject, facts.c.object).where((facts.c.subject_id == entity_id) | (facts.c.object_id == entity_id))
    first: tuple[str | None, str | None] = (None, None)
    for sentence, doc_id, subject, obj in connection.execute(query.order_by(facts.c.id).limit(200)):
        if first == (None, None):
            first = (sentence, doc_id)
        if name and name in {_fold(subject), _fold(obj)}:
            return sentence, doc_id
    return first


def _fold(text: str | None) -> str:
    return fold_name(text) if text else ""


def _entity_lines(connection: Connection) -> Iterator[dict[str, Any]]:
    """Merges, splits and dismissed duplicate pairs, in the order they were made."""
    for row in connection.execute(select(decisions).where(decisions.c.kind.in_(("merge", "split", "dismiss"))).order_by(decisions.c.id)).mappings():
        first, second = _entity(connection, row["source_key"], row["name"]), _entity(connection, row["target_key"])
        kept = second if row["kind"] == "merge" else first
        sentence, doc_id = _sample(connection, kept["id"], row["name"])
        yield {
            "decision": row["kind"],
            "fact": None,
            "entities": [first, second],
            "name": row["name"],
            "sentence": sentence,
            **_document(connection, row["doc_id"] or doc_id),
            "note": row["note"],
            "made_by": row["made_by"],
            "made_at": _when(row["made_at"]),
        }


def _verdict_lines(connection: Connection) -> Iterator[dict[str, Any]]:
    """Settled contradictions: which side was kept, and the reports it rejected."""
    for row in connection.execute(select(verdicts).where(verdicts.c.kind == "settle").order_by(verdicts.c.id)).mappings():
        rejected = json.loads(row["rejected"] or "[]")
        doc_id = str(rejected[0][0]) if rejected else None
        yield {
            "decision": "settle",
            "fact": {"contradiction": row["key"], "what": row["what"], "kept": row["kept"], "rejected": rejected},
            "entities": None,
            "sentence": None,
            **_document(connection, doc_id),
            "note": row["note"],
            "made_by": None,
            "made_at": _when(row["made_at"]),
        }


def export_review(store: Store, path: Path) -> dict[str, int]:
    """Write every review decision to `path` as JSON Lines; returns the lines written per kind."""
    counts: dict[str, int] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    with store.connect() as connection, atomic_text(path) as handle:
        for line in (*_flag_lines(connection, store), *_entity_lines(connection), *_verdict_lines(connection)):
            handle.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
            counts[line["decision"]] = counts.get(line["decision"], 0) + 1
    return counts or {"decisions": 0}
