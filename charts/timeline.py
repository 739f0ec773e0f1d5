"""The strategy timeline: dated, cited events in lanes by category, the headline ones labelled.

Which events are headline events is the store's word (an event's `chart_label`); where a label goes
is worked out here, so that labels in one lane never run into each other: each takes the first of
two rows (above or below its lane's dots) that is free at its place, and a label with no free row
is left to the dot's hover and the page's table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from charts.base import empty_result
from charts.figure import new_figure, trace
from charts.image import esc
from charts.options import ViewOptions
from charts.spec import ChartSpec, finish
from charts.theme import FALLBACK_COLORS, INK, MUTED, WIDTH
from loaders.product import SUBJECT
from loaders.vocab import EVENT_CATEGORIES

CATEGORY_ORDER = list(EVENT_CATEGORIES)
CATEGORY_LABELS = EVENT_CATEGORIES
TITLE = f"{SUBJECT}'s AI strategy: a timeline of cited events"

LABEL_SIZE = 10  # px
LABEL_COLOR = "#374151"
# Average advance of a character of the house font at LABEL_SIZE, a little generous so that an
# estimate errs towards more room, and the plot's width in the exported image (its margins off):
# labels are spaced for that image, the narrowest an analyst pastes.
CHAR_PX = 5.5
PLOT_PX = WIDTH - 140
LABEL_GAP_PX = 8  # clear space between two labels of one row
ROW_SHIFTS = (13, -13)  # px from the lane's dots: the row above, the row below
TODAY_ROOM = pd.Timedelta(days=45)  # beyond today's line, so its label stays inside the plot
SPAN_KEY = "Bar: from start to end date"
KEY_ROOM = 30  # px between the title and the plot for the key
PAD_SHARE = 0.02  # of the time span, either side, so the first and last dots are not on the frame


@dataclass(frozen=True)
class Placed:
    """Where one headline label is drawn: its lane and row, and the days its text covers."""

    event: str
    text: str
    x: pd.Timestamp
    lane: str
    row: int  # an index into ROW_SHIFTS
    anchor: str  # plotly xanchor: "left", "center" or "right"
    left: pd.Timestamp
    right: pd.Timestamp


def axis_range(rows: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x range drawn: the first start to the last end, with room either side for a little air and for
    every headline label to sit centred on its dot."""
    first, last = rows["start"].min(), rows["end"].max()
    pad = max((last - first) * PAD_SHARE, pd.Timedelta(days=7))
    start, end = first - pad, last + pad
    headline = rows[rows["chart_label"].notna()] if "chart_label" in rows else rows.iloc[0:0]
    for _ in range(20):  # the scale depends on the range it widens: repeat until it holds
        days_per_px = (end - start) / pd.Timedelta(days=1) / PLOT_PX
        half = [label_extent(str(t), days_per_px) / 2 for t in headline["chart_label"]]
        wider = (
            min([first - pad, *(x - h for x, h in zip(headline["start"], half, strict=True))]),
            max([last + pad, *(x + h for x, h in zip(headline["start"], half, strict=True))]),
        )
        if wider[0] >= start and wider[1] <= end:
            break
        start, end = min(start, wider[0]) - pd.Timedelta(days=1), max(end, wider[1]) + pd.Timedelta(days=1)
    return start, end


def label_extent(text: str, days_per_px: float) -> pd.Timedelta:
    """How much time a label's text covers on the axis, with the gap kept clear after it."""
    return pd.Timedelta(days=(len(text) * CHAR_PX + LABEL_GAP_PX) * days_per_px)


def _spans(
    x: pd.Timestamp, width: pd.Timedelta, start: pd.Timestamp, end: pd.Timestamp
) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """Where a label may go, best first: centred on its dot, running right from it, running left to it;
    only those inside the plot."""
    options = [("center", x - width / 2, x + width / 2), ("left", x, x + width), ("right", x - width, x)]
    return [o for o in options if o[1] >= start and o[2] <= end]


def place_labels(rows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[list[Placed], list[str]]:
    """Rows for the headline labels, lane by lane, oldest first; and the events whose label found no room.

    Each label takes the first row and the first of its positions (centred, then running right from
    its dot, then left) that is free; one that fits nowhere is left to its dot's hover.
    """
    days_per_px = (end - start) / pd.Timedelta(days=1) / PLOT_PX
    placed: list[Placed] = []
    dropped: list[str] = []
    headline = rows[rows["chart_label"].notna()] if "chart_label" in rows else rows.iloc[0:0]
    for category in CATEGORY_ORDER:
        lane = CATEGORY_LABELS[category]
        free_from = [start] * len(ROW_SHIFTS)  # where each row of this lane is free again
        for e in headline[headline["category"] == category].sort_values(["start", "event"]).itertuples():
            spans = _spans(e.start, label_extent(str(e.chart_label), days_per_px), start, end)
            fit = next(((row, *span) for span in spans for row, free in enumerate(free_from) if span[1] >= free), None)
            if fit is None:
                dropped.append(str(e.event))
                continue
            row, anchor, left, right = fit
            free_from[row] = right
            placed.append(Placed(str(e.event), str(e.chart_label), e.start, lane, row, anchor, left, right))
    return placed, dropped


def _lane_traces(fig: go.Figure, rows: pd.DataFrame) -> None:
    """One trace of dots per category (its legend entry), and a bar for each event with an end date."""
    for i, category in enumerate(CATEGORY_ORDER):
        r = rows[rows["category"] == category]
        if r.empty:
            continue
        lane = CATEGORY_LABELS[category]
        color = FALLBACK_COLORS[i % len(FALLBACK_COLORS)]
        for e in r[r["end"] > r["start"]].itertuples():
            fig.add_trace(
                trace("scatter",
                    x=[e.start, e.end], y=[lane, lane], mode="lines", line=dict(color=color, width=6), opacity=0.55,
                    showlegend=False, legendgroup=lane, name=lane,
                    customdata=[[e.title, f"{e.start:%d %b %Y} to {e.end:%d %b %Y}"]] * 2,
                    hovertemplate="%{customdata[1]}<br><b>%{customdata[0]}</b><extra></extra>",
                )
            )  # fmt: skip
        fig.add_trace(
            trace("scatter",
                x=r["start"], y=[lane] * len(r), mode="markers", name=lane, legendgroup=lane,
                marker=dict(size=11, color=color, line=dict(color="white", width=1)),
                customdata=r[["title", "publisher", "source_title"]].to_numpy(),
                hovertemplate=(
                    "%{x|%d %b %Y}<br><b>%{customdata[0]}</b><br>"
                    "Source: %{customdata[1]}, %{customdata[2]}<extra></extra>"
                ),
            )
        )  # fmt: skip


def timeline_figure(
    events: pd.DataFrame, opts: ViewOptions, categories: tuple[str, ...] = (), today: dt.date | None = None
) -> ChartSpec:
    """Every event of the chosen categories as a dot in its category's lane, a bar where it has an end date,
    and the headline events labelled in rows that never collide; `today` marked, so a reader sees how long
    ago the newest event was."""
    rows = events if not categories else events[events["category"].isin(categories)]
    if rows.empty:
        return empty_result("timeline", TITLE, "No events for this selection")
    fig = new_figure()
    _lane_traces(fig, rows)
    if (rows["end"] > rows["start"]).any():
        # the key for bars: a legend entry with nothing drawn on the plot
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", line=dict(color=MUTED, width=6), name=SPAN_KEY,
                                 hoverinfo="skip"))  # fmt: skip
    start, end = axis_range(rows)
    if today is not None:
        end = max(end, pd.Timestamp(today) + TODAY_ROOM)
    placed, dropped = place_labels(rows, start, end)
    fig.layout.annotations = [
        dict(
            x=p.x, y=p.lane, xref="x", yref="y", text=esc(p.text), showarrow=False, xanchor=p.anchor,
            yanchor="middle", yshift=ROW_SHIFTS[p.row], font=dict(size=LABEL_SIZE, color=LABEL_COLOR), name="event-label",
        )
        for p in placed
    ]  # fmt: skip
    if today is not None:
        fig.add_shape(type="line", x0=today, x1=today, xref="x", y0=0, y1=1, yref="paper", layer="below",
                      line=dict(color=INK, width=1, dash="dash"), name="today")  # fmt: skip
        fig.add_annotation(x=today, y=1, xref="x", yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
                           text=f"Today, {today:%d %b %Y}".replace(" 0", " "), font=dict(size=LABEL_SIZE, color=INK),
                           name="today")  # fmt: skip
    lanes = [CATEGORY_LABELS[c] for c in reversed(CATEGORY_ORDER)]
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=lanes, title_text=None, showgrid=True,
                     range=[-0.6, len(lanes) - 0.4])  # fmt: skip
    fig.update_xaxes(type="date", title_text="Date", tickformat="%b %Y", range=[start, end])
    note = "Labelled: headline events; hover a dot for its title and source"
    if dropped:
        note += f" ({len(dropped)} more headline label{'s' if len(dropped) > 1 else ''} left to hover, for lack of room)"
    # the key in one row between the title and the plot (on screen it moves to the foot)
    fig.update_layout(showlegend=True, legend=dict(traceorder="normal", y=1.04, font=dict(size=12)))
    first, last = f"{rows['start'].min():%Y%m}", f"{rows['end'].max():%Y%m}"
    span = first if first == last else f"{first}-{last}"
    data = rows.drop(columns=["line"], errors="ignore")
    return finish(fig, "timeline", span, data, TITLE, rows, notes=[note], height=620, top_extra=KEY_ROOM)
