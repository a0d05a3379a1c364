"""HTML pages: main text, title and date with trafilatura.

Boilerplate (menus, footers, comment threads) would feed the extractor
sentences about nothing, so only the main text is kept.  The date comes
from the page's metadata only: a date guessed from the body text could be
any date the article mentions, so a page without one needs `--published`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import lxml.html
import trafilatura

from politograph.ingest.problems import IngestProblem, Item, fitting_id, parse_date, precision_of
from politograph.model import Document, PeriodStart

MIN_TEXT_CHARS = 40
# metadata only: no guessing from the body, and the original date over a later update
DATE_SEARCH = {"extensive_search": False, "original_date": True}
DATE_META = frozenset(
    {
        "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
        "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "citation_publication_date", "citation_date",
    }
)  # fmt: skip
"""Meta tags that carry a publication date, read directly only for a month or a year (see `_coarse_meta_date`)."""


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept apart."""
    try:
        root = lxml.html.fromstring(fragment)
    except Exception:  # lxml rejects empty or comment-only fragments
        return ""
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def read_html(content: bytes | str, name: str, published: date | None, source: str | None = None, url: str | None = None) -> Item:
    """One HTML page as a document, or the reason it cannot be one.

    The document still goes through `problems.checked` (the caller knows
    where it was read); a page without a usable URL has the id "" until then.
    """
    try:
        extracted = trafilatura.bare_extraction(content, url=url, with_metadata=True, include_comments=False, date_extraction_params=DATE_SEARCH)
    except Exception as exc:  # trafilatura gives up on some malformed pages
        return IngestProblem(name, None, f"could not read the HTML ({exc.__class__.__name__})")
    page: dict[str, Any] = {} if extracted is None else extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = (page.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return IngestProblem(name, None, "no article text found in the HTML")
    found = parse_date(page.get("date"))
    day = _coarse_meta_date(content, found) or found or published
    if day is None:
        return IngestProblem(name, None, "the page carries no publication date: give --published YYYY-MM-DD")
    page_url = url or page.get("url")
    return Document(
        id=fitting_id(page_url),
        text=text,
        published=day,
        source=source or page.get("sitename"),
        url=page_url,
        title=page.get("title"),
        published_precision=precision_of(day),
    )


def _coarse_meta_date(content: bytes | str, found: date | None) -> PeriodStart | None:
    """A month or year the page's metadata gives, which trafilatura cannot tell from a day.

    trafilatura fills a month out to a day, its 1st ("2014-12" -> 2014-12-01)
    or, in some months, today's day of the month (on 2 December, 2014-12-02),
    and drops a bare year; so when it found nothing or such a day the meta
    tags are read again, and a coarse value counts when its period holds
    trafilatura's day.
    """
    if found is not None and found.day not in (1, date.today().day):
        return None
    try:
        root = lxml.html.fromstring(content)
    except Exception:  # lxml rejects some pages trafilatura still reads
        return None
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key not in DATE_META:
            continue
        day = parse_date(meta.get("content"))
        if day is not None and day.precision != "day" and (found is None or _holds(day, found)):
            return day
    return None


def _holds(period: PeriodStart, day: date) -> bool:
    """Whether a month or year (as its first day and precision) contains the day."""
    return period.year == day.year and (period.precision == "year" or period.month == day.month)
