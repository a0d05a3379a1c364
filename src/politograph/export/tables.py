"""CSV, one file per table: the store as a spreadsheet or another database would read it."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from politograph.export.atomic import atomic_text
from politograph.store.repository import Store
from politograph.store.schema import aliases, decisions, doc_entities, documents, entities, facts, mentions

TABLES = (documents, entities, aliases, doc_entities, mentions, facts, decisions)


def export_csv(store: Store, folder: Path) -> dict[str, int]:
    """Write `<table>.csv` for every table (header row first); rows written per file."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    with store.connect() as connection:
        for table in TABLES:
            path = folder / f"{table.name}.csv"
            count = 0
            with atomic_text(path, newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([column.name for column in table.columns])
                for row in connection.execute(select(table).order_by(*table.primary_key.columns)):
                    writer.writerow(["" if value is None else value for value in row])
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
