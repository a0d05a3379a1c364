"""The web UI in a real browser: Debian's Chromium driven by Playwright over the example corpus.

Each test opens a page, does what a reader would (type in the search box,
move the date slider, follow an evidence link) and saves a screenshot to
build/screenshots/ for a person to look at.  No `playwright install`: the
browser is the system's /usr/bin/chromium (CI installs it with apt-get).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browsing import SHOTS, Watch, launched_chromium, served

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(examples_url: str) -> Iterator[str]:
    """The app over the example store, served for the module's tests."""
    from politograph.api.app import ServerSettings

    with served(ServerSettings(examples_url)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    """A fresh page that fails the test on any request leaving this machine or any script error."""
    opened = browser.new_page(viewport={"width": 1280, "height": 900}, base_url=base_url)
    watch = Watch(opened, base_url)
    yield opened
    opened.close()
    watch.check()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_suggests_as_you_type_and_opens_the_entity(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert "24 articles" in page.inner_text(".lede")
    page.fill("#search", "hashi")
    suggestion = page.locator(".suggestions li a").first
    suggestion.wait_for()
    assert "Toru Hashimoto" in suggestion.inner_text()
    shot(page, "01-home-search")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/entities/*")
    assert page.inner_text("h1").startswith("Toru Hashimoto")
    bars = page.locator("svg.timeline rect.bar")
    assert bars.count() >= 4
    assert "mayor of Osaka" in (page.text_content("svg.timeline") or "")
    shot(page, "02-entity-timeline")


def test_search_form_lists_matches(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.fill("#search", "ishin")
    page.keyboard.press("Enter")  # no suggestion chosen: the form asks for every match
    page.wait_for_url("**/search?q=ishin*")
    assert page.locator("table.results tbody tr").count() >= 3


def test_an_evidence_link_opens_the_article_at_the_fact(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/search?q=Yui+no+To")
    page.wait_for_url("**/entities/*")
    link = page.locator("table.claims a.evidence-link[href*='#fact-']").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/documents/**")
    fact_id = target.split("#")[1]
    fact = page.locator(f"#{fact_id}")
    assert "focus" in (fact.get_attribute("class") or "")
    sentence = fact.get_attribute("data-sentence")
    marks = page.locator(f'mark.focus[data-sentence="{sentence}"]')
    assert marks.count() >= 1 and marks.first.is_visible()
    shot(page, "03-document-from-evidence")
    page.locator(f"#{fact_id} a.to-sentence").click()
    assert page.evaluate("window.location.hash") == f"#{sentence}"


def test_document_view_numbers_facts_in_the_text(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/documents/ex-001")
    refs = page.locator("#text sup a.fact-ref")
    facts = page.locator(".fact-list li.fact")
    assert refs.count() == facts.count() > 0
    refs.first.click()
    assert page.evaluate("window.location.hash").startswith("#fact-")
    assert page.locator(".fact.focus").count() == 1
    shot(page, "04-document")


def test_seat_chart_shows_the_chamber_with_its_majority_line(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/seats")
    page.select_option("select[name=chamber]", "House of Representatives")
    page.fill("input[name=at]", "2014-12-20")
    page.click("form.filters button")
    page.wait_for_url("**/seats?chamber=*2014-12-20")
    assert page.locator("svg.parliament circle").count() == 475
    assert page.locator("svg.parliament .majority-line").is_visible()
    assert "majority 238" in (page.text_content("svg.parliament") or "")
    coalition = page.locator('svg.parliament [data-group="Komeito"] title').first.text_content()
    assert "Liberal Democratic Party + Komeito" in (coalition or "")
    shot(page, "05-seats")
    page.locator("svg.parliament .seat-group a").first.click()
    page.wait_for_url("**/entities/*")
    assert "Liberal Democratic Party" in page.inner_text("h1")


def test_network_date_slider_redraws_the_graph(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/network?at=2014-10-01")
    figure = page.locator("#network-figure figure")
    assert figure.get_attribute("data-at") == "2014-10-01"
    before = int(figure.get_attribute("data-edges") or 0)
    assert before >= 1
    shot(page, "06-network-2014-10-01")
    slider = page.locator("#day-slider")
    slider.focus()
    page.keyboard.press("Home")  # the first day anything was known
    sync_api.expect(page.locator("#network-figure figure")).not_to_have_attribute("data-at", "2014-10-01")  # not wait_for_function: the pages' CSP forbids its eval
    first_day = page.locator("#day-slider").get_attribute("data-days").split(",")[0]  # type: ignore[union-attr]
    assert page.locator("#network-figure figure").get_attribute("data-at") == first_day
    assert page.inner_text("#day-label") == first_day and first_day in page.url
    shot(page, "07-network-first-day")
    page.keyboard.press("End")
    sync_api.expect(page.locator("#network-figure figure")).not_to_have_attribute("data-at", first_day)
    last_day = page.locator("#day-slider").get_attribute("data-days").split(",")[-1]  # type: ignore[union-attr]
    assert page.locator("#network-figure figure").get_attribute("data-at") == last_day
    shot(page, "08-network-last-day")


def test_lineage_graph_links_to_each_party(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/search?q=Japan+Innovation+Party")  # two parties go by that name: the search lists both
    page.click("table.results tr.exact-match a:text-is('Japan Innovation Party')")
    page.wait_for_url("**/entities/*")
    page.click("a.lineage-link")
    page.wait_for_url("**/lineage")
    nodes = page.locator("svg.lineage a.lineage-node")
    names = [nodes.nth(i).get_attribute("data-name") for i in range(nodes.count())]
    assert {"Yui no To", "Nippon Ishin no Kai", "Japan Innovation Party", "Democratic Party"} <= set(names)
    assert page.locator("svg.lineage a.lineage-node.current").get_attribute("data-name") == "Japan Innovation Party"
    shot(page, "09-lineage")
    page.locator('svg.lineage a.lineage-node[data-name="Yui no To"]').click()
    page.wait_for_url("**/lineage")
    assert "Yui no To" in page.inner_text("h1")


def test_who_form_fills_a_name_from_suggestions(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/who")
    page.fill("input[name=of]", "your")
    page.locator("form .suggestions li a").first.wait_for()
    page.locator("form .suggestions li a", has_text="Your Party").first.click()
    assert page.input_value("input[name=of]") == "Your Party"
    page.fill("input[name=at]", "2014-06-20")
    page.click("form.filters button")
    page.wait_for_url("**/who?*")
    assert "Reports conflict" in page.inner_text("main")
    shot(page, "10-who-conflict")


def test_api_docs_page_and_error_page(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/api/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()  # Swagger UI draws itself over the plain list (tests/test_browser_docs.py tries it)
    assert page.locator(".swagger-ui .opblock").count() >= 19
    shot(page, "11-api-docs")
    response = page.goto("/entities/999999")
    assert response is not None and response.status == 404
    assert "no entity with id 999999" in page.inner_text("main")
