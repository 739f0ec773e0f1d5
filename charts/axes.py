"""Quarters on a real time axis, labelled the reader's way.

Quarters are plotted at their end dates (so events on exact days can sit between them), with the
tick text switched between fiscal ("FY26 Q2") and calendar ("Jul–Sep 2025") labels.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.events import headline_events, record
from charts.options import ViewOptions
from loaders.calendar import fiscal_quarter_axis_title
from loaders.curation import year_end_month_of

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


def add_event_markers(fig: go.Figure, events: pd.DataFrame | None, start: pd.Timestamp, end: pd.Timestamp) -> int:
    """The headline events inside [start, end] recorded on a time chart; returns how many.

    Only headline events (those the store gives a `chart_label`) are marked: a mark for every event
    would bury the data. They are recorded as data, not drawn: each medium draws them when it paints
    (charts.events), numbered with a key on screen, labelled in an image.
    """
    chosen = headline_events(events, start, end)
    record(fig, chosen)
    return len(chosen)


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
        if (getattr(drawn, "yaxis", None) or "y") != ref or drawn.y is None:
            continue
        values += [float(v) for v in drawn.y if v is not None and v == v]
    return values


def align_dual_axes(fig: go.Figure, headroom: float = 0.12) -> None:
    """Round ticks on both y-axes of a bar-and-line chart, on the same gridlines.

    Plotly's own choice for an overlaid axis is either unaligned gridlines or, synced, ticks such as
    0%, 9%, 17%, 26%. `headroom` is the share of each axis kept free above the data, for value
    labels (an image gives event labels more: charts.events).
    """
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
