"""Where an exported item comes from: each report as a Popolo-style source link (URL, outlet, date, quote).

An export is worth only what its provenance is worth: a data desk that
finds a membership in a Popolo file or an edge in a GraphML file must be
able to open the article it rests on.  A report is cited by its article's
URL, its outlet (`note`), the article's date as the source gave it (a month
stays "2014-12") and the sentence it was read from.  An article stored
without a URL is still named, by a `urn:politograph:document:` URI of its
id, so every source has a `url` as Popolo's link object requires.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from sqlalchemy import select

from politograph.store.repository import Store, stored_published
from politograph.store.schema import documents

MAX_SOURCES = 50
"""Sources listed per entity, post or area (the earliest articles first); memberships list every article of their term."""


def document_urn(doc_id: str) -> str:
    """A URI for a stored article that has no URL of its own, so every source can still name what it cites."""
    return "urn:politograph:document:" + quote(doc_id, safe="")


@dataclass(slots=True)
class DocumentBook:
    """Each stored document's URL, outlet and date as given, read once per export."""

    url: dict[str, str | None] = field(default_factory=dict)
    source: dict[str, str | None] = field(default_factory=dict)
    published: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, store: Store) -> DocumentBook:
        book = cls()
        columns = (documents.c.id, documents.c.url, documents.c.source, documents.c.published, documents.c.published_precision)
        with store.connect() as connection:
            for row in connection.execute(select(*columns)).mappings():
                doc_id = str(row["id"])
                book.url[doc_id] = row["url"] or None
                book.source[doc_id] = row["source"]
                book.published[doc_id] = str(stored_published(dict(row)))
        return book

    def link(self, doc_id: str, quote_text: str | None = None) -> dict[str, Any]:
        """One source: the article's URL (or its URN), outlet, date and, when known, the quoted sentence."""
        found: dict[str, Any] = {"url": self.url.get(doc_id) or document_urn(doc_id), "note": self.source.get(doc_id) or doc_id}
        if doc_id in self.published:
            found["date"] = self.published[doc_id]
        found["document"] = doc_id
        if quote_text:
            found["quote"] = quote_text
        return found

    def cite(self, row: dict[str, Any]) -> dict[str, Any]:
        """A fact row's report as a source."""
        return self.link(str(row["doc_id"]), row.get("sentence"))

    def evidence(self, row: dict[str, Any]) -> dict[str, str]:
        """A report as flat attributes (GraphML, CSV): outlet, URL, date and sentence, empty where unknown."""
        doc_id = str(row["doc_id"])
        return {
            "source": self.source.get(doc_id) or "",
            "url": self.url.get(doc_id) or "",
            "published": self.published.get(doc_id, ""),
            "sentence": row.get("sentence") or "",
            "doc_id": doc_id,
        }


def sources_of(book: DocumentBook, rows: Iterable[dict[str, Any]], limit: int | None = None) -> list[dict[str, Any]]:
    """One source per article among these reports (its first sentence quoted), earliest article first, at most `limit`."""
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(str(row["doc_id"]), row)
    ordered = sorted(first.values(), key=lambda r: (book.published.get(str(r["doc_id"]), ""), str(r["doc_id"])))
    return [book.cite(row) for row in ordered[:limit]]


class SourceShelf:
    """The reports behind each exported item, gathered while the export walks the facts, cited at the end."""

    def __init__(self, book: DocumentBook) -> None:
        self.book = book
        self.rows: dict[Hashable, list[dict[str, Any]]] = defaultdict(list)

    def add(self, key: Hashable, row: dict[str, Any]) -> None:
        self.rows[key].append(row)

    def has(self, key: Hashable) -> bool:
        return bool(self.rows.get(key))

    def cited(self, key: Hashable, limit: int | None = MAX_SOURCES) -> list[dict[str, Any]]:
        return sources_of(self.book, self.rows.get(key, ()), limit)
