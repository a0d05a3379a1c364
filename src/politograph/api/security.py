"""Response headers that keep stored text from ever running as script, as plain ASGI middleware.

Everything the server shows comes from articles anyone could have written,
so escaping in the templates is the first defence and this policy the
second: a page may run only the app's own script and load only its own
stylesheet, so even a mistake in escaping cannot run an injected
`<script>`, an `onerror=` attribute or a `javascript:` link.  The pages keep
no inline script or style for the same reason (the SVG charts colour with
presentation attributes, which the policy does not govern).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),  # a JSON answer holding "<script>" is never sniffed into a page
    (b"referrer-policy", b"same-origin"),  # following an article's "original" link does not tell its site what was read here
)

DOCS_PATH = "/api/docs"
DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("img-src 'self'", "img-src 'self' data:")
"""The API docs page alone may show `data:` images: Swagger UI's stylesheet draws its arrows and icons with them.

Nothing else is relaxed there: its script and stylesheet are the app's own
files (served from the fastapi-offline package), so scripts and styles
stay 'self' only, and an image can run no script.
"""
DOCS_HEADERS: tuple[tuple[bytes, bytes], ...] = ((b"content-security-policy", DOCS_POLICY.encode()), *SECURITY_HEADERS[1:])


def security_headers() -> dict[str, str]:
    """The same headers for a response built outside the middleware (the last-resort 500)."""
    return {name.decode(): value.decode() for name, value in SECURITY_HEADERS}


class SecurityHeaders:
    """Add the policy headers to every HTTP response, pages, JSON, static files and errors alike."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        chosen = DOCS_HEADERS if scope.get("path") == DOCS_PATH else SECURITY_HEADERS

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(header for header in chosen if header[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)
