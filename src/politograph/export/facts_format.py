"""Export to the FORMAT.md interchange format: docs.jsonl, entities.jsonl, facts.jsonl.

Written to temporary files and renamed into place, so an interrupted export
never leaves a half-written corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from politograph.export.atomic import atomic_text, make_folder
from politograph.store.curation import dropped_fact_ids
from politograph.store.fact_rows import FACT_COLUMNS
from politograph.store.repository import Store, stored_published


def fact_record(row: dict[str, Any]) -> dict[str, Any]:
    """One stored fact as a FORMAT.md line: its document, every field the format always has, then those set of the optional ones."""
    record = {"doc": row["doc_id"]}
    record.update({c.exported: row[c.name] for c in FACT_COLUMNS if c.exported and not c.optional})
    record.update({c.exported: row[c.name] for c in FACT_COLUMNS if c.exported and c.optional and row.get(c.name) is not None})
    return record


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    count = 0
    with atomic_text(path) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def export_facts(store: Store, folder: Path) -> dict[str, int]:
    """Write the store as a FORMAT.md corpus folder; returns lines written per file."""
    make_folder(folder)
    dropped = dropped_fact_ids(store)  # facts flagged as wrong, or rejected by a settled contradiction, are no facts
    docs = ({"id": d["id"], "url": d["url"], "published": str(stored_published(d)), "source": d["source"], "text": d["text"]} for d in store.iter_documents())
    external = store.external_ids()  # FORMAT.md lets the product add fields: an entity's dataset ids
    entities = (
        {"doc": e["doc_id"], "name": e["name"], "type": e["type"], "aliases": e["aliases"], **({"ids": external[e["entity_id"]]} if e["entity_id"] in external else {})}
        for e in store.iter_doc_entities()
    )
    return {
        "docs.jsonl": _write_jsonl(folder / "docs.jsonl", docs),
        "entities.jsonl": _write_jsonl(folder / "entities.jsonl", entities),
        "facts.jsonl": _write_jsonl(folder / "facts.jsonl", (fact_record(f) for f in store.iter_facts() if f["id"] not in dropped)),
    }
