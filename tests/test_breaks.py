"""Honest lines: a change of perimeter the store declares is a break on every chart that draws the series,
and no line is drawn across a quarter without a figure, on screen and in the PNG.

The stores here are the small fixture store (fictional figures) with declarations and observations
added or removed; every expected number is written out from that file by hand.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from charts.base import chart_data
from charts.breaks import (
    LIKE_FOR_LIKE_NAME,
    RECAST_NAME,
    Break,
    breaks_of,
    declared_breaks,
    mark_breaks,
    split_at_breaks,
)
from charts.figure import new_figure
from charts.image import paint_image
from charts.options import ViewOptions
from charts.screen import paint_screen
from charts.series import quarterly_series
from charts.spec import ChartSpec
from loaders import Frames, build_frames, open_store
from loaders.errors import StoreError
from pagemodels.registry import build_page

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
TODAY = dt.date(2025, 12, 1)
NOTE = "the fixture cloud segment includes a chip unit"
LABEL = "Fixture perimeter"
BREAK_DAY = pd.Timestamp("2025-04-01")  # the first day of FY2026Q1, the fixture's second structure


def _mid(start: str, end: str) -> pd.Timestamp:
    return pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) / 2


# the middle of each fixture quarter, where its bar and point are drawn
MID = {
    "FY2025Q1": _mid("2024-04-01", "2024-06-30"),
    "FY2025Q2": _mid("2024-07-01", "2024-09-30"),
    "FY2025Q3": _mid("2024-10-01", "2024-12-31"),
    "FY2025Q4": _mid("2025-01-01", "2025-03-31"),
    "FY2026Q1": _mid("2025-04-01", "2025-06-30"),
    "FY2026Q2": _mid("2025-07-01", "2025-09-30"),
}


def _store(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Frames:
    """The small fixture store with `edit` applied to its YAML, written to a file of its own and loaded."""
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "store.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build_frames(open_store(path, TODAY))


def _with_ai(data: dict[str, Any]) -> None:
    """AI-related product revenue for FY2025Q4 and FY2026Q2 (FY2026Q1 not stated), its share of external cloud
    revenue for FY2026Q2 only: fictional figures, as the rest of the fixture."""
    data["metrics"]["ai_related_product_revenue"] = {
        "name": "AI-related product revenue", "unit": "RMB_bn", "category": "cloud", "description": "Fictional.",
        "observations": [
            {"period": "FY2025Q4", "value": 1.25, "source": "tfp_results_fy25",
             "quote": "AI-related products generated RMB1.25 billion of revenue in the quarter"},
            {"period": "FY2026Q2", "value": 2.5, "source": "tfp_results_fy26",
             "quote": "AI-related products generated RMB2.5 billion of revenue in the quarter"},
        ],
    }  # fmt: skip
    data["metrics"]["ai_related_product_revenue_share_of_external_cloud"] = {
        "name": "Share of AI-related products in external cloud sales", "unit": "pct", "category": "cloud",
        "description": "Fictional.",
        "observations": [
            {"period": "FY2026Q2", "value": 20, "source": "tfp_results_fy26",
             "quote": "AI-related products were 20% of external cloud sales"},
        ],
    }  # fmt: skip


def _both(*edits: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for one in edits:
            one(data)

    return edit


def _declare(*metrics: str) -> Callable[[dict[str, Any]], None]:
    """A change of perimeter of `metrics` declared where the fixture's second structure starts (FY2026Q1)."""

    def edit(data: dict[str, Any]) -> None:
        (two,) = [s for s in data["structures"] if s["first"] == "FY2026Q1"]
        two["perimeter_changes"] = [{"metrics": list(metrics), "label": LABEL, "note": NOTE}]

    return edit


def _chart(frames: Frames, page: str, slug: str, opts: ViewOptions | None = None) -> ChartSpec:
    model = build_page(frames, page, opts or ViewOptions(), TODAY)
    (spec,) = [c for c in model.charts if c.slug == slug]
    return spec


def _values(value: Any) -> list[Any]:
    """A painted dict's array (a plain list, or plotly's typed array {"dtype", "bdata"}) as a list."""
    if isinstance(value, dict) and "bdata" in value:
        return list(np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])))
    return list(value)


def _trace(fig: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [t for t in fig["data"] if t.get("name") == name]
    return found


def _points(drawn: dict[str, Any]) -> list[tuple[pd.Timestamp, float]]:
    """A trace's (x, y), a missing y as NaN."""
    ys = [math.nan if v is None else float(v) for v in _values(drawn["y"])]
    return list(zip((pd.Timestamp(x) for x in _values(drawn["x"])), ys, strict=True))


def _paintings(spec: ChartSpec) -> dict[str, dict[str, Any]]:
    """The chart as the app draws it and as the PNG draws it."""
    return {"screen": paint_screen(spec, "as of").figure, "png": paint_image(spec, "as of")}


def _breaks_drawn(fig: dict[str, Any]) -> list[tuple[pd.Timestamp, str]]:
    layout = fig["layout"]
    lines = [(pd.Timestamp(s["x0"]), s["line"]["dash"]) for s in layout.get("shapes", []) if s.get("name") == "break"]
    labels = [a["text"] for a in layout.get("annotations", []) if a.get("name") == "break"]
    assert len(lines) == len(labels)
    return [(x, f"{dash}:{label}") for (x, dash), label in zip(lines, labels, strict=True)]


# --- the declaration ----------------------------------------------------------------------------------


def test_a_change_of_perimeter_is_read_from_the_structure_it_starts(tmp_path: Path) -> None:
    frames = _store(tmp_path, _declare("cloud_revenue", "cloud_adjusted_ebita"))
    assert declared_breaks(frames.structures) == (
        Break("FY2026Q1", frozenset({"cloud_revenue", "cloud_adjusted_ebita"}), LABEL, NOTE),
    )
    assert declared_breaks(frames.structures)[0].at == BREAK_DAY
    assert declared_breaks(build_frames(open_store(FIXTURE, TODAY)).structures) == ()


def test_a_change_naming_an_unknown_metric_is_refused_with_where_it_is(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        _store(tmp_path, _declare("cloud_revenue", "robots_revenue"))
    assert "robots_revenue" in str(refused.value) and "perimeter_changes" in str(refused.value)


def test_a_label_too_long_for_a_chart_is_refused(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        _declare("cloud_revenue")(data)
        data["structures"][1]["perimeter_changes"][0]["label"] = "A label far too long to read beside a line"

    with pytest.raises(StoreError, match="label"):
        _store(tmp_path, edit)


# --- the break on the cloud page --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "line"),
    [("cloud-revenue", "YoY growth (reported)"), ("cloud-ebita", "Margin (EBITA / revenue)"), ("cloud-share", "Cloud share")],
)
def test_every_cloud_series_breaks_at_a_declared_change(tmp_path: Path, slug: str, line: str) -> None:
    spec = _chart(_store(tmp_path, _declare("cloud_revenue", "cloud_adjusted_ebita")), "cloud", slug)
    for medium, fig in _paintings(spec).items():
        assert _breaks_drawn(fig) == [(BREAK_DAY, f"dash:{LABEL}")], medium
        drawn = _trace(fig, line)
        assert drawn["connectgaps"] is False, medium
        points = _points(drawn)
        xs = [x for x, _ in points]
        # the line stops on the break's day: a point without a value between the last quarter before it and the first after
        at = xs.index(BREAK_DAY)
        assert math.isnan(points[at][1]), medium
        assert xs[at - 1] == MID["FY2025Q4"] and xs[at + 1] == MID["FY2026Q1"], medium
        assert not math.isnan(points[at - 1][1]) and not math.isnan(points[at + 1][1]), medium
    note = " · ".join(spec.notes)
    assert f"from FY26 Q1 {NOTE}" in note and "never joined" in note
    # a chart that would draw a recast prior year says that none is stated; a computed share says nothing of it
    assert ("No source here states the prior year recast" in note) == (slug != "cloud-share")
    calendar = _chart(
        _store(tmp_path, _declare("cloud_revenue", "cloud_adjusted_ebita")), "cloud", slug, ViewOptions(labels="calendar")
    )
    assert f"from Apr–Jun 2025 {NOTE}" in " · ".join(calendar.notes)


def test_without_a_declaration_no_break_is_drawn_and_the_lines_run_on() -> None:
    frames = build_frames(open_store(FIXTURE, TODAY))
    spec = _chart(frames, "cloud", "cloud-revenue")
    fig = _paintings(spec)["png"]
    assert _breaks_drawn(fig) == []
    assert BREAK_DAY not in [x for x, _ in _points(_trace(fig, "YoY growth (reported)"))]
    assert not any("Dashed line" in n for n in spec.notes)


def test_the_ai_revenue_chart_marks_a_change_of_its_series(tmp_path: Path) -> None:
    frames = _store(tmp_path, _both(_with_ai, _declare("ai_related_product_revenue")))
    spec = _chart(frames, "cloud", "ai-revenue")
    assert _breaks_drawn(_paintings(spec)["png"]) == [(BREAK_DAY, f"dash:{LABEL}")]
    # cloud revenue is not declared here: its chart runs on
    revenue = _chart(frames, "cloud", "cloud-revenue")
    assert _breaks_drawn(_paintings(revenue)["png"]) == []


def test_a_made_up_change_of_another_metric_breaks_the_charts_drawn_from_it_and_no_other(tmp_path: Path) -> None:
    frames = _store(tmp_path, _declare("group_revenue"))
    # the cloud share is computed from group revenue: it breaks; cloud revenue and EBITA do not
    assert _breaks_drawn(_paintings(_chart(frames, "cloud", "cloud-share"))["png"]) == [(BREAK_DAY, f"dash:{LABEL}")]
    assert _breaks_drawn(_paintings(_chart(frames, "cloud", "cloud-revenue"))["png"]) == []
    assert _breaks_drawn(_paintings(_chart(frames, "cloud", "cloud-ebita"))["png"]) == []


def test_the_mechanism_serves_any_series_the_store_declares(tmp_path: Path) -> None:
    """A made-up change of capex, drawn with the mechanism alone: a cut row on the break's day and one line."""
    frames = _store(tmp_path, _declare("capex"))
    breaks = breaks_of(declared_breaks(frames.structures), ["capex"])
    assert [b.first for b in breaks] == ["FY2026Q1"] and breaks_of(breaks, ["cloud_revenue"]) == ()
    capex = quarterly_series(frames.observations, "capex", ViewOptions())
    line = split_at_breaks(capex, breaks)
    assert len(line) == len(capex) + 1
    cut = line[line["period"].isna()]
    assert list(cut["period_start"]) == [BREAK_DAY] and cut["value"].isna().all()
    # the cut sits between FY2025Q4 and FY2026Q1
    assert list(line["period"].iloc[3:6].fillna("cut")) == ["FY2025Q4", "cut", "FY2026Q1"]
    fig = new_figure()
    assert mark_breaks(fig, capex, breaks) == breaks
    assert [s.x0 for s in fig.layout.shapes] == [BREAK_DAY]
    # a chart whose quarters all lie on one side of the change draws no break
    assert mark_breaks(new_figure(), capex[capex["period"] < "FY2026Q1"], breaks) == ()


# --- the recast base and like-for-like growth --------------------------------------------------------


def _with_recast(data: dict[str, Any]) -> None:
    cloud = data["metrics"]["cloud_revenue"]["observations"]
    cloud.append(
        {"period": "FY2025Q1", "value": 10.4, "basis": "restated", "source": "tfp_results_fy26",
         "quote": "Fixture cloud revenue for the June quarter 2024, recast, was RMB10,400 million"}
    )  # fmt: skip
    cloud.append(
        {"period": "FY2026Q1", "value": 14.35, "yoy_pct": 38, "basis": "like_for_like", "source": "tfp_results_fy26",
         "quote": "Fixture cloud revenue was RMB14,350 million, up 38% on a like-for-like basis"}
    )  # fmt: skip


def test_the_recast_prior_year_and_like_for_like_growth_are_drawn_beside_the_break_with_their_source(
    tmp_path: Path,
) -> None:
    def edit(data: dict[str, Any]) -> None:
        _declare("cloud_revenue")(data)
        _with_recast(data)

    spec = _chart(_store(tmp_path, edit), "cloud", "cloud-revenue")
    fig = _paintings(spec)["png"]
    assert _points(_trace(fig, RECAST_NAME)) == [(MID["FY2025Q1"], 10.4)]
    assert _points(_trace(fig, LIKE_FOR_LIKE_NAME)) == [(MID["FY2026Q1"], 38.0)]
    recast = spec.data[spec.data["basis"] == "restated"]
    assert recast[["period", "value", "source"]].values.tolist() == [["FY2025Q1", 10.4, "tfp_results_fy26"]]
    like = spec.data[spec.data["basis"] == "like_for_like"]
    assert like[["period", "yoy_pct", "source"]].values.tolist() == [["FY2026Q1", 38.0, "tfp_results_fy26"]]
    assert "RMB10,400 million" in recast["quote"].iloc[0]
    # the reported bars and growth line are as before: FY2025Q1 10.25 and 3%
    assert _points(_trace(fig, "Revenue"))[0] == (MID["FY2025Q1"], 10.25)
    assert _points(_trace(fig, "YoY growth (reported)"))[0] == (MID["FY2025Q1"], 3.0)
    assert any("recast to the new perimeter" in n for n in spec.notes)
    assert any("like-for-like" in n for n in spec.notes)


def test_a_recast_figure_is_shown_only_beside_a_declared_break(tmp_path: Path) -> None:
    spec = _chart(_store(tmp_path, _with_recast), "cloud", "cloud-revenue")
    names = [t.get("name") for t in _paintings(spec)["png"]["data"]]
    assert RECAST_NAME not in names and LIKE_FOR_LIKE_NAME not in names
    assert set(spec.data["basis"].dropna()) == {"reported"}


# --- no line across a quarter without a figure --------------------------------------------------------


def _without(*dropped: tuple[str, str]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for metric, period in dropped:
            rows = data["metrics"][metric]["observations"]
            rows[:] = [o for o in rows if o["period"] != period]

    return edit


# each line chart, the line, and the quarter the store below leaves without a figure for it (the fixture
# itself states no capex for FY2026Q1)
LINES = [
    ("cloud", "cloud-revenue", "YoY growth (reported)", "FY2025Q3"),
    ("cloud", "cloud-ebita", "Margin (EBITA / revenue)", "FY2025Q4"),
    ("cloud", "cloud-share", "Cloud share", "FY2025Q2"),
    ("capex", "capex-vs-plan", "Cumulative capex since plan start", "FY2026Q1"),
    ("capex", "capex-share", "Capex / group revenue", "FY2026Q1"),
    ("latest", "capex-vs-plan", "Cumulative capex since plan start", "FY2026Q1"),
    ("segments", "segment-revenue", "Cloud Intelligence Group revenue", "FY2025Q3"),
]


@pytest.mark.parametrize(("page", "slug", "line", "quarter"), LINES, ids=[f"{p}/{s}" for p, s, _, _ in LINES])
def test_no_line_is_drawn_across_a_quarter_without_a_figure(
    tmp_path: Path, page: str, slug: str, line: str, quarter: str
) -> None:
    edit = _without(
        ("cloud_revenue", "FY2025Q3"), ("group_revenue", "FY2025Q2"), ("cloud_adjusted_ebita", "FY2025Q4"),
    )  # fmt: skip
    spec = _chart(_store(tmp_path, edit), page, slug)
    for medium, fig in _paintings(spec).items():
        drawn = _trace(fig, line)
        assert drawn.get("connectgaps") is False, medium
        points = dict(_points(drawn))
        assert MID[quarter] in points and math.isnan(points[MID[quarter]]), medium
        # no two drawn points more than a quarter apart are joined: the line has a point at every quarter between
        xs = sorted(points)
        assert all(b - a < pd.Timedelta(days=95) for a, b in itertools.pairwise(xs)), medium


def test_the_share_line_keeps_its_values_beside_the_gap(tmp_path: Path) -> None:
    spec = _chart(_store(tmp_path, _without(("group_revenue", "FY2025Q2"))), "cloud", "cloud-share")
    points = dict(_points(_trace(_paintings(spec)["png"], "Cloud share")))
    # cloud 10.25 / group 100 and 12.75 / 120, either side of the quarter without group revenue
    assert points[MID["FY2025Q1"]] == pytest.approx(10.25) and points[MID["FY2025Q3"]] == pytest.approx(10.625)
    assert math.isnan(points[MID["FY2025Q2"]])
    # the chart's rows are the quarters with a share; the missing one is listed as a gap
    assert spec.data.loc[spec.data["period"] == "FY2025Q2", "missing"].tolist() == [True]


# --- the AI-related product revenue series -------------------------------------------------------------


def test_a_store_without_ai_revenue_has_no_such_chart() -> None:
    model = build_page(build_frames(open_store(FIXTURE, TODAY)), "cloud", ViewOptions(), TODAY)
    assert [c.slug for c in model.charts] == ["cloud-revenue", "cloud-ebita", "cloud-share"]


def test_ai_revenue_draws_the_quarters_stated_with_the_share_as_stated(tmp_path: Path) -> None:
    model = build_page(_store(tmp_path, _with_ai), "cloud", ViewOptions(), TODAY)
    assert [c.slug for c in model.charts] == ["cloud-revenue", "ai-revenue", "cloud-ebita", "cloud-share"]
    (spec,) = [c for c in model.charts if c.slug == "ai-revenue"]
    fig = _paintings(spec)["png"]
    bars = _trace(fig, "AI-related product revenue")
    points = _points(bars)
    assert [x for x, _ in points] == [MID["FY2025Q4"], MID["FY2026Q1"], MID["FY2026Q2"]]
    assert points[0][1] == 1.25 and math.isnan(points[1][1]) and points[2][1] == 2.5  # FY2026Q1: a gap, marked
    assert _values(bars["text"]) == ["", "", "20% of external cloud"]
    hover = [row[3] for row in bars["customdata"]]
    assert hover[0] == "share of external cloud revenue: not stated" and hover[2].startswith("20% of external cloud revenue")
    data = spec.data.set_index("period")
    assert (
        data.loc["FY2026Q2", "share_of_external_cloud_pct"] == 20
        and data.loc["FY2026Q2", "share_source_id"] == "tfp_results_fy26"
    )
    assert bool(data.loc["FY2026Q1", "missing"]) and math.isnan(data.loc["FY2026Q1", "value"])
    notes = " · ".join(spec.notes)
    assert "Stated from FY25 Q4" in notes
    assert "Amount not stated by any source for FY26 Q1" in notes
    assert "Share of external cloud revenue not stated for FY25 Q4" in notes
    assert spec.subtitle == "FY26 Q2: RMB 2.5 bn, 20% of external cloud revenue"
    assert spec.span == "FY25Q4-FY26Q2"  # its own quarters, not the page's


def test_ai_revenue_draws_any_number_of_quarters(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        _with_ai(data)
        rows = data["metrics"]["ai_related_product_revenue"]["observations"]
        for period, value in (("FY2025Q1", 0.5), ("FY2025Q2", 0.75), ("FY2026Q1", 2.0)):
            rows.append({"period": period, "value": value, "source": "tfp_results_fy26",
                         "quote": f"AI-related products generated RMB{value} billion of revenue in the quarter"})  # fmt: skip

    spec = _chart(_store(tmp_path, edit), "cloud", "ai-revenue")
    bars = _points(_trace(_paintings(spec)["screen"], "AI-related product revenue"))
    assert [(x, y) for x, y in bars if not math.isnan(y)] == [
        (MID["FY2025Q1"], 0.5), (MID["FY2025Q2"], 0.75), (MID["FY2025Q4"], 1.25), (MID["FY2026Q1"], 2.0), (MID["FY2026Q2"], 2.5),
    ]  # fmt: skip
    assert "Amount not stated by any source for FY25 Q3" in " · ".join(spec.notes)
    assert chart_data(spec.data)["period"].tolist() == ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2"]


def test_the_segment_panels_do_not_join_a_series_across_its_change_of_perimeter(tmp_path: Path) -> None:
    spec = _chart(_store(tmp_path, _declare("cloud_revenue")), "segments", "segment-revenue")
    for medium, fig in _paintings(spec).items():
        points = dict(_points(_trace(fig, "Cloud Intelligence Group revenue")))
        assert math.isnan(points[BREAK_DAY]), medium
        assert points[MID["FY2025Q4"]] == 13.1 and points[MID["FY2026Q1"]] == 14.35, medium
    assert "A line stops where its series changes perimeter, never joined across" in spec.notes
    plain = _chart(build_frames(open_store(FIXTURE, TODAY)), "segments", "segment-revenue")
    assert BREAK_DAY not in dict(_points(_trace(_paintings(plain)["png"], "Cloud Intelligence Group revenue")))


def test_in_us_dollars_a_stated_quarter_without_a_rate_is_named_not_dropped(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        _with_ai(data)
        rates = data["metrics"]["usd_rmb_rate"]["observations"]
        rates[:] = [o for o in rates if o["period"] != "FY2025Q4"]  # FY2026Q2 keeps its rate, 7.0

    spec = _chart(_store(tmp_path, edit), "cloud", "ai-revenue", ViewOptions(currency="USD"))
    notes = " · ".join(spec.notes)
    assert "Stated from FY25 Q4" in notes
    assert "No US$ amount stated, nor a cited rate, for FY25 Q4: no bar drawn" in notes
    assert spec.subtitle == "FY26 Q2: US$ 0.36 bn, 20% of external cloud revenue"  # 2.5 / 7.0


def test_the_overviews_cloud_and_capex_bars_mark_the_clouds_change_of_perimeter(tmp_path: Path) -> None:
    spec = _chart(_store(tmp_path, _declare("cloud_revenue")), "overview", "cloud-vs-capex")
    for medium, fig in _paintings(spec).items():
        assert _breaks_drawn(fig) == [(BREAK_DAY, f"dash:{LABEL}")], medium
    assert f"from FY26 Q1 {NOTE}" in " · ".join(spec.notes)
    plain = _chart(_store(tmp_path, _declare("capex")), "overview", "cloud-vs-capex")
    assert _breaks_drawn(_paintings(plain)["png"]) == []  # the bars mark the cloud's changes, not another series'
