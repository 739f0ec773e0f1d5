"""Alibaba Cloud: revenue and growth, profitability and weight in the group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from charts.axes import align_dual_axes, label_quarter_axis, quarter_x
from charts.base import add_events, add_gaps, bar, chart_data, derived_notes, derived_symbols, empty_result, nothing_to_draw
from charts.breaks import (
    BREAK_ROOM,
    Break,
    break_notes,
    breaks_of,
    breaks_within,
    like_for_like_growth,
    like_for_like_trace,
    mark_breaks,
    recast_series,
    recast_trace,
    split_at_breaks,
)
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
    obs: pd.DataFrame,
    opts: ViewOptions,
    events: pd.DataFrame | None = None,
    money: pd.DataFrame | None = None,
    breaks: Sequence[Break] = (),
) -> ChartSpec:
    """Revenue bars with the YoY growth the company reported as a line on a second axis. `money`: the
    observations in the chosen currency, as the page converted them once (charts.series); `breaks`: the
    store's perimeter changes (charts.breaks), drawn where they touch cloud revenue."""
    title = f"{CLOUD_BUSINESS} revenue and year-on-year growth"
    money = money_of(obs, opts, money)
    metric = metric_for_role(obs, roles.CLOUD_REVENUE)
    frame = quarterly_series(money, metric, opts)
    if (empty := nothing_to_draw("cloud-revenue", title, frame, "Cloud Intelligence revenue", opts.currency)) is not None:
        return empty
    unit = frame["unit"].dropna().iloc[0]
    # the growth each quarter's sources state, also where no amount is stated (a gap in the bars)
    growth = stated_growth(obs, metric_for_role(obs, roles.CLOUD_REVENUE)).set_index("period")
    frame["yoy_pct"] = frame["period"].map(growth["yoy_pct"])
    frame["growth_source"] = frame["period"].map(growth["publisher"] + " (" + growth["grade_label"] + ")")
    frame["growth_source_id"] = frame["period"].map(growth["source"])
    frame["growth_quote"] = frame["period"].map(growth["quote"])
    drawn = breaks_within(frame, breaks_of(breaks, [metric]))
    fig = new_figure()
    fig.add_trace(bar(frame, "Revenue", series_color(frame), unit_label(unit)))
    add_gaps(fig, frame)
    line = split_at_breaks(frame, drawn)  # the growth line stops at a change of perimeter
    fig.add_trace(
        trace(
            "scatter",
            x=quarter_x(line),
            y=line["yoy_pct"],
            name="YoY growth (reported)",
            yaxis="y2",
            mode="lines+markers+text",
            text=[f"{v:.0f}%" if pd.notna(v) else "" for v in line["yoy_pct"]],
            connectgaps=False,
            textposition="top center",
            cliponaxis=False,
            textfont=dict(size=10, color=GROWTH_COLOR),
            line=dict(color=GROWTH_COLOR, width=2),
            customdata=line[["label", "growth_source"]].astype(object).fillna("").to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>YoY %{y:.0f}%<br>%{customdata[1]}<extra></extra>",
        )
    )
    recast = recast_series(money, metric, opts, drawn)
    if not recast.empty:
        fig.add_trace(recast_trace(recast, series_color(frame), "y", unit_label(unit)))
    like = like_for_like_growth(money, metric, frame, drawn)
    if not like.empty:
        fig.add_trace(like_for_like_trace(like, GROWTH_COLOR))
    fig.update_layout(
        yaxis2=dict(overlaying="y", side="right", showgrid=False, ticksuffix="%", tickformat=".0f"),
        bargap=0.2,
    )
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    mark_breaks(fig, frame, drawn)
    align_dual_axes(fig, **_room_for(drawn))
    latest = frame.dropna(subset=["value"]).iloc[-1]
    subtitle = f"{latest['label']}: {format_value(float(latest['value']), unit)}" + (
        f", {latest['yoy_pct']:+.0f}% YoY" if pd.notna(latest["yoy_pct"]) else ""
    )
    notes = ["Gaps mark quarters no source states"] if frame["missing"].any() else []
    if (frame["missing"] & frame["yoy_pct"].notna()).any():
        notes = ["Gaps mark quarters whose revenue no source states; their growth is drawn where a source states it"]
    notes += [*break_notes(drawn, opts, not recast.empty, not like.empty), *derived_notes(frame), *opts.currency_notes]
    data = _growth_beside_its_source(chart_data(frame, ["growth_source", "growth_source_id", "growth_quote"]))
    return finish(
        fig,
        "cloud-revenue",
        period_span(frame),
        _with_rows(data, recast, like),
        title,
        pd.concat([citations(frame), citations(growth.reset_index()), citations(recast), citations(like)]),
        f"Revenue ({unit_label(unit)})",
        "YoY growth (%)",
        subtitle=subtitle,
        notes=notes,
    )


def _room_for(drawn: Sequence[Break]) -> dict[str, Any]:
    """align_dual_axes' headroom where a break's label runs along the top: its default elsewhere."""
    return {"headroom": BREAK_ROOM} if drawn else {}


def _with_rows(data: pd.DataFrame, *extra: pd.DataFrame) -> pd.DataFrame:
    """The chart's rows and, after them, the stated rows drawn beside a break (a recast prior year, a
    like-for-like growth), each in the store's columns with its basis and citation."""
    more = [chart_data(rows) for rows in extra if not rows.empty]
    if not more:
        return data
    out = pd.concat([data, *more], ignore_index=True)
    if "missing" in out:
        out["missing"] = out["missing"].fillna(False).astype(bool)
    return out


def cloud_ebita_figure(
    obs: pd.DataFrame,
    opts: ViewOptions,
    events: pd.DataFrame | None = None,
    money: pd.DataFrame | None = None,
    breaks: Sequence[Break] = (),
) -> ChartSpec:
    """Adjusted EBITA bars and the margin on revenue (EBITA / revenue, both cited)."""
    title = f"{CLOUD_BUSINESS} adjusted EBITA and margin"
    money = money_of(obs, opts, money)
    metric, revenue_metric = metric_for_role(obs, roles.CLOUD_ADJUSTED_EBITA), metric_for_role(obs, roles.CLOUD_REVENUE)
    ebita = quarterly_series(money, metric, opts)
    if (empty := nothing_to_draw("cloud-ebita", title, ebita, "cloud adjusted EBITA", opts.currency)) is not None:
        return empty
    revenue = quarterly_series(money, revenue_metric, opts)
    revenue = revenue[["period", "value", *(["derived"] if "derived" in revenue else [])]].rename(
        columns={"value": "revenue", "derived": "revenue_derived"}
    )
    frame = ebita.merge(revenue, on="period", how="left")
    frame["margin_pct"] = 100 * frame["value"] / frame["revenue"]
    unit = frame["unit"].dropna().iloc[0]
    drawn = breaks_within(frame, breaks_of(breaks, [metric, revenue_metric]))
    fig = new_figure()
    fig.add_trace(bar(frame, "Adjusted EBITA", series_color(frame), unit_label(unit)))
    add_gaps(fig, frame)
    # every quarter, so a quarter without EBITA is a gap in the line, not a straight bridge; and a stop at a break
    m = split_at_breaks(frame, drawn)
    fig.add_trace(
        trace("scatter",
            x=quarter_x(m), y=m["margin_pct"], name="Margin (EBITA / revenue)", yaxis="y2", mode="lines+markers",
            line=dict(color=GROWTH_COLOR, width=2), connectgaps=False,
            marker=dict(symbol=derived_symbols(_either_derived(m, "revenue_derived"))),
            customdata=m[["label"]].astype(object).fillna("").to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Margin %{y:.1f}% (computed)<extra></extra>",
        )
    )  # fmt: skip
    recast = recast_series(money, metric, opts, drawn)
    if not recast.empty:
        fig.add_trace(recast_trace(recast, series_color(frame), "y", unit_label(unit)))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", showgrid=False, ticksuffix="%", tickformat=".0f"))
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    mark_breaks(fig, frame, drawn)
    align_dual_axes(fig, **_room_for(drawn))
    notes = ["Margin computed from cited EBITA and revenue", *break_notes(drawn, opts, not recast.empty)]
    return finish(
        fig, "cloud-ebita", period_span(frame), _with_rows(chart_data(frame, ["revenue", "margin_pct"]), recast), title,
        pd.concat([citations(frame), citations(recast)]), f"Adjusted EBITA ({unit_label(unit)})", "Margin (%)",
        notes=[*notes, *derived_notes(frame), *opts.currency_notes],
    )  # fmt: skip


def _either_derived(frame: pd.DataFrame, other: str) -> pd.Series:
    """A computed point rests on a derived value where the row's own value or the other input is derived."""
    own = frame["derived"] if "derived" in frame else pd.Series(False, index=frame.index)
    theirs = frame[other] if other in frame else pd.Series(False, index=frame.index)
    return own.fillna(False).astype(bool) | theirs.fillna(False).astype(bool)


def cloud_share_figure(
    obs: pd.DataFrame,
    opts: ViewOptions,
    events: pd.DataFrame | None = None,
    money: pd.DataFrame | None = None,
    breaks: Sequence[Break] = (),
) -> ChartSpec:
    """Cloud revenue as a share of group revenue, computed from the two cited series."""
    title = "Cloud's share of group revenue"
    cloud_metric, group_metric = metric_for_role(obs, roles.CLOUD_REVENUE), metric_for_role(obs, roles.GROUP_REVENUE)
    share = share_of(obs, cloud_metric, group_metric)
    if share.empty:
        return empty_result("cloud-share", title, "Cloud and group revenue are not both stated for any quarter")
    money = money_of(obs, opts, money)
    cloud = quarterly_series(money, cloud_metric, opts)
    frame = cloud.merge(share, on="period", how="inner")
    group = quarterly_series(money, group_metric, opts)
    # the line runs over every quarter of the cloud series: one without a share is a gap, never a bridge
    line = cloud.merge(share, on="period", how="left")
    if "derived" in group:
        derived_group = dict(zip(group["period"], group["derived"], strict=True))
        frame["group_derived"] = frame["period"].map(derived_group)
        line["group_derived"] = line["period"].map(derived_group)
    drawn = breaks_within(frame, breaks_of(breaks, [cloud_metric, group_metric]))
    line = split_at_breaks(line, drawn)
    fig = new_figure(
        trace("scatter",
            x=quarter_x(line), y=line["share_pct"], mode="lines+markers+text", name="Cloud share", connectgaps=False,
            text=[f"{v:.1f}%" if pd.notna(v) else "" for v in line["share_pct"]], textposition="top center",
            cliponaxis=False, line=dict(color=series_color(frame), width=3),
            marker=dict(symbol=derived_symbols(_either_derived(line, "group_derived"))),
            customdata=line[["label"]].astype(object).fillna("").to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>%{y:.1f}% of group revenue<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    if mark_breaks(fig, frame, drawn):
        _make_room(fig, line["share_pct"])
    both = pd.concat([citations(frame), citations(group[group["period"].isin(frame["period"])])])
    return finish(
        fig, "cloud-share", period_span(frame), chart_data(frame, ["share_pct"]), title, both, "Share of group revenue (%)",
        notes=["Computed: cloud revenue / group revenue", *break_notes(drawn, opts)],
    )  # fmt: skip


def _make_room(fig: Any, values: pd.Series, room: float = BREAK_ROOM) -> None:
    """A single axis from zero with `room`, a share of its height, above the data: for a break's label
    or the labels over bars."""
    top = float(values.max()) if values.notna().any() else 0.0
    if top > 0:
        fig.update_yaxes(range=[0, top / (1 - room)], rangemode=None)


def _growth_beside_its_source(data: pd.DataFrame) -> pd.DataFrame:
    """The CSV with each quarter's growth next to the source and quote that state it, after the revenue's own
    source and quote: the growth line may come from another document than the amount."""
    growth = ["yoy_pct", "growth_source", "growth_source_id", "growth_quote"]
    return data[[c for c in data.columns if c not in growth] + [c for c in growth if c in data.columns]]


def ai_revenue_figure(
    obs: pd.DataFrame,
    opts: ViewOptions,
    events: pd.DataFrame | None = None,
    money: pd.DataFrame | None = None,
    breaks: Sequence[Break] = (),
) -> ChartSpec:
    """AI-related product revenue as bars over the quarters stated, each labelled with its share of external
    cloud revenue as a source states it (never worked out), the annualised run-rate stated beside it on hover.

    Its quarters are its own, first stated to last: the amount was first disclosed long after the page's
    first quarter, so the chart does not take the page's span; a quarter between with no amount is a
    marked gap, and the note names the quarters where the amount or its share is not stated.
    """
    title = "AI-related product revenue and its share of external cloud revenue"
    money = money_of(obs, opts, money)
    metric = metric_for_role(obs, roles.AI_PRODUCT_REVENUE)
    share_metric, run_metric = (
        metric_for_role(obs, roles.AI_PRODUCT_SHARE_OF_CLOUD),
        metric_for_role(obs, roles.AI_PRODUCT_RUN_RATE),
    )
    frame = quarterly_series(money, metric, opts)
    if (empty := nothing_to_draw("ai-revenue", title, frame, "AI-related product revenue", opts.currency)) is not None:
        return empty
    unit = frame["unit"].dropna().iloc[0]
    # a percentage, and the run-rate in words on hover: as stated, in any currency
    share = _stated_beside(quarterly_series(obs, share_metric, opts), frame)
    run_rate = _stated_beside(quarterly_series(obs, run_metric, opts), frame)
    frame["share_of_external_cloud_pct"] = frame["period"].map(share["value"])
    frame["run_rate"] = frame["period"].map(run_rate["value"])
    frame["run_rate_unit"] = frame["period"].map(run_rate["unit"])
    for name, stated in (("share", share), ("run_rate", run_rate)):
        frame[f"{name}_source"] = frame["period"].map(stated["hover_source"])
        frame[f"{name}_source_id"] = frame["period"].map(stated["source"])
        frame[f"{name}_quote"] = frame["period"].map(stated["quote"])
    frame["share_words"] = [
        f"{v:.0f}% of external cloud revenue ({s})" if pd.notna(v) else "share of external cloud revenue: not stated"
        for v, s in zip(frame["share_of_external_cloud_pct"], frame["share_source"], strict=True)
    ]
    frame["run_rate_words"] = [
        f"annualised run-rate {format_value(float(v), str(u))}, as stated ({s})" if pd.notna(v) else "run-rate: not stated"
        for v, u, s in zip(frame["run_rate"], frame["run_rate_unit"], frame["run_rate_source"], strict=True)
    ]
    drawn = breaks_within(frame, breaks_of(breaks, [metric, share_metric, run_metric]))
    color = series_color(frame)
    fig = new_figure()
    bars = bar(frame, "AI-related product revenue", color, unit_label(unit))
    bars.update(
        text=[f"{v:.0f}% of external cloud" if pd.notna(v) else "" for v in frame["share_of_external_cloud_pct"]],
        textposition="outside", cliponaxis=False, textfont=dict(size=10),
        customdata=frame[["label", "hover_source", "hover_quote", "share_words", "run_rate_words"]]
        .astype(object).fillna("").to_numpy(),
        hovertemplate=(
            f"<b>%{{customdata[0]}}</b><br>%{{y:,.2f}} {unit_label(unit)}<br>%{{customdata[1]}}<br>%{{customdata[2]}}"
            "<br>%{customdata[3]}<br>%{customdata[4]}<extra></extra>"
        ),
    )  # fmt: skip
    fig.add_trace(bars)
    add_gaps(fig, frame)
    recast = recast_series(money, metric, opts, drawn)
    if not recast.empty:
        fig.add_trace(recast_trace(recast, color, "y", unit_label(unit)))
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    mark_breaks(fig, frame, drawn)
    _make_room(fig, pd.concat([frame["value"], recast.get("value", pd.Series(dtype=float))]), BREAK_ROOM if drawn else 0.15)
    stated = frame[~frame["missing"].astype(bool)]  # in US$ a stated amount may have no figure to draw
    notes = [f"Stated from {stated['label'].iloc[0]}: no source states an amount for an earlier quarter"]
    if frame["missing"].any():
        notes.append("Amount not stated by any source for " + ", ".join(frame.loc[frame["missing"], "label"]))
    no_figure = stated[stated["value"].isna()]  # in US$: neither a stated US$ amount nor a cited rate
    if not no_figure.empty:
        notes.append("No US$ amount stated, nor a cited rate, for " + ", ".join(no_figure["label"]) + ": no bar drawn")
    no_share = stated[stated["share_of_external_cloud_pct"].isna()]
    if not no_share.empty:
        notes.append("Share of external cloud revenue not stated for " + ", ".join(no_share["label"]))
    notes += ["Share of external cloud revenue as stated, never computed", *break_notes(drawn, opts, not recast.empty)]
    notes += [*derived_notes(frame), *opts.currency_notes]
    latest = stated.dropna(subset=["value"]).iloc[-1]
    subtitle = f"{latest['label']}: {format_value(float(latest['value']), unit)}" + (
        f", {latest['share_of_external_cloud_pct']:.0f}% of external cloud revenue"
        if pd.notna(latest["share_of_external_cloud_pct"])
        else ""
    )
    extra = [
        "share_of_external_cloud_pct", "share_source", "share_source_id", "share_quote",
        "run_rate", "run_rate_unit", "run_rate_source", "run_rate_source_id", "run_rate_quote",
    ]  # fmt: skip
    return finish(
        fig,
        "ai-revenue",
        period_span(frame),
        _with_rows(chart_data(frame, extra), recast),
        title,
        pd.concat([citations(frame), citations(share), citations(run_rate), citations(recast)]),
        f"AI-related product revenue ({unit_label(unit)})",
        subtitle=subtitle,
        notes=notes,
    )


def _stated_beside(series: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """A companion figure's stated quarters (charts.series.quarterly_series rows) among the frame's, by period."""
    if series.empty:
        return pd.DataFrame(columns=["value", "unit", "source", "hover_source", "quote", "period"]).set_index("period")
    stated = series[~series["missing"].astype(bool) & series["period"].isin(frame["period"])]
    return stated.set_index("period", drop=False).rename_axis(None)
