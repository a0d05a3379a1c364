"""The interactive API docs in a real browser: Swagger UI from the fastapi-offline package, asking this server only.

Chromium (Debian's /usr/bin/chromium, driven by Playwright) opens /api/docs
on a server running in a thread, expands an endpoint, presses "Try it out"
and "Execute", and reads the answer Swagger UI shows.  The page must fetch
nothing from elsewhere, raise no script error and break no rule of the
content security policy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import browsing
from browsing import SHOTS, launched_chromium, served

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(examples_url: str) -> Iterator[str]:
    """The app over the example store, served for this module."""
    from politograph.api.app import ServerSettings

    with served(ServerSettings(examples_url)) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with launched_chromium() as launched:
        yield launched


class Watch(browsing.Watch):
    """The shared watch, and here also what the content security policy blocked (the docs page is the one with its own policy)."""

    def __init__(self, page, base: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__(page, base)
        self.console: list[str] = []
        page.on("console", lambda message: self.console.append(message.text) if message.type == "error" else None)

    def check(self) -> None:
        super().check()
        blocked = [m for m in self.console if "Content Security Policy" in m]
        assert blocked == [], f"the policy blocked: {blocked}"


def test_swagger_ui_tries_an_endpoint_against_this_server(chromium, server: str) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, base_url=server)
    watch = Watch(page, server)
    try:
        page.goto("/api/docs")
        operation = page.locator("#operations-default-stats_api_stats_get, .opblock-get:has([data-path='/api/stats'])").first
        operation.wait_for(timeout=15000)
        assert page.locator("table.endpoints").count() == 0  # Swagger UI drew itself over the plain list
        operation.locator(".opblock-summary").first.click()
        operation.locator("button.try-out__btn").click()
        operation.locator("button.execute").click()
        status = operation.locator(".live-responses-table tr.response .response-col_status").first
        status.wait_for(timeout=15000)
        assert status.inner_text().strip() == "200"
        body = operation.locator(".live-responses-table tr.response .response-col_description .highlight-code pre").first.inner_text()
        answer = json.loads(body)
        assert answer["counts"]["documents"] == 24  # the example corpus, as the server itself counts it
        SHOTS.mkdir(parents=True, exist_ok=True)
        operation.screenshot(path=str(SHOTS / "11-api-docs-try-it.png"))
        watch.check()
    finally:
        page.close()


def test_the_docs_page_lists_every_endpoint_without_javascript(chromium, server: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=False, base_url=server)
    page = context.new_page()
    watch = Watch(page, server)
    try:
        page.goto("/api/docs")
        assert page.locator("table.endpoints tbody tr").count() >= 19
        assert "/api/stats" in page.inner_text("table.endpoints")
        watch.check()
    finally:
        context.close()


def test_only_the_files_the_docs_page_loads_are_served_and_only_it_may_show_data_images(examples_url: str) -> None:
    from fastapi.testclient import TestClient

    from politograph.api.app import ServerSettings, create_app

    with TestClient(create_app(ServerSettings(examples_url))) as client:
        assert client.get("/api/docs/static/swagger-ui-bundle.js").status_code == 200
        assert client.get("/api/docs/static/swagger-ui.css").headers["content-type"].startswith("text/css")
        for other in ("index.html", "redoc.standalone.js", "../core.py"):
            assert client.get(f"/api/docs/static/{other}").status_code == 404, other
        docs = client.get("/api/docs").headers["content-security-policy"]
        assert "img-src 'self' data:" in docs and "script-src 'self';" in docs and "style-src 'self';" in docs and "unsafe" not in docs
        assert "data:" not in client.get("/").headers["content-security-policy"]
