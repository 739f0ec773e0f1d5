"""Alibaba Cloud: revenue and growth, profitability and weight in the group."""

from __future__ import annotations

import pandas as pd

from charts.axes import align_dual_axes, label_quarter_axis, quarter_x
from charts.base import add_events, add_gaps, bar, chart_data, derived_notes, derived_symbols, empty_result, nothing_to_draw
from charts.figure import new_figure, trace
from charts.options import ViewOptions
from charts.series import citations, money_of, period_span, quarterly_series
from charts.spec import ChartSpec, finish
from charts.theme import GROWTH_COLOR, series_color
from loaders import roles
from loaders.derive import share_of, stated_growth
from loaders.product import CLOUD_BUSINESS
from loaders.roles import metric_for_role
from loaders.units import format_value, unit_label


def cloud_revenue_figure(
    obs: pd.DataFrame, opts: ViewOptions, events: pd.DataFrame | None = None, money: pd.DataFrame | None = None
) -> ChartSpec:
    """Revenue bars with the YoY growth the company reported as a line on a second axis. `money`: the
    observations in the chosen currency, as the page converted them once (charts.series)."""
    title = f"{CLOUD_BUSINESS} revenue and year-on-year growth"
    frame = quarterly_series(money_of(obs, opts, money), metric_for_role(obs, roles.CLOUD_REVENUE), opts)
    if (empty := nothing_to_draw("cloud-revenue", title, frame, "Cloud Intelligence revenue", opts.currency)) is not None:
        return empty
    unit = frame["unit"].dropna().iloc[0]
    # the growth each quarter's sources state, also where no amount is stated (a gap in the bars)
    growth = stated_growth(obs, metric_for_role(obs, roles.CLOUD_REVENUE)).set_index("period")
    frame["yoy_pct"] = frame["period"].map(growth["yoy_pct"])
    frame["growth_source"] = frame["period"].map(growth["publisher"] + " (" + growth["grade_label"] + ")")
    frame["growth_source_id"] = frame["period"].map(growth["source"])
    frame["growth_quote"] = frame["period"].map(growth["quote"])
    fig = new_figure()
    fig.add_trace(bar(frame, "Revenue", series_color(frame), unit_label(unit)))
    add_gaps(fig, frame)
    fig.add_trace(
        trace(
            "scatter",
            x=quarter_x(frame),
            y=frame["yoy_pct"],
            name="YoY growth (reported)",
            yaxis="y2",
            mode="lines+markers+text",
            text=[f"{v:.0f}%" if pd.notna(v) else "" for v in frame["yoy_pct"]],
            connectgaps=False,
            textposition="top center",
            cliponaxis=False,
            textfont=dict(size=10, color=GROWTH_COLOR),
            line=dict(color=GROWTH_COLOR, width=2),
            customdata=frame[["label", "growth_source"]].astype(object).fillna("").to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>YoY %{y:.0f}%<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis2=dict(overlaying="y", side="right", showgrid=False, ticksuffix="%", tickformat=".0f"),
        bargap=0.2,
    )
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    align_dual_axes(fig)
    latest = frame.dropna(subset=["value"]).iloc[-1]
    subtitle = f"{latest['label']}: {format_value(float(latest['value']), unit)}" + (
        f", {latest['yoy_pct']:+.0f}% YoY" if pd.notna(latest["yoy_pct"]) else ""
    )
    notes = ["Gaps mark quarters no source states"] if frame["missing"].any() else []
    if (frame["missing"] & frame["yoy_pct"].notna()).any():
        notes = ["Gaps mark quarters whose revenue no source states; their growth is drawn where a source states it"]
    notes += [*derived_notes(frame), *opts.currency_notes]
    return finish(
        fig,
        "cloud-revenue",
        period_span(frame),
        _growth_beside_its_source(chart_data(frame, ["growth_source", "growth_source_id", "growth_quote"])),
        title,
        pd.concat([citations(frame), citations(growth.reset_index())]),
        f"Revenue ({unit_label(unit)})",
        "YoY growth (%)",
        subtitle=subtitle,
        notes=notes,
    )


def cloud_ebita_figure(
    obs: pd.DataFrame, opts: ViewOptions, events: pd.DataFrame | None = None, money: pd.DataFrame | None = None
) -> ChartSpec:
    """Adjusted EBITA bars and the margin on revenue (EBITA / revenue, both cited)."""
    title = f"{CLOUD_BUSINESS} adjusted EBITA and margin"
    money = money_of(obs, opts, money)
    ebita = quarterly_series(money, metric_for_role(obs, roles.CLOUD_ADJUSTED_EBITA), opts)
    if (empty := nothing_to_draw("cloud-ebita", title, ebita, "cloud adjusted EBITA", opts.currency)) is not None:
        return empty
    revenue = quarterly_series(money, metric_for_role(obs, roles.CLOUD_REVENUE), opts)
    revenue = revenue[["period", "value", *(["derived"] if "derived" in revenue else [])]].rename(
        columns={"value": "revenue", "derived": "revenue_derived"}
    )
    frame = ebita.merge(revenue, on="period", how="left")
    frame["margin_pct"] = 100 * frame["value"] / frame["revenue"]
    unit = frame["unit"].dropna().iloc[0]
    fig = new_figure()
    fig.add_trace(bar(frame, "Adjusted EBITA", series_color(frame), unit_label(unit)))
    add_gaps(fig, frame)
    m = frame  # every quarter, so a quarter without EBITA is a gap in the line, not a straight bridge
    fig.add_trace(
        trace("scatter",
            x=quarter_x(m), y=m["margin_pct"], name="Margin (EBITA / revenue)", yaxis="y2", mode="lines+markers",
            line=dict(color=GROWTH_COLOR, width=2), connectgaps=False,
            marker=dict(symbol=derived_symbols(_either_derived(m, "revenue_derived"))),
            customdata=m[["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Margin %{y:.1f}% (computed)<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", showgrid=False, ticksuffix="%", tickformat=".0f"))
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    align_dual_axes(fig)
    return finish(
        fig, "cloud-ebita", period_span(frame), chart_data(frame, ["revenue", "margin_pct"]), title, citations(frame),
        f"Adjusted EBITA ({unit_label(unit)})", "Margin (%)",
        notes=["Margin computed from cited EBITA and revenue", *derived_notes(frame), *opts.currency_notes],
    )  # fmt: skip


def _either_derived(frame: pd.DataFrame, other: str) -> pd.Series:
    """A computed point rests on a derived value where the row's own value or the other input is derived."""
    own = frame["derived"] if "derived" in frame else pd.Series(False, index=frame.index)
    theirs = frame[other] if other in frame else pd.Series(False, index=frame.index)
    return own.fillna(False).astype(bool) | theirs.fillna(False).astype(bool)


def cloud_share_figure(
    obs: pd.DataFrame, opts: ViewOptions, events: pd.DataFrame | None = None, money: pd.DataFrame | None = None
) -> ChartSpec:
    """Cloud revenue as a share of group revenue, computed from the two cited series."""
    title = "Cloud's share of group revenue"
    share = share_of(obs, metric_for_role(obs, roles.CLOUD_REVENUE), metric_for_role(obs, roles.GROUP_REVENUE))
    if share.empty:
        return empty_result("cloud-share", title, "Cloud and group revenue are not both stated for any quarter")
    money = money_of(obs, opts, money)
    cloud = quarterly_series(money, metric_for_role(obs, roles.CLOUD_REVENUE), opts)
    frame = cloud.merge(share, on="period", how="inner")
    group = quarterly_series(money, metric_for_role(obs, roles.GROUP_REVENUE), opts)
    if "derived" in group:
        frame["group_derived"] = frame["period"].map(dict(zip(group["period"], group["derived"], strict=True)))
    fig = new_figure(
        trace("scatter",
            x=quarter_x(frame), y=frame["share_pct"], mode="lines+markers+text", name="Cloud share",
            text=[f"{v:.1f}%" for v in frame["share_pct"]], textposition="top center", cliponaxis=False,
            line=dict(color=series_color(frame), width=3),
            marker=dict(symbol=derived_symbols(_either_derived(frame, "group_derived"))),
            customdata=frame[["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>%{y:.1f}% of group revenue<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    both = pd.concat([citations(frame), citations(group[group["period"].isin(frame["period"])])])
    return finish(
        fig, "cloud-share", period_span(frame), chart_data(frame, ["share_pct"]), title, both, "Share of group revenue (%)",
        notes=["Computed: cloud revenue / group revenue"],
    )  # fmt: skip


def _growth_beside_its_source(data: pd.DataFrame) -> pd.DataFrame:
    """The CSV with each quarter's growth next to the source and quote that state it, after the revenue's own
    source and quote: the growth line may come from another document than the amount."""
    growth = ["yoy_pct", "growth_source", "growth_source_id", "growth_quote"]
    return data[[c for c in data.columns if c not in growth] + [c for c in growth if c in data.columns]]
