"""Segment growth and mix: which businesses drive the group, quarter by quarter."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, label_quarter_axis, quarter_x
from charts.cloud import _data, _empty
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import citations, period_span, quarterly_series
from charts.theme import MUTED, color_for, finish, source_line
from loaders.calendar import parse_period, prior_year_quarter, quarter_index, short_quarter
from loaders.units import unit_label

# Revenue lines that do not overlap (customer management revenue sits inside Taobao and Tmall /
# China E-commerce, so it is a growth line but not part of the mix).
MIX_SEGMENTS = (
    "taobao_tmall_revenue",
    "china_ecommerce_revenue",
    "cloud_revenue",
    "aidc_revenue",
    "cainiao_revenue",
    "local_services_revenue",
    "dme_revenue",
    "all_others_revenue",
)
GROWTH_METRICS = (*MIX_SEGMENTS, "customer_management_revenue", "quick_commerce_revenue", "group_revenue")
# The segments a quarter reports, by reporting structure: the June 2025 quarter (FY2026Q1) brought
# four segments in place of seven. A quarter whose stack lacks some of them is not a total.
FIRST_FOUR_SEGMENT_QUARTER = "FY2026Q1"
SEGMENTS_TO_FY2025 = ("taobao_tmall_revenue", "cloud_revenue", "aidc_revenue", "cainiao_revenue",
                      "local_services_revenue", "dme_revenue", "all_others_revenue")  # fmt: skip
SEGMENTS_FROM_FY2026 = ("china_ecommerce_revenue", "cloud_revenue", "aidc_revenue", "all_others_revenue")


def segment_metrics(obs: pd.DataFrame) -> list[str]:
    present = set(obs["metric"]) if not obs.empty else set()
    return [m for m in GROWTH_METRICS if m in present]


def latest_growth_quarter(obs: pd.DataFrame) -> str | None:
    rows = obs[obs["metric"].isin(GROWTH_METRICS) & (obs["period_kind"] == "quarter") & obs["yoy_pct"].notna()]
    if rows.empty:
        return None
    return rows.sort_values("period_end")["period"].iloc[-1]


def growth_table(obs: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """YoY by segment for one quarter: stated where the source states it, else computed from the store."""
    rows = []
    in_quarter = obs[(obs["period"] == quarter) & obs["metric"].isin(GROWTH_METRICS)]
    q = in_quarter[in_quarter["preferred"]]
    # a growth rate stated by any source for the same metric and basis counts as stated
    with_yoy = in_quarter[in_quarter["yoy_pct"].notna()].sort_values("preferred", ascending=False)
    pairs = list(zip(zip(with_yoy["metric"], with_yoy["basis"], strict=True), with_yoy["yoy_pct"], strict=True))
    stated_yoy = dict(reversed(pairs))
    prior = obs[(obs["period"] == prior_year_quarter(quarter)) & obs["preferred"] & (obs["basis"] == "reported")]
    prior_values = dict(zip(prior["metric"], prior["value"], strict=True))
    for r in q.itertuples():
        stated = stated_yoy.get((r.metric, r.basis), math.nan)
        computed = (r.value / prior_values[r.metric] - 1) * 100 if prior_values.get(r.metric) else math.nan
        if math.isnan(stated) and math.isnan(computed):
            continue
        basis = "" if r.basis == "reported" else f" ({r.basis.replace('_', '-')})"
        short = r.name.split(",")[0].removesuffix(" revenue").removeprefix("Alibaba ")
        rows.append(
            {
                "metric": r.metric, "segment": f"{short}{basis}", "basis": r.basis, "period": quarter,
                "yoy_pct": stated if not math.isnan(stated) else computed,
                "how": "stated" if not math.isnan(stated) else "computed from the store",
                "value": r.value, "unit": r.unit, "source": r.source, "publisher": r.publisher,
                "source_title": r.source_title, "published": r.published, "url": r.url, "quote": r.quote,
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def segment_growth_figure(obs: pd.DataFrame, quarter: str | None, opts: ViewOptions) -> ChartResult:
    quarter = quarter or latest_growth_quarter(obs)
    title = "Year-on-year revenue growth by segment"
    if quarter is None:
        return _empty("segment-growth", title, "No segment growth in the store")
    table = growth_table(obs, quarter)
    if opts.segments:
        table = table[table["metric"].isin(opts.segments) | (table["metric"] == "group_revenue")]
    if table.empty:
        return _empty("segment-growth", title, f"No segment growth stated for {quarter}")
    table = table.sort_values("yoy_pct")
    label = getattr(parse_period(quarter), opts.label_column)
    fig = go.Figure(
        go.Bar(
            x=table["yoy_pct"], y=table["segment"], orientation="h",
            marker_color=[color_for(m, i) for i, m in enumerate(table["metric"])],
            text=[f"{v:+.0f}%" + ("*" if how != "stated" else "") for v, how in zip(table["yoy_pct"], table["how"], strict=True)],
            textposition="outside",
            customdata=table[["how", "publisher", "source_title"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>%{x:+.1f}% YoY (%{customdata[0]})<br>%{customdata[1]}, %{customdata[2]}<extra></extra>",
            name="YoY growth",
        )
    )  # fmt: skip
    low, high = min(0.0, float(table["yoy_pct"].min())), max(0.0, float(table["yoy_pct"].max()))
    pad = 0.15 * (high - low or 1)
    fig.update_xaxes(range=[low - (pad if low < 0 else 0), high + pad])
    fig.update_xaxes(ticksuffix="%", zeroline=True, zerolinecolor="#9ca3af", title_text="Year-on-year growth (%)")
    notes = ["* computed from the store's values, not stated by the source"] if (table["how"] != "stated").any() else []
    finish(fig, f"{title}, {label}", source_line(citations(table)), None, notes=notes, wrap=110)
    fig.update_layout(height=max(420, 60 + 38 * len(table) + 160), showlegend=False)
    return ChartResult("segment-growth", fig, table.drop(columns=["published"]), short_quarter(quarter))


def segment_revenue_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    title = "Segment revenue by quarter"
    metrics = [m for m in segment_metrics(obs) if m != "group_revenue"]
    if opts.segments:
        metrics = [m for m in metrics if m in opts.segments]
    frames = [f for m in metrics if not (f := quarterly_series(obs, m, opts)).empty]
    if not frames:
        return _empty("segment-revenue", title, "No segment revenue in the store")
    fig = go.Figure()
    for i, f in enumerate(frames):
        metric = f["metric"].dropna().iloc[0]
        fig.add_trace(
            go.Scatter(
                x=quarter_x(f), y=f["value"], name=f["name"].dropna().iloc[0], mode="lines+markers",
                line=dict(color=color_for(metric, i), width=2), connectgaps=False,
                customdata=f[["label", "hover_source"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>%{y:,.1f}<br>%{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )  # fmt: skip
    allf = pd.concat(frames, ignore_index=True)
    label_quarter_axis(fig, allf.drop_duplicates("period").sort_values("period_end"), opts)
    if opts.show_events:
        add_event_markers(fig, opts.events, allf["period_start"].min(), allf["period_end"].max())
    unit = unit_label(allf["unit"].dropna().iloc[0])
    finish(
        fig, title, source_line(citations(allf)), f"Revenue ({unit})",
        notes=["Taobao and Tmall Group (to FY25) and China E-commerce Group (from FY26) are different perimeters",
               *opts.currency_notes],
    )  # fmt: skip
    fig.update_layout(legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"))
    return ChartResult("segment-revenue", fig, _data(allf), period_span(allf))


def revenue_mix_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """Stacked segment revenue per quarter (before inter-segment eliminations)."""
    title = "Revenue mix by segment"
    frames = [f for m in MIX_SEGMENTS if not (f := quarterly_series(obs, m, opts)).empty]
    if not frames:
        return _empty("revenue-mix", title, "No segment revenue in the store")
    allf = pd.concat(frames, ignore_index=True)
    allf = allf[allf["value"].notna()]
    fig = go.Figure()
    for i, f in enumerate(frames):
        f = f[f["value"].notna()]
        if f.empty:
            continue
        metric = f["metric"].iloc[0]
        fig.add_trace(
            go.Bar(
                x=quarter_x(f), y=f["value"], width=BAR_WIDTH_MS, name=f["name"].iloc[0],
                marker_color=color_for(metric, i), customdata=f[["label", "hover_source"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>%{y:,.1f}<br>%{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )  # fmt: skip
    fig.update_layout(barmode="stack")
    quarters = allf.drop_duplicates("period").sort_values("period_end")
    incomplete = _incomplete_quarters(allf, quarters)
    if not incomplete.empty:
        fig.add_trace(
            go.Scatter(
                x=quarter_x(incomplete), y=incomplete["stacked"], mode="text", text=incomplete["stated"],
                textposition="top center", textfont=dict(size=11, color=MUTED), showlegend=False,
                hovertemplate="%{text} in the store: this bar is not the quarter's total<extra></extra>",
            )
        )  # fmt: skip
    label_quarter_axis(fig, quarters, opts)
    unit = unit_label(allf["unit"].iloc[0])
    notes = ["Segment revenue before inter-segment eliminations", *opts.currency_notes]
    if not incomplete.empty:
        notes.append("'n of m': only n of the quarter's m segments are in the store, so that bar is not a total")
    finish(fig, title, source_line(citations(allf)), f"Revenue ({unit})", notes=notes)
    # seven segments do not fit in a row under the title
    fig.update_layout(legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"))
    return ChartResult("revenue-mix", fig, _data(allf), period_span(allf))


def _incomplete_quarters(allf: pd.DataFrame, quarters: pd.DataFrame) -> pd.DataFrame:
    """Quarters missing some of their reporting structure's segments, with 'n of m' and the bar top."""
    rows = []
    for q in quarters.itertuples():
        four = quarter_index(q.period) >= quarter_index(FIRST_FOUR_SEGMENT_QUARTER)
        expected = SEGMENTS_FROM_FY2026 if four else SEGMENTS_TO_FY2025
        here = allf[allf["period"] == q.period]
        stated = int(here["metric"].isin(expected).sum())
        if stated < len(expected):
            rows.append({"period": q.period, "period_start": q.period_start, "period_end": q.period_end,
                         "stacked": float(here["value"].sum()), "stated": f"{stated} of {len(expected)}"})  # fmt: skip
    return pd.DataFrame(rows, columns=["period", "period_start", "period_end", "stacked", "stated"])
