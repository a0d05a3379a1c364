"""What the browser tests share: the app served in a thread, Debian's Chromium under Playwright, a watch on each page.

Playwright is imported only inside `launched_chromium`, so that a test file
can import this module before its own `pytest.importorskip("playwright.sync_api")`
and still be skipped, not broken, where Playwright is not installed.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from politograph.api.app import ServerSettings

CHROMIUM = Path(os.environ.get("POLITOGRAPH_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("POLITOGRAPH_REQUIRE_BROWSER") == "1"  # CI: a missing browser is a failure, not a skip
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_SECONDS = 20


def _free_port() -> int:
    """A port nobody listens on now, so that several test modules (or people) can serve at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(settings: ServerSettings) -> Iterator[str]:
    """The app run by uvicorn in a daemon thread, so a real browser can reach it; yields its base URL.

    The caller only gets the URL once uvicorn says it has started, and the
    server is asked to stop on the way out, whether the tests passed or not.
    """
    import uvicorn

    from politograph.api.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_SECONDS
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the test server did not start within {START_SECONDS} s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """The system's Chromium, not a downloaded one (no `playwright install`); skipped where it is missing, failed in CI."""
    if not CHROMIUM.exists():
        if REQUIRED:
            pytest.fail(f"{CHROMIUM} is missing but POLITOGRAPH_REQUIRE_BROWSER=1 (apt-get install chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """What a page did that it must not: fetch from anywhere but the test server, or raise a script error.

    Listening starts when the watch is made, so make it before the first
    `goto`; call `check` where the test wants the verdict.
    """

    def __init__(self, page: Any, base: str) -> None:
        self.base = base
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _request(self, request: Any) -> None:
        if not request.url.startswith((self.base, "data:", "about:")):
            self.elsewhere.append(request.url)

    def check(self) -> None:
        assert self.elsewhere == [], f"the page fetched from elsewhere: {self.elsewhere}"
        assert self.errors == [], f"script errors: {self.errors}"
