"""The table under a chart, in a browser: folded and not sent until a reader opens it, then each value drawn with
its periods, source and grade, and a computed value marked with how it is computed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.harness import Server, expected_chart_counts, wait_for_page

pytestmark = pytest.mark.browser

STORE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
OPEN = "Table: the numbers in this chart"
CELLS = '[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stDataFrame"] td'
SOURCE = "Alibaba Group, Fixture Corp September quarter results (fictional) (copy in Test Fixture Press)"


def rows_shown(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The grid's rows as its accessible table gives them (the cells drawn on screen), one list a row."""
    return page.eval_on_selector_all(
        '[data-testid="stDataFrame"] tr',
        "rows => rows.map(r => Array.from(r.querySelectorAll('td, th')).map(c => c.innerText.trim()))",
    )


def test_a_charts_table_opens_under_it_with_values_sources_and_derived_marks(
    browser,  # type: ignore[no-untyped-def]
    server_for: Callable[[Path], Server],
) -> None:
    server = server_for(STORE)
    page = browser.new_page(viewport={"width": 2560, "height": 1200})  # wide enough to draw every column
    try:
        page.goto(f"{server.url}/cloud")
        wait_for_page(page, expected_chart_counts(STORE)["cloud"], timeout_ms=60_000)
        folded = page.locator('[data-testid="stExpander"]', has_text=OPEN)
        assert folded.count() == 3  # one under each chart of the page
        assert page.locator('[data-testid="stDataFrame"]').count() == 0  # nothing sent before a reader asks

        # the cloud share chart (the third): stated revenue, and the share computed from it, marked
        folded.nth(2).locator("summary").click()
        page.wait_for_selector(CELLS, state="attached", timeout=30_000)
        assert page.locator('[data-testid="stDataFrame"]').count() == 1  # only the table opened
        page.wait_for_function(
            f"() => Array.from(document.querySelectorAll('{CELLS}')).some(c => c.innerText.includes('Jul–Sep 2025'))",
            timeout=30_000,
        )
        rows = rows_shown(page)
        header = rows[0]
        assert header[:7] == ["Fiscal period", "Calendar period", "What", "Value", "Unit", "Derived", "How it is derived"]
        assert "Source" in header and "Grade" in header
        at = {name: header.index(name) for name in ("Source", "Grade")}
        body = [r for r in rows[1:] if r and r[0] == "FY26 Q2"]
        stated = next(r for r in body if r[2] == "Cloud Intelligence Group revenue")
        assert stated[1] == "Jul–Sep 2025" and stated[3] == "16.1" and stated[4] == "RMB bn" and stated[5] == "false"
        assert stated[at["Source"]] == SOURCE
        assert stated[at["Grade"]] == "company release or filing"
        share = next(r for r in body if r[2] == "Cloud Intelligence Group revenue, share")
        assert share[3] == "11.5" and share[4] == "%" and share[5] == "true"
        assert share[6] == "Computed: cloud revenue / group revenue"
    finally:
        page.close()


def test_a_charts_citation_with_every_source_is_written_when_its_popover_opens(
    browser,  # type: ignore[no-untyped-def]
    server_for: Callable[[Path], Server],
) -> None:
    """ "Download or cite" holds the short citation and the downloads at once; the long form, one line per source
    with its link, is written when a reader opens it, and stays while it is open."""
    server = server_for(STORE)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server.url}/cloud")
        wait_for_page(page, expected_chart_counts(STORE)["cloud"], timeout_ms=60_000)
        assert page.get_by_text("With every source and its link").count() == 0  # nothing sent before a reader asks
        page.get_by_role("button", name="Download or cite").first.click()
        popover = page.locator('[data-testid="stPopoverBody"]')
        popover.get_by_text("Cite this chart").wait_for(timeout=30_000)
        popover.get_by_text("With every source and its link").wait_for(timeout=30_000)
        long_form = popover.locator("code", has_text=f"- {SOURCE}")
        long_form.wait_for(timeout=30_000)
        assert "https://" in long_form.text_content()
        assert popover.get_by_role("button", name="Download CSV").count() == 1
    finally:
        page.close()
