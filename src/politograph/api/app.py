"""The server's one application: the JSON API under /api, the web pages at /, their static files, errors, limits.

`create_app` builds it over a database URL; `politograph serve` runs it.
Reads need nothing; writes (ingest, merge, split, verdicts) need the
operator's token, and there is none unless the operator sets one, so a
server is read-only by default.  The routes live in two sibling modules
that share `api.deps`: `api.routes` (JSON) and `web.pages` (HTML); this is
the only module that knows both.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

from politograph import __version__
from politograph.api import routes
from politograph.api.deps import AppState, ServerSettings
from politograph.api.errors import install_error_handlers
from politograph.api.limits import BodySizeLimit
from politograph.api.security import SecurityHeaders
from politograph.api.warm import warm_at_start
from politograph.web import pages, review

__all__ = ["ServerSettings", "create_app"]

SMALL_BODIES = {"/api/merge": 64 * 1024, "/api/split": 64 * 1024}
"""Bodies that only ever hold a few names: a megabyte of JSON there is a mistake or an attack, refused before it is parsed."""


class SwaggerAssets(StaticFiles):
    """Swagger UI's stylesheet and script, as the fastapi-offline package ships them, and nothing else of it.

    Swagger UI 5 (the package's copy) reads the OpenAPI 3.1 schemas FastAPI
    writes; swagger-ui-bundle's copy is Swagger UI 4, which refuses them.
    The package also ships ReDoc; only the files the docs page loads are
    served, every other name is a 404.
    """

    FILES = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon.png"})

    def __init__(self) -> None:
        from importlib.resources import files

        super().__init__(directory=str(files("fastapi_offline") / "static"))

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path not in self.FILES:
            raise HTTPException(status_code=404, detail=f"no such file: {path}")
        return await super().get_response(path, scope)


def create_app(settings: ServerSettings) -> FastAPI:
    """The API under /api (its OpenAPI schema at /api/openapi.json), the pages at /, static files at /static; nothing is fetched from elsewhere.

    FastAPI's own docs pages load Swagger UI from a CDN, so they are off: the
    web UI's page at /api/docs runs Swagger UI from the fastapi-offline
    package, whose files are served at /api/docs/static, with no network.
    """
    app_state = AppState(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(warm_at_start, app_state)  # before the first request is accepted, off the event loop
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
    app.include_router(review.router)  # the review pages: session, flags, possible duplicates
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.mount(pages.DOCS_ASSETS, SwaggerAssets(), name="docs-static")
    app.add_middleware(review.ReviewSession)  # tells the pages whether this browser may write
    app.add_middleware(BodySizeLimit, limit=settings.max_body, small_bodies=SMALL_BODIES)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: the 413s get the headers too
    return app
