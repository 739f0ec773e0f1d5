"""The strategy timeline: dated, cited events in lanes by category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.base import empty_result
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.theme import FALLBACK_COLORS, finish, source_line
from loaders.vocab import EVENT_CATEGORIES

CATEGORY_ORDER = list(EVENT_CATEGORIES)
CATEGORY_LABELS = EVENT_CATEGORIES


def timeline_figure(events: pd.DataFrame, opts: ViewOptions, categories: tuple[str, ...] = ()) -> ChartResult:
    title = "Alibaba's AI strategy: a timeline of cited events"
    rows = events if not categories else events[events["category"].isin(categories)]
    if rows.empty:
        return empty_result("timeline", title, "No events for this selection")
    fig = go.Figure()
    for i, cat in enumerate(CATEGORY_ORDER):
        r = rows[rows["category"] == cat]
        if r.empty:
            continue
        label = CATEGORY_LABELS[cat]
        color = FALLBACK_COLORS[i % len(FALLBACK_COLORS)]
        ranged = r[r["end"] > r["start"]]
        for e in ranged.itertuples():
            fig.add_trace(go.Scatter(x=[e.start, e.end], y=[label, label], mode="lines", line=dict(color=color, width=6),
                                     showlegend=False, hoverinfo="skip"))  # fmt: skip
        # only headline events carry text (their chart_label): a title on every dot made the
        # busy months unreadable; every dot's hover, and the page's table, give the full title
        labels = list(r["chart_label"].fillna("")) if "chart_label" in r else [""] * len(r)
        sides, k = [], 0
        for text in labels:
            sides.append("top center" if k % 2 == 0 else "bottom center")
            k += bool(text)
        fig.add_trace(
            go.Scatter(
                x=r["start"], y=[label] * len(r), mode="markers+text", name=label,
                marker=dict(size=11, color=color, line=dict(color="white", width=1)),
                text=labels, textposition=sides, textfont=dict(size=10, color="#374151"),
                customdata=r[["title", "publisher", "source_title"]].to_numpy(),
                hovertemplate=(
                    "%{x|%d %b %Y}<br><b>%{customdata[0]}</b><br>"
                    "Source: %{customdata[1]}, %{customdata[2]}<extra></extra>"
                ),
            )
        )  # fmt: skip
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[CATEGORY_LABELS[c] for c in reversed(CATEGORY_ORDER)],
                     title_text=None)  # fmt: skip
    fig.update_xaxes(type="date", title_text="Date", tickformat="%b %Y")
    finish(fig, title, source_line(rows), None,
           notes=["Labelled: headline events; hover a dot for its title and source"])  # fmt: skip
    fig.update_layout(height=560, showlegend=False)
    first, last = f"{rows['start'].min():%Y%m}", f"{rows['end'].max():%Y%m}"
    span = first if first == last else f"{first}-{last}"
    return ChartResult("timeline", fig, rows.drop(columns=["line"], errors="ignore"), span)
