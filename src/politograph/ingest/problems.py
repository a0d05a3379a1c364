"""What every reader returns: documents, or problems that name the file and line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from politograph.model import Document, PeriodStart, content_hash


class IngestError(Exception):
    """An input that cannot be read at all (missing file, unknown format)."""


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """One document or line that was skipped, and why; a `warning` names a line that was stored after a repair."""

    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document was read: a file, its line, or its entry in a feed or record in an archive.

    Problems found after reading (an id stored with another text, a
    document the store refused) are reported where the user can find the
    input again, not under an id the user may never have written.
    """

    path: str
    line: int | None = None
    part: str | None = None  # "entry 3", "record 12"

    def problem(self, message: str, warning: bool = False) -> IngestProblem:
        return IngestProblem(self.path, self.line, f"{self.part}: {message}" if self.part else message, warning)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where} ({self.part})" if self.part else where


@dataclass(slots=True, eq=False)
class ReadDocument(Document):
    """A document with the place it was read from; everywhere else it is a plain `Document`."""

    origin: Origin | None = field(default=None, repr=False)


Item = Document | IngestProblem

MAX_TEXT_CHARS = 1_000_000
"""spaCy's own limit (`nlp.max_length`), past which it raises; a text costs about 17 s and 0.33 GiB per 100,000 characters here."""
MAX_ID_CHARS = 200
"""The store's `documents.id` column; PostgreSQL refuses longer values, SQLite would store them."""
MAX_SOURCE_CHARS = 300
"""The store's `documents.source` column."""
_SURROGATE = re.compile("[\ud800-\udfff]")
"""Code points JSON escapes can produce but UTF-8 (and so both databases and the text hash) cannot encode."""


FIRST_YEAR, LAST_YEAR = 1800, 2100
"""Publication years outside these are typing slips (`0`, `20144`), not news archives."""
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_ISO_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)


def parse_date(value: object) -> PeriodStart | None:
    """A publication date at the precision given: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO date-time.

    Archives and wire feeds often know only the month or the year, and
    inventing a day would date every relative expression in the article
    falsely, so the result is the period's first day with its precision.  A
    date-time keeps the calendar day it was written with (no shift to UTC):
    that is the day the outlet printed.  None for anything else, including a
    year before 1800 or after 2100.
    """
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    if match is None or not FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
        return None
    year, month, day = int(match["year"]), match["month"], match["day"]
    precision = "day" if day else "month" if month else "year"
    try:
        return PeriodStart(year, int(month or 1), int(day or 1), precision)
    except ValueError:  # month 13, 30 February
        return None


def precision_of(day: date) -> str:
    """The precision a parsed date carries ("day" for a plain `date`)."""
    return day.precision if isinstance(day, PeriodStart) else "day"


def fitting_id(preferred: str | None) -> str:
    """The URL or GUID a source gives as the id when the store can hold it; "" (the text's hash, see `checked`) otherwise."""
    return preferred if preferred and len(preferred) <= MAX_ID_CHARS else ""


def _repaired(value: str | None) -> tuple[str | None, int, int]:
    """The value without NUL characters and with unpaired surrogates replaced; how many of each there were."""
    if value is None:
        return None, 0, 0
    nuls = value.count("\x00")
    if nuls:
        value = value.replace("\x00", "")
    if value.isascii():  # most fields: no surrogate can be there
        return value, nuls, 0
    cleaned, surrogates = _SURROGATE.subn("\ufffd", value)
    return cleaned, nuls, surrogates


def _repairs(nuls: int, surrogates: int) -> str:
    said = []
    if nuls:
        said.append(f"removed {nuls:,} NUL character{'s' if nuls != 1 else ''} (PostgreSQL cannot store them)")
    if surrogates:
        said.append(f"replaced {surrogates:,} unpaired surrogate{'s' if surrogates != 1 else ''} with U+FFFD (UTF-8 cannot encode them)")
    return " and ".join(said) + "; the document is stored without them"


def _refusal(text: str, doc_id: str, source: str | None) -> str | None:
    """Why the store or spaCy could not take a document with these fields, or None."""
    if len(text) > MAX_TEXT_CHARS:
        return f"text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,} the reader takes"
    if not text.strip():
        return "no text"
    if len(doc_id) > MAX_ID_CHARS:
        return f"id is {len(doc_id):,} characters, over the {MAX_ID_CHARS} the store takes"
    if source is not None and len(source) > MAX_SOURCE_CHARS:
        return f"source is {len(source):,} characters, over the {MAX_SOURCE_CHARS} the store takes"
    return None


def checked(document: Document, origin: Origin) -> Iterator[Item]:
    """The document as the store will take it, with a warning for what was repaired, or the problem that refuses it.

    Every reader ends here, so SQLite and PostgreSQL see the same text (one
    refuses NUL characters, neither encodes a lone surrogate) and nothing
    reaches spaCy that would stop the run.  Repairs come before the text is
    hashed or analysed, so offsets and idempotence hold; a document read
    without an id (`id=""`) gets the hash of its repaired text.
    """
    fields = {name: _repaired(getattr(document, name)) for name in ("id", "text", "source", "url", "title")}
    nuls = sum(n for _, n, _ in fields.values())
    surrogates = sum(n for _, _, n in fields.values())
    values = {name: value for name, (value, _, _) in fields.items()}
    text = values["text"] or ""
    reason = _refusal(text, values["id"] or "", values["source"])
    if reason is not None:
        yield origin.problem(reason)
        return
    if nuls or surrogates:
        yield origin.problem(_repairs(nuls, surrogates), warning=True)
    yield ReadDocument(
        id=values["id"] or content_hash(text)[:16],
        text=text,
        published=document.published,
        source=values["source"],
        url=values["url"],
        title=values["title"],
        kind=document.kind,
        published_precision=document.published_precision,
        origin=origin,
    )
