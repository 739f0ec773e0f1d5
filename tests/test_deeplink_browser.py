"""A shared link opened on a freshly started server shows the page inside the app, with its options.

With the page scripts in pages/ beside app.py, Streamlit runs the first deep link on a fresh
server as pages/<name>.py alone; dashboard.router.ensure_frame must put it inside the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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
