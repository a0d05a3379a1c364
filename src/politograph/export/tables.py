"""CSV, one file per table: the store as a spreadsheet or another database would read it.

`facts.csv` is the one a reader opens first, so each fact row also carries
where it was read: its article's `published` date (as the source gave it),
`source` (the outlet) and `url`, beside the fact's own `confidence`; no
join is needed to cite a fact.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select

from politograph.export.atomic import atomic_text, make_folder
from politograph.store.curation import kept_facts
from politograph.store.repository import Store, stored_published
from politograph.store.schema import aliases, decisions, doc_entities, documents, entities, facts, mentions

TABLES = (documents, entities, aliases, doc_entities, mentions, facts, decisions)
FACT_PROVENANCE = ("published", "source", "url")
"""Columns of its document that `facts.csv` adds to every fact row."""


def _statement(table: Any) -> tuple[Select[Any], list[str]]:
    """A table's rows in key order with its header; facts joined with their document's date, outlet and URL."""
    header = [column.name for column in table.columns]
    if table is not facts:
        return select(table).order_by(*table.primary_key.columns), header
    joined = select(facts, documents.c.published, documents.c.published_precision, documents.c.source, documents.c.url).join(documents, documents.c.id == facts.c.doc_id)
    return joined.order_by(facts.c.id), header + list(FACT_PROVENANCE)


def _cells(table: Any, row: Any, width: int) -> list[Any]:
    """One CSV row: empty cells for NULL; a fact's published date at its document's precision ("2014-12")."""
    values = list(row)
    if table is facts:
        document = row._mapping
        published = stored_published({"published": document["published"], "published_precision": document["published_precision"]})
        values = values[:width] + [str(published), document["source"], document["url"]]
    return ["" if value is None else value for value in values]


def export_csv(store: Store, folder: Path) -> dict[str, int]:
    """Write `<table>.csv` for every table (header row first); rows written per file."""
    make_folder(folder)
    written = {}
    with store.connect() as connection:
        for table in TABLES:
            path = folder / f"{table.name}.csv"
            count = 0
            with atomic_text(path, newline="") as handle:
                writer = csv.writer(handle)
                statement, header = _statement(table)
                writer.writerow(header)
                kept = kept_facts(store) if table is facts else []  # flagged facts are no facts, in every export
                for row in connection.execute(statement.where(*kept)):
                    writer.writerow(_cells(table, row, len(table.columns)))
                    count += 1
            written[path.name] = count
    path = folder / "entity_ids.csv"  # the entities' Party Facts, ParlGov and Wikidata ids, one row per id
    with atomic_text(path, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entity_id", "scheme", "identifier"])
        rows = [(entity_id, scheme, value) for entity_id, ids in sorted(store.external_ids().items()) for scheme, value in sorted(ids.items())]
        writer.writerows(rows)
    written[path.name] = len(rows)
    return written
