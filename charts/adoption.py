"""AI adoption and market share: counts from several sources, shown side by side, never merged."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.base import empty_result
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import period_span
from charts.theme import FALLBACK_COLORS, finish, short_publisher, source_line
from loaders.units import format_value, unit_label

DATA_COLUMNS = [
    "metric",
    "name",
    "period",
    "fiscal_label",
    "calendar_label",
    "value",
    "unit",
    "basis",
    "source",
    "publisher",
    "url",
    "quote",
    "note",
]


def _by_source(obs: pd.DataFrame, metrics: list[str], opts: ViewOptions) -> pd.DataFrame:
    rows = obs[obs["metric"].isin(metrics)].sort_values(["metric", "period_end", "publisher"]).copy()
    rows["label"] = rows[opts.label_column]
    rows["x"] = [f"{lab}<br>{short_publisher(pub)}" for lab, pub in zip(rows["label"], rows["publisher"], strict=True)]
    return rows


def adoption_metric_figure(obs: pd.DataFrame, metric: str, opts: ViewOptions) -> ChartResult:
    """Every stated value of one adoption count, by date and source; disagreeing sources stand side by side."""
    rows = _by_source(obs, [metric], opts)
    slug = metric.replace("_", "-")
    if rows.empty:
        return empty_result(slug, metric, "No values stated by any source")
    name, unit = rows["name"].iloc[0], rows["unit"].iloc[0]
    sources = list(dict.fromkeys(rows["publisher"]))
    fig = go.Figure()
    for i, pub in enumerate(sources):
        r = rows[rows["publisher"] == pub]
        fig.add_trace(
            go.Bar(
                x=r["x"], y=r["value"], name=pub, marker_color=FALLBACK_COLORS[i % len(FALLBACK_COLORS)],
                text=[format_value(v, unit) for v in r["value"]], textposition="outside",
                customdata=r[["label", "source_title", "quote"]].to_numpy(),
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{y:,}<br>" + pub + ", %{customdata[1]}<br>“%{customdata[2]}”<extra></extra>"
                ),
            )
        )  # fmt: skip
    fig.update_yaxes(rangemode="tozero")
    # short two-line labels, never rotated: rotated ones ran into the footnote in a narrow column
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(dict.fromkeys(rows["x"])), tickangle=0)
    distinct = rows.groupby("period")["value"].nunique()
    notes = ["Sources disagree for the same date: each value is shown with its own source"] if (distinct > 1).any() else []
    finish(
        fig,
        name,
        source_line(rows),
        f"{name} ({unit_label(unit)})",
        x_title="As of (date or period) and source",
        notes=notes,
    )
    # each bar's label already names its source, so a legend would only repeat it
    fig.update_layout(showlegend=False, height=420)
    return ChartResult(slug, fig, rows[[c for c in DATA_COLUMNS if c in rows]], period_span(rows))


def market_share_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """Each market-share figure with its source and the market it speaks of; they are not averaged."""
    title = "Alibaba Cloud's market share, as each source states it"
    metrics = [m for m in dict.fromkeys(obs.loc[obs["category"] == "market", "metric"])] if not obs.empty else []
    rows = _by_source(obs, metrics, opts)
    if rows.empty:
        return empty_result("market-share", title, "No market share stated by any source")
    rows["x"] = [f"{short_publisher(pub)}<br>{lab}" for pub, lab in zip(rows["publisher"], rows["label"], strict=True)]
    fig = go.Figure()
    for i, (metric, r) in enumerate(rows.groupby("metric", sort=False)):
        fig.add_trace(
            go.Bar(
                x=r["x"], y=r["value"], name=r["name"].iloc[0], marker_color=FALLBACK_COLORS[i % len(FALLBACK_COLORS)],
                text=[f"{v:.0f}%" for v in r["value"]], textposition="outside",
                customdata=r[["label", "source_title", "quote"]].to_numpy(),
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{y:.1f}%<br>%{customdata[1]}<br>“%{customdata[2]}”"
                    "<extra>" + metric + "</extra>"
                ),
            )
        )  # fmt: skip
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    fig.update_xaxes(tickangle=0)
    finish(
        fig, title, source_line(rows), "Share (%)", x_title="Source and period",
        notes=["Different sources, markets (cloud vs AI cloud) and dates: shown side by side, not reconciled"],
    )  # fmt: skip
    return ChartResult("market-share", fig, rows[[c for c in DATA_COLUMNS if c in rows]], period_span(rows))
