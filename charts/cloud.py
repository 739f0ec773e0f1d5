"""Alibaba Cloud: revenue and growth, profitability, weight in the group, the AI-product streak."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, label_quarter_axis, quarter_x
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import MISSING_TEXT, citations, period_span, quarterly_series
from charts.theme import GROWTH_COLOR, MUTED, color_for, empty_figure, finish, source_line
from loaders.derive import share_of
from loaders.units import unit_label

HOVER = "<b>%{customdata[0]}</b><br>%{y:,.2f} UNIT<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"


def _empty(slug: str, title: str, message: str) -> ChartResult:
    return ChartResult(slug, empty_figure(title, message), pd.DataFrame(), "empty", message)


def _events(fig: go.Figure, frame: pd.DataFrame, opts: ViewOptions) -> None:
    if opts.show_events and not frame.empty:
        add_event_markers(fig, opts.events, frame["period_start"].min(), frame["period_end"].max())


def gap_trace(frame: pd.DataFrame) -> go.Scatter | None:
    """A visible 'n/s' at the foot of each missing quarter, whose hover says why it is empty."""
    gaps = frame[frame["missing"].fillna(False).astype(bool)] if "missing" in frame else frame.iloc[0:0]
    if gaps.empty:
        return None
    return go.Scatter(
        x=quarter_x(gaps), y=[0] * len(gaps), mode="text", text=["n/s"] * len(gaps), textposition="top center",
        textfont=dict(size=10, color=MUTED), name="Not stated", showlegend=False,
        customdata=gaps[next(c for c in ("label", "fiscal_label") if c in gaps)].to_numpy(),
        hovertemplate="<b>%{customdata}</b><br>" + MISSING_TEXT + "<extra></extra>",
    )  # fmt: skip


def add_gaps(fig: go.Figure, frame: pd.DataFrame) -> None:
    trace = gap_trace(frame)
    if trace is not None:
        fig.add_trace(trace)


def _bar(frame: pd.DataFrame, name: str, color: str, unit: str) -> go.Bar:
    return go.Bar(
        x=quarter_x(frame),
        y=frame["value"],
        width=BAR_WIDTH_MS,
        name=name,
        marker_color=color,
        customdata=frame[["label", "hover_source", "hover_quote"]].to_numpy(),
        hovertemplate=HOVER.replace("UNIT", unit),
    )


def cloud_revenue_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """Revenue bars with the YoY growth the company reported as a line on a second axis."""
    title = "Alibaba Cloud revenue and year-on-year growth"
    frame = quarterly_series(obs, "cloud_revenue", opts)
    if frame.empty or frame["value"].notna().sum() == 0:
        return _empty("cloud-revenue", title, "No Cloud Intelligence revenue in the store")
    unit = frame["unit"].dropna().iloc[0]
    fig = go.Figure()
    fig.add_trace(_bar(frame, "Revenue", color_for("cloud_revenue"), unit_label(unit)))
    add_gaps(fig, frame)
    growth = frame
    fig.add_trace(
        go.Scatter(
            x=quarter_x(growth),
            y=growth["yoy_pct"],
            name="YoY growth (reported)",
            yaxis="y2",
            mode="lines+markers+text",
            text=[f"{v:.0f}%" if pd.notna(v) else "" for v in growth["yoy_pct"]],
            connectgaps=False,
            textposition="top center",
            textfont=dict(size=10, color=GROWTH_COLOR),
            line=dict(color=GROWTH_COLOR, width=2),
            customdata=growth[["label", "hover_source"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>YoY %{y:.0f}%<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis2=dict(overlaying="y", side="right", showgrid=False, ticksuffix="%", tickformat=".0f", rangemode="tozero"),
        bargap=0.2,
    )
    label_quarter_axis(fig, frame, opts)
    _events(fig, frame, opts)
    latest = frame.dropna(subset=["value"]).iloc[-1]
    subtitle = f"{latest['label']}: {unit_label(unit)} {latest['value']:,.1f}" + (
        f", {latest['yoy_pct']:+.0f}% YoY" if pd.notna(latest["yoy_pct"]) else ""
    )
    notes = ["Gaps mark quarters no source in the store states"] if frame["missing"].any() else []
    notes += opts.currency_notes
    finish(
        fig,
        title,
        source_line(citations(frame)),
        f"Revenue ({unit_label(unit)})",
        "YoY growth (%)",
        subtitle=subtitle,
        notes=notes,
    )
    return ChartResult("cloud-revenue", fig, _data(frame), period_span(frame))


def cloud_ebita_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """Adjusted EBITA bars and the margin on revenue (EBITA / revenue, both cited)."""
    title = "Alibaba Cloud adjusted EBITA and margin"
    ebita = quarterly_series(obs, "cloud_adjusted_ebita", opts)
    if ebita.empty or ebita["value"].notna().sum() == 0:
        return _empty("cloud-ebita", title, "No cloud adjusted EBITA in the store")
    revenue = quarterly_series(obs, "cloud_revenue", opts)[["period", "value"]].rename(columns={"value": "revenue"})
    frame = ebita.merge(revenue, on="period", how="left")
    frame["margin_pct"] = 100 * frame["value"] / frame["revenue"]
    unit = frame["unit"].dropna().iloc[0]
    fig = go.Figure()
    fig.add_trace(_bar(frame, "Adjusted EBITA", color_for("cloud_adjusted_ebita"), unit_label(unit)))
    add_gaps(fig, frame)
    m = frame[frame["margin_pct"].notna()]
    fig.add_trace(
        go.Scatter(
            x=quarter_x(m), y=m["margin_pct"], name="Margin (EBITA / revenue)", yaxis="y2", mode="lines+markers",
            line=dict(color=GROWTH_COLOR, width=2),
            customdata=m[["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Margin %{y:.1f}% (computed)<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        yaxis2=dict(overlaying="y", side="right", showgrid=False, ticksuffix="%", tickformat=".0f", rangemode="tozero")
    )
    label_quarter_axis(fig, frame, opts)
    _events(fig, frame, opts)
    finish(
        fig, title, source_line(citations(frame)), f"Adjusted EBITA ({unit_label(unit)})", "Margin (%)",
        notes=["Margin computed from cited EBITA and revenue", *opts.currency_notes],
    )  # fmt: skip
    return ChartResult("cloud-ebita", fig, _data(frame, ["revenue", "margin_pct"]), period_span(frame))


def cloud_share_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """Cloud revenue as a share of group revenue, computed from the two cited series."""
    title = "Cloud's share of group revenue"
    share = share_of(obs, "cloud_revenue", "group_revenue")
    if share.empty:
        return _empty("cloud-share", title, "Cloud and group revenue are not both stated for any quarter")
    cloud = quarterly_series(obs, "cloud_revenue", opts)
    frame = cloud.merge(share, on="period", how="inner")
    fig = go.Figure(
        go.Scatter(
            x=quarter_x(frame), y=frame["share_pct"], mode="lines+markers+text", name="Cloud share",
            text=[f"{v:.1f}%" for v in frame["share_pct"]], textposition="top center",
            line=dict(color=color_for("cloud_revenue"), width=3),
            customdata=frame[["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>%{y:.1f}% of group revenue<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    label_quarter_axis(fig, frame, opts)
    _events(fig, frame, opts)
    group = quarterly_series(obs, "group_revenue", opts)
    both = pd.concat([citations(frame), citations(group[group["period"].isin(frame["period"])])])
    finish(fig, title, source_line(both), "Share of group revenue (%)", notes=["Computed: cloud revenue / group revenue"])
    return ChartResult("cloud-share", fig, _data(frame, ["share_pct"]), period_span(frame))


def ai_streak_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """How many consecutive quarters AI-related product revenue grew by triple digits, as stated each quarter."""
    title = "Quarters in a row of triple-digit AI-product revenue growth"
    frame = quarterly_series(obs, "ai_product_triple_digit_streak", opts)
    if frame.empty or frame["value"].notna().sum() == 0:
        return _empty("ai-streak", title, "No AI-product growth streak in the store")
    fig = go.Figure(_bar(frame, "Consecutive quarters", color_for("cloud_revenue"), "quarters"))
    fig.data[0].text = [f"{v:.0f}" if pd.notna(v) else "" for v in frame["value"]]
    fig.data[0].textposition = "outside"
    add_gaps(fig, frame)
    fig.update_yaxes(rangemode="tozero", dtick=1)
    label_quarter_axis(fig, frame, opts)
    _events(fig, frame, opts)
    finish(fig, title, source_line(citations(frame)), "Consecutive quarters (count)")
    return ChartResult("ai-streak", fig, _data(frame), period_span(frame))


DATA_COLUMNS = [
    "metric",
    "period",
    "fiscal_label",
    "calendar_label",
    "value",
    "unit",
    "yoy_pct",
    "basis",
    "source",
    "publisher",
    "grade_label",
    "url",
    "quote",
]


def _data(frame: pd.DataFrame, extra: list[str] | None = None) -> pd.DataFrame:
    cols = [c for c in DATA_COLUMNS + (extra or []) if c in frame.columns]
    out = frame[cols].copy()
    if "missing" in frame:
        out["missing"] = frame["missing"].fillna(False).astype(bool)
    return out
