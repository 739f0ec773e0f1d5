"""Quarters on a real time axis, labelled the reader's way.

Quarters are plotted at their end dates (so events on exact days can sit between them), with the
tick text switched between fiscal ("FY26 Q2") and calendar ("Jul–Sep 2025") labels.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.options import ViewOptions
from charts.theme import EVENT_COLOR
from loaders.vocab import MARKED_EVENT_CATEGORIES

BAR_WIDTH_MS = 60 * 24 * 3600 * 1000  # two months: bars of adjacent quarters do not touch


def quarter_x(frame: pd.DataFrame) -> pd.Series:
    """Mid-quarter dates: bars centre on their quarter, not on its last day."""
    return frame["period_start"] + (frame["period_end"] - frame["period_start"]) / 2


def label_quarter_axis(fig: go.Figure, frame: pd.DataFrame, opts: ViewOptions, max_ticks: int = 14) -> None:
    if frame.empty:
        return
    x = quarter_x(frame)
    labels = frame[opts.label_column]
    step = max(1, -(-len(frame) // max_ticks))
    fig.update_xaxes(
        type="date",
        tickmode="array",
        tickvals=list(x.iloc[::step]),
        ticktext=[str(t).replace(" ", "<br>", 1) if opts.labels == "fiscal" else str(t) for t in labels.iloc[::step]],
        title_text="Fiscal quarter (year ends 31 March)" if opts.labels == "fiscal" else "Calendar quarter",
    )
    pad = pd.Timedelta(days=50)
    fig.update_xaxes(range=[x.min() - pad, x.max() + pad])


MARKER_CATEGORIES = MARKED_EVENT_CATEGORIES
# Labels run vertically, about 12 px wide at 10 px type; on a chart of a few years across 900 px
# that is under two weeks, so labels closer than this would touch.
LABEL_MIN_GAP = pd.Timedelta(days=21)


def add_event_markers(fig: go.Figure, events: pd.DataFrame | None, start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Strategy events inside [start, end] on a time chart; returns how many were drawn.

    Every event is a triangle at the chart's foot whose hover gives its title and source. The
    headline events (those the store gives a `chart_label`) also get a dotted line with that label
    running down from the top edge, so a pasted PNG shows them without hover; a line for every
    event, with its title, would bury the data. Results days are left out (every quarter has one).
    Lines sit behind the data and the y-axis gets headroom so labels never cover it.
    """
    if events is None or events.empty:
        return 0
    inside = events[(events["start"] >= start) & (events["start"] <= end) & events["category"].isin(MARKER_CATEGORIES)]
    # Lines and labels are collected and added to the layout in one assignment each: plotly
    # re-validates the whole list on every add_vline/add_annotation, which made a chart with a few
    # dozen events take a third of a second to build.
    lines: list[dict[str, object]] = []
    labels: list[dict[str, object]] = []
    last_label: pd.Timestamp | None = None
    headline = inside[inside["chart_label"].notna()] if "chart_label" in inside else inside.iloc[0:0]
    for e in headline.itertuples():
        # what fig.add_vline(x=e.start, ...) adds
        lines.append(
            dict(
                type="line", x0=e.start, x1=e.start, xref="x", y0=0, y1=1, yref="y domain",
                line=dict(color=EVENT_COLOR, width=1, dash="dot"), layer="below",
            )
        )  # fmt: skip
        if last_label is not None and e.start - last_label < LABEL_MIN_GAP:
            continue
        last_label = e.start
        # text on the later side of its line, except near the right edge, so no label runs into an axis
        near_end = e.start > end - (end - start) / 10
        labels.append(
            dict(
                x=e.start, y=1, yref="paper", yanchor="top", xanchor="right" if near_end else "left",
                text=e.chart_label, showarrow=False, textangle=-90, font=dict(size=10, color=EVENT_COLOR),
                name="event",
            )
        )  # fmt: skip
    if lines:
        fig.layout.shapes = (*fig.layout.shapes, *lines)
    if labels:
        fig.layout.annotations = (*fig.layout.annotations, *labels)
    if len(inside):
        fig.add_trace(
            go.Scatter(
                x=inside["start"],
                y=[0] * len(inside),
                mode="markers",
                marker=dict(symbol="triangle-up", size=9, color=EVENT_COLOR),
                name="Events",
                yaxis="y",
                customdata=inside[["title", "publisher", "source_title"]].to_numpy(),
                hovertemplate=(
                    "%{x|%d %b %Y}<br><b>%{customdata[0]}</b><br>Source: %{customdata[1]}, %{customdata[2]}<extra>Event</extra>"
                ),
            )
        )
        if labels:
            _headroom(fig)
    return len(inside)


def _headroom(fig: go.Figure, share: float = 0.42) -> None:
    """Raise the top of each y-axis so vertical event labels sit above the data."""
    for axis in ("yaxis", "yaxis2"):
        top, bottom = 0.0, 0.0
        for trace in fig.data:
            on = "yaxis2" if getattr(trace, "yaxis", None) == "y2" else "yaxis"
            if on != axis or trace.y is None or trace.name == "Events":
                continue
            values = [v for v in trace.y if v is not None and v == v]
            if values:
                top, bottom = max(top, max(values)), min(bottom, min(values))
        if top > 0:
            span = top - bottom
            fig.layout[axis].range = [bottom - 0.05 * span if bottom < 0 else 0, bottom + span / (1 - share)]
