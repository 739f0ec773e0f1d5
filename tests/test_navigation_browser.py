"""The sidebar a reader sees from the first paint: the app's own navigation, never Streamlit's list of
the pages/ folder's file names, and no link to a page that does not exist."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.harness import Server, wait_for_page
from pagemodels.registry import PAGES

pytestmark = pytest.mark.browser

STORE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
RAW_NAMES = ("app", "overview", "cloud", "capex", "segments", "adoption", "sources", "timeline")


def test_the_sidebar_never_shows_the_automatic_page_list(browser, server_for: Callable[[Path], Server]) -> None:  # type: ignore[no-untyped-def]
    server = server_for(STORE)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    seen: list[list[str]] = []
    try:
        # read the sidebar's links as often as possible from the first paint until the page is drawn
        page.goto(server.url, wait_until="commit")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            seen.append([t.strip() for t in page.locator('[data-testid="stSidebar"] a').all_inner_texts()])
            assert page.locator('[data-testid="stSidebarNav"]').count() == 0, seen[-1]
            if page.locator('[data-testid="stPlotlyChart"]').count():
                break
            page.wait_for_timeout(25)
        wait_for_page(page, timeout_ms=60_000)
        titles = [spec.nav_title for spec in PAGES]
        assert [t.strip() for t in page.locator('[data-testid="stSidebar"] a').all_inner_texts()] == titles
        for links in seen:  # at no moment a raw file name, only (a prefix of) the app's own links
            assert not set(links) & set(RAW_NAMES), links
            assert links == titles[: len(links)], links
        # every link opens its page, never "Page not found"
        for spec in PAGES[1:]:
            page.locator('[data-testid="stSidebar"] a', has_text=spec.nav_title).first.click()
            page.wait_for_url(f"**/{spec.slug}", timeout=30_000)
            wait_for_page(page, timeout_ms=60_000)
            assert page.get_by_text("Page not found").count() == 0, spec.slug
    finally:
        page.close()
