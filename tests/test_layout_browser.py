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
