"""The screen painter's room-making for a phone, without a browser: what it writes, thins and wraps so that
no two words of a chart meet at 390 px (tests/test_layout_browser.py measures the same in Chromium)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.screen import paint_screen
from charts.spec import finish


def painted(fig: go.Figure) -> dict:  # type: ignore[type-arg]
    return paint_screen(finish(fig, "x", "x", pd.DataFrame(), "T", None), "").figure


def quarters(n: int) -> list[str]:
    return [d.date().isoformat() for d in pd.date_range("2023-02-15", periods=n, freq="3MS")]


def test_a_line_of_many_values_writes_every_second_one_counting_back_from_the_newest() -> None:
    x = quarters(13)
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=list(range(13)),
            mode="lines+markers+text",
            text=[f"{10 + i / 10:.1f}%" for i in range(13)],
            textposition="top center",
        )
    )
    fig.update_xaxes(range=["2022-10-01", x[-1]])
    texts = painted(fig)["data"][0]["text"]
    # 13 values of about 41 px each need 535 px, a phone's plot has 290: every second one
    assert texts[-1] == "11.2%" and texts[-2] == "" and texts[-3] == "11.0%"
    assert sum(1 for t in texts if t) == 7


def test_no_value_runs_over_the_y_axis_labels() -> None:
    x = ["2023-02-15", "2023-05-15", "2023-08-15", "2023-11-15", "2024-02-15"]
    fig = go.Figure(go.Scatter(x=x, y=[1, 2, 3, 4, 5], mode="lines+text", text=["10.7%"] * 5, textposition="top center"))
    # 1.7 days a pixel on a phone's plot: the first point 26 days (15 px) from the edge, under half its value's 38 px
    fig.update_xaxes(range=["2023-01-20", "2024-06-01"])
    assert painted(fig)["data"][0]["text"] == ["", "10.7%", "10.7%", "10.7%", "10.7%"]


def test_a_short_line_keeps_every_value() -> None:
    x = quarters(5)
    fig = go.Figure(
        go.Scatter(x=x, y=[1, 2, 3, 4, 5], mode="lines+text", text=["1%", "2%", "3%", "4%", "5%"], textposition="top center")
    )
    assert painted(fig)["data"][0]["text"] == ["1%", "2%", "3%", "4%", "5%"]


def test_neighbouring_gap_words_leave_one_word_and_every_mark() -> None:
    fig = go.Figure(go.Bar(x=["2024-01-01"], y=[1]))
    fig.update_xaxes(range=["2020-01-01", "2026-12-31"])  # about 8.7 days a pixel on a phone's plot
    days = ["2024-02-15", "2024-05-15", "2024-08-15", "2025-08-15"]
    fig.layout.annotations = [dict(x=d, y=0, text="not stated", textangle=-90, name="gap") for d in days]
    shown = [a.get("visible", True) for a in painted(fig)["layout"]["annotations"] if a.get("name") == "gap"]
    # 90 days is under the 122 an upright word needs there; 180 days is not
    assert shown == [True, False, True, True]


def test_long_words_on_the_plot_wrap_and_event_numbers_do_not() -> None:
    fig = go.Figure(go.Bar(x=["2024-01-01"], y=[1]))
    fig.layout.annotations = [
        dict(x=0, y=1, xref="paper", yref="paper", text="Huawei Cloud's share of China's cloud market"),
        dict(x=0, y=1, xref="paper", yref="paper", text="Short"),
    ]
    texts = [a["text"] for a in painted(fig)["layout"]["annotations"]]
    assert texts == ["Huawei Cloud's share of<br>China's cloud market", "Short"]
