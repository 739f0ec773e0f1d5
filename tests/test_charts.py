"""The figure builders on the small fixture store: what is drawn is exactly what the store says.

Every expected number below is written out by hand from tests/fixtures/small_store.yaml (fictional
test data), never recomputed with the code under test.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.adoption import adoption_metric_figure, market_share_figure
from charts.capex import capex_quarterly_figure, capex_vs_plan_figure
from charts.cloud import cloud_ebita_figure, cloud_revenue_figure, cloud_share_figure
from charts.coverage import coverage_figure
from charts.options import USD_NOTE, ViewOptions
from charts.overview import cloud_vs_capex_figure
from charts.screen import paint_screen
from charts.segments import revenue_mix_figure, segment_growth_figure, segment_revenue_figure
from charts.series import period_span
from charts.spec import ChartSpec
from charts.theme import TEMPLATE
from charts.timeline import timeline_figure
from loaders import Frames, build_frames, open_store
from loaders.derive import plan_start_default
from pagemodels.common import the_plan as plan_row
from pagemodels.options import plan_default
from pagemodels.registry import PAGES, build_page

TODAY = dt.date(2025, 12, 1)  # the day every view in these tests is measured against

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"

QUARTERS = ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2"]
# (first day, last day) of each fiscal quarter: the fiscal year ends 31 March
BOUNDS = {
    "FY2025Q1": ("2024-04-01", "2024-06-30"),
    "FY2025Q2": ("2024-07-01", "2024-09-30"),
    "FY2025Q3": ("2024-10-01", "2024-12-31"),
    "FY2025Q4": ("2025-01-01", "2025-03-31"),
    "FY2026Q1": ("2025-04-01", "2025-06-30"),
    "FY2026Q2": ("2025-07-01", "2025-09-30"),
}
CLOUD = [10.25, 11.5, 12.75, 13.1, 14.35, 16.1]
CLOUD_YOY = [3, 4, 5, 6, 40, 40]
GROUP = [100, 110, 120, 125, 130, 140]
NAN = math.nan
CAPEX = [5.5, 6.5, 7.5, 8.5, NAN, 10.5]  # FY2026Q1 is not stated
RATES = {"FY2025Q4": 7.25, "FY2026Q1": 7.2, "FY2026Q2": 7.0}  # no rate for FY2025Q1-Q3
FISCAL_TICKS = ["FY25<br>Q1", "FY25<br>Q2", "FY25<br>Q3", "FY25<br>Q4", "FY26<br>Q1", "FY26<br>Q2"]
CALENDAR_TICKS = ["Apr–Jun 2024", "Jul–Sep 2024", "Oct–Dec 2024", "Jan–Mar 2025", "Apr–Jun 2025", "Jul–Sep 2025"]
PUBLISHER = "Test Fixture Press"
STRUCTURES = build_frames(open_store(FIXTURE, dt.date.today())).structures  # seven segments to FY25, two from FY26


@pytest.fixture(scope="module")
def frames() -> Frames:
    return build_frames(open_store(FIXTURE, dt.date.today()))


@pytest.fixture(scope="module")
def obs(frames: Frames) -> pd.DataFrame:
    return frames.observations


def footnote_text(spec: ChartSpec) -> str:
    """What a chart's footnote says before the store's date: its notes and its sources clause."""
    return " ".join(spec.footnote(""))


def title_text(spec: ChartSpec) -> str:
    """The chart's title and subtitle, as the painters show them one above the other."""
    return " · ".join(t for t in (spec.title, spec.subtitle) if t)


def values(data: object) -> np.ndarray:
    """A trace's x or y as floats (None becomes NaN)."""
    return np.array([NAN if v is None else v for v in data], dtype=float)


def dates(data: object) -> list[pd.Timestamp]:
    return [pd.Timestamp(v) for v in data]


def mid_quarter(code: str) -> pd.Timestamp:
    first, last = (pd.Timestamp(d) for d in BOUNDS[code])
    return first + (last - first) / 2


def trace(fig: go.Figure, name: str) -> go.Bar | go.Scatter:
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, f"expected one trace named {name!r}, got {[t.name for t in fig.data]}"
    return found[0]


NO_EVENTS = ViewOptions(show_events=False)


# --- trace data equals the store ---------------------------------------------------------------------------


def test_cloud_revenue_bars_and_reported_yoy_equal_the_store(obs: pd.DataFrame) -> None:
    result = cloud_revenue_figure(obs, NO_EVENTS)
    fig = result.plot
    bars = trace(fig, "Revenue")
    np.testing.assert_array_equal(values(bars.y), CLOUD)
    assert dates(bars.x) == [mid_quarter(q) for q in QUARTERS]
    line = trace(fig, "YoY growth (reported)")
    np.testing.assert_array_equal(values(line.y), CLOUD_YOY)
    assert line.yaxis == "y2"
    assert list(line.text) == ["3%", "4%", "5%", "6%", "40%", "40%"]
    # each bar's hover carries its own source and verbatim quote
    assert "RMB16,100 million" in bars.customdata[-1][2]
    assert PUBLISHER in bars.customdata[-1][1]
    assert "Jul–Sep 2025" not in title_text(result)  # fiscal labels by default
    assert "FY26 Q2: RMB 16.1 bn, +40% YoY" in title_text(result)
    assert list(result.data["value"]) == CLOUD
    assert list(result.data["period"]) == QUARTERS


def test_capex_bars_leave_the_missing_quarter_empty(obs: pd.DataFrame) -> None:
    result = capex_quarterly_figure(obs, NO_EVENTS)
    fig = result.plot
    bars = trace(fig, "Capex")
    np.testing.assert_array_equal(values(bars.y), CAPEX)
    assert dates(bars.x) == [mid_quarter(q) for q in QUARTERS]
    assert list(bars.text) == ["5.5", "6.5", "7.5", "8.5", "", "10.5"]
    gap = trace(fig, "Not stated")
    assert dates(gap.x) == [mid_quarter("FY2026Q1")]
    assert [a.text for a in fig.layout.annotations if a.name == "gap"] == ["not stated"]  # labelled upright
    assert [tuple(c) for c in gap.customdata] == [("FY26 Q1", "not stated by any source")]  # and why, on hover
    assert "not stated: no source states these quarters (left blank, never estimated)" in footnote_text(result)
    assert list(result.data["missing"]) == [False, False, False, False, True, False]


def test_ebita_margin_and_share_equal_the_store(obs: pd.DataFrame) -> None:
    ebita = cloud_ebita_figure(obs, NO_EVENTS).plot
    np.testing.assert_array_equal(values(trace(ebita, "Adjusted EBITA").y), [0.5, 0.6, 0.8, 1.4])
    np.testing.assert_allclose(
        values(trace(ebita, "Margin (EBITA / revenue)").y),
        [100 * 0.5 / 12.75, 100 * 0.6 / 13.1, 100 * 0.8 / 14.35, 100 * 1.4 / 16.1],
    )
    share = cloud_share_figure(obs, NO_EVENTS).plot
    np.testing.assert_allclose(values(trace(share, "Cloud share").y), [100 * c / g for c, g in zip(CLOUD, GROUP, strict=True)])
    assert trace(share, "Cloud share").text[-1] == "11.5%"  # 16.1 / 140


def test_overview_chart_puts_cloud_beside_capex(obs: pd.DataFrame) -> None:
    result = cloud_vs_capex_figure(obs, NO_EVENTS)
    fig = result.plot
    np.testing.assert_array_equal(values(trace(fig, "Cloud revenue").y), CLOUD)
    np.testing.assert_array_equal(values(trace(fig, "Capex").y), CAPEX)
    # the two bars of a quarter sit either side of its middle
    cloud_x, capex_x = dates(trace(fig, "Cloud revenue").x), dates(trace(fig, "Capex").x)
    assert all(a < mid_quarter(q) < b for a, b, q in zip(cloud_x, capex_x, QUARTERS, strict=True))
    assert "Missing bars" in footnote_text(result)


def test_segment_figures_equal_the_store(obs: pd.DataFrame) -> None:
    result = segment_growth_figure(obs, STRUCTURES, None, NO_EVENTS)
    assert result.file_stem == "segment-growth_FY26Q2"  # the latest quarter with growth
    bars = result.plot.data[0]
    by_metric = dict(zip(result.data["metric"], result.data["yoy_pct"], strict=True))
    assert by_metric["cloud_revenue"] == 40
    assert by_metric["aidc_revenue"] == 19
    assert by_metric["customer_management_revenue"] == 12
    assert by_metric["group_revenue"] == pytest.approx(100 * (140 / 110 - 1))  # not stated: computed
    assert sorted(values(bars.x)) == pytest.approx(sorted(by_metric.values()))
    assert result.plot.layout.xaxis.title.text == "Year-on-year growth (%)"
    assert "* computed from the cited values" in footnote_text(result)

    revenue_spec = segment_revenue_figure(obs, STRUCTURES, NO_EVENTS)
    revenue = revenue_spec.plot
    np.testing.assert_array_equal(values(trace(revenue, "Cloud Intelligence Group revenue").y), CLOUD)
    aidc = trace(revenue, "International Digital Commerce Group revenue")
    np.testing.assert_array_equal(values(aidc.y), [30, 33])
    assert dates(aidc.x) == [mid_quarter("FY2026Q1"), mid_quarter("FY2026Q2")]
    # a part is drawn dashed inside its segment's panel, never as a peer of the segments
    part = trace(revenue, "Customer management revenue")
    np.testing.assert_array_equal(values(part.y), [50, 52])
    assert part.line.dash == "dash" and part.xaxis == aidc.xaxis and part.showlegend
    # each panel titled with its segment, wrapped so that it stays inside a phone-width panel
    assert [a.text for a in revenue.layout.annotations if a.name == "panel-title"] == [
        "Cloud Intelligence<br>Group revenue",
        "International<br>Digital Commerce<br>Group revenue",
    ]
    # each panel has its own scale: the unit is said once, in the subtitle, and the quarters under the panels
    assert revenue_spec.subtitle == "Revenue (RMB bn)"
    assert revenue.layout.xaxis.title.text == "Fiscal quarter (year ends 31 March)"


def test_revenue_mix_draws_shares_of_complete_quarters_only(obs: pd.DataFrame) -> None:
    result = revenue_mix_figure(obs, STRUCTURES, NO_EVENTS)
    fig = result.plot
    # the two-segment structure from FY26 is complete in FY26 Q1 and Q2: each bar is a share of cloud + AIDC
    cloud, aidc = trace(fig, "Cloud Intelligence Group revenue"), trace(fig, "International Digital Commerce Group revenue")
    np.testing.assert_allclose(values(cloud.y), [100 * 14.35 / 44.35, 100 * 16.1 / 49.1])
    np.testing.assert_allclose(values(aidc.y), [100 * 30 / 44.35, 100 * 33 / 49.1])
    assert dates(cloud.x) == [mid_quarter("FY2026Q1"), mid_quarter("FY2026Q2")]
    # the seven-segment quarters state only cloud: drawn as labelled gaps, never as a short bar
    gaps = [a for a in fig.layout.annotations if a.name == "gap"]
    assert [a.text for a in gaps] == ["not every segment stated"] * 4
    assert [pd.Timestamp(a.x) for a in gaps] == [mid_quarter(q) for q in QUARTERS[:4]]
    # the reorganisation is a dotted line, labelled where the new structure begins
    assert [a.text for a in fig.layout.annotations if a.name == "reorganisation"] == ["Two segments from FY26 Q1"]
    data = result.data
    assert list(data[data["missing"]]["not_drawn"]) == ["not every segment stated (1 of 7)"] * 4
    assert fig.layout.yaxis.ticktext == ("0%", "25%", "50%", "75%", "100%")
    assert "Only quarters with every segment and group revenue stated are drawn" in footnote_text(result)


def test_disagreeing_sources_stand_side_by_side(obs: pd.DataFrame) -> None:
    result = adoption_metric_figure(obs, "qwen_app_downloads", ViewOptions())
    fig = result.plot
    press, wire = trace(fig, PUBLISHER), trace(fig, "Test Fixture Wire")
    np.testing.assert_array_equal(values(press.y), [10])
    np.testing.assert_array_equal(values(wire.y), [12])
    # each source a line of its own, its point at the date it states the figure (the wire's Nov 24 count, published Nov 25)
    assert list(press.x) == ["2025-11-24"]
    assert list(wire.x) == ["2025-11-24"]
    foot = footnote_text(result)
    assert "Figures from different sources are not comparable with each other" in foot
    assert PUBLISHER in foot and "Test Fixture Wire" in foot
    assert result.title == "Fixture assistant app downloads"
    assert fig.layout.yaxis.title.text == "Millions"  # the title names the figure; the axis says its unit
    assert result.file_stem == "qwen-app-downloads_20251124"

    share = market_share_figure(obs, ViewOptions())
    # one panel per market definition, titled with the market, its bars horizontal with period and source
    china = trace(share.plot, "Share of China's cloud market")
    np.testing.assert_array_equal(values(china.x), [30])
    assert list(china.y) == ["Sep 2025 · Test Fixture Press<br>research firm not named"]  # the fixture names no firm
    assert "Share of China's cloud market" in [a.text for a in share.plot.layout.annotations]
    assert share.plot.layout.xaxis.title.text == "Share of that market (%)"


def test_timeline_lanes_hold_every_event(frames: Frames) -> None:
    result = timeline_figure(frames.events, ViewOptions())
    fig = result.plot
    assert dates(trace(fig, "Plan").x) == [pd.Timestamp("2025-02-24")]
    assert dates(trace(fig, "Model release").x) == [pd.Timestamp("2023-05-01"), pd.Timestamp("2025-08-15")]
    assert dates(trace(fig, "Results").x) == [pd.Timestamp("2025-05-15")]
    # only the headline event is labelled in the image; the others are dots with their title on hover
    labels = [a for a in fig.layout.annotations if a.name == "event-label"]
    assert [(a.text, a.y, pd.Timestamp(a.x)) for a in labels] == [("Fixture plan", "Plan", pd.Timestamp("2025-02-24"))]
    assert trace(fig, "Model release").text is None
    assert trace(fig, "Model release").customdata[1][0] == "Fixture model v3 released"
    assert result.file_stem == "timeline_202305-202508"
    only_models = timeline_figure(frames.events, ViewOptions(), ("model_release",)).plot
    assert [t.name for t in only_models.data] == ["Model release"]


def test_coverage_counts_cited_values_per_quarter(obs: pd.DataFrame) -> None:
    result = coverage_figure(obs, ViewOptions())
    heat = result.plot.data[0]
    rows = list(heat.y)
    capex = list(heat.z[rows.index("Capital expenditure")])
    assert capex == [1, 1, 1, 1, 0, 1]
    assert list(heat.z[rows.index("Cloud Intelligence Group revenue")]) == [1] * 6
    assert list(heat.x) == ["FY25 Q1", "FY25 Q2", "FY25 Q3", "FY25 Q4", "FY26 Q1", "FY26 Q2"]
    assert "36 cited values from 5 sources" in footnote_text(result)


def test_coverage_counts_two_sources_of_one_quarter_in_one_cell_and_leaves_a_gap_blank(obs: pd.DataFrame) -> None:
    capex = obs[obs["name"] == "Capital expenditure"]
    again = capex[capex["period"] == capex["period"].iloc[0]].assign(source="second_source")
    heat = coverage_figure(pd.concat([obs, again]), ViewOptions()).plot.data[0]
    row = list(heat.y).index("Capital expenditure")
    assert list(heat.z[row]) == [2, 1, 1, 1, 0, 1]
    assert list(heat.text[row]) == ["2", "1", "1", "1", "", "1"]


# --- footnotes, units, labels -----------------------------------------------------------------------------


def test_footnote_names_the_publisher_and_the_sources(obs: pd.DataFrame) -> None:
    foot = footnote_text(cloud_revenue_figure(obs, NO_EVENTS))
    # a copy is named as the company's document first, the copy's host after; best grade, then newest
    assert foot.startswith(
        "Sources: Alibaba Group, Fixture Corp September quarter results (fictional) (copy in Test Fixture Press), 2025-11-20; "
        "Alibaba Group, Fixture Corp full-year FY2025 results (fictional) (copy in Test Fixture Press), 2025-05-15"
    )
    assert "<br>" not in foot


@pytest.mark.parametrize(
    ("build", "y_title", "y2_title"),
    [
        (cloud_revenue_figure, "Revenue (RMB bn)", "YoY growth (%)"),
        (cloud_ebita_figure, "Adjusted EBITA (RMB bn)", "Margin (%)"),
        (cloud_share_figure, "Share of group revenue (%)", None),
        (capex_quarterly_figure, "Capex (RMB bn)", None),
        (cloud_vs_capex_figure, "RMB bn", None),
    ],
)
def test_axis_titles_carry_units(obs: pd.DataFrame, build, y_title: str, y2_title: str | None) -> None:  # type: ignore[no-untyped-def]
    fig = build(obs, NO_EVENTS).plot
    assert fig.layout.yaxis.title.text == y_title
    if y2_title is not None:
        assert fig.layout.yaxis2.title.text == y2_title
    assert fig.layout.xaxis.title.text == "Fiscal quarter (year ends 31 March)"


def test_fiscal_and_calendar_tick_labels(obs: pd.DataFrame) -> None:
    fiscal = cloud_revenue_figure(obs, NO_EVENTS).plot
    assert list(fiscal.layout.xaxis.ticktext) == FISCAL_TICKS
    assert dates(fiscal.layout.xaxis.tickvals) == [mid_quarter(q) for q in QUARTERS]
    calendar = cloud_revenue_figure(obs, ViewOptions(labels="calendar", show_events=False)).plot
    assert list(calendar.layout.xaxis.ticktext) == CALENDAR_TICKS
    assert calendar.layout.xaxis.title.text == "Calendar quarter"
    # the hover labels follow the choice too
    assert trace(calendar, "Revenue").customdata[-1][0] == "Jul–Sep 2025"
    assert trace(fiscal, "Revenue").customdata[-1][0] == "FY26 Q2"


# --- currency ---------------------------------------------------------------------------------------------


def test_usd_uses_each_quarters_cited_rate_and_never_guesses(obs: pd.DataFrame) -> None:
    usd = ViewOptions(currency="USD", show_events=False)
    result = cloud_revenue_figure(obs, usd)
    fig = result.plot
    expected = [NAN, NAN, NAN, 13.1 / 7.25, 14.35 / 7.2, 16.1 / 7.0]
    np.testing.assert_allclose(values(trace(fig, "Revenue").y), expected, equal_nan=True)
    assert fig.layout.yaxis.title.text == "Revenue (US$ bn)"
    assert USD_NOTE in footnote_text(result)
    # growth rates do not depend on the currency
    np.testing.assert_array_equal(values(trace(fig, "YoY growth (reported)").y), CLOUD_YOY)

    capex = capex_quarterly_figure(obs, usd).plot
    np.testing.assert_allclose(values(trace(capex, "Capex").y), [NAN, NAN, NAN, 8.5 / 7.25, NAN, 10.5 / 7.0], equal_nan=True)
    assert capex.layout.yaxis.title.text == "Capex (US$ bn)"
    # a ratio of two converted series is the same in either currency
    np.testing.assert_allclose(
        values(trace(cloud_share_figure(obs, usd).plot, "Cloud share").y)[3:],
        [100 * 13.1 / 125, 100 * 14.35 / 130, 100 * 16.1 / 140],
    )


# --- capex against the plan -------------------------------------------------------------------------------


def test_capex_vs_plan_path_computed_by_hand(frames: Frames) -> None:
    plan = plan_row(frames)
    assert plan is not None and plan["amount"] == 120 and plan["horizon_years"] == 3
    start = plan_default(frames)
    assert start == plan_start_default(plan["announced"]) == "FY2025Q4"  # announced 2025-02-24
    result = capex_vs_plan_figure(frames.observations, plan, start, NO_EVENTS, TODAY)
    fig = result.plot
    assert result.file_stem == "capex-vs-plan_FY25Q4-FY28Q3"  # 12 quarters from FY25 Q4
    # FY26 Q1 is not stated: no bar, a gap in the cumulative line (never a bridge), and it is not counted
    np.testing.assert_array_equal(values(trace(fig, "Quarterly capex (stated)").y), [8.5, 10.5])
    cumulative = trace(fig, "Cumulative capex since plan start")
    np.testing.assert_array_equal(values(cumulative.y), [8.5, NAN, 8.5 + 10.5])
    assert dates(cumulative.x) == [mid_quarter("FY2025Q4"), mid_quarter("FY2026Q1"), mid_quarter("FY2026Q2")]
    assert cumulative.connectgaps is False
    path = trace(fig, "Straight-line path to RMB 120 bn")
    np.testing.assert_allclose(values(path.y), [120 * n / 12 for n in range(1, 13)])
    assert fig.layout.yaxis.title.text == "RMB bn"
    assert "Capex against the RMB 120 billion 3-year" in result.title
    # 19 of 120 deployed; three of twelve quarters elapsed
    assert "16% of the plan deployed in 25% of the time" in str(result.subtitle)
    foot = footnote_text(result)
    assert "Not stated (results due, no source states capex), not counted: FY26 Q1" in foot
    assert "Data as of" not in foot  # the page model carries it (test_every_chart_of_every_page_builds_in_house_style)
    assert "Fixture Corp announces a three-year infrastructure plan (fictional)" in foot
    data = result.data.set_index("period")
    assert data.loc["FY2026Q1", "status"] == "not stated"
    assert data.loc["FY2026Q3", "status"] == "to come"  # ends 31 Dec 2025, after the fixed today
    assert math.isnan(data.loc["FY2026Q1", "cumulative"])
    assert data.loc["FY2026Q2", "cumulative"] == 19.0
    assert data.loc["FY2028Q3", "plan_path"] == 120


def test_capex_vs_plan_from_an_earlier_start(frames: Frames) -> None:
    plan = plan_row(frames)
    assert plan is not None
    result = capex_vs_plan_figure(frames.observations, plan, "FY2025Q1", NO_EVENTS, TODAY)
    fig = result.plot
    np.testing.assert_array_equal(values(trace(fig, "Cumulative capex since plan start").y), [5.5, 12.0, 19.5, 28.0, NAN, 38.5])
    np.testing.assert_allclose(values(trace(fig, "Straight-line path to RMB 120 bn").y), [10.0 * n for n in range(1, 13)])
    assert "Counting from FY25 Q1" in str(result.subtitle)


def test_capex_vs_plan_with_no_capex_since_start_is_empty(frames: Frames) -> None:
    plan = plan_row(frames)
    assert plan is not None
    result = capex_vs_plan_figure(frames.observations, plan, "FY2027Q1", NO_EVENTS, TODAY)
    assert result.is_empty
    assert result.empty_message == "No capex stated from FY2027Q1 on"


# --- events -----------------------------------------------------------------------------------------------


def test_events_inside_the_range_become_markers(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, ViewOptions(), frames.events)
    # of the plan (24 Feb 2025) and the model release (15 Aug 2025) inside Apr 2024-Sep 2025, only the
    # headline event (the one with a chart_label) is marked; the May 2023 release lies outside, and the
    # results day (15 May 2025) is never marked
    assert [(e.day, e.label, e.title) for e in spec.events] == [
        ("2025-02-24", "Fixture plan", "Fixture three-year plan announced")
    ]
    assert PUBLISHER in spec.events[0].source


def test_event_markers_on_tiny_frames(frames: Frames) -> None:
    events = pd.DataFrame(
        {
            "event": ["inside", "outside", "results"],
            "start": pd.to_datetime(["2025-08-01", "2026-01-10", "2025-08-20"]),
            "end": pd.to_datetime(["2025-08-01", "2026-01-10", "2025-08-20"]),
            "title": ["Inside the range", "After the range", "Results day"],
            "chart_label": ["Inside", "After", "FY26 Q2"],
            "category": ["product_launch", "model_release", "results"],
            "publisher": [PUBLISHER] * 3,
            "source_title": ["t"] * 3,
        }
    )
    spec = capex_quarterly_figure(frames.observations, ViewOptions(), events)
    assert [e.day for e in spec.events] == ["2025-08-01"]
    none_inside = events[events["event"] != "inside"]
    assert capex_quarterly_figure(frames.observations, ViewOptions(), none_inside).events == ()


def test_events_can_be_switched_off(frames: Frames) -> None:
    # off, the page gives its charts no events to mark
    model = build_page(frames, "cloud", ViewOptions(show_events=False), TODAY)
    for result in model.charts:
        assert result.events == (), result.slug
    on = build_page(frames, "cloud", ViewOptions(show_events=True), TODAY).charts[0]
    assert [e.label for e in on.events] == ["Fixture plan"]


def test_plan_chart_does_not_mark_the_plan_announcement_twice(frames: Frames) -> None:
    plan = plan_row(frames)
    assert plan is not None
    launch = frames.events.iloc[[0]].assign(
        event="launch", start=pd.Timestamp("2025-08-15"), chart_label="Launch", category="product_launch"
    )
    events = pd.concat([frames.events, launch], ignore_index=True)
    spec = capex_vs_plan_figure(frames.observations, plan, "FY2025Q4", ViewOptions(), TODAY, events=events)
    # the plan's own announcement starts the chart; a headline launch inside its horizon is marked
    assert [e.label for e in spec.events] == ["Launch"]


# --- empty frames -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "slug", "message"),
    [
        (cloud_revenue_figure, "cloud-revenue", "No Cloud Intelligence revenue stated by any source"),
        (capex_quarterly_figure, "capex-quarterly", "No quarterly capital expenditure stated by any source"),
        (cloud_ebita_figure, "cloud-ebita", "No cloud adjusted EBITA stated by any source"),
        (cloud_vs_capex_figure, "cloud-vs-capex", "No cloud revenue or capex stated by any source"),
        (market_share_figure, "market-share", "No market share stated by any source"),
        (coverage_figure, "coverage", "No quarterly values stated by any source"),
    ],
)
def test_empty_frame_gives_an_empty_result_with_a_message(obs: pd.DataFrame, build, slug: str, message: str) -> None:  # type: ignore[no-untyped-def]
    # no rows at all, and rows that are none of the chart's (dated downloads: no quarter, no market share)
    for empty in (obs.iloc[0:0], obs[obs["metric"] == "qwen_app_downloads"]):
        result = build(empty, ViewOptions())
        assert result.is_empty
        assert result.empty_message == message
        assert result.slug == slug
        assert result.file_stem == f"{slug}_empty"
        assert result.data.empty
        assert message in [a.text for a in result.plot.layout.annotations]
        assert footnote_text(result) == "No data for this view"


def test_empty_timeline_and_adoption(frames: Frames, obs: pd.DataFrame) -> None:
    no_events = timeline_figure(frames.events.iloc[0:0], ViewOptions())
    assert no_events.empty_message == "No events for this selection"
    result = adoption_metric_figure(obs, "qwen_model_downloads", ViewOptions())
    assert result.is_empty and result.empty_message == "No values stated by any source"


# --- file names, house style, registry --------------------------------------------------------------------


def test_file_stems_say_what_and_when(obs: pd.DataFrame) -> None:
    assert cloud_revenue_figure(obs, NO_EVENTS).file_stem == "cloud-revenue_FY25Q1-FY26Q2"
    assert capex_quarterly_figure(obs, NO_EVENTS).file_stem == "capex-quarterly_FY25Q1-FY26Q2"
    assert cloud_ebita_figure(obs, NO_EVENTS).file_stem == "cloud-ebita_FY25Q3-FY26Q2"
    one_quarter = obs[(obs["metric"] == "cloud_revenue") & (obs["period"] == "FY2026Q2")]
    assert cloud_revenue_figure(one_quarter, NO_EVENTS).file_stem == "cloud-revenue_FY26Q2"


OPTION_SETS = [
    ViewOptions(),
    ViewOptions(currency="USD", labels="calendar"),
    ViewOptions(show_events=False, plan_start="FY2026Q1", segment_quarter="FY2026Q1", segments=("aidc_revenue",)),
]


@pytest.mark.parametrize("opts", OPTION_SETS, ids=["default", "usd-calendar", "options"])
def test_every_chart_of_every_page_builds_in_house_style(frames: Frames, opts: ViewOptions) -> None:
    assert [p.slug for p in PAGES] == [
        "overview",
        "latest",
        "cloud",
        "capex",
        "peers",
        "segments",
        "adoption",
        "timeline",
        "sources",
    ]
    for spec in PAGES:
        for block in build_page(frames, spec.slug, opts, TODAY).chart_blocks:
            result = block.spec
            key = f"{spec.slug}/{result.slug}"
            assert not result.is_empty, f"{key}: {result.empty_message}"
            image = go.Figure(block.image)
            assert image.layout.paper_bgcolor == "white", key
            assert image.layout.template == TEMPLATE, key
            assert image.layout.template.layout.paper_bgcolor == "white", key
            assert image.layout.title.text.startswith(html.escape(result.title, quote=False)), key
            foot = " ".join(block.screen.footnote)
            assert PUBLISHER in foot or "this dashboard's" in foot, key
            # every chart's footnote ends with the store's data-as-of and its version (its content digest), the
            # fiscal quarter beside the calendar one unless the page offers labels and the reader chose calendar ones
            held = "Jul–Sep 2025" if opts.labels == "calendar" and "labels" in spec.reads else "Jul–Sep 2025 (FY26 Q2)"
            assert block.screen.footnote[-1] == (
                f"Data as of {held}, no results day held; sources checked 2025-12-01 · store {frames.version}"
            ), key
            assert len(frames.version) == 12
            assert result.file_stem.startswith(result.slug + "_"), key
            assert " " not in result.file_stem and "/" not in result.file_stem, key
            assert not result.data.empty, key


def test_the_pages_and_their_charts(frames: Frames) -> None:
    slugs = {p.slug: [r.slug for r in build_page(frames, p.slug, ViewOptions(), TODAY).charts] for p in PAGES}
    assert slugs == {
        "overview": ["cloud-vs-capex"],
        "latest": ["capex-vs-plan"],
        "cloud": ["cloud-revenue", "cloud-ebita", "cloud-share"],  # no AI-related product revenue in the fixture
        "capex": ["capex-vs-plan", "capex-quarterly", "capex-share"],  # no cash flow in the fixture
        "peers": ["peers-capex", "peers-capex-intensity", "peers-cloud-growth", "peers-capex-guidance"],
        "segments": ["segment-growth", "segment-revenue", "revenue-mix"],
        "adoption": ["market-share", "qwen-app-downloads"],
        "timeline": ["timeline"],
        "sources": ["coverage"],
    }


def test_in_us_dollars_a_chart_without_us_figures_says_why_not_that_nothing_is_stated(obs: pd.DataFrame) -> None:
    no_rates = obs[obs["metric"] != "usd_rmb_rate"]
    result = capex_quarterly_figure(no_rates, ViewOptions(currency="USD"))
    assert result.empty_message == (
        "No US$ figure is stated, nor a cited RMB/US$ rate, for these quarters: switch off US$ to see RMB"
    )
    assert not capex_quarterly_figure(no_rates, ViewOptions()).is_empty  # the RMB capex is there


def test_a_quarter_without_ebita_is_a_gap_in_the_margin_line(obs: pd.DataFrame) -> None:
    ebita = obs[obs["metric"] == "cloud_adjusted_ebita"]
    middle = sorted(ebita["period"])[1]
    fig = cloud_ebita_figure(obs[~((obs["metric"] == "cloud_adjusted_ebita") & (obs["period"] == middle))], NO_EVENTS).plot
    margin = trace(fig, "Margin (EBITA / revenue)")
    assert margin.connectgaps is False
    ys = values(margin.y)
    assert np.isnan(ys[1]) and not np.isnan(ys[0]) and not np.isnan(ys[2])  # the missing quarter is a gap


def test_file_names_run_in_time_order(obs: pd.DataFrame) -> None:
    # a month (Nov 2025) and a day in it (24 Nov 2025): the month starts first
    frame = pd.DataFrame({"period": ["2025-11-24", "2025-11"]})
    frame["period_start"] = pd.to_datetime(["2025-11-24", "2025-11-01"])
    frame["period_end"] = pd.to_datetime(["2025-11-24", "2025-11-30"])
    assert period_span(frame) == "202511-20251124"


def test_segment_growth_names_a_segment_no_source_gives_growth_for(obs: pd.DataFrame) -> None:
    structures = STRUCTURES.copy()
    structures["segments"] = [
        (*s, "robots_revenue") if name == "Two segments" else s
        for s, name in zip(structures["segments"], structures["name"], strict=True)
    ]
    result = segment_growth_figure(obs, structures, "FY2026Q2", NO_EVENTS, {"robots_revenue": "Robots"})
    assert "Not stated by any source for FY26 Q2: Robots" in footnote_text(result)
    assert "Not stated by any source" not in footnote_text(segment_growth_figure(obs, STRUCTURES, "FY2026Q2", NO_EVENTS))


def test_growth_stated_without_the_amount_is_drawn_on_the_growth_line(obs: pd.DataFrame) -> None:
    # FY25 Q3: no source states the amount, one states only the growth (a metric with growth_of)
    q3 = (obs["metric"] == "cloud_revenue") & (obs["period"] == "FY2025Q3")
    growth_only = obs[q3].assign(metric="cloud_revenue_yoy", unit="pct", value=36.0, yoy_pct=math.nan, growth_of="cloud_revenue")
    # FY25 Q4: the value shown states no growth; another source of the same quarter does
    q4 = (obs["metric"] == "cloud_revenue") & (obs["period"] == "FY2025Q4")
    other = obs[q4].assign(
        preferred=False,
        yoy_pct=7.0,
        source="other_outlet",
        publisher="Other Outlet",
        grade=2,
        grade_label="major outlet or data service",
    )
    changed = pd.concat([obs[~q3].assign(yoy_pct=lambda f: f["yoy_pct"].where(~q4[~q3])), growth_only, other])
    result = cloud_revenue_figure(changed, NO_EVENTS)
    revenue, growth = trace(result.plot, "Revenue"), trace(result.plot, "YoY growth (reported)")
    assert math.isnan(values(revenue.y)[2])  # the amount is a gap ...
    np.testing.assert_array_equal(values(growth.y), [3, 4, 36, 7, 40, 40])  # ... its stated growth is drawn
    assert (
        result.data.loc[result.data["period"] == "FY2025Q4", "growth_source"].iloc[0]
        == "Other Outlet (major outlet or data service)"
    )
    # the growth's own source is cited with the chart (pagemodels.common.chart_sources reads this column)
    assert result.data.loc[result.data["period"] == "FY2025Q4", "growth_source_id"].iloc[0] == "other_outlet"
    assert "their growth is drawn where a source states it" in footnote_text(result)
    # without any stated growth, a quarter's growth is a gap, never worked out
    none = changed[~((changed["metric"] == "cloud_revenue_yoy") | (changed["source"] == "other_outlet"))]
    assert np.isnan(values(trace(cloud_revenue_figure(none, NO_EVENTS).plot, "YoY growth (reported)").y)[2:4]).all()


def test_the_timeline_marks_today_and_reaches_it(frames: Frames) -> None:
    import datetime as dt

    today = dt.date(2026, 12, 7)
    spec = timeline_figure(frames.events, ViewOptions(), (), today)
    layout = spec.body["layout"]
    [line] = [s for s in layout["shapes"] if s.get("name") == "today"]
    assert line["x0"].startswith("2026-12-07") and line["yref"] == "paper"
    [label] = [a for a in layout["annotations"] if a.get("name") == "today"]
    assert label["text"] == "Today, 7 Dec 2026"
    assert layout["xaxis"]["range"][1] > "2026-12-07"  # the axis runs past today, whatever the newest event
    assert "today" not in {s.get("name") for s in timeline_figure(frames.events, ViewOptions()).body["layout"].get("shapes", [])}


def test_the_plan_charts_later_statements_are_named_whole_dated_and_hoverable() -> None:
    frozen = build_frames(open_store(Path(__file__).parent / "fixtures" / "frozen_store.yaml", dt.date.today()))
    model = build_page(frozen, "capex", ViewOptions(), dt.date(2026, 12, 1))
    [plan] = [s for s in model.charts if s.slug.startswith("capex-vs-plan")]
    [marks] = [t for t in plan.body["data"] if t.get("marker", {}).get("symbol") == "diamond"]
    assert marks["name"] == "Later statements, no new amount"
    assert "customdata" in marks and "%{customdata[1]}" in marks["hovertemplate"]
    # each statement is one of the chart's events: numbered with its date and words in the key on screen
    # (two statements of 25 Nov 2025 each keep their own number), its short label written in an image
    assert {str(x)[:10] for x in marks["x"]} <= {e.day for e in plan.events}
    key = paint_screen(plan, "").key
    assert len(key) == len(plan.events) and all(re.fullmatch(r"\d+ · \d{1,2} \w{3} \d{4} · .+", k) for k in key)
    assert len([k for k in key if "25 Nov 2025" in k]) == 2


def test_a_cash_flow_subtitle_speaks_of_one_period() -> None:
    frozen = build_frames(open_store(Path(__file__).parent / "fixtures" / "frozen_store.yaml", dt.date.today()))
    for spec in build_page(frozen, "capex", ViewOptions(), dt.date(2026, 12, 1)).charts:
        if spec.slug.startswith("capex-cash-flow"):
            labels = set(re.findall(r"FY\d\d(?: Q\d)?", spec.subtitle or ""))
            assert len(labels) == 1, spec.subtitle
    annual = next(s for s in build_page(frozen, "capex", ViewOptions(), dt.date(2026, 12, 1)).charts if s.slug.endswith("annual"))
    assert annual.subtitle.startswith("FY26: capex") and "free cash flow RMB -46.6 bn" in annual.subtitle
