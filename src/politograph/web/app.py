"""The whole server: the JSON API plus the web pages and their static files, in one FastAPI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from politograph.api.app import ClientError, ServerSettings, create_api
from politograph.web.pages import router, templates

STATIC = Path(__file__).resolve().parent / "static"


def error_page(request: Request, error: ClientError) -> Response:
    """A client's mistake on a page: the same message the API gives, as HTML."""
    return templates.TemplateResponse(request, "error.html", {"error": error}, status_code=error.status, headers=error.headers)


def create_app(settings: ServerSettings) -> FastAPI:
    """The API under /api, the pages at /, static files at /static; nothing is fetched from elsewhere."""
    app = create_api(settings, error_page)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
