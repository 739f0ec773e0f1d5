"""Charts read whole on a phone and a tablet: measured in a real browser from each chart's element boxes.

At 390 and 768 px wide, every chart's title and footnote (page text around the figure) lie inside
the page's width, and inside each figure the legend, the axis tick labels, the values written on
bars and points and the plot lie inside the figure and the legend overlaps no tick label.
"""

from __future__ import annotations

import pytest

from benchmarks.harness import PAGES, wait_for_page
from tests.test_browser import counts  # noqa: F401  (the fixture: how many charts each page draws)

pytestmark = pytest.mark.browser

BOXES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map((chart) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const svg = chart.querySelector('.main-svg');
    const legend = chart.querySelector('.legend');
    return {
        figure: box(svg),
        legend: legend ? box(legend) : null,
        ticks: [...chart.querySelectorAll('.xtick text, .ytick text, .y2tick text')]
            .filter((t) => t.textContent && t.getBoundingClientRect().width > 0).map(box),
        plot: box(chart.querySelector('.nsewdrag') || svg),
        plots: [...chart.querySelectorAll('.nsewdrag')].map(box),
        // a value drawn in a layer clipped to its plot (cliponaxis) is cut off at the plot's edge
        values: [...chart.querySelectorAll('.bartext, .textpoint text')]
            .filter((t) => t.textContent && t.getBoundingClientRect().width > 0)
            .map((t) => ({box: box(t), clipped: !!t.closest('[clip-path*="plot"]'), text: t.textContent})),
    };
})"""
TEXT_JS = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"], [data-testid="stMain"] [data-testid="stCaptionContainer"]')]
    .map((el) => { const r = el.getBoundingClientRect(); return [r.left, r.right, el.scrollWidth - el.clientWidth]; })"""
SLACK = 1.5  # px: sub-pixel rounding of SVG text boxes


def inside(inner: list[float], outer: list[float]) -> bool:
    return (
        inner[0] >= outer[0] - SLACK
        and inner[1] >= outer[1] - SLACK
        and inner[2] <= outer[2] + SLACK
        and inner[3] <= outer[3] + SLACK
    )


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK


@pytest.mark.parametrize("width", [390, 768])
@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_charts_fit_narrow_screens(browser, real_store_server, counts, path: str, width: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{real_store_server.url}/{path}")
        wait_for_page(page, counts[path], timeout_ms=90_000)
        page.wait_for_timeout(500)  # let Plotly finish its relayout at this width
        for left, right, overflow in page.evaluate(TEXT_JS):
            assert left >= -SLACK and right <= width + SLACK and overflow <= 0, (path, width, left, right, overflow)
        for i, chart in enumerate(page.evaluate(BOXES_JS)):
            figure = chart["figure"]
            assert figure[2] <= width + SLACK, (path, width, i, "figure wider than the screen", figure)
            assert inside(chart["plot"], figure), (path, width, i, "plot outside the figure")
            for tick in chart["ticks"]:
                assert inside(tick, figure), (path, width, i, "tick label outside the figure", tick)
            for value in chart["values"]:  # the numbers written on bars and points, such as "+45%"
                assert inside(value["box"], figure), (path, width, i, "value label outside the figure", value)
                if value["clipped"]:
                    cut = not any(inside(value["box"], plot) for plot in chart["plots"])
                    assert not cut, (path, width, i, "value label cut off", value)
            if chart["legend"] is not None:
                assert inside(chart["legend"], figure), (path, width, i, "legend outside the figure", chart["legend"])
                clashes = [t for t in chart["ticks"] if overlap(t, chart["legend"])]
                assert not clashes, (path, width, i, "legend over tick labels", clashes[:3])
    finally:
        page.close()


# Every text a chart's SVG draws that a reader must read: tick labels, annotations (event numbers, gap
# words, notes on the plot), values written on bars and points. Legend entries are checked above.
TEXTS_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map((chart) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const container = chart.querySelector('.js-plotly-plot') || chart;
    const texts = [...chart.querySelectorAll(
            '.xtick text, .ytick text, .y2tick text, .annotation-text, .bartext, .textpoint text')]
        .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0
            && getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).opacity !== '0')
        .map((t) => ({box: box(t), text: t.textContent}));
    return {container: box(container), texts: texts};
})"""
TABLE_JS = """(table) => {
    const r = table.getBoundingClientRect();
    const scroller = table.querySelector('.dvn-scroller');
    if (!scroller) return {right: r.right, scroller: false};
    const before = scroller.scrollLeft;
    scroller.scrollLeft = 10000;
    const moved = scroller.scrollLeft - before;
    scroller.scrollLeft = before;
    return {right: r.right, scroller: true, wide: scroller.scrollWidth > scroller.clientWidth + 1, moved: moved,
            overflow: getComputedStyle(scroller).overflowX};
}"""


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_chart_texts_never_collide(browser, real_store_server, counts, path: str, width: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """No two text boxes of a chart intersect, and none reaches past the chart's own box, where the page
    would cut it (the last quarter's tick, a plan quarter's label, the event numbers above the plot)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{real_store_server.url}/{path}")
        wait_for_page(page, counts[path], timeout_ms=90_000)
        page.wait_for_timeout(500)  # let Plotly finish its relayout at this width
        problems = []
        for i, chart in enumerate(page.evaluate(TEXTS_JS)):
            texts = chart["texts"]
            problems += [(i, "cut", t["text"]) for t in texts if not inside(t["box"], chart["container"])]
            problems += [
                (i, "overlap", a["text"], b["text"])
                for n, a in enumerate(texts)
                for b in texts[n + 1 :]
                if overlap(a["box"], b["box"])
            ]
        assert not problems, (path, width, problems[:12])
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_wide_tables_scroll_sideways(browser, real_store_server, counts, path: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """At 390 px a table wider than the screen keeps inside the page and scrolls sideways to its last column."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(f"{real_store_server.url}/{path}")
        wait_for_page(page, counts[path], timeout_ms=90_000)
        page.wait_for_timeout(500)
        # a table in a closed expander (the timeline's events) is drawn once the reader opens it
        # (opening one reruns the page, so the closed ones are looked up afresh after each click)
        closed = page.locator('[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) > summary')
        for _ in range(40):
            if closed.count() == 0:
                break
            closed.first.click()
            page.wait_for_timeout(400)
        assert closed.count() == 0, (path, "an expander that would not open")
        page.wait_for_timeout(500)
        tables = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')
        wide = 0
        for i in range(tables.count()):
            tables.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(300)  # a table draws its grid once it is on screen
            table = tables.nth(i).evaluate(TABLE_JS)
            assert table["scroller"], (path, i, "a table with no scrolling body")
            assert table["right"] <= 390 + SLACK, (path, i, "table wider than the screen", table)
            if table["wide"]:
                wide += 1
                assert table["overflow"] in ("auto", "scroll") and table["moved"] > 0, (path, i, "cannot scroll", table)
        if path == "sources":  # its table has a dozen columns: wider than a phone, so the check above ran
            assert wide, (path, "no table wider than the screen")
    finally:
        page.close()
