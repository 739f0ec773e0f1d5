"""One metric role drawn for several companies on one calendar: each company's fiscal quarters at the
calendar quarter holding their midpoint (loaders.aligned), so a June-year company's FY26 Q1 stands
under a March-year company's FY26 Q2, both Jul–Sep 2025. Each company keeps its own panel and unit: figures in
different currencies are set side by side in time, never on one scale."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS
from charts.figure import new_subplots, trace
from loaders.aligned import by_calendar_quarter
from loaders.units import unit_label


def calendar_aligned_figure(obs: pd.DataFrame, role: str, names: Mapping[str, str], title: str) -> go.Figure:
    """A panel per company (in the order of `names`, company id -> name), bars at calendar quarters on one
    shared date axis, ticked with the calendar quarters' months; hover gives the company's own fiscal quarter
    and, for a quarter straddling two calendar quarters, where it was placed."""
    data = by_calendar_quarter(obs, role, list(names))
    shown = [c for c in names if c in set(data["company"])]
    fig = new_subplots(rows=max(1, len(shown)), cols=1, shared_xaxes=True, subplot_titles=[names[c] for c in shown])
    for row, company in enumerate(shown, start=1):
        rows = data[data["company"] == company]
        unit = unit_label(str(rows["unit"].iloc[0]))
        fig.add_trace(
            trace("bar",
                x=rows["x"], y=rows["value"], width=BAR_WIDTH_MS, name=names[company],
                customdata=rows[["fiscal_label", "placement", "source_label"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{y:,.1f} " + unit
                + "<br>%{customdata[2]}<extra></extra>",
            ),
            row=row, col=1,
        )  # fmt: skip
        fig.update_yaxes(title_text=unit, rangemode="tozero", row=row, col=1)
    ticks = data.drop_duplicates("calendar_quarter").sort_values("x")
    fig.update_xaxes(type="date", tickmode="array", tickvals=list(ticks["x"]), ticktext=list(ticks["calendar_label"]))
    fig.update_xaxes(title_text="Calendar quarter", row=max(1, len(shown)), col=1)
    fig.update_layout(title_text=title, showlegend=False)
    return fig
