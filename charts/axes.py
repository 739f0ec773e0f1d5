"""Quarters on a real time axis, labelled the reader's way.

Quarters are plotted at their end dates (so events on exact days can sit between them), with the
tick text switched between fiscal ("FY26 Q2") and calendar ("Jul–Sep 2025") labels.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.figure import trace
from charts.options import ViewOptions
from charts.theme import EVENT_COLOR
from loaders.calendar import fiscal_quarter_axis_title
from loaders.curation import year_end_month_of
from loaders.vocab import MARKED_EVENT_CATEGORIES

BAR_WIDTH_MS = 60 * 24 * 3600 * 1000  # two months: bars of adjacent quarters do not touch


def quarter_x(frame: pd.DataFrame) -> pd.Series:
    """Mid-quarter dates: bars centre on their quarter, not on its last day."""
    return frame["period_start"] + (frame["period_end"] - frame["period_start"]) / 2


def quarter_axis(frame: pd.DataFrame, opts: ViewOptions, max_ticks: int = 14) -> dict[str, Any]:
    """An x axis of quarters as plotly JSON values: dates, at most `max_ticks` ticks in the reader's labels, a
    little room either side (empty where there are no quarters)."""
    if frame.empty:
        return {}
    x = quarter_x(frame)
    labels = frame[opts.label_column]
    step = max(1, -(-len(frame) // max_ticks))
    pad = pd.Timedelta(days=50)
    title = fiscal_quarter_axis_title(year_end_month_of(frame)) if opts.labels == "fiscal" else "Calendar quarter"
    return {
        "type": "date",
        "tickmode": "array",
        "tickvals": [iso_date(t) for t in x.iloc[::step]],
        "ticktext": [str(t).replace(" ", "<br>", 1) if opts.labels == "fiscal" else str(t) for t in labels.iloc[::step]],
        "title": {"text": title},
        "range": [iso_date(x.min() - pad), iso_date(x.max() + pad)],
    }


def iso_date(t: pd.Timestamp) -> str:
    """A date as plotly writes it in JSON."""
    return pd.Timestamp(t).isoformat()


def label_quarter_axis(fig: go.Figure, frame: pd.DataFrame, opts: ViewOptions, max_ticks: int = 14) -> None:
    axis = quarter_axis(frame, opts, max_ticks)
    if axis:
        fig.update_xaxes(axis)  # one call: each walks every x axis of the figure


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
            trace(
                "scatter",
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


EVENT_LABEL_ROOM = 0.42  # the share of a chart's height kept above the data for vertical event labels


def _headroom(fig: go.Figure, share: float = EVENT_LABEL_ROOM) -> None:
    """Raise the top of each y-axis so vertical event labels sit above the data."""
    for axis in ("yaxis", "yaxis2"):
        top, bottom = 0.0, 0.0
        for drawn in fig.data:
            on = "yaxis2" if getattr(drawn, "yaxis", None) == "y2" else "yaxis"
            if on != axis or drawn.y is None or drawn.name == "Events":
                continue
            values = [v for v in drawn.y if v is not None and v == v]
            if values:
                top, bottom = max(top, max(values)), min(bottom, min(values))
        if top > 0:
            span = top - bottom
            fig.layout[axis].range = [bottom - 0.05 * span if bottom < 0 else 0, bottom + span / (1 - share)]


NICE_STEPS = (1, 2, 2.5, 5)


def _nice_steps(span: float) -> list[float]:
    """Round tick steps (1, 2, 2.5 and 5 times a power of ten) from span/10 to span, smallest first."""
    if span <= 0:
        return [1.0]
    power = 10.0 ** math.floor(math.log10(span / 10))
    return [m * power * 10**k for k in range(3) for m in NICE_STEPS if span / 10 <= m * power * 10**k <= span * 1.01]


def aligned_ticks(
    left: tuple[float, float], right: tuple[float, float], intervals: range = range(4, 8)
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """(low, high, step) for two axes whose gridlines coincide and whose ticks are round numbers.

    Each axis gets its own round step; both get the same number of intervals below zero and above
    it, so zero is on one gridline and every tick of one axis sits on a tick of the other. Of the
    choices that hold both ranges, the one with the fewest intervals and the least empty space wins.
    """
    best: tuple[float, tuple[tuple[float, float, float], tuple[float, float, float]]] | None = None
    for total in intervals:
        for below in range(total):
            fits = []
            for lo, hi in (left, right):
                step = next(
                    (s for s in _nice_steps(max(hi, 0) - min(lo, 0)) if below * s >= -min(lo, 0) and (total - below) * s >= hi),
                    None,
                )
                fits.append(step)
            if None in fits:
                continue
            a, b = fits
            waste = sum(
                (total * s - (max(hi, 0) - min(lo, 0))) / (total * s) for s, (lo, hi) in zip(fits, (left, right), strict=True)
            )
            choice = ((-below * a, (total - below) * a, a), (-below * b, (total - below) * b, b))  # type: ignore[operator]
            if best is None or waste < best[0] - 1e-9:
                best = (waste, choice)
        if best is not None and best[0] < 0.6:
            break
    if best is None:
        raise ValueError(f"no aligned ticks for {left} and {right}")
    return best[1]


def _axis_values(fig: go.Figure, axis: str) -> list[float]:
    ref = "y2" if axis == "yaxis2" else "y"
    values: list[float] = []
    for drawn in fig.data:
        if (getattr(drawn, "yaxis", None) or "y") != ref or drawn.y is None or drawn.name == "Events":
            continue
        values += [float(v) for v in drawn.y if v is not None and v == v]
    return values


def align_dual_axes(fig: go.Figure, headroom: float = 0.12) -> None:
    """Round ticks on both y-axes of a bar-and-line chart, on the same gridlines.

    Plotly's own choice for an overlaid axis is either unaligned gridlines or, synced, ticks such as
    0%, 9%, 17%, 26%. `headroom` is the share of each axis kept free above the data, for value
    labels (more when event labels hang from the top).
    """
    if any(a.name == "event" for a in fig.layout.annotations):
        headroom = max(headroom, EVENT_LABEL_ROOM)
    ranges = []
    for axis in ("yaxis", "yaxis2"):
        values = _axis_values(fig, axis)
        if not values:
            return
        lo, hi = min(min(values), 0.0), max(max(values), 0.0)
        ranges.append((lo, lo + (hi - lo) / (1 - headroom) if hi > 0 else hi))
    (lo1, hi1, d1), (lo2, hi2, d2) = aligned_ticks(ranges[0], ranges[1])
    # ",.2~f": 2.5 stays 2.5 and 10 stays 10, where ".0f" would print a 2.5 step as 3
    fig.layout.yaxis.update(range=[lo1, hi1], tickmode="linear", tick0=0, dtick=d1, tickformat=",.2~f", rangemode=None)
    fig.layout.yaxis2.update(
        range=[lo2, hi2], tickmode="linear", tick0=0, dtick=d2, tickformat=",.2~f", rangemode=None, showgrid=False
    )
