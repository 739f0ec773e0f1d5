"""The table under each chart: the numbers the chart draws, each with both period labels, its unit, its source
(linked to the quote) and grade, and a mark with the recipe where a value is derived; read from the frozen store."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from charts.options import ViewOptions
from charts.spec import ChartSpec
from loaders import build_frames, open_store
from loaders.frames import Frames
from pagemodels.chart_table import COMPUTED_SOURCE, DERIVED_SOURCE, chart_table
from pagemodels.common import NOTE_COLUMNS
from pagemodels.model import Chart, names_a_source
from pagemodels.registry import PAGES, build_page

STORE = Path(__file__).parent / "fixtures" / "frozen_store.yaml"
TODAY = dt.date(2026, 12, 1)


@cache
def frames() -> Frames:
    return build_frames(open_store(STORE, dt.date.today()))


def block(page: str, slug: str) -> Chart:
    [found] = [b for b in build_page(frames(), page, ViewOptions(), TODAY).chart_blocks if b.spec.slug == slug]
    return found


def row(table: pd.DataFrame, fiscal: str, what: str | None = None) -> pd.Series:
    rows = table[(table["fiscal"] == fiscal) & ((table["what"] == what) if what is not None else True)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_a_stated_quarter_has_both_labels_its_unit_source_grade_and_the_link_to_its_quote() -> None:
    table = block("cloud", "cloud-revenue").table
    frame = table.frame
    assert list(table.columns) == list(frame.columns)  # every column described, nothing else
    fy26q2 = row(frame, "FY26 Q2", "Cloud Intelligence")
    assert fy26q2["calendar"] == "Jul–Sep 2025"
    assert fy26q2["value"] == pytest.approx(39.824) and fy26q2["unit"] == "RMB bn"
    assert not fy26q2["derived"]
    assert fy26q2["source"].startswith("am730")
    assert fy26q2["grade"] == "major outlet or data service"
    assert fy26q2["link"].startswith("https://www.am730.com.hk/") and "#:~:text=" in fy26q2["link"]
    assert "398.24" in fy26q2["quote"]
    assert len(frame) == 2 * 13 and not frame["derived"].any()  # every quarter's amount and growth, each stated


def test_a_growth_line_is_cited_with_its_own_source_beside_an_amount_from_another() -> None:
    frame = block("cloud", "cloud-revenue").table.frame
    amount, growth = row(frame, "FY24 Q2", "Cloud Intelligence"), row(frame, "FY24 Q2", "Cloud Intelligence, YoY growth (stated)")
    assert growth["value"] == 2 and growth["unit"] == "%" and not growth["derived"]
    assert growth["source"] != amount["source"] and growth["quote"] != amount["quote"]
    assert growth["link"].startswith("http") and growth["grade"]


def test_one_series_needs_no_name() -> None:
    frame = block("capex", "capex-quarterly").table.frame
    assert "what" not in frame and len(frame) == 9  # the chart's title names it


def test_a_quarter_derived_from_its_year_is_marked_with_its_recipe_and_cites_its_inputs() -> None:
    frame = block("capex", "capex-quarterly").table.frame
    fy26q3 = row(frame, "FY26 Q3")
    assert fy26q3["derived"] and fy26q3["value"] == pytest.approx(29.0) and fy26q3["calendar"] == "Oct–Dec 2025"
    assert fy26q3["how"].startswith("FY2026 total (annual report or Form 20-F) − Q1, Q2, Q4")
    assert "Form 20-F" in fy26q3["source"] and pd.isna(fy26q3["link"])  # several inputs: each named, none one link
    assert sorted(frame.loc[frame["derived"], "fiscal"]) == ["FY25 Q2", "FY26 Q3"]
    assert (frame.loc[~frame["derived"], "how"] == "").all()


def test_cloud_share_of_group_revenue_is_marked_computed_beside_the_cited_revenue() -> None:
    frame = block("cloud", "cloud-share").table.frame
    share = row(frame, "FY26 Q2", "Cloud Intelligence, share")
    assert share["derived"] and share["unit"] == "%"
    assert share["value"] == pytest.approx(16.1)  # 39.824 / 247.795, as the chart labels it
    assert share["how"] == "Computed: cloud revenue / group revenue"
    assert share["source"] == COMPUTED_SOURCE and pd.isna(share["link"])
    revenue = row(frame, "FY26 Q2", "Cloud Intelligence")
    assert not revenue["derived"] and revenue["value"] == pytest.approx(39.824)


def test_a_chart_in_plain_words_keeps_its_measures_and_marks() -> None:
    frame = block("capex", "capex-share").table.frame
    assert row(frame, "FY25 Q1", "Capex as a share of group revenue")["value"] == pytest.approx(4.9)
    derived = row(frame, "FY25 Q2", "Capex")
    assert derived["derived"] and derived["how"].startswith("FY2025 total (annual report or Form 20-F) − Q1, Q3, Q4")
    assert derived["source"] == DERIVED_SOURCE and derived["quote"].startswith("FY2025 85.972 − Q1 11.939")
    revenue = row(frame, "FY24 Q4", "Group revenue")
    assert not revenue["derived"] and revenue["value"] == pytest.approx(221.87)
    assert revenue["link"] == "https://www.alibabagroup.com/document-1727424652222922752"
    assert revenue["grade"] == "company release or filing"
    # a quarter the chart shows as a gap ("not stated") has no row: the table holds the numbers drawn
    assert frame[(frame["fiscal"] == "FY24 Q4") & (frame["what"] == "Capex")].empty


def test_a_growth_chart_tabulates_the_rates_it_draws_with_period_labels_from_the_code() -> None:
    frame = block("segments", "segment-growth").table.frame
    cloud = row(frame, "FY27 Q1", "Cloud Intelligence")
    assert cloud["calendar"] == "Apr–Jun 2026" and cloud["value"] == 45 and cloud["unit"] == "%" and not cloud["derived"]
    computed = row(frame, "FY27 Q1", "Customer management")
    assert computed["derived"] and computed["how"] == "computed from cited values"


def test_the_plan_chart_marks_its_cumulative_and_its_path_as_computed() -> None:
    frame = block("capex", "capex-vs-plan").table.frame
    assert row(frame, "FY26 Q1", "cumulative since the plan's start")["value"] == pytest.approx(63.288)
    assert row(frame, "FY28 Q3", "plan's straight-line path")["value"] == pytest.approx(380.0)
    assert row(frame, "FY28 Q3", "plan's straight-line path")["unit"] == "RMB bn"
    assert frame.loc[frame["what"] != "Quarter's figure", "derived"].all()


def test_the_timeline_lists_its_events_by_day_with_their_sources() -> None:
    frame = block("timeline", "timeline").table.frame
    assert {"value", "unit", "derived", "fiscal"}.isdisjoint(frame.columns)
    first = frame.iloc[0]
    assert first["calendar"] == "28 Mar 2023" and first["what"].startswith("Alibaba splits into six business groups")


def test_every_chart_of_every_page_has_a_table_of_what_it_draws_with_only_safe_links() -> None:
    for spec in PAGES:
        for chart in build_page(frames(), spec.slug, ViewOptions(), TODAY).chart_blocks:
            if chart.values is None or chart.values.empty:
                continue
            frame = chart.table.frame
            assert not frame.empty, chart.spec.slug
            said = frame[[c for c in ("fiscal", "calendar") if c in frame]].astype(bool).any(axis=1)
            assert said.all(), chart.spec.slug  # every row says its period
            links = frame["link"].dropna()
            assert links.str.match(r"https?://").all(), chart.spec.slug
            if "derived" in frame:  # a derived value says how; where none is, the column is left out
                derived = frame["derived"]
                assert (frame.loc[derived, "how"] != "").all() if "how" in frame else not derived.any(), chart.spec.slug


def test_the_table_is_made_only_when_asked_for() -> None:
    chart = block("cloud", "cloud-share")
    assert "table" not in chart.__dict__  # a page build does not make it
    assert chart.table is chart.table  # made once, then kept with the built model


def test_a_chart_without_values_has_an_empty_table() -> None:
    empty = block("sources", "coverage")
    assert chart_table(empty.spec).frame.empty


def test_a_row_is_cited_where_it_names_a_source_and_the_values_listed_and_the_table_agree() -> None:
    sources = frames().sources
    known = sources.iloc[0]

    def chart_of(data: pd.DataFrame, citation: str = "Cite this") -> Chart:
        spec = ChartSpec("rows", "FY26Q1-FY26Q2", "Rows", {"data": [], "layout": {}}, data)
        return Chart(spec, citation, "as of", frames().metrics, sources, {})

    mixed = pd.DataFrame(
        {"period": ["FY2026Q1", "FY2026Q2"], "value": [1.0, 2.0], "unit": ["RMB_bn", "RMB_bn"],
         "source": [known["source"], None], "quote": ["a quote", None]}
    )  # fmt: skip
    assert names_a_source(mixed).tolist() == [True, False]
    cited = chart_of(mixed)
    assert cited.has_values and not chart_of(mixed, citation="").has_values  # an uncited chart has no table
    assert cited.values is not None
    assert cited.values[["period", "value", "source_label", "grade_label"]].values.tolist() == [
        ["FY2026Q1", 1.0, known["source_label"], known["grade_label"]]
    ]
    # no source named, no source column, no rows: nothing cited, an empty list of values in its columns and no table
    for data in (mixed.assign(source=None), mixed.drop(columns="source"), mixed.iloc[0:0]):
        assert not names_a_source(data).any()
        chart = chart_of(data)
        assert not chart.has_values and chart.values is not None and chart.values.empty
        assert list(chart.values.columns) == NOTE_COLUMNS
