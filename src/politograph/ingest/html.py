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

from politograph.ingest.problems import IngestProblem, Item, parse_date
from politograph.model import Document, content_hash

MIN_TEXT_CHARS = 40
# metadata only: no guessing from the body, and the original date over a later update
DATE_SEARCH = {"extensive_search": False, "original_date": True}


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
    """One HTML page as a document, or the reason it cannot be one."""
    try:
        extracted = trafilatura.bare_extraction(content, url=url, with_metadata=True, include_comments=False, date_extraction_params=DATE_SEARCH)
    except Exception as exc:  # trafilatura gives up on some malformed pages
        return IngestProblem(name, None, f"could not read the HTML ({exc.__class__.__name__})")
    page: dict[str, Any] = {} if extracted is None else extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = (page.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return IngestProblem(name, None, "no article text found in the HTML")
    day = parse_date(page.get("date")) or published
    if day is None:
        return IngestProblem(name, None, "the page carries no publication date: give --published YYYY-MM-DD")
    page_url = url or page.get("url")
    return Document(
        id=page_url or content_hash(text)[:16],
        text=text,
        published=day,
        source=source or page.get("sitename"),
        url=page_url,
        title=page.get("title"),
    )
