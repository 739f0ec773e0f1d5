"""The adoption page compares like with like: a count is one line per source over the dates it states it,
and a market share is labelled by the research firm its source names; no label names a web host.

Against tests/fixtures/adoption_store.yaml, whose values (and the hosts it reads them at) are known.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import pytest

from charts.adoption import NOT_COMPARABLE_NOTE, date_range, research_firm, series_names
from charts.options import ViewOptions
from charts.spec import ChartSpec
from loaders import build_frames, open_store
from loaders.frames import Frames
from pagemodels.model import Chart, PageModel
from pagemodels.registry import build_page

STORE = Path(__file__).resolve().parent / "fixtures" / "adoption_store.yaml"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def frames() -> Frames:
    return build_frames(open_store(STORE, TODAY))


@pytest.fixture(scope="module", params=["fiscal", "calendar"])
def page(frames: Frames, request: pytest.FixtureRequest) -> PageModel:
    return build_page(frames, "adoption", ViewOptions(labels=request.param), TODAY)


def block(page: PageModel, slug: str) -> Chart:
    return next(b for b in page.chart_blocks if b.spec.slug == slug)


def lines(spec: ChartSpec) -> dict[str, list[tuple[str, float]]]:
    """Each trace's points as (date, value), the gaps between a source's two figures of one day left out."""
    return {str(t.name): [(str(x), float(y)) for x, y in zip(t.x, t.y, strict=True) if x is not None] for t in spec.plot.data}


def test_the_page_draws_one_chart_per_count_and_the_market_shares(page: PageModel) -> None:
    assert [c.slug for c in page.charts] == ["market-share", "qwen-model-downloads", "qwen-derivative-models"]


def test_downloads_are_one_line_per_publisher_through_every_date_it_states(page: PageModel) -> None:
    spec = block(page, "qwen-model-downloads").spec
    assert all(t.type == "scatter" and t.mode == "lines+markers" for t in spec.plot.data)
    # one trace per publisher, in the order their first figure is dated; Fixture Daily's 300 for Nov 2025 is
    # Fixture Wire's figure (better graded): one point, on Fixture Wire's line
    assert lines(spec) == {
        "Fixture Wire": [("2025-11-20", 300.0), ("2026-01-10", 500.0), ("2026-03-05", 800.0)],
        "Fixture Daily": [("2025-12-15", 600.0), ("2026-02-20", 900.0)],
        "Unnamed site": [("2026-01-15", 1000.0)],
        "Fixture Tech": [("2026-02-12", 1000.0)],
    }
    for points in lines(spec).values():
        dates = [d for d, _ in points]
        assert dates == sorted(dates)
    assert spec.plot.layout.xaxis.type == "date"
    assert spec.plot.layout.showlegend is True  # the lines are told apart by the legend, which names publishers
    # the machine-written summary's point is an open marker, and the footnote says what that means
    tech = next(t for t in spec.plot.data if t.name == "Fixture Tech")
    assert list(tech.marker.symbol) == ["circle-open"]
    assert "Open markers: machine-written sources" in spec.notes
    assert NOT_COMPARABLE_NOTE in spec.notes
    assert NOT_COMPARABLE_NOTE.startswith("Figures from different sources are not comparable with each other")


def test_the_data_keeps_every_figure_with_its_line_and_date(page: PageModel) -> None:
    data = block(page, "qwen-model-downloads").spec.data
    # the rows in the order they were always drawn in (period, then publisher): the golden numbers hold
    assert list(data["source"]) == [
        "wire_2025_11", "daily_2025_12_copy", "site77777_2026_01", "wire_2026_01",
        "daily_2026_02", "tech_summary_2026_02", "wire_2026_03",
    ]  # fmt: skip
    assert list(data["value"]) == [300, 600, 1000, 500, 900, 1000, 800]
    assert list(data["series"]) == [
        "Fixture Wire", "Fixture Daily", "Unnamed site", "Fixture Wire", "Fixture Daily", "Fixture Tech", "Fixture Wire",
    ]  # fmt: skip
    # a month's count is placed at the month's end, or at its publication where that is earlier
    assert list(data["stated_on"]) == [
        "2025-11-20", "2025-12-15", "2026-01-15", "2026-01-10", "2026-02-20", "2026-02-12", "2026-03-05",
    ]  # fmt: skip


def test_a_hover_gives_the_figure_its_date_the_publisher_and_the_quote(page: PageModel) -> None:
    spec = block(page, "qwen-model-downloads").spec
    wire = next(t for t in spec.plot.data if t.name == "Fixture Wire")
    first = wire.hovertext[0]
    assert first.startswith("<b>Fixture Wire</b><br>300 mn, as of ")
    assert "Published 20 Nov 2025, major outlet" in first
    assert "“Fixture models have passed 300 million downloads”" in first
    assert "Also reported by: Fixture Daily (other site)" in first
    daily = next(t for t in spec.plot.data if t.name == "Fixture Daily")
    assert daily.hovertext[0].startswith("<b>Fixture Daily</b><br>600 mn, as of ")
    assert "Fixture models were downloaded 600 million times" in daily.hovertext[0]


def test_two_sites_known_only_by_their_address_are_two_lines(page: PageModel) -> None:
    spec = block(page, "qwen-derivative-models").spec
    assert lines(spec) == {
        "Fixture Wire": [("2025-11-20", 170000.0)],
        "Unnamed site 1": [("2026-01-15", 200000.0)],
        "Unnamed site 2": [("2026-01-16", 180000.0)],
    }


def test_a_source_with_two_figures_for_one_day_has_two_points_and_no_line_between() -> None:
    from charts.adoption import adoption_metric_figure

    rows = pd.DataFrame(
        {
            "metric": ["m", "m"], "name": ["Count"] * 2, "unit": ["count"] * 2, "period": ["CY2025", "2025-12"],
            "period_start": pd.to_datetime(["2025-01-01", "2025-12-01"]),
            "period_end": pd.to_datetime(["2025-12-31", "2025-12-31"]),
            "fiscal_label": ["CY2025", "Dec 2025"], "calendar_label": ["2025", "Dec 2025"],
            "value": [100000.0, 290000.0], "publisher": ["Fixture Newsletter (AI Writing Agent)"] * 2,
            "source": ["s", "s"], "published": pd.to_datetime(["2025-12-30"] * 2), "grade": [4, 4],
        }
    )  # fmt: skip
    trace = adoption_metric_figure(rows, "m", ViewOptions()).plot.data[0]
    assert trace.name == "Fixture Newsletter"
    assert list(trace.x) == ["2025-12-30", None, "2025-12-30"]
    y = list(trace.y)
    assert (y[0], y[2]) == (100000, 290000)
    assert trace.connectgaps is False


def test_market_shares_are_labelled_by_the_research_firm_the_source_names(page: PageModel) -> None:
    spec = block(page, "market-share").spec
    by_source = dict(zip(spec.data["source"], spec.data["series"], strict=True))
    assert by_source == {
        "staging_omdia_copy": "Omdia",  # named in the copy's title; its publisher is a staging host
        "newsletter_2025_12": "Fixture Newsletter, research firm not named",
        "times_canalys_copy": "Canalys",  # named at the head of the value's note
        "cloudidc_share": "IDC",  # named in the quote (根据IDC数据), on a site whose host holds "idc"
        "tech_summary_2026_02": "Fixture Tech, research firm not named",  # its note mentions Omdia, naming none
    }
    ticks = [label for t in spec.plot.data for label in t.y]
    assert [label.split(" · ", 1)[1] for label in ticks] == [
        "Fixture Newsletter<br>research firm not named", "Omdia", "Canalys", "IDC", "Fixture Tech<br>research firm not named",
    ]  # fmt: skip
    hovers = [h for t in spec.plot.data for h in t.hovertext]
    assert any("Omdia figure, reported by unnamed site (machine-written)" in h for h in hovers)
    assert any("Canalys figure, reported by Fixture Times (major outlet" in h for h in hovers)


def test_research_firm_reads_quote_title_publisher_and_the_head_of_the_note() -> None:
    def firm(**row: str) -> str | None:
        return research_firm(pd.Series(row))

    assert firm(quote="根据IDC数据,阿里云以26.8%") == "IDC"
    assert firm(quote="IDCs and data halls", note="") is None
    assert firm(quote="", source_title="Cloud leads (Omdia report coverage)") == "Omdia"
    assert firm(quote="", publisher="site.example (rewrite of coverage of Omdia data)") == "Omdia"
    assert firm(quote="", note="Canalys, mainland China, Q2 2025.") == "Canalys"
    assert firm(quote="", note="Mainland China; does not name the research firm (consistent with Omdia's series)") is None
    assert firm(quote="Canalys and Omdia both put it first") == "Canalys"  # the first named
    assert series_names(["77777.example.cn", "TechIcons (techicons.com)", "Xinhua"]) == ["Unnamed site", "TechIcons", "Xinhua"]


def _hosts(frames: Frames) -> set[str]:
    """Every web host the store names: where copies were read, every link's host, and publishers that are hosts."""
    sources = frames.sources
    hosts = {str(h) for h in sources["read_at_host"].dropna()}
    for column in ("url", "read_at_url", "document_url"):
        for url in sources[column].dropna() if column in sources else []:
            host = urlsplit(str(url)).hostname or ""
            hosts |= {host, host.removeprefix("www.")}
    hosts |= {str(p).split(" (")[0] for p in sources["publisher"] if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", str(p).split(" (")[0])}
    return {h for h in hosts if h}


def _label_texts(value: Any, key: str = "") -> list[str]:
    """Every text a reader sees on the chart's plot: trace names, ticks, hovers, annotations, titles (the
    sources clause under it is the citation, which names a copy's host after the document, and is not here)."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _label_texts(v, k)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _label_texts(v, key)]
    if isinstance(value, str) and key in {"name", "text", "hovertext", "y", "ticktext", "title"}:
        return [value]
    return []


def test_no_label_names_a_web_host(frames: Frames, page: PageModel) -> None:
    hosts = _hosts(frames)
    # the fixture reads values at these hosts: the test can fail
    assert {"kmzfixture.rly.example.site", "copies.example.org", "mirror.example.tw", "77777.example.cn"} <= hosts
    assert "cloudidc.example.cn" in hosts and "summaries.example.net" in hosts
    for chart in page.chart_blocks:
        spec = chart.spec
        texts = [spec.title, spec.subtitle or "", *spec.notes, *map(str, spec.data.get("series", []))]
        texts += _label_texts(dict(spec.body)) + _label_texts(chart.screen.figure) + _label_texts(chart.image["data"])
        assert len(texts) > 10, spec.slug
        for text in texts:
            for host in hosts:
                assert host not in text, f"{spec.slug}: {host!r} in {text!r}"


def test_the_notes_say_the_sources_are_not_comparable_on_every_count_chart(page: PageModel) -> None:
    for chart in page.chart_blocks:
        if chart.spec.slug != "market-share":
            assert NOT_COMPARABLE_NOTE in " · ".join(chart.screen.footnote)
            assert chart.spec.subtitle == "One line per source, with a point at each date it states a figure"


def test_a_chart_of_one_date_has_a_time_axis_of_days_not_milliseconds(frames: Frames) -> None:
    from charts.adoption import adoption_metric_figure

    one_day = frames.observations[frames.observations["source"] == "site77777_2026_01"]
    spec = adoption_metric_figure(one_day, "qwen_derivative_models", ViewOptions())
    assert list(spec.plot.layout.xaxis.range) == ["2026-01-05", "2026-01-25"]
    # 20 Nov 2025 to 5 Mar 2026: ten days either side; a span of a year, a twentieth of it
    spec = block(build_page(frames, "adoption", ViewOptions(), TODAY), "qwen-model-downloads").spec
    assert list(spec.plot.layout.xaxis.range) == ["2025-11-10", "2026-03-15"]
    year = pd.Series(pd.to_datetime(["2025-01-01", "2026-01-01"]))
    assert date_range(year) == ["2024-12-13", "2026-01-19"]  # 18.25 days
