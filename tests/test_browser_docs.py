"""The interactive API docs in a real browser: Swagger UI from the fastapi-offline package, asking this server only.

Chromium (Debian's /usr/bin/chromium, driven by Playwright) opens /api/docs
on a server running in a thread, expands an endpoint, presses "Try it out"
and "Execute", and reads the answer Swagger UI shows.  The page must fetch
nothing from elsewhere, raise no script error and break no rule of the
content security policy.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("POLITOGRAPH_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("POLITOGRAPH_REQUIRE_BROWSER") == "1"
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(examples_url: str) -> Iterator[str]:
    """The app under uvicorn on a free local port, in a daemon thread, for this module."""
    import uvicorn

    from politograph.api.app import ServerSettings, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(create_app(ServerSettings(examples_url)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        if REQUIRED:
            pytest.fail(f"{CHROMIUM} is missing but POLITOGRAPH_REQUIRE_BROWSER=1 (apt-get install chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


class Watch:
    """What a page did that it must not: requests leaving the server, script errors, blocked by the policy."""

    def __init__(self, page, base: str) -> None:  # type: ignore[no-untyped-def]
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        page.on("request", lambda request: None if request.url.startswith((base, "data:", "about:")) else self.elsewhere.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.console.append(message.text) if message.type == "error" else None)

    def check(self) -> None:
        assert self.elsewhere == [], f"the page fetched from elsewhere: {self.elsewhere}"
        assert self.errors == [], f"script errors: {self.errors}"
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
