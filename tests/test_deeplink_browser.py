"""A shared link opened on a freshly started server shows the page inside the app, with its options.

With the page scripts in pages/ beside app.py, Streamlit runs the first deep link on a fresh
server as pages/<name>.py alone; dashboard.router.ensure_frame must put it inside the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from benchmarks.harness import Server, expected_chart_counts, wait_for_page
from pagemodels.registry import PAGES

pytestmark = pytest.mark.browser

STORE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"


def test_deep_link_on_a_fresh_server_goes_through_the_router(browser, server_for: Callable[[Path], Server]) -> None:  # type: ignore[no-untyped-def]
    server = server_for(STORE)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{server.url}/cloud?labels=calendar&currency=USD")
        wait_for_page(page, expected_chart_counts(STORE)["cloud"], timeout_ms=60_000)
        assert page.title() == "Alibaba AI strategy in numbers"
        nav = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').all_inner_texts()
        assert [t.strip() for t in nav] == [spec.nav_title for spec in PAGES]
        assert page.locator("h1").first.inner_text() == "Alibaba Cloud: revenue and growth"
        # the URL's options were applied: calendar tick labels, and the US$ and calendar pills on
        ticks = page.locator("g.xtick text").all_text_contents()
        assert any("Jul–Sep 2025" in t for t in ticks), ticks
        on = page.locator('[data-testid="stSidebar"] [aria-pressed="true"]').all_inner_texts()
        off = page.locator('[data-testid="stSidebar"] [aria-pressed="false"]').all_inner_texts()
        assert sorted(t.strip() for t in on) == ["Calendar quarters", "US$"], (on, off)
        assert [t.strip() for t in off] == ["Events on charts"]  # off unless a reader turns them on
    finally:
        page.close()


def test_a_view_pill_switches_the_charts_and_the_url(browser, server_for: Callable[[Path], Server]) -> None:  # type: ignore[no-untyped-def]
    server = server_for(STORE)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{server.url}/cloud")
        wait_for_page(page, expected_chart_counts(STORE)["cloud"], timeout_ms=60_000)
        assert page.locator("text.ytitle").first.text_content() == "Revenue (RMB bn)"
        page.locator('[data-testid="stSidebar"] [aria-pressed="false"]', has_text="US$").click()
        page.wait_for_function("() => document.querySelector('text.ytitle')?.textContent === 'Revenue (US$ bn)'", timeout=30_000)
        page.wait_for_url("**/cloud?currency=USD", timeout=30_000)  # written at the end of the same rerun
        assert page.locator('[data-testid="stSidebar"] [aria-pressed="true"]', has_text="US$").count() == 1
    finally:
        page.close()


def test_a_quick_leave_and_return_keeps_the_view_in_the_url(browser, server_for: Callable[[Path], Server]) -> None:  # type: ignore[no-untyped-def]
    """Click "Cloud revenue" and at once "Capex vs plan": the capex page's URL keeps the view's options
    (a run cut short on the way must not leave a bare /capex behind)."""
    server = server_for(STORE)
    counts = expected_chart_counts(STORE)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    query = {"currency": "USD", "labels": "calendar", "events": "1"}
    links = '[data-testid="stSidebar"] [data-testid="stPageLink"] a'
    try:
        page.goto(f"{server.url}/capex?currency=USD&labels=calendar&events=1")
        wait_for_page(page, counts["capex"], timeout_ms=60_000)
        bare = []
        for delay_ms in (0, 10, 30, 60, 100, 150, 0, 20, 40, 80, 120, 200):
            page.evaluate(
                """([links, delay]) => {
                    const byText = (t) => [...document.querySelectorAll(links)].find(a => a.innerText.trim() === t);
                    byText("Cloud revenue").click();
                    setTimeout(() => byText("Capex vs plan").click(), delay);
                }""",
                [links, delay_ms],
            )
            on_capex = "() => document.querySelector('h1')?.innerText.startsWith('Capital expenditure')"
            page.wait_for_function(on_capex, timeout=30_000)
            wait_for_page(page, counts["capex"], timeout_ms=60_000)
            try:
                page.wait_for_url(lambda url: dict(parse_qsl(urlsplit(url).query)) == query, timeout=5_000)
            except PlaywrightTimeout:
                bare.append((delay_ms, page.url))
        assert not bare, f"the URL lost the view after a quick leave-and-return: {bare}"
    finally:
        page.close()


def test_the_problems_page_keeps_a_deep_links_path(browser, server_for: Callable[[Path], Server], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "metrics.yaml"
    broken.write_text(STORE.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
    server = server_for(broken)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{server.url}/capex?currency=USD")
        shown = "() => document.querySelector('h1')?.innerText === 'The metric store has problems'"
        page.wait_for_function(shown, timeout=60_000)
        page.wait_for_timeout(1_000)  # a "Page not found" notice or a rewritten address would show by now
        body = page.locator("body").inner_text()
        assert "Page not found" not in body and "no corresponding file" not in body, body[:500]
        assert urlsplit(page.url).path == "/capex" and parse_qsl(urlsplit(page.url).query) == [("currency", "USD")], page.url
        assert "metrics.yaml:" in page.locator('[data-testid="stCode"]').inner_text()
        assert str(tmp_path) not in body  # the server's folders are not shown
        assert "reloads with the change" not in body  # no promise of a reload that does not happen
    finally:
        page.close()
