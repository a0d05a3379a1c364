"""The review pages: a session that holds the operator's token, flagging facts from their cards, and the "possible duplicates" list.

Writes from a browser need the operator's token, as the API's writes do.
The session form (`/review/session`) asks for it once and keeps, in an
HttpOnly, SameSite=Strict cookie, not the token but a keyed hash of it
(HMAC-SHA256 with the token as key), which the server checks against its
own token on every write; a server started without a token stays
read-only, and the pages then show no write buttons at all.

Cross-site request forgery: the cookie is SameSite=Strict, so a browser
does not send it with a form posted from another site; and every form
write also checks the `Origin` header (or, if a browser sends none, the
`Referer`) against the server's own origin and refuses anything else.
A request carrying `Authorization: Bearer <token>` needs no such check
(a browser never adds that header to a cross-site form by itself).

Forms are read with the standard library (URL-encoded bodies), so the
server needs no multipart package.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from politograph.api.deps import FactId, state
from politograph.query.review import LOW_CONFIDENCE, is_low, possible_duplicates
from politograph.store.curation import dismiss_duplicate, flag_fact, merge_entities, pick_entity
from politograph.web.pages import environment, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

COOKIE = "politograph_session"
_SESSION_MESSAGE = b"politograph review session"
MAX_FORM = 16 * 1024
"""A review form holds a few ids and a note: a bigger body is no form of ours."""
MAX_NOTE = 2000
READ_ONLY = "read-only: start the server with POLITOGRAPH_TOKEN (or --token) to allow review"


def session_value(token: str) -> str:
    """What the cookie holds for a token: a keyed hash, so the cookie never carries the token itself."""
    return hmac.new(token.encode(), _SESSION_MESSAGE, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Session:
    """What the current request may do: whether the server allows writes at all, and whether this browser holds the token."""

    server_writable: bool = False
    signed_in: bool = False
    path: str = "/"

    @property
    def writable(self) -> bool:
        return self.server_writable and self.signed_in


_CURRENT: ContextVar[Session | None] = ContextVar("politograph_review_session", default=None)


def _cookie(raw: str, name: str) -> str | None:
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _session_of(token: str | None, cookie_header: str, path: str) -> Session:
    held = _cookie(cookie_header, COOKIE)
    signed_in = bool(token and held and secrets.compare_digest(held.encode(), session_value(token).encode()))
    return Session(bool(token), signed_in, path)


class ReviewSession:
    """ASGI middleware: tells the templates (`review_session()`) whether this request may write, without every page passing it on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers", [])}
        token = scope["app"].state.politograph.settings.token
        query = scope.get("query_string", b"").decode("latin-1")
        path = scope.get("path", "/") + (f"?{query}" if query else "")
        marker = _CURRENT.set(_session_of(token, headers.get("cookie", ""), path))
        try:
            await self.app(scope, receive, send)
        finally:
            _CURRENT.reset(marker)


def current_session() -> Session:
    """This request's session; outside a request (a template rendered elsewhere), a read-only one."""
    return _CURRENT.get() or Session()


environment.globals["review_session"] = current_session
environment.globals["is_low"] = is_low
environment.globals["low_confidence"] = LOW_CONFIDENCE


# --------------------------------------------------------------------------- who may write, and from where


def _same_origin(request: Request) -> bool:
    """Whether a form came from one of this server's own pages (its Origin, else its Referer, names this server)."""
    own = f"{request.url.scheme}://{request.url.netloc}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("referer")
    return referer is not None and (referer == own or referer.startswith(own + "/"))


def _writer(request: Request) -> None:
    """A form write needs the token: by the session cookie (from this site only) or the API's bearer header."""
    token = state(request).settings.token
    if not token:
        raise HTTPException(403, READ_ONLY)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given:
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "the operator token sent in 'Authorization: Bearer' is not the server's")
        return
    if not _session_of(token, request.headers.get("cookie", ""), request.url.path).signed_in:
        raise HTTPException(401, "review writes need the operator token: enter it once at /review/session")
    if not _same_origin(request):
        raise HTTPException(403, "refused: this form was not sent from this server's own pages (Origin check against cross-site requests)")


async def _form(request: Request) -> dict[str, str]:
    """A URL-encoded form's fields (the first value of each); a body too big or not a form is refused by name."""
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(413, f"form body: {len(body)} bytes, more than a review form's {MAX_FORM}")
    kind = request.headers.get("content-type", "application/x-www-form-urlencoded").split(";")[0].strip().lower()
    if body and kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, f"form body: expected application/x-www-form-urlencoded, got {kind}")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(400, f"form body: cannot be read ({exc})") from exc
    return {name: values[0] for name, values in fields.items()}


def _local(target: str | None, default: str = "/") -> str:
    """A redirect target on this server only: a path, never another site ("//evil.example" or "https://...")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def _entity_id(fields: dict[str, str], name: str, required: bool = True) -> int | None:
    value = fields.get(name, "").strip().lstrip("#")
    if not value:
        if required:
            raise HTTPException(422, f"form.{name}: an entity id is needed")
        return None
    if not value.isdigit() or not value.isascii() or len(value) > 10:
        raise HTTPException(422, f"form.{name}: not an entity id (got {value[:40]!r})")
    return int(value)


def _note(fields: dict[str, str]) -> str | None:
    note = fields.get("note", "").strip()
    if len(note) > MAX_NOTE:
        raise HTTPException(422, f"form.note: at most {MAX_NOTE} characters (got {len(note)})")
    return note or None


# --------------------------------------------------------------------------- pages


@router.get("/review/session")
def session_page(request: Request, next: Annotated[str | None, Query(max_length=2000)] = None) -> Response:
    session = _session_of(state(request).settings.token, request.headers.get("cookie", ""), request.url.path)
    return templates.TemplateResponse(request, "session.html", {"session": session, "next": _local(next, "/review/duplicates"), "read_only": READ_ONLY})


@router.post("/review/session")
async def start_session(request: Request) -> Response:
    """Check the token once and keep its keyed hash in the cookie; a wrong token is refused (401) and nothing is kept."""
    token = state(request).settings.token
    if not token:
        raise HTTPException(403, READ_ONLY)
    if not _same_origin(request):
        raise HTTPException(403, "refused: the session form was not sent from this server's own pages")
    fields = await _form(request)
    given = fields.get("token", "")
    if not given or not secrets.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "form.token: that is not the operator token this server was started with")
    answer = RedirectResponse(_local(fields.get("next"), "/review/duplicates"), status_code=303)
    answer.set_cookie(COOKIE, session_value(token), httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")
    return answer


@router.post("/review/session/end")
async def end_session(request: Request) -> Response:
    if not _same_origin(request):
        raise HTTPException(403, "refused: the form was not sent from this server's own pages")
    answer = RedirectResponse("/review/session", status_code=303)
    answer.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return answer


@router.post("/facts/{fact_id}/flag")
async def flag(request: Request, fact_id: FactId) -> Response:
    """Flag a fact from its card (or take the flag back with `undo`), then return to the page it was flagged on."""
    _writer(request)
    fields = await _form(request)
    server = state(request)
    with server.write_lock:
        flag_fact(server.store, fact_id, note=_note(fields), made_by="web", undo=fields.get("undo") == "1")
    return RedirectResponse(_local(fields.get("next"), f"/facts/{fact_id}"), status_code=303)


@router.get("/review/duplicates")
def duplicates(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    found = possible_duplicates(state(request).store, limit)
    return templates.TemplateResponse(request, "duplicates.html", {"candidates": found, "limit": limit, "read_only": READ_ONLY})


@router.post("/review/duplicates/merge")
async def merge(request: Request) -> Response:
    """Merge a suggested pair: `source` goes into `into` (both by id), as `politograph merge` does."""
    _writer(request)
    fields = await _form(request)
    source, into = _entity_id(fields, "source"), _entity_id(fields, "into")
    server = state(request)
    with server.write_lock:
        merge_entities(server.store, pick_entity(server.store, f"#{source}"), pick_entity(server.store, f"#{into}"))
    return RedirectResponse("/review/duplicates", status_code=303)


@router.post("/review/duplicates/dismiss")
async def dismiss(request: Request) -> Response:
    """Not one entity (or no junk): recorded, so the pair is suggested no more."""
    _writer(request)
    fields = await _form(request)
    first, second = _entity_id(fields, "first"), _entity_id(fields, "second", required=False)
    server = state(request)
    with server.write_lock:
        chosen = pick_entity(server.store, f"#{first}")
        other = pick_entity(server.store, f"#{second}") if second is not None else None
        dismiss_duplicate(server.store, chosen, other, note=_note(fields), made_by="web")
    return RedirectResponse("/review/duplicates", status_code=303)


def sign_in_href(path: str) -> str:
    """The session page, returning to `path` once the token is entered."""
    return "/review/session?next=" + quote(_local(path), safe="/")


environment.globals["sign_in_href"] = sign_in_href
