"""What every route of the server shares: its state (store, settings, write lock), the token check, and the parameter types.

The JSON routes (`api.routes`) and the pages (`web.pages`) are siblings:
both take the store, the token and their parameters from here, and
`api.app` builds the one application that includes them both.

The parameter types carry the bounds the store can hold.  A number the
database cannot represent (SQLite and PostgreSQL stop at 2**63 - 1, and the
store's id columns on PostgreSQL at 2**31 - 1) reaches the driver as an
OverflowError or an out-of-range error, which a client would see as a 500.
Every number and every "#id" a client sends is bounded here, once, so that
it is refused as a 422 naming the parameter instead, whichever route it
arrives at.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import unquote

from fastapi import Depends, HTTPException, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BeforeValidator

from politograph.api.limits import DEFAULT_MAX_BODY
from politograph.model import EntityType as EntityType  # the shared parameter types, defined once in model.py
from politograph.model import FactType as FactType
from politograph.query.browse import MAX_PAGE
from politograph.store.repository import Store

T = TypeVar("T")

# --------------------------------------------------------------------------- the server's state


@dataclass(slots=True)
class ServerSettings:
    """What the operator chooses when starting a server."""

    db_url: str
    token: str | None = None  # writes are refused unless set
    max_body: int = DEFAULT_MAX_BODY  # bytes
    packs: tuple[str, ...] | None = None  # the packs ingest reads with (None: every shipped and imported pack)
    warm: bool = True  # build the network's relation index, change days and layout at start-up (`api.warm`), not on the first request


class AppState:
    """The process's store, the lock that keeps writes one at a time, and the NLP pipeline once loaded."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.store = Store(settings.db_url, settings.packs)
        self.write_lock = threading.Lock()
        self.nlp: Any = None
        self._derived: dict[str, tuple[Hashable, Any]] = {}

    def derived(self, name: str, compute: Callable[[Store], T], stamp: Callable[[Store], Hashable] | None = None) -> T:
        """What `compute` derives from the store, computed again only when what it depends on has changed.

        `stamp` says what that is (the relation facts, for the network's
        change days and layout: `query.network.network_stamp`); by default
        anything in the store (`Store.version`).  A write of facts a value
        does not depend on then leaves it cached.
        """
        now = (stamp or Store.version)(self.store)
        cached = self._derived.get(name)
        if cached is None or cached[0] != now:
            cached = self._derived[name] = (now, compute(self.store))
        value: T = cached[1]  # what `compute` returned under this name
        return value

    def change_days(self, chosen: tuple[str, ...], known_at: date | None, stamp: Callable[[Store], Hashable] | None = None) -> list[date]:
        """The days the network of these relation types changes, kept until `network_stamp` (or `stamp`, the same value read once) changes.

        One name for `/api/network`, the network page and the start-up
        warm-up (`api.warm`): what one of them computed, the others reuse.
        """
        from politograph.query import network

        def now(whole: Store) -> Hashable:
            return network.network_stamp(whole, known_at)

        return self.derived(f"change days {chosen} {known_at}", lambda whole: network.change_days(whole, chosen, known_at), stamp or now)

    def network_layout(self, stamp: Callable[[Store], Hashable] | None = None) -> dict[int, tuple[float, float]]:
        """Every linked entity's place on the network page (`query.network.layout`), kept until the relation network changes."""
        from politograph.query import network

        return self.derived("network layout", network.layout, stamp or network.network_stamp)


def state(request: Request) -> AppState:
    """The state `api.app.create_app` gave the application."""
    found: AppState = request.app.state.politograph
    return found


def store(request: Request) -> Store:
    return state(request).store


StoreDep = Annotated[Store, Depends(store)]
bearer = HTTPBearer(auto_error=False, description="The operator's token (politograph serve --token, or POLITOGRAPH_TOKEN).")


def require_token(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Writes need `Authorization: Bearer <token>`; a server started without a token is read-only."""
    expected = state(request).settings.token
    if not expected:
        raise HTTPException(403, "this server is read-only: start it with --token (or POLITOGRAPH_TOKEN) to allow ingest, merge and split")
    if credentials is None or not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(401, "a valid operator token is needed: send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})


# --------------------------------------------------------------------------- bounds

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


# --------------------------------------------------------------------------- parameter types

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip (from the cursor's row, when a cursor is given).")]
Cursor = Annotated[
    str | None,
    Query(
        max_length=4096,
        pattern=r"^[A-Za-z0-9_-]*$",
        description="Start right after the row a previous page's `next_cursor` names: a deep page then costs what the first does.",
    ),
]
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

Day = Annotated[date, CalendarDay, Query(description="The day asked about (YYYY-MM-DD).")]
KnownAt = Annotated[date | None, CalendarDay, Query(description="Only what had been published by this day (YYYY-MM-DD).")]
Since = Annotated[date | None, CalendarDay, Query(alias="from", description="From this day (YYYY-MM-DD).")]
Until = Annotated[date | None, CalendarDay, Query(alias="to", description="Up to this day (YYYY-MM-DD).")]
PageDay = Annotated[date | None, CalendarDay, Query(description="The day (YYYY-MM-DD).")]
"""A page's day: optional, the page picks one when none is given."""
FormKnownAt = Annotated[
    date | None,
    BeforeValidator(lambda value: None if value == "" else value),  # a form's empty date field: everything known
    CalendarDay,
    Query(description="As the press knew it on this day (YYYY-MM-DD): only articles published by then."),
]
"""A page's `known_at`, sent by a form whose date field may be left empty."""
