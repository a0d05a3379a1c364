"""Citations: how a reader quotes a fact or an article elsewhere, as plain text and as CSL-JSON.

A journalist pastes the plain line into a story's notes; a scholar imports
the CSL-JSON into Zotero or a citation processor.  Both are made by
`citation` from one document head and one quoted sentence, so a fact's
citation and its article's differ only in the quote and the permalink.
The caller gives the permalink (the web stage knows its own addresses).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from politograph.query import browse
from politograph.query.browse import DocumentHead
from politograph.store.repository import Store


@dataclass(slots=True)
class Cited:
    """One thing cited: the plain citation, its CSL-JSON item, and what they rest on."""

    plain: str
    csl: dict[str, Any]
    permalink: str
    quote: str | None
    doc_id: str
    fact_id: int | None = None

    def csl_json(self) -> str:
        """The CSL-JSON item as a reader copies it: one field a line, in CSL's usual order, dates kept on their line."""
        lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in self.csl.items()]
        return "[{\n" + ",\n".join(lines) + "\n}]"


def date_parts(day: date) -> list[int]:
    """A date as CSL's date-parts, no finer than the source gave it: [2014, 12] for an article dated "2014-12"."""
    precision = getattr(day, "precision", "day")
    parts = [day.year, day.month, day.day]
    return parts[: {"year": 1, "month": 2}.get(precision, 3)]


def citation(head: DocumentHead, quote: str | None, permalink: str, accessed: date, item_id: str, fact_id: int | None = None) -> Cited:
    """The plain and CSL-JSON citations of a document (and, for a fact, the sentence it was read from)."""
    reference = head.kind != "article"
    outlet = head.source or ("reference data" if reference else None)
    title = head.title or head.id
    link = head.url or permalink
    pieces = [f"{outlet}." if outlet else None, f"“{title}.”", f"{head.published}.", f"{link}." if head.url else None]
    plain = " ".join(p for p in pieces if p)
    if quote:
        plain += f" Quoted: “{quote.strip()}”"
    plain += f" Via politograph: {permalink} (accessed {accessed.isoformat()})."
    csl: dict[str, Any] = {
        "id": item_id,
        "type": "dataset" if reference else "article-newspaper",
        "title": title,
        "issued": {"date-parts": [date_parts(head.published)]},
        "URL": link,
        "accessed": {"date-parts": [date_parts(accessed)]},
        "archive": "politograph",
        "archive_location": permalink,
    }
    if outlet:
        csl["container-title" if not reference else "publisher"] = outlet
    if quote:
        csl["abstract"] = quote.strip()
        csl["note"] = f"Quoted sentence: “{quote.strip()}” (politograph: {permalink})"
    return Cited(plain, csl, permalink, quote, head.id, fact_id)


def cite_fact(store: Store, fact_id: int, permalink: str, accessed: date) -> Cited:
    """A fact's citation: its article, with the sentence it was read from as the quote."""
    found = browse.fact(store, fact_id)
    head = browse.document_head(store, found.doc_id)
    return citation(head, found.sentence, permalink, accessed, f"politograph-fact-{fact_id}", fact_id)


def cite_document(store: Store, doc_id: str, permalink: str, accessed: date) -> Cited:
    """An article's citation, with no quote (its facts each have their own)."""
    head = browse.document_head(store, doc_id)
    return citation(head, None, permalink, accessed, f"politograph-document-{doc_id}")
