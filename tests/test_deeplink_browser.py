"""A shared link opened on a freshly started server shows the page inside the app, with its options.

With the page scripts in pages/ beside app.py, Streamlit runs the first deep link on a fresh
server as pages/<name>.py alone; dashboard.router.ensure_frame must put it inside the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.harness import Server, expected_chart_counts, wait_for_page

pytestmark = pytest.mark.browser

STORE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"


def test_deep_link_on_a_fresh_server_goes_through_the_router(browser, server_for: Callable[[Path], Server]) -> None:  # type: ignore[no-untyped-def]
    server = server_for(STORE)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{server.url}/cloud?labels=calendar&currency=USD")
        wait_for_page(page, expected_chart_counts(STORE)["cloud"], timeout_ms=60_000)
        assert page.title() == "Alibaba AI strategy in numbers"
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Cloud revenue" in nav and "Sources & data" in nav
        assert page.locator("h1").first.inner_text() == "Alibaba Cloud: revenue and growth"
        # the URL's options were applied: calendar tick labels and the US$ radio selected
        ticks = page.locator("g.xtick text").all_text_contents()
        assert any("Jul–Sep 2025" in t for t in ticks), ticks
        checked = page.locator('[data-testid="stSidebar"] input[type="radio"]:checked').evaluate_all(
            "els => els.map(e => e.closest('label').innerText.trim())"
        )
        assert "USD" in checked and "Calendar (Jul–Sep 2025)" in checked
    finally:
        page.close()
