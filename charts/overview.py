"""The overview's one chart: cloud revenue beside capital expenditure, the two halves of the AI bet."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from charts.axes import BAR_WIDTH_MS, label_quarter_axis, quarter_x
from charts.base import add_events, chart_data, derived_notes, derived_pattern, empty_result
from charts.breaks import Break, break_notes, breaks_of, mark_breaks
from charts.figure import new_figure, trace
from charts.options import ViewOptions
from charts.series import citations, money_of, period_span, quarterly_series
from charts.spec import ChartSpec, finish
from charts.theme import series_color
from loaders import roles
from loaders.roles import metric_for_role
from loaders.units import unit_label


def cloud_vs_capex_figure(
    obs: pd.DataFrame,
    opts: ViewOptions,
    events: pd.DataFrame | None = None,
    money: pd.DataFrame | None = None,
    breaks: Sequence[Break] = (),
) -> ChartSpec:
    """`money`: the observations in the chosen currency, as the page converted them once (charts.series); `breaks`:
    the store's declared changes of perimeter, marked where the cloud's bars cross one."""
    title = "Cloud revenue and capital expenditure by quarter"
    money = money_of(obs, opts, money)
    cloud_metric = metric_for_role(obs, roles.CLOUD_REVENUE)
    cloud = quarterly_series(money, cloud_metric, opts)
    capex = quarterly_series(money, metric_for_role(obs, roles.CAPEX), opts)
    if cloud.empty and capex.empty:
        return empty_result("cloud-vs-capex", title, "No cloud revenue or capex stated by any source")
    fig = new_figure()
    half = pd.Timedelta(milliseconds=BAR_WIDTH_MS // 4)
    for frame, name, shift in ((cloud, "Cloud revenue", -half), (capex, "Capex", half)):
        if frame.empty:
            continue
        fig.add_trace(
            trace("bar",
                x=quarter_x(frame) + shift, y=frame["value"], width=BAR_WIDTH_MS / 2, name=name,
                marker=dict(color=series_color(frame), pattern=derived_pattern(frame)),
                customdata=frame[["label", "hover_source"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>" + name + " %{y:,.1f}<br>%{customdata[1]}<extra></extra>",
            )
        )  # fmt: skip
    both = pd.concat([f for f in (cloud, capex) if not f.empty], ignore_index=True)
    axis = both.drop_duplicates("period").sort_values("period_end")
    label_quarter_axis(fig, axis, opts)
    add_events(fig, axis, events)
    unit = unit_label(both["unit"].dropna().iloc[0])
    drawn = mark_breaks(fig, cloud, breaks_of(breaks, {cloud_metric})) if not cloud.empty else ()
    notes = [*derived_notes(both), *(["Missing bars: quarters no source states"] if both["missing"].any() else [])]
    notes += break_notes(drawn, opts)
    return finish(
        fig, "cloud-vs-capex", period_span(axis), chart_data(both), title, citations(both), unit,
        notes=[*notes, *opts.currency_notes],
    )  # fmt: skip
