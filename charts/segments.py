"""Segment growth and mix: which businesses drive the group, quarter by quarter."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, label_quarter_axis, quarter_x
from charts.base import add_events, chart_data, empty_result
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import citations, period_span, quarterly_series
from charts.theme import FALLBACK_COLORS, MUTED, finish, series_color, source_line
from loaders.calendar import parse_period, prior_year_quarter, quarter_index, short_quarter
from loaders.units import unit_label


def structure_of(structures: pd.DataFrame, quarter: str) -> pd.Series | None:
    """The reporting structure a quarter was reported in (loaders.frames.structures_frame), if any."""
    index = quarter_index(quarter)
    for row in structures.itertuples(index=False):
        if quarter_index(row.first) <= index and (not isinstance(row.last, str) or index <= quarter_index(row.last)):
            return pd.Series(row._asdict())
    return None


def mix_segments(structures: pd.DataFrame) -> list[str]:
    """Every segment of any structure, in the order the structures list them: the ones a stack may add up."""
    return list(dict.fromkeys(m for segments in structures["segments"] for m in segments)) if not structures.empty else []


def growth_metrics(obs: pd.DataFrame, structures: pd.DataFrame) -> list[str]:
    """Segments, then the parts reported inside them (customer management, quick commerce), then the totals."""
    segments = mix_segments(structures)
    parts = list(dict.fromkeys(obs.loc[obs["metric"].isin(_parts(obs, segments)), "metric"])) if not obs.empty else []
    totals = list(dict.fromkeys(structures["total"])) if not structures.empty else []
    return [*segments, *[p for p in parts if p not in segments], *[t for t in totals if t not in segments]]


def _parts(obs: pd.DataFrame, segments: list[str]) -> list[str]:
    return [m for m, parent in zip(obs["metric"], obs["part_of"], strict=True) if parent in segments] if "part_of" in obs else []


def segment_metrics(obs: pd.DataFrame, structures: pd.DataFrame) -> list[str]:
    present = set(obs["metric"]) if not obs.empty else set()
    return [m for m in growth_metrics(obs, structures) if m in present]


def latest_growth_quarter(obs: pd.DataFrame, structures: pd.DataFrame) -> str | None:
    metrics = growth_metrics(obs, structures)
    rows = obs[obs["metric"].isin(metrics) & (obs["period_kind"] == "quarter") & obs["yoy_pct"].notna()]
    if rows.empty:
        return None
    return rows.sort_values("period_end")["period"].iloc[-1]


def growth_table(obs: pd.DataFrame, structures: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """YoY by segment for one quarter: stated where the source states it, else computed from the store."""
    rows = []
    in_quarter = obs[(obs["period"] == quarter) & obs["metric"].isin(growth_metrics(obs, structures))]
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
                "how": "stated" if not math.isnan(stated) else "computed from cited values",
                "value": r.value, "unit": r.unit, "source": r.source, "publisher": r.publisher,
                "source_title": r.source_title, "published": r.published, "url": r.url, "quote": r.quote,
                "color": r.color,
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def segment_growth_figure(obs: pd.DataFrame, structures: pd.DataFrame, quarter: str | None, opts: ViewOptions) -> ChartResult:
    quarter = quarter or latest_growth_quarter(obs, structures)
    title = "Year-on-year revenue growth by segment"
    if quarter is None:
        return empty_result("segment-growth", title, "No segment growth stated by any source")
    table = growth_table(obs, structures, quarter)
    totals = set(structures["total"]) if not structures.empty else set()
    if opts.segments:
        table = table[table["metric"].isin(opts.segments) | table["metric"].isin(totals)]
    if table.empty:
        return empty_result("segment-growth", title, f"No segment growth stated for {quarter}")
    table = table.sort_values("yoy_pct")
    label = getattr(parse_period(quarter), opts.label_column)
    fig = go.Figure(
        go.Bar(
            x=table["yoy_pct"], y=table["segment"], orientation="h",
            marker_color=[c if isinstance(c, str) else FALLBACK_COLORS[i % len(FALLBACK_COLORS)]
                          for i, c in enumerate(table["color"])],
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
    notes = ["* computed from the cited values, not stated by the source"] if (table["how"] != "stated").any() else []
    finish(fig, f"{title}, {label}", source_line(citations(table)), None, notes=notes, wrap=110)
    fig.update_layout(height=max(420, 60 + 38 * len(table) + 160), showlegend=False)
    return ChartResult("segment-growth", fig, table.drop(columns=["published", "color"]), short_quarter(quarter))


def segment_revenue_figure(
    obs: pd.DataFrame, structures: pd.DataFrame, opts: ViewOptions, events: pd.DataFrame | None = None
) -> ChartResult:
    title = "Segment revenue by quarter"
    totals = set(structures["total"]) if not structures.empty else set()
    metrics = [m for m in segment_metrics(obs, structures) if m not in totals]
    if opts.segments:
        metrics = [m for m in metrics if m in opts.segments]
    frames = [f for m in metrics if not (f := quarterly_series(obs, m, opts)).empty]
    if not frames:
        return empty_result("segment-revenue", title, "No segment revenue stated by any source")
    fig = go.Figure()
    for i, f in enumerate(frames):
        fig.add_trace(
            go.Scatter(
                x=quarter_x(f), y=f["value"], name=f["name"].dropna().iloc[0], mode="lines+markers",
                line=dict(color=series_color(f, i), width=2), connectgaps=False,
                customdata=f[["label", "hover_source"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>%{y:,.1f}<br>%{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )  # fmt: skip
    allf = pd.concat(frames, ignore_index=True)
    label_quarter_axis(fig, allf.drop_duplicates("period").sort_values("period_end"), opts)
    add_events(fig, allf, events)
    unit = unit_label(allf["unit"].dropna().iloc[0])
    finish(
        fig, title, source_line(citations(allf)), f"Revenue ({unit})",
        notes=["Taobao and Tmall Group (to FY25) and China E-commerce Group (from FY26) are different perimeters",
               *opts.currency_notes],
    )  # fmt: skip
    fig.update_layout(legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"))
    return ChartResult("segment-revenue", fig, chart_data(allf), period_span(allf))


def revenue_mix_figure(obs: pd.DataFrame, structures: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """Stacked segment revenue per quarter (before inter-segment eliminations)."""
    title = "Revenue mix by segment"
    frames = [f for m in mix_segments(structures) if not (f := quarterly_series(obs, m, opts)).empty]
    if not frames:
        return empty_result("revenue-mix", title, "No segment revenue stated by any source")
    allf = pd.concat(frames, ignore_index=True)
    allf = allf[allf["value"].notna()]
    fig = go.Figure()
    for i, f in enumerate(frames):
        f = f[f["value"].notna()]
        if f.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=quarter_x(f), y=f["value"], width=BAR_WIDTH_MS, name=f["name"].iloc[0],
                marker_color=series_color(f, i), customdata=f[["label", "hover_source"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>%{y:,.1f}<br>%{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )  # fmt: skip
    fig.update_layout(barmode="stack")
    quarters = allf.drop_duplicates("period").sort_values("period_end")
    incomplete = _incomplete_quarters(allf, quarters, structures)
    if not incomplete.empty:
        fig.add_trace(
            go.Scatter(
                x=quarter_x(incomplete), y=incomplete["stacked"], mode="text", text=incomplete["stated"],
                textposition="top center", textfont=dict(size=11, color=MUTED), showlegend=False,
                hovertemplate="%{text} stated: this bar is not the quarter's total<extra></extra>",
            )
        )  # fmt: skip
    label_quarter_axis(fig, quarters, opts)
    unit = unit_label(allf["unit"].iloc[0])
    notes = ["Segment revenue before inter-segment eliminations", *opts.currency_notes]
    if not incomplete.empty:
        notes.append("'n of m': only n of the quarter's m segments are stated, so that bar is not a total")
    finish(fig, title, source_line(citations(allf)), f"Revenue ({unit})", notes=notes)
    # seven segments do not fit in a row under the title
    fig.update_layout(legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"))
    return ChartResult("revenue-mix", fig, chart_data(allf), period_span(allf))


def _incomplete_quarters(allf: pd.DataFrame, quarters: pd.DataFrame, structures: pd.DataFrame) -> pd.DataFrame:
    """Quarters missing some of their reporting structure's segments, with 'n of m' and the bar top."""
    rows = []
    for q in quarters.itertuples():
        structure = structure_of(structures, q.period)
        if structure is None:
            continue
        expected = structure["segments"]
        here = allf[allf["period"] == q.period]
        stated = int(here["metric"].isin(expected).sum())
        if stated < len(expected):
            rows.append({"period": q.period, "period_start": q.period_start, "period_end": q.period_end,
                         "stacked": float(here["value"].sum()), "stated": f"{stated} of {len(expected)}"})  # fmt: skip
    return pd.DataFrame(rows, columns=["period", "period_start", "period_end", "stacked", "stated"])
