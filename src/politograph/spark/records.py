"""Flat records of one document's findings, and back: the shape of the Parquet tables.

`spark-extract` writes these rows; `load` turns them back into the
`DocumentResult`s that the store saves, so a document stored from Parquet is
stored exactly as an ingest would store it.  Entities are numbered within
their document; mentions and facts refer to them by that number or by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from politograph.model import Document, DocumentResult, Entity, Mention, TimeValue
from politograph.store.fact_rows import FACT_COLUMNS, fact_row, row_fact

TABLES = ("documents", "entities", "mentions", "facts")

SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "documents": [("id", "string"), ("hash", "string"), ("published", "string"), ("source", "string"), ("url", "string"), ("title", "string"), ("text", "string")],
    "entities": [("doc_id", "string"), ("number", "int"), ("name", "string"), ("type", "string"), ("aliases", "array<string>"), ("pack_id", "string")],
    "mentions": [("doc_id", "string"), ("start", "int"), ("end", "int"), ("text", "string"), ("type", "string"), ("entity", "int")],
    "facts": [("doc_id", "string"), *((column.name, column.kind) for column in FACT_COLUMNS)],
}
"""Column names and Spark SQL types of each table; a fact's columns are described once, in `store/fact_rows.py`."""
PROBLEMS_SCHEMA = [("path", "string"), ("line", "int"), ("message", "string")]
ALL_TABLES: dict[str, list[tuple[str, str]]] = {**SCHEMAS, "problems": PROBLEMS_SCHEMA}
"""What spark-extract writes: the findings' tables and the input's problems, one Parquet dataset each."""


def to_records(result: DocumentResult) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) pairs for one document and its findings."""
    document = result.document
    yield (
        "documents",
        {
            "id": document.id,
            "hash": document.hash,
            "published": str(document.published_value),  # "2014-12" for a month: the precision travels in the text
            "source": document.source,
            "url": document.url,
            "title": document.title,
            "text": document.text,
        },
    )
    number = {id(entity): n for n, entity in enumerate(result.entities)}
    for entity in result.entities:
        row = {"doc_id": document.id, "number": number[id(entity)], "name": entity.name, "type": entity.type}
        yield "entities", {**row, "aliases": sorted(entity.aliases), "pack_id": entity.pack_id}
    for mention in result.mentions:
        entity_number = number.get(id(mention.entity)) if mention.entity is not None else None
        yield "mentions", {"doc_id": document.id, "start": mention.start, "end": mention.end, "text": mention.text, "type": mention.type, "entity": entity_number}
    for fact in result.facts:
        yield "facts", {"doc_id": document.id, **fact_row(fact)}


def from_records(tables: Mapping[str, Iterable[dict[str, Any]]]) -> Iterator[DocumentResult]:
    """`DocumentResult`s from the rows of the four tables, in document order."""
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in ("entities", "mentions", "facts"):
        for row in tables.get(table, []):
            by_doc.setdefault(row["doc_id"], {}).setdefault(table, []).append(row)
    for row in tables["documents"]:
        document = _document(row)
        found = by_doc.get(document.id, {})
        entity_rows = sorted(found.get("entities", []), key=lambda r: r["number"])
        entities = [Entity(r["name"], r["type"], set(r["aliases"] or []), r["pack_id"]) for r in entity_rows]
        mentions = [_mention(document.id, r, entities) for r in found.get("mentions", [])]
        facts = [row_fact(r, document.id) for r in found.get("facts", [])]
        yield DocumentResult(document, entities, mentions, facts)


def _document(row: dict[str, Any]) -> Document:
    """A documents row back as a `Document`, its date at the precision it was written with."""
    published = TimeValue(row["published"])
    first, precision = published.earliest(), published.precision
    assert first is not None and precision is not None, f"not a publication date: {row['published']!r}"
    return Document(row["id"], row["text"], first, row["source"], row["url"], row["title"], published_precision=precision)


def _mention(doc_id: str, row: dict[str, Any], entities: list[Entity]) -> Mention:
    entity = entities[row["entity"]] if row["entity"] is not None else None
    return Mention(doc_id, row["start"], row["end"], row["text"], row["type"], entity)
