"""Request body size limit, as plain ASGI middleware so it works before any body is read.

A declared Content-Length over the limit is refused at once; a chunked body
is counted as it arrives and refused the moment it passes the limit, so no
oversized upload is ever held in memory.  FastAPI's own `max_body_size`
(Starlette's limiter) answers a declared length with plain text, not the
API's JSON error naming the limit, so the API keeps this one.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BODY = 25 * 1024 * 1024


def _too_large(limit: int, why: str) -> str:
    return f"request body is larger than {limit} bytes ({why})"


class BodyTooLarge(HTTPException):
    """An HTTP error, so that FastAPI, reading a JSON body, passes it on as a 413 rather than "error parsing the body"."""

    def __init__(self, limit: int, why: str) -> None:
        super().__init__(413, _too_large(limit, why))


def _too_large_body(limit: int, why: str) -> bytes:
    return json.dumps({"error": _too_large(limit, why), "problems": []}).encode()


class BodySizeLimit:
    """Refuse request bodies larger than `limit` bytes with 413; `small_bodies` gives some paths a lower limit of their own."""

    def __init__(self, app: ASGIApp, limit: int = DEFAULT_MAX_BODY, small_bodies: dict[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.small_bodies = small_bodies or {}

    def _limit_of(self, path: str) -> tuple[int, str]:
        own = self.small_bodies.get(path.rstrip("/"))
        if own is not None and own < self.limit:
            return own, "the most this endpoint takes"
        return self.limit, "the server's --max-body"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, why = self._limit_of(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit, why)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit, why)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, limit, why)

    async def _refuse(self, send: Send, limit: int, why: str) -> None:
        body = _too_large_body(limit, why)
        headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
