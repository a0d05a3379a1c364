"""Parameter types shared by the JSON endpoints and the pages, with the bounds the store can hold.

A number the database cannot represent (SQLite and PostgreSQL stop at
2**63 - 1, and the store's id columns on PostgreSQL at 2**31 - 1) reaches
the driver as an OverflowError or an out-of-range error, which a client
would see as a 500.  Every number and every "#id" a client sends is bounded
here, once, so that it is refused as a 422 naming the parameter instead,
whichever route it arrives at.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import unquote

from fastapi import Path, Query, Request
from pydantic import AfterValidator, BeforeValidator

from politograph.query.browse import MAX_PAGE

MAX_ID = 2**31 - 1
"""The largest id any table can hold on every backend (an INTEGER column on PostgreSQL)."""
MAX_OFFSET = 2**63 - 1
"""The largest OFFSET SQLite and PostgreSQL accept (a signed 64-bit integer)."""
MAX_NAME = 300
MAX_DOC_ID = 2048
"""Document ids are often URLs (HTML, feeds, WARC records), which can run long; longer ones are refused before any lookup."""


def checked_name(value: str) -> str:
    """A name, an alias, or "#id" with an id the store can hold: "#99999999999999999999" would overflow the driver."""
    text = value.strip()
    digits = text[1:]
    if text.startswith("#") and digits.isdigit():  # the store reads "#" + digits as an id
        if not (digits.isascii() and digits.isdecimal()):
            raise ValueError("an #id is written with the digits 0-9")
        if int(digits) > MAX_ID:
            raise ValueError(f"an #id is at most {MAX_ID}")
    return value


Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Items per page (at most {MAX_PAGE}).")]
EntityId = Annotated[int, Path(ge=1, le=MAX_ID, description="The entity's id (see /api/entities).")]
FactId = Annotated[int, Path(ge=1, le=MAX_ID, description="The fact's id (see /api/facts).")]
DocId = Annotated[str, Path(min_length=1, max_length=MAX_DOC_ID, description="The document's id, percent-encoded (it may be a URL, with '/', '?' or '#').")]
DocFilter = Annotated[str | None, Query(max_length=MAX_DOC_ID, description="Only facts from this document.")]
Name = Annotated[str, AfterValidator(checked_name), Query(min_length=1, max_length=MAX_NAME, description="A name, an alias, or #id.")]
OptionalName = Annotated[
    str | None, AfterValidator(lambda v: None if v is None else checked_name(v)), Query(max_length=MAX_NAME, description="Only this entity: a name, an alias, or #id.")
]
PageName = Annotated[str, AfterValidator(checked_name), Query(max_length=MAX_NAME, description="A name, an alias, or #id (empty: none chosen yet).")]


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def calendar_day(value: object) -> object:
    """Only `YYYY-MM-DD` is a day: pydantic alone reads "0" or "1402000000" as seconds since 1970."""
    if isinstance(value, str) and value.strip() and not _ISO_DAY.fullmatch(value.strip()):  # "" is left to the field (a form's empty date)
        raise ValueError("a day is written YYYY-MM-DD")
    return value


CalendarDay = BeforeValidator(calendar_day)
"""Put in every date parameter's `Annotated[...]` so that a number is refused, not taken for a timestamp."""


def exact_doc_id(request: Request, decoded: str) -> str:
    """The document id as the client percent-encoded it, decoded exactly once.

    Ids are often URLs that hold escapes of their own ("...?x=%41"): decoded
    twice, which Starlette's test client (and so every in-process test and
    fuzzer) does to the path, that id would arrive as "...?x=A" and not be
    found.  The raw path is what the client sent, so the id is read from it;
    `decoded` (the route's parameter) is kept when there is no raw path.
    """
    raw = request.scope.get("raw_path")
    if not isinstance(raw, bytes):
        return decoded
    try:
        sent = raw.decode("ascii")
    except UnicodeDecodeError:
        return decoded
    _, marker, tail = sent.partition("/documents/")  # the first one is the route's: a "/" inside a quoted id is %2F
    return unquote(tail) if marker and tail else decoded
