"""What every chart builder shares: the empty result, bars, gaps, event marks and the data behind a chart.

Public, so each chart module imports from here rather than from a sibling's private helpers.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, quarter_x
from charts.result import ChartResult
from charts.series import MISSING_TEXT
from charts.theme import MUTED, empty_figure

HOVER = "<b>%{customdata[0]}</b><br>%{y:,.2f} UNIT<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"

# the columns of a chart's CSV: each value with its period labels, unit, basis and citation
DATA_COLUMNS = [
    "metric", "period", "fiscal_label", "calendar_label", "value", "unit", "yoy_pct", "basis", "source", "publisher",
    "grade_label", "url", "quote",
]  # fmt: skip


def empty_result(slug: str, title: str, message: str) -> ChartResult:
    """A chart with nothing to draw: the page says `message` instead of drawing an empty frame."""
    return ChartResult(slug, empty_figure(title, message), pd.DataFrame(), "empty", message)


USD_EMPTY = "No US$ figure is stated, nor a cited RMB/US$ rate, for these quarters: switch off US$ to see RMB"


def nothing_to_draw(slug: str, title: str, frame: pd.DataFrame, what: str, currency: str) -> ChartResult | None:
    """The empty result a chart shows when none of its values can be drawn, saying why; None when some can.

    In US$, RMB figures with no stated US$ amount and no cited rate have no value to draw: the chart
    says so, rather than that the store has none.
    """
    if not frame.empty and frame["value"].notna().any():
        return None
    if not frame.empty and currency == "USD":
        return empty_result(slug, title, USD_EMPTY)
    return empty_result(slug, title, f"No {what} stated by any source")


def add_events(fig: go.Figure, frame: pd.DataFrame, events: pd.DataFrame | None) -> None:
    """The strategy's events over the frame's span (none when the reader turned them off: events is None)."""
    if events is not None and not frame.empty:
        add_event_markers(fig, events, frame["period_start"].min(), frame["period_end"].max())


def gap_trace(frame: pd.DataFrame) -> go.Scatter | None:
    """A visible 'n/s' at the foot of each missing quarter, whose hover says why it is empty."""
    gaps = frame[frame["missing"].fillna(False).astype(bool)] if "missing" in frame else frame.iloc[0:0]
    if gaps.empty:
        return None
    return go.Scatter(
        x=quarter_x(gaps), y=[0] * len(gaps), mode="text", text=["not stated"] * len(gaps), textposition="top center",
        textfont=dict(size=9, color=MUTED), name="Not stated", showlegend=False,
        customdata=gaps[next(c for c in ("label", "fiscal_label") if c in gaps)].to_numpy(),
        hovertemplate="<b>%{customdata}</b><br>" + MISSING_TEXT + "<extra></extra>",
    )  # fmt: skip


def add_gaps(fig: go.Figure, frame: pd.DataFrame) -> None:
    trace = gap_trace(frame)
    if trace is not None:
        fig.add_trace(trace)


def bar(frame: pd.DataFrame, name: str, color: str, unit: str) -> go.Bar:
    """Quarterly bars with each value's period, source and quote on hover."""
    return go.Bar(
        x=quarter_x(frame),
        y=frame["value"],
        width=BAR_WIDTH_MS,
        name=name,
        marker_color=color,
        customdata=frame[["label", "hover_source", "hover_quote"]].to_numpy(),
        hovertemplate=HOVER.replace("UNIT", unit),
    )


def chart_data(frame: pd.DataFrame, extra: list[str] | None = None) -> pd.DataFrame:
    """The rows a chart draws, for its CSV: the data columns it has, and whether each quarter is a gap."""
    cols = [c for c in DATA_COLUMNS + (extra or []) if c in frame.columns]
    out = frame[cols].copy()
    if "missing" in frame:
        out["missing"] = frame["missing"].fillna(False).astype(bool)
    return out
