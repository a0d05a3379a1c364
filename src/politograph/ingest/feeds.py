"""RSS and Atom feeds with feedparser: one document per entry.

An entry's full content is preferred to its summary.  Feeds in the wild
carry dates in every format and sometimes none; feedparser normalises the
ones it understands, and an entry without a readable date takes
`--published` or is skipped with its position in the feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser

from politograph.ingest.html import html_to_text
from politograph.ingest.problems import FIRST_YEAR, LAST_YEAR, IngestProblem, Item, Origin, checked, fitting_id, parse_date, precision_of
from politograph.model import Document


def _entry_date(entry: Any) -> date | None:
    """The entry's date; a bare month or year (W3C dates allow them) keeps its precision.

    feedparser fills "2014-12" out to a day and turns time zones into UTC, so
    its parsed form is used for full dates and the raw text only to see that
    a date was coarser than a day.
    """
    present = set(entry.keys())  # feedparser warns when asked for a key it only aliases
    for key in ("published", "updated", "created"):
        coarse = parse_date(entry.get(key)) if key in present else None
        if coarse is not None and coarse.precision != "day":
            return coarse
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key) if key in present else None
        if parsed and FIRST_YEAR <= parsed.tm_year <= LAST_YEAR:  # feedparser reads a bare number as some date: 1402000000 -> 1401
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                continue
    return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")
    return html_to_text(html) if "<" in html else html.strip()


def read_feed(content: bytes, name: str, published: date | None, source: str | None = None) -> Iterator[Item]:
    """Documents from an RSS or Atom feed, entry by entry."""
    parsed = feedparser.parse(content)
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield IngestProblem(name, None, f"no feed entries found{reason}")
        return
    outlet = source or parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"entry {number}"
        text = _entry_text(entry)
        if not text:
            yield IngestProblem(name, None, f"{where}: no content or summary")
            continue
        day = _entry_date(entry) or published
        if day is None:
            yield IngestProblem(name, None, f"{where}: no readable publication date; give --published YYYY-MM-DD")
            continue
        title = entry.get("title")
        body = f"{title}.\n{text}" if title and not text.startswith(title) else text
        document = Document(
            id=fitting_id(str(entry.get("id") or entry.get("link") or "")),
            text=body,
            published=day,
            source=outlet,
            url=entry.get("link"),
            title=title,
            published_precision=precision_of(day),
        )
        yield from checked(document, Origin(name, None, where))
