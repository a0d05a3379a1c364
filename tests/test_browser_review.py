"""Review in a real browser: enter the token once, flag a fact from its card, merge a suggested duplicate.

Chromium (Debian's /usr/bin/chromium, headless) drives the pages of a
server started in a thread over the small Vellmark store of
`test_review`, which holds one person under two name orders; screenshots
go to build/screenshots/ (desktop and phone width) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import browsing
from browsing import SHOTS, Watch, launched_chromium
from test_review import TOKEN, vellmark_store

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The app over a fresh Vellmark store, with the operator token set."""
    from politograph.api.app import ServerSettings

    with browsing.served(ServerSettings(vellmark_store(tmp_path / "vellmark.db"), token=TOKEN, packs=())) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[object]:
    with launched_chromium() as launched:
        yield launched


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_token_once_then_flag_a_fact_and_merge_a_duplicate(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, base_url=served)
    watch = Watch(page, served)

    page.goto("/review/duplicates")
    assert page.locator("button.merge-button").count() == 0 and "enter the operator token" in page.inner_text("main")
    page.click("text=enter the operator token")
    page.wait_for_url("**/review/session?**")
    shot(page, "review-01-session")
    page.fill("input[name=token]", TOKEN)
    page.click("text=Start reviewing")
    page.wait_for_url("**/review/duplicates")
    shot(page, "review-02-duplicates")

    page.goto("/search?q=Blue+Party")
    page.wait_for_url("**/entities/*")
    assert "Green League" in page.inner_text("main")
    card = page.locator("table.claims tr", has_text="coalition").locator("form.flag-form").first
    card.locator("input[name=note]").fill("no coalition was formed")
    shot(page, "review-03-entity-before-flag")
    card.locator("button.flag-button").click()
    page.wait_for_load_state()
    assert "/entities/" in page.url
    assert "Green League" not in page.inner_text("main")  # the flagged coalition left the entity page
    shot(page, "review-04-entity-after-flag")

    page.goto("/review/duplicates")
    merge = page.locator("button.merge-button", has_text="merge Shinzo Abe into Abe Shinzō")
    assert merge.count() == 1
    merge.click()
    page.wait_for_url("**/review/duplicates")
    assert page.locator("button.merge-button", has_text="Shinzo Abe").count() == 0
    shot(page, "review-05-after-merge")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/review/duplicates")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "review-06-duplicates-phone")
    page.close()
    watch.check()
