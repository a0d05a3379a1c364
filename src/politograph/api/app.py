"""The API application: one store per process, JSON errors, a body limit, and a token for writes.

`create_api` builds the FastAPI app over a database URL; `politograph serve`
adds the web pages (`politograph.web`) to the same app.  Reads need nothing;
writes (ingest, merge, split) need the operator's token, and there is none
unless the operator sets one, so a server is read-only by default.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from politograph import __version__
from politograph.api.limits import DEFAULT_MAX_BODY, BodySizeLimit
from politograph.api.security import SecurityHeaders, security_headers
from politograph.query.asof import NotFound
from politograph.store.curation import AmbiguousName, CurationError, UnknownEntity
from politograph.store.repository import Store

T = TypeVar("T")
log = logging.getLogger("politograph.api")


@dataclass(slots=True)
class ServerSettings:
    """What the operator chooses when starting a server."""

    db_url: str
    token: str | None = None  # writes are refused unless set
    max_body: int = DEFAULT_MAX_BODY  # bytes
    packs: tuple[str, ...] | None = None  # the packs ingest reads with (None: every shipped and imported pack)


class AppState:
    """The process's store, the lock that keeps writes one at a time, and the NLP pipeline once loaded."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.store = Store(settings.db_url, settings.packs)
        self.write_lock = threading.Lock()
        self.nlp: Any = None
        self._derived: dict[str, tuple[tuple[int, int, int], Any]] = {}

    def derived(self, name: str, compute: Callable[[Store], T]) -> T:
        """What `compute` derives from the whole store, computed again only when the store has changed (`Store.version`)."""
        stamp = self.store.version()
        cached = self._derived.get(name)
        if cached is None or cached[0] != stamp:
            cached = self._derived[name] = (stamp, compute(self.store))
        return cached[1]  # type: ignore[no-any-return]


def state(request: Request) -> AppState:
    return request.app.state.politograph  # type: ignore[no-any-return]


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


def _where(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location if part not in ("body",)) or "body"


def _described(error: dict[str, Any]) -> str:
    """One validation error as "query.at: Input should be a valid date (got '2014-13-01')"."""
    given = error.get("input")
    return f"{_where(tuple(error.get('loc', ())))}: {error.get('msg')}" + (f" (got {given!r})" if isinstance(given, str | int) else "")


@dataclass(slots=True)
class ClientError:
    """What went wrong, for JSON (`Problem`) and for the web's error page alike."""

    status: int
    error: str
    problems: list[str]
    headers: dict[str, str] | None = None


TOO_DEEP = "request body: the JSON is nested too deeply to read"


def client_error(exc: Exception) -> ClientError:
    """The status and message for an error a client caused (bad parameter, unknown name, refused write)."""
    if isinstance(exc, RequestValidationError):
        problems = [_described(error) for error in exc.errors()]
        return ClientError(422, "bad parameters: " + "; ".join(problems), problems)
    if isinstance(exc, StarletteHTTPException):
        if isinstance(exc.__cause__, RecursionError):  # FastAPI's "error parsing the body" does not say which
            return ClientError(400, TOO_DEEP, ["body: " + TOO_DEEP])
        return ClientError(exc.status_code, str(exc.detail), [], dict(exc.headers) if exc.headers else None)
    if isinstance(exc, NotFound | UnknownEntity):
        return ClientError(404, str(exc), [])
    if isinstance(exc, AmbiguousName):
        return ClientError(409, str(exc), [])
    return ClientError(400, str(exc), [])  # CurationError, ValueError: the request asked for something impossible


CLIENT_ERRORS = (RequestValidationError, StarletteHTTPException, NotFound, CurationError, ValueError)

ErrorPage = Callable[[Request, ClientError], Response]


INTERNAL_ERROR = "the server could not answer this request (an internal error, logged on the server)"


def _answer(request: Request, found: ClientError, page: ErrorPage | None) -> Response:
    """JSON (`Problem`) under /api; elsewhere, when the web UI gives a `page`, an HTML page with the same message."""
    if page is not None and not request.url.path.startswith("/api"):
        return page(request, found)
    return JSONResponse({"error": found.error, "problems": found.problems}, status_code=found.status, headers=found.headers)


def install_error_handlers(app: FastAPI, page: ErrorPage | None = None) -> None:
    """Every error a client can cause is a 4xx with a message naming the parameter, never a 500.

    A fault of the server's own is still answered in the API's shape (JSON,
    or the HTML error page), with 500 and no traceback: the traceback goes
    to the server's log, where the operator can read it, not to the client.
    """

    async def handle(request: Request, exc: Exception) -> Response:
        return _answer(request, client_error(exc), page)

    async def last_resort(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        try:
            return _answer(request, ClientError(500, INTERNAL_ERROR, [], security_headers()), page)
        except Exception:  # the error page itself failed: plain JSON cannot
            return JSONResponse({"error": INTERNAL_ERROR, "problems": []}, status_code=500, headers=security_headers())

    for kind in CLIENT_ERRORS:
        app.add_exception_handler(kind, handle)
    app.add_exception_handler(Exception, last_resort)  # Starlette runs this one outside every middleware, hence its own headers


SMALL_BODIES = {"/api/merge": 64 * 1024, "/api/split": 64 * 1024}
"""Bodies that only ever hold a few names: a megabyte of JSON there is a mistake or an attack, refused before it is parsed."""


def create_api(settings: ServerSettings, error_page: ErrorPage | None = None) -> FastAPI:
    """A FastAPI app with the JSON endpoints under /api and their OpenAPI schema at /api/openapi.json.

    FastAPI's own docs pages load Swagger UI from a CDN, so they are off: the
    web UI renders its own page of the schema at /api/docs, with no network.
    """
    from politograph.api.routes import router

    app_state = AppState(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        app_state.store.close()

    app = FastAPI(
        title="politograph",
        version=__version__,
        description="A time-aware, evidence-linked knowledge graph of political actors. Every answer carries the sentences it rests on.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.politograph = app_state
    install_error_handlers(app, error_page)
    app.include_router(router, prefix="/api")
    app.add_middleware(BodySizeLimit, limit=settings.max_body, small_bodies=SMALL_BODIES)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: the 413s get the headers too
    return app
