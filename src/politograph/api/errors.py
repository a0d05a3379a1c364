"""Errors as answers: every error a client can cause is a 4xx naming the parameter, a fault of the server's own a 500 without a traceback.

The same `ClientError` becomes the API's JSON (`Problem`) under /api and,
through the web's error page, an HTML page with the same message elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from politograph.api.security import security_headers
from politograph.query.asof import NotFound
from politograph.query.lookup import Ambiguous, UnknownRole
from politograph.store.curation import AmbiguousName, CurationError, UnknownEntity

log = logging.getLogger("politograph.api")


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
    extra: dict[str, Any] | None = None  # more for the body: `suggestions` for an unknown name, `candidates` for an ambiguous one


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
    if isinstance(exc, NotFound):
        offered = [asdict(s) for s in exc.suggestions]
        return ClientError(404, str(exc) + _did_you_mean(offered), [], extra={"suggestions": offered} if offered else None)
    if isinstance(exc, Ambiguous):
        return ClientError(409, str(exc), [], extra={"candidates": [asdict(c) for c in exc.candidates]})
    if isinstance(exc, UnknownRole):
        return ClientError(422, str(exc), [f"query.role: {exc}"])
    if isinstance(exc, UnknownEntity):
        return ClientError(404, str(exc), [])
    if isinstance(exc, AmbiguousName):
        return ClientError(409, str(exc), [])
    return ClientError(400, str(exc), [])  # CurationError, ValueError: the request asked for something impossible


def _did_you_mean(offered: list[dict[str, Any]]) -> str:
    return "; did you mean: " + ", ".join(repr(s["name"]) for s in offered) + "?" if offered else ""


CLIENT_ERRORS = (RequestValidationError, StarletteHTTPException, NotFound, Ambiguous, CurationError, ValueError)

ErrorPage = Callable[[Request, ClientError], Response]


INTERNAL_ERROR = "the server could not answer this request (an internal error, logged on the server)"


def _answer(request: Request, found: ClientError, page: ErrorPage | None) -> Response:
    """JSON (`Problem`) under /api; elsewhere, when the web UI gives a `page`, an HTML page with the same message."""
    if page is not None and not request.url.path.startswith("/api"):
        return page(request, found)
    return JSONResponse({"error": found.error, "problems": found.problems, **(found.extra or {})}, status_code=found.status, headers=found.headers)


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
