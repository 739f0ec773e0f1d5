"""Breaks in a series: where the store declares that a series' perimeter changes, and every quarter without
a figure, a line stops.

A segment that absorbs another business (the cloud segment with a chip maker) reports figures that
do not continue the old ones: a line joined across the change would read as growth. The store
declares such changes with its reporting structures (`structures:` → `perimeter_changes`, see
docs/store-format.md); here they become a dashed vertical line labelled with the change, a line
that stops on one side and starts again on the other, the prior-year quarters recast to the new
perimeter and the like-for-like growth where the store states them, and a sentence for the chart's
note. Nothing here knows a company or a segment: every chart that draws a declared metric, or a
figure computed from one, gets the same break.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.axes import quarter_x
from charts.figure import trace
from charts.options import ViewOptions
from charts.series import quarterly_series
from charts.theme import INK
from loaders.calendar import parse_period, quarter_index

BREAK_DASH = "dash"
BREAK_ROOM = 0.2  # the share of a chart's height kept above the data (and its value labels) for the break's label
RECAST_NAME = "Prior year recast to the new perimeter (stated)"
LIKE_FOR_LIKE_NAME = "Like-for-like growth (stated)"


@dataclass(frozen=True)
class Break:
    """A declared change of perimeter: from `first` on, the `metrics` are reported on a new perimeter."""

    first: str  # the first quarter on the new perimeter, a fiscal quarter code
    metrics: frozenset[str]
    label: str  # the break line's label
    note: str  # what changed, in the store's words

    @property
    def at(self) -> pd.Timestamp:
        """Where the line is drawn: the first day of the first quarter on the new perimeter, between two bars."""
        return pd.Timestamp(parse_period(self.first).start)


def declared_breaks(structures: pd.DataFrame) -> tuple[Break, ...]:
    """Every perimeter change the store's reporting structures declare (loaders.frames.structures_frame), in
    quarter order."""
    if structures.empty or "perimeter_changes" not in structures:
        return ()
    found = [
        Break(str(first), frozenset(metrics), str(label), str(note))
        for first, changes in zip(structures["first"], structures["perimeter_changes"], strict=True)
        for metrics, label, note in changes
    ]
    return tuple(sorted(found, key=lambda b: quarter_index(b.first)))


def breaks_of(breaks: Sequence[Break], metrics: Iterable[str]) -> tuple[Break, ...]:
    """The breaks of a chart that draws `metrics` (or a figure computed from them)."""
    wanted = set(metrics)
    return tuple(b for b in breaks if b.metrics & wanted)


def _quarter_codes(frame: pd.DataFrame) -> list[str]:
    if frame.empty or "period" not in frame:
        return []
    return [str(p) for p in frame["period"].dropna() if parse_period(str(p)).is_quarter]


def breaks_within(frame: pd.DataFrame, breaks: Sequence[Break]) -> tuple[Break, ...]:
    """The breaks with a quarter of `frame` on either side: the ones the chart draws."""
    codes = [quarter_index(c) for c in _quarter_codes(frame)]
    if not codes:
        return ()
    return tuple(b for b in breaks if min(codes) < quarter_index(b.first) <= max(codes))


def split_at_breaks(frame: pd.DataFrame, breaks: Sequence[Break]) -> pd.DataFrame:
    """The rows of a line with an empty row at each break (its x the break's day, every value missing): a
    line drawn from it with connectgaps false stops before the break and starts again after it."""
    drawn = breaks_within(frame, breaks)
    if not drawn:
        return frame
    days = [b.at for b in drawn]
    columns = [*frame.columns, *(c for c in ("period_start", "period_end") if c not in frame)]
    # every column at once: one added at a time cost more than the rest of a chart
    cuts = pd.DataFrame({c: days if c in ("period_start", "period_end") else [np.nan] * len(days) for c in columns}, dtype=object)
    # a cut's place between the quarters: it ends on the break's day, after the quarter before and before the next
    out = pd.concat([frame.astype(object), cuts], ignore_index=True)
    out = out.iloc[pd.to_datetime(out["period_end"]).argsort(kind="stable")].reset_index(drop=True)
    return out.infer_objects()


def mark_breaks(fig: go.Figure, frame: pd.DataFrame, breaks: Sequence[Break]) -> tuple[Break, ...]:
    """A dashed vertical line at each break inside the frame's quarters, labelled level along the top edge on its
    earlier side, in the room kept above the data (BREAK_ROOM), so it never meets a value's label; returns the
    breaks drawn."""
    drawn = breaks_within(frame, breaks)
    lines = [
        dict(type="line", x0=b.at, x1=b.at, xref="x", y0=0, y1=1, yref="y domain", layer="above",
             line=dict(color=INK, width=1.5, dash=BREAK_DASH), name="break")
        for b in drawn
    ]  # fmt: skip
    labels = [
        dict(x=b.at, y=1, yref="paper", yanchor="top", xanchor="right", xshift=-3, text=html.escape(b.label, quote=False),
             showarrow=False, font=dict(size=10, color=INK), bgcolor="rgba(255,255,255,0.85)", name="break")
        for b in drawn
    ]  # fmt: skip
    if lines:
        fig.layout.shapes = (*fig.layout.shapes, *lines)
        fig.layout.annotations = (*fig.layout.annotations, *labels)
    return drawn


def break_notes(drawn: Sequence[Break], opts: ViewOptions, recast: bool | None = None, like_for_like: bool = False) -> list[str]:
    """What the chart's note says of each break drawn: from when, what changed, and what is shown beside it.
    `recast`: whether the chart draws a recast prior year (False: it would, but no source states one; None: a
    chart that draws none, such as a share computed from two series)."""
    notes = []
    for b in drawn:
        when = getattr(parse_period(b.first), opts.label_column)
        notes.append(f"Dashed line: from {when} {b.note}; figures before and after are on different perimeters, never joined")
    if drawn and recast:
        notes.append("Diamonds: prior-year quarters recast to the new perimeter, as stated")
    elif drawn and recast is False:
        notes.append("No source here states the prior year recast to the new perimeter")
    if drawn and like_for_like:
        notes.append("Open circles: growth on a like-for-like perimeter, as stated")
    return notes


def recast_series(money: pd.DataFrame, metric: str, opts: ViewOptions, drawn: Sequence[Break]) -> pd.DataFrame:
    """The quarters before a break drawn that a later report recasts to the new perimeter (`basis: restated`),
    with their citations, as charts.series.quarterly_series gives them; empty where none is stated."""
    firsts = [quarter_index(b.first) for b in drawn if metric in b.metrics]
    if not firsts:
        return pd.DataFrame()
    frame = quarterly_series(money, metric, opts, basis="restated")
    if frame.empty:
        return frame
    before = frame["period"].map(lambda p: any(quarter_index(str(p)) < f for f in firsts))
    return frame[~frame["missing"].astype(bool) & before].reset_index(drop=True)


def recast_trace(frame: pd.DataFrame, color: str, yaxis: str = "y", hover_unit: str = "") -> dict[str, Any]:
    """The recast quarters as open diamonds beside the bars or points as reported, each with its source."""
    return trace(
        "scatter",
        x=quarter_x(frame), y=frame["value"], mode="markers", name=RECAST_NAME, yaxis=yaxis,
        marker=dict(symbol="diamond-open", size=11, color=color, line=dict(width=2, color=color)),
        customdata=frame[["label", "hover_source", "hover_quote"]].to_numpy(),
        hovertemplate=(
            f"<b>%{{customdata[0]}}, recast</b><br>%{{y:,.2f}} {hover_unit}<br>%{{customdata[1]}}<br>%{{customdata[2]}}"
            "<extra></extra>"
        ),
    )  # fmt: skip


def like_for_like_growth(money: pd.DataFrame, metric: str, frame: pd.DataFrame, drawn: Sequence[Break]) -> pd.DataFrame:
    """The growth stated on a like-for-like perimeter (`basis: like_for_like`) for the quarters of `frame` from a
    break drawn on, one row a quarter: the store's row (the metric's with its `yoy_pct`, else a `growth_of`
    metric's value), with its growth as `growth` and the frame's label; empty where none is stated."""
    firsts = [quarter_index(b.first) for b in drawn if metric in b.metrics]
    if not firsts or money.empty:
        return money.iloc[0:0]
    quarters = (money["period_kind"] == "quarter") & (money["basis"] == "like_for_like")
    own = quarters & (money["metric"] == metric) & money["yoy_pct"].notna()
    alone = quarters & (money["growth_of"] == metric) if "growth_of" in money else quarters & False
    rows = money[own | alone]
    rows = rows.assign(growth=rows["yoy_pct"].where(rows["metric"] == metric, rows["value"]))
    rows = rows.sort_values(["period", "preferred", "grade", "published"], ascending=[True, False, True, False])
    rows = rows.drop_duplicates("period")
    after = rows["period"].map(lambda p: any(quarter_index(str(p)) >= f for f in firsts)).astype(bool)
    rows = rows[after & rows["period"].isin(frame["period"])]
    return rows.assign(label=rows["period"].map(dict(zip(frame["period"], frame["label"], strict=True)))).reset_index(drop=True)


def like_for_like_trace(growth: pd.DataFrame, color: str) -> dict[str, Any]:
    """Like-for-like growth as open circles on the growth axis, each with its source."""
    sources = [f"{p} ({g})" for p, g in zip(growth["publisher"], growth["grade_label"], strict=True)]
    return trace(
        "scatter",
        x=quarter_x(growth), y=growth["growth"], mode="markers", name=LIKE_FOR_LIKE_NAME, yaxis="y2",
        marker=dict(symbol="circle-open", size=11, color=color, line=dict(width=2, color=color)),
        customdata=np.column_stack([growth["label"], sources]),
        hovertemplate="<b>%{customdata[0]}</b><br>like-for-like %{y:.0f}%<br>%{customdata[1]}<extra></extra>",
    )  # fmt: skip
