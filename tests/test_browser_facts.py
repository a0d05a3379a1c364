"""The facts browser in a real browser: narrow the facts by a facet, then download the list as CSV and read it.

Over the example corpus, served by uvicorn in a thread and driven through
Debian's /usr/bin/chromium by Playwright (no `playwright install`), as
tests/test_browser.py does; the screenshot goes to build/screenshots/.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

import browsing
from browsing import SHOTS, Watch, launched_chromium

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def served(examples_url: str) -> Iterator[str]:
    """The app over the example store, served while the module's tests run."""
    from politograph.api.app import ServerSettings

    with browsing.served(ServerSettings(examples_url)) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with launched_chromium() as launched:
        yield launched


def test_pick_a_facet_then_download_the_list_as_csv_that_parses(chromium, served: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=served, accept_downloads=True)
    tab = context.new_page()
    watch = Watch(tab, served)
    try:
        tab.goto("/facts")
        assert tab.locator(".fact-card").count() > 0
        role = tab.locator('[data-facet="type"] li a', has_text="role").first
        role.click()
        tab.wait_for_url("**/facts?type=role*")
        shown = tab.locator(".fact-card")
        kinds = tab.locator(".fact-card .fact-what .tag:first-child").all_inner_texts()
        assert shown.count() > 0 and kinds == ["role"] * shown.count()
        assert "role ×" in tab.inner_text('[data-facet="type"]')  # the chosen value, which removes the filter when clicked
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SHOTS / "facts-browser-1280.png"), full_page=True)
        tab.screenshot(path=str(SHOTS / "facts-browser-1280-first-screen.png"))

        with tab.expect_download() as started:
            tab.locator('.twins a[type="text/csv"]').click()
        saved = started.value.path()
        rows = list(csv.DictReader(io.StringIO(Path(saved).read_text(encoding="utf-8"))))
        assert rows, "the CSV has a header and the facts shown"
        assert {row["type"] for row in rows} == {"role"}
        assert {"id", "subject", "object", "source", "url", "published", "sentence", "confidence"} <= rows[0].keys()
        assert len(rows) == min(shown.count(), 50)

        tab.locator(".fact-card .cite-link").first.click()  # and cite the first of them
        tab.wait_for_url("**/facts/*/cite")
        assert rows[0]["sentence"] in tab.inner_text("#cite-plain") and '"article-newspaper"' in tab.inner_text("#cite-csl")
        tab.screenshot(path=str(SHOTS / "fact-cite-1280.png"))

        tab.set_viewport_size({"width": 390, "height": 844})  # and on a phone, neither page is wider than the screen
        for path in ("/facts?type=role", tab.url):
            tab.goto(path)
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390, path
        tab.goto("/facts?type=role")
        tab.screenshot(path=str(SHOTS / "facts-browser-390.png"))
    finally:
        context.close()
    watch.check()
