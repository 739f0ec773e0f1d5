"""The overview's one chart: cloud revenue beside capital expenditure, the two halves of the AI bet."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, label_quarter_axis, quarter_x
from charts.cloud import _data, _empty
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import citations, period_span, quarterly_series
from charts.theme import color_for, finish, source_line
from loaders.units import unit_label


def cloud_vs_capex_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    title = "Cloud revenue and capital expenditure by quarter"
    cloud = quarterly_series(obs, "cloud_revenue", opts)
    capex = quarterly_series(obs, "capex", opts)
    if cloud.empty and capex.empty:
        return _empty("cloud-vs-capex", title, "No cloud revenue or capex in the store")
    fig = go.Figure()
    half = pd.Timedelta(milliseconds=BAR_WIDTH_MS // 4)
    for frame, metric, name, shift in (
        (cloud, "cloud_revenue", "Cloud revenue", -half),
        (capex, "capex", "Capex", half),
    ):
        if frame.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=quarter_x(frame) + shift, y=frame["value"], width=BAR_WIDTH_MS / 2, name=name,
                marker_color=color_for(metric), customdata=frame[["label", "hover_source"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>" + name + " %{y:,.1f}<br>%{customdata[1]}<extra></extra>",
            )
        )  # fmt: skip
    both = pd.concat([f for f in (cloud, capex) if not f.empty], ignore_index=True)
    axis = both.drop_duplicates("period").sort_values("period_end")
    label_quarter_axis(fig, axis, opts)
    if opts.show_events:
        add_event_markers(fig, opts.events, axis["period_start"].min(), axis["period_end"].max())
    unit = unit_label(both["unit"].dropna().iloc[0])
    notes = ["Missing bars: quarters no source in the store states"] if both["missing"].any() else []
    finish(fig, title, source_line(citations(both)), unit, notes=[*notes, *opts.currency_notes])
    return ChartResult("cloud-vs-capex", fig, _data(both), period_span(axis))
