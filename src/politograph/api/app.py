"""The server's one application: the JSON API under /api, the web pages at /, their static files, errors, limits.

`create_app` builds it over a database URL; `politograph serve` runs it.
Reads need nothing; writes (ingest, merge, split, verdicts) need the
operator's token, and there is none unless the operator sets one, so a
server is read-only by default.  The routes live in two sibling modules
that share `api.deps`: `api.routes` (JSON) and `web.pages` (HTML); this is
the only module that knows both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from politograph import __version__
from politograph.api import routes
from politograph.api.deps import AppState, ServerSettings
from politograph.api.errors import install_error_handlers
from politograph.api.limits import BodySizeLimit
from politograph.api.security import SecurityHeaders
from politograph.web import pages

__all__ = ["ServerSettings", "create_app"]

SMALL_BODIES = {"/api/merge": 64 * 1024, "/api/split": 64 * 1024}
"""Bodies that only ever hold a few names: a megabyte of JSON there is a mistake or an attack, refused before it is parsed."""


def create_app(settings: ServerSettings) -> FastAPI:
    """The API under /api (its OpenAPI schema at /api/openapi.json), the pages at /, static files at /static; nothing is fetched from elsewhere.

    FastAPI's own docs pages load Swagger UI from a CDN, so they are off: the
    web UI renders its own page of the schema at /api/docs, with no network.
    """
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
    install_error_handlers(app, pages.error_page)
    app.include_router(routes.router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.add_middleware(BodySizeLimit, limit=settings.max_body, small_bodies=SMALL_BODIES)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: the 413s get the headers too
    return app
