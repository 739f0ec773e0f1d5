"""Headline events on time charts: carried by the spec as data, numbered with a key on screen, labelled as
text in a PNG and a slide. Expected values are read by hand from tests/fixtures/small_store.yaml: its one
headline event is the plan announced on 24 February 2025, labelled "Fixture plan"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.capex import capex_quarterly_figure
from charts.cloud import cloud_revenue_figure
from charts.events import ChartEvent, key_lines, number_rows, paint_labels
from charts.image import paint_image, paint_slide
from charts.options import ViewOptions
from charts.screen import paint_screen
from charts.spec import finish
from loaders import Frames, build_frames, open_store
from pagemodels.registry import build_page

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
TODAY = dt.date(2025, 12, 1)
PLAN = ChartEvent(day="2025-02-24", label="Fixture plan", title="Fixture three-year plan announced", source="")


@pytest.fixture(scope="module")
def frames() -> Frames:
    return build_frames(open_store(FIXTURE, dt.date.today()))


def event_marks(fig: dict) -> tuple[list[str], list[str]]:  # type: ignore[type-arg]
    """The texts of a painted figure's event annotations, and the days of its dotted event lines."""
    layout = fig["layout"]
    texts = [a["text"] for a in layout.get("annotations", []) if a.get("name") == "event"]
    days = [s["x0"] for s in layout.get("shapes", []) if s.get("name") == "event"]
    return texts, days


def events_frame(rows: list[tuple[str, str, str | None, str]]) -> pd.DataFrame:
    """Events as the loaders frame them: (day, title, chart label or None, category)."""
    return pd.DataFrame(
        {
            "event": [f"e{i}" for i in range(len(rows))],
            "start": pd.to_datetime([r[0] for r in rows]),
            "end": pd.to_datetime([r[0] for r in rows]),
            "title": [r[1] for r in rows],
            "chart_label": [r[2] for r in rows],
            "category": [r[3] for r in rows],
            "publisher": ["Test Fixture Press"] * len(rows),
            "source_title": ["t"] * len(rows),
        }
    )


def test_the_spec_carries_only_headline_events_as_data(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, ViewOptions(), frames.events)
    # the model release of 15 Aug 2025 has no chart_label, the results day is never marked
    assert [(e.day, e.label, e.title) for e in spec.events] == [
        ("2025-02-24", "Fixture plan", "Fixture three-year plan announced")
    ]
    # nothing of them is drawn into the plot: each painter draws them
    assert "meta" not in spec.body["layout"]
    assert not [a for a in spec.body["layout"].get("annotations", []) if a.get("name") == "event"]
    assert not [t for t in spec.body["data"] if t.get("name") == "Events"]


def test_screen_numbers_the_events_and_keys_them_where_the_image_labels_them(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, ViewOptions(), frames.events)
    screen = paint_screen(spec, "as of")
    texts, days = event_marks(screen.figure)
    assert texts == ["1"]
    assert days == ["2025-02-24"]
    assert screen.key == ("1 · 24 Feb 2025 · Fixture plan",)
    number = next(a for a in screen.figure["layout"]["annotations"] if a.get("name") == "event")
    assert number["yref"] == "paper" and number["y"] == 1 and number["yanchor"] == "bottom"  # above the plot
    assert "Fixture three-year plan announced" in number["hovertext"]
    for picture in (paint_image(spec, "as of"), paint_slide(spec, "as of").picture):
        texts, days = event_marks(picture)
        assert texts == ["Fixture plan"]
        assert days == ["2025-02-24"]


def test_no_events_no_marks_and_no_key(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, ViewOptions(), None)
    assert spec.events == ()
    screen = paint_screen(spec, "as of")
    assert screen.key == ()
    assert event_marks(screen.figure) == ([], [])
    assert event_marks(paint_image(spec, "as of")) == ([], [])


def test_a_page_with_events_off_gives_no_chart_events(frames: Frames) -> None:
    off = build_page(frames, "cloud", ViewOptions(show_events=False), TODAY)
    assert all(chart.events == () for chart in off.charts)
    on = build_page(frames, "cloud", ViewOptions(show_events=True), TODAY)
    # the page redraws its charts over a shared span: the events survive it
    assert [e.label for e in on.charts[0].events] == ["Fixture plan"]


def test_several_events_numbered_in_order_of_their_day(frames: Frames) -> None:
    events = events_frame(
        [
            ("2025-08-01", "Second launch", "Launch B", "product_launch"),
            ("2024-11-20", "First launch", "Launch A", "product_launch"),
            ("2025-05-15", "Results", "FY26 Q4", "results"),
            ("2025-06-01", "Small step", None, "product_launch"),
        ]
    )
    spec = capex_quarterly_figure(frames.observations, ViewOptions(), events)
    screen = paint_screen(spec, "as of")
    assert event_marks(screen.figure)[0] == ["1", "2"]
    assert screen.key == ("1 · 20 Nov 2024 · Launch A", "2 · 1 Aug 2025 · Launch B")
    assert event_marks(paint_image(spec, "as of"))[0] == ["Launch A", "Launch B"]


def test_numbers_that_would_touch_on_a_phone_go_on_a_row_above() -> None:
    start, end = pd.Timestamp("2024-01-01"), pd.Timestamp("2026-12-31")  # about 3.8 days a pixel at 290 px
    days = ["2024-06-01", "2024-06-20", "2024-07-10", "2024-09-15", "2025-06-01", "2025-07-01"]
    events = [ChartEvent(d, d, d, "") for d in days]
    # a number and the gap after it cover 24 px there, about 90 days: 19 and 39 days on take rows above,
    # 106 days on the first row is free again
    assert number_rows(events, start, end) == [0, 1, 2, 0, 0, 1]


def test_the_screen_keeps_room_above_the_plot_for_each_row_of_numbers() -> None:
    fig = go.Figure(go.Bar(x=["2025-01-01"], y=[1]))
    fig.update_xaxes(range=["2024-01-01", "2026-12-31"])
    one = finish(fig, "x", "x", pd.DataFrame(), "T", None)
    days = ["2024-06-01", "2024-06-20"]
    two = finish(fig, "x", "x", pd.DataFrame(), "T", None)
    two = type(two)(**{**two.__dict__, "events": tuple(ChartEvent(d, d, d, "") for d in days)})
    assert paint_screen(two, "").figure["layout"]["margin"]["t"] > paint_screen(one, "").figure["layout"]["margin"]["t"]
    shifts = sorted(a["yshift"] for a in paint_screen(two, "").figure["layout"]["annotations"] if a.get("name") == "event")
    assert shifts[1] > shifts[0]  # the second on the row above


def test_the_image_raises_the_axis_so_labels_hang_above_the_data() -> None:
    fig = {
        "data": [{"type": "bar", "x": ["2025-01-01"], "y": [58.0]}],
        "layout": {"xaxis": {"range": ["2024-01-01", "2026-01-01"]}},
    }
    paint_labels(fig, [PLAN], {"yaxis": [58.0], "yaxis2": []})
    assert fig["layout"]["yaxis"]["range"] == pytest.approx([0, 100])  # 58 is 58% of the height: 42% above
    assert "yaxis2" not in fig["layout"]


def test_store_text_in_a_label_is_shown_as_written(frames: Frames) -> None:
    events = events_frame([("2025-08-01", "A <b>bold</b> & title", "<i>x</i> & y", "product_launch")])
    spec = capex_quarterly_figure(frames.observations, ViewOptions(), events)
    assert event_marks(paint_image(spec, "as of"))[0] == ["&lt;i&gt;x&lt;/i&gt; &amp; y"]
    number = next(a for a in paint_screen(spec, "").figure["layout"]["annotations"] if a.get("name") == "event")
    assert "<b>" not in number["hovertext"] and "&lt;b&gt;bold" in number["hovertext"]
    # the key is plain text: the renderer escapes it for Markdown (dashboard.render.escape_md)
    assert key_lines(spec.events) == ("1 · 1 Aug 2025 · <i>x</i> & y",)
