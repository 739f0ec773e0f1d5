"""Every page in a real Chromium against a real `streamlit run` over the real store.

One browser and one server serve the whole module. Per page: no error on the page, every chart
drawn, a full-page screenshot in test-artifacts/, and the chart's camera button downloading
"<file_stem>.png" at deck size. The server-side "Download PNG" button is checked on one page.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.harness import PAGES, Server, expected_chart_counts, wait_for_page
from charts.options import ViewOptions
from charts.spec import ChartSpec
from loaders import build_frames, open_store
from pagemodels.registry import PAGES as SPECS
from pagemodels.registry import build_page

TODAY = dt.date(2026, 12, 1)  # as conftest.FIXED_TODAY: the day the servers these tests start measure against

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "metrics.yaml"  # what the real_store_server fixture serves
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CAMERA = 'a.modebar-btn[data-title="Download plot as a PNG"], button.modebar-btn[data-title="Download plot as a PNG"]'
PAGE_TIMEOUT_MS = 60_000


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR", "PNG without IHDR first"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def registry_page(page: str) -> str:
    return page or "overview"


@pytest.fixture(scope="module")
def counts() -> dict[str, int]:
    return expected_chart_counts(STORE)


@pytest.fixture(scope="module")
def charts_by_page() -> dict[str, list[ChartSpec]]:
    """The non-empty charts of each page, as the registry builds them with the app's default options."""
    frames = build_frames(open_store(STORE, dt.date.today()))
    out: dict[str, list[ChartSpec]] = {}
    for spec in SPECS:
        for result in build_page(frames, spec.slug, ViewOptions(), TODAY).charts:
            if not result.is_empty:
                out.setdefault(spec.slug, []).append(result)
    return out


@pytest.fixture(scope="module")
def context(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def open_page(context, real_store_server: Server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh tab on the shared browser; closed after the test."""
    tabs = []

    def open_(path: str):  # type: ignore[no-untyped-def]
        tab = context.new_page()
        tabs.append(tab)
        tab.goto(f"{real_store_server.url}/{path}", timeout=PAGE_TIMEOUT_MS)
        return tab

    yield open_
    for tab in tabs:
        tab.close()


def assert_no_errors(page, name: str) -> None:  # type: ignore[no-untyped-def]
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{name}: exception on the page: {exceptions.first.inner_text()}"
    errors = page.locator('[data-testid="stAlert"]:has([data-testid="stAlertContentError"]), [data-testid="stAlertContentError"]')
    assert errors.count() == 0, f"{name}: error on the page: {errors.first.inner_text()}"


def full_page_screenshot(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Streamlit scrolls inside its main block, so grow the window to the content before the shot."""
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return Math.max(main ? main.scrollHeight : 0, document.documentElement.scrollHeight);
        }"""
    )
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(max(int(height), 900), 16_000)})
    page.wait_for_timeout(300)  # let Plotly finish any relayout
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


@pytest.mark.parametrize("path", PAGES, ids=[registry_page(p) for p in PAGES])
def test_page_draws_every_chart_without_a_camera_that_would_drop_title_and_sources(
    path: str, open_page, counts, charts_by_page, artifacts: Path
) -> None:  # type: ignore[no-untyped-def]
    """The toolbar's camera saves the figure as drawn, whose title and footnote are page text: the PNG
    a reader takes is the "Download PNG" one, rendered with both inside (next test)."""
    name = registry_page(path)
    expected = counts[path]
    assert expected >= 1, f"the real store draws nothing on {name}"
    page = open_page(path)
    drawn = wait_for_page(page, expected, timeout_ms=PAGE_TIMEOUT_MS)
    assert drawn == expected, f"{name}: {drawn} charts drawn, registry says {expected}"
    assert_no_errors(page, name)
    full_page_screenshot(page, artifacts / f"page-{name}.png")

    result = charts_by_page[name][0]
    chart = page.locator(f".st-key-chart-{result.slug}")
    assert chart.count() == 1, f"{name}: no chart keyed {result.slug}"
    chart.scroll_into_view_if_needed()
    chart.locator(".js-plotly-plot").hover()
    chart.locator(".modebar").first.wait_for(state="attached", timeout=10_000)
    assert chart.locator(CAMERA).count() == 0, f"{name}: the toolbar still offers a camera"
    assert_no_errors(page, name)


def test_server_side_png_button_renders_with_kaleido(open_page, counts, charts_by_page, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_page("cloud")
    wait_for_page(page, counts["cloud"], timeout_ms=PAGE_TIMEOUT_MS)
    result = charts_by_page["cloud"][0]
    # the chart's actions sit in one compact control under it
    actions = page.locator(f".st-key-actions-{result.slug}").get_by_role("button").first
    actions.scroll_into_view_if_needed()
    actions.click()
    button = page.locator(f".st-key-png-{result.slug}").get_by_role("button", name="Download PNG")
    button.wait_for(state="visible", timeout=10_000)
    assert page.get_by_text("Cite this chart").first.is_visible()
    with page.expect_download(timeout=90_000) as info:  # the first image starts the server's Chromium
        button.click()
    download = info.value
    assert download.suggested_filename == f"{result.file_stem}.png"
    saved = artifacts / f"server-{download.suggested_filename}"
    download.save_as(saved)
    width, height = png_size(saved.read_bytes())
    assert width >= 1600 and height >= 600
    assert_no_errors(page, "cloud")


def test_the_page_deck_downloads_with_a_slide_per_chart(open_page, counts, charts_by_page, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    from pptx import Presentation

    page = open_page("cloud")
    wait_for_page(page, counts["cloud"], timeout_ms=PAGE_TIMEOUT_MS)
    button = page.locator(".st-key-page-deck").get_by_role("button", name="Download deck (PowerPoint)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    saved = artifacts / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name.startswith("cloud_") and saved.suffix == ".pptx"
    headline, *slides = list(Presentation(str(saved)).slides)  # the page's cards as text, then its charts
    assert headline.shapes.title.text == "Alibaba Cloud: revenue and growth"
    assert len(slides) == len(charts_by_page["cloud"])
    for slide, chart in zip(slides, charts_by_page["cloud"], strict=True):
        title, picture, sources = list(slide.shapes)
        assert title.text == chart.title  # the slide's own title text
        assert png_size(picture.image.blob) == (1920, 852)  # drawn for the slide between its title and sources
        assert sources.text_frame.text == chart.sources
        assert "Quote:" in slide.notes_slide.notes_text_frame.text
    assert_no_errors(page, "cloud")
