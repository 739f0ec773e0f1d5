"""A chart's plain trace dicts are written to JSON as plotly would write the same traces added to a figure.

Builders whose lines are long (the Peers page, the adoption counts, the coverage grid) hand their traces to
charts.spec.plot_body as plain dicts instead of adding them to a plotly figure: these tests pin that the JSON
is the same, for the values those builders use (dates, gaps, nested styles, hover arrays).
"""

from __future__ import annotations

import pandas as pd

from charts.figure import new_figure, trace
from charts.spec import plot_body

TRACES = [
    trace("scatter",
        x=[pd.Timestamp("2025-05-15 12:00"), pd.Timestamp("2025-08-15"), None], y=[1.5, None, 3.25], name="A &amp; B",
        mode="lines+markers", connectgaps=False, line=dict(color="#123456", width=2, shape="hv"),
        marker=dict(size=[9, 9, 0], symbol=["circle", "circle-open", "circle"]),
        customdata=[["one"], ["two"], [""]], hovertemplate="<b>%{customdata[0]}</b><extra></extra>",
    ),
    trace("bar", x=[10, 20], y=["a", "b"], orientation="h", legendgroup="cloud"),
    trace("heatmap", z=[[0, 1], [2, 0]], x=["Q1", "Q2"], y=["m1", "m2"], texttemplate="%{text}"),
]  # fmt: skip


def test_plain_traces_are_written_as_the_figure_writes_them() -> None:
    fig = new_figure()
    fig.update_layout(xaxis=dict(type="date"), showlegend=True)
    with_plotly = new_figure()
    with_plotly.update_layout(xaxis=dict(type="date"), showlegend=True)
    for t in TRACES:
        with_plotly.add_trace(t)
    assert plot_body(fig, TRACES) == plot_body(with_plotly)


def test_a_plain_body_keeps_its_layout_and_traces_in_order() -> None:
    body = plot_body({"layout": {"yaxis": {"rangemode": "tozero"}}}, TRACES[:2])
    assert body["layout"] == {"yaxis": {"rangemode": "tozero"}}
    assert [t["type"] for t in body["data"]] == ["scatter", "bar"]
    assert body["data"][0]["x"] == ["2025-05-15T12:00:00", "2025-08-15T00:00:00", None]
    assert body["data"][0]["line"] == {"color": "#123456", "width": 2, "shape": "hv"}


def test_a_figures_own_traces_come_before_the_plain_ones() -> None:
    fig = new_figure()
    fig.add_trace(trace("bar", x=[1], y=[2], name="first"))
    body = plot_body(fig, [trace("bar", x=[3], y=[4], name="second")])
    assert [t["name"] for t in body["data"]] == ["first", "second"]


def test_a_painters_copy_of_the_plot_is_its_own_and_takes_numpy_numbers() -> None:
    import numpy as np

    from charts.spec import finish

    body = plot_body(new_figure(), TRACES[:1])
    body["layout"]["yaxis"] = {"range": [np.int64(0), np.float64(2.5)]}  # set by a builder after writing its plot
    spec = finish(body, "line", "FY25Q1", pd.DataFrame(), "A line", None)
    copy = spec.plot_dict()
    assert copy["layout"]["yaxis"]["range"] == [0, 2.5]
    copy["data"][0]["y"][0] = 99.0
    assert spec.body["data"][0]["y"][0] == 1.5  # the spec is unchanged
