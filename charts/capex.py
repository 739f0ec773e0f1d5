"""Capital expenditure, quarter by quarter, against the AI and cloud capex plan in the store, and in context:
as a share of revenue and beside the cash flow that funds it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, label_quarter_axis, quarter_x
from charts.base import (
    add_events,
    add_gaps,
    bar,
    chart_data,
    derived_hover,
    derived_notes,
    derived_pattern,
    derived_symbols,
    empty_result,
    mark_gaps,
    nothing_to_draw,
)
from charts.events import record, statements
from charts.figure import new_figure, trace
from charts.options import ViewOptions
from charts.series import (
    HOVER_QUOTE_CHARS,
    MISSING_TEXT,
    citations,
    is_true,
    money_of,
    period_frame,
    period_span,
    quarterly_series,
    source_words,
)
from charts.spec import ChartSpec, finish
from charts.theme import INK, MUTED, PLAN_COLOR, distinct_colors, series_color
from loaders import roles
from loaders.calendar import (
    fiscal_quarter_axis_title,
    fiscal_year_axis_title,
    label,
    parse_period,
    quarter_index,
    quarters_between,
    short_quarter,
)
from loaders.citation import label_words
from loaders.curation import year_end_month_of
from loaders.derive import (
    NOT_STATED,
    NOT_YET_REPORTED,
    OVERDUE,
    PlanProgress,
    cumulative_against_plan,
    plan_progress,
)
from loaders.recipes import is_derived
from loaders.roles import metric_for_role
from loaders.rows import rows_where
from loaders.units import UNIT_IDS, format_value, unit_label
from loaders.vocab import QUARTER_STATES


def first_quarter(obs: pd.DataFrame, opts: ViewOptions, money: pd.DataFrame | None = None) -> str | None:
    """The first quarter the capex page's quarterly charts share: the earliest with stated capex or a
    stated cash flow, so that each of them starts there and shows its own missing quarters as gaps."""
    metrics = [metric_for_role(obs, role) for role in (roles.CAPEX, *(role for role, _ in CASH_FLOW_SERIES))]
    money = money_of(obs, opts, money)
    codes = [q for m in metrics for q in stated_values(money, m, "quarter").index]
    return min(codes, key=quarter_index) if codes else None


def capex_quarterly_figure(
    obs: pd.DataFrame,
    opts: ViewOptions,
    events: pd.DataFrame | None = None,
    since: str | None = None,
    money: pd.DataFrame | None = None,
) -> ChartSpec:
    """Quarters a source states, and quarters derived from the year's stated total and its other quarters
    (hatched); the others are gaps, never estimated. `money`: the observations in the chosen currency, as
    the page converted them once (charts.series)."""
    title = "Capital expenditure by quarter"
    frame = quarterly_series(money_of(obs, opts, money), metric_for_role(obs, roles.CAPEX), opts, since=since)
    if (empty := nothing_to_draw("capex-quarterly", title, frame, "quarterly capital expenditure", opts.currency)) is not None:
        return empty
    unit = frame["unit"].dropna().iloc[0]
    fig = new_figure(bar(frame, "Capex", series_color(frame), unit_label(unit)))
    fig.data[0].text = [f"{v:,.1f}" if pd.notna(v) else "" for v in frame["value"]]
    fig.data[0].textposition = "outside"
    fig.data[0].cliponaxis = False  # the tallest bar's value above the plot, never cut off
    add_gaps(fig, frame)
    fig.update_yaxes(rangemode="tozero")
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    notes = []
    notes += derived_notes(frame)
    if frame["missing"].any():
        notes.append("not stated: no source states these quarters (left blank, never estimated)")
    return finish(
        fig, "capex-quarterly", period_span(frame), chart_data(frame), title, citations(frame),
        f"Capex ({unit_label(unit)})", notes=[*notes, *opts.currency_notes],
    )  # fmt: skip


def capex_vs_plan_figure(
    obs: pd.DataFrame,
    plan: pd.Series,
    start_quarter: str,
    opts: ViewOptions,
    today: dt.date,
    remarks: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    days: Mapping[str, dt.date] | None = None,
    money: pd.DataFrame | None = None,
) -> ChartSpec:
    """Cumulative stated capex since the chosen start against a straight-line path to the plan amount.

    The start quarter is an assumption (which quarters count against the plan is not stated by the
    company), so it is printed on the chart.
    """
    title = f"Capex against the RMB {plan['amount']:,.0f} billion {int(plan['horizon_years'])}-year AI and cloud plan"
    path = cumulative_against_plan(obs, plan, start_quarter, today, days)
    progress = plan_progress(obs, plan, start_quarter, today, days)
    if progress.latest_quarter is None:
        return empty_result("capex-vs-plan", title, f"No capex stated from {start_quarter} on")
    path = path.copy()
    path["period_start"] = [pd.Timestamp(parse_period(p).start) for p in path["period"]]
    path["label"] = [getattr(parse_period(p), opts.label_column) for p in path["period"]]
    x = quarter_x(path)
    done = path["cumulative"].notna()
    capex_color = series_color(obs[obs["metric"] == plan["tracks"]])
    # a derived quarter: hatched bar and hollow point, "derived" and its recipe on hover; a cumulative
    # after a quarter with no figure: "at least" on hover
    path["evidence"] = [derived_hover(r) if d else "stated" for d, r in zip(path["derived"], path["recipe"], strict=True)]
    path["bound"] = ["at least " if a else "" for a in path["at_least"]]
    fig = new_figure()
    fig.add_trace(
        trace("bar",
            x=x[done], y=path.loc[done, "stated"], width=BAR_WIDTH_MS,
            name="Quarterly capex (stated; hatched: derived)" if path["derived"].any() else "Quarterly capex (stated)",
            marker=dict(color=capex_color, pattern=derived_pattern(path.loc[done, "derived"])), opacity=0.45,
            customdata=path.loc[done, ["label", "evidence"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Capex RMB %{y:,.1f} bn<br>%{customdata[1]}<extra></extra>",
        )
    )  # fmt: skip
    # every quarter to the last counted: one without a figure is a gap in the line, never a bridge
    upto = path.index <= path.index[done][-1]
    fig.add_trace(
        trace("scatter",
            x=x[upto], y=path.loc[upto, "cumulative"], name="Cumulative capex since plan start",
            mode="lines+markers", line=dict(color=capex_color, width=3), connectgaps=False,
            marker=dict(symbol=derived_symbols(path.loc[upto, "derived"]), size=8, line=dict(color=capex_color, width=2)),
            customdata=path.loc[upto, ["label", "bound"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Cumulative %{customdata[1]}RMB %{y:,.1f} bn<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        trace("scatter",
            x=x, y=path["plan_path"], name=f"Straight-line path to RMB {plan['amount']:,.0f} bn",
            mode="lines", line=dict(color=PLAN_COLOR, width=2, dash="dash"),
            customdata=path[["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Plan path RMB %{y:,.1f} bn<extra></extra>",
        )
    )  # fmt: skip
    announced = pd.Timestamp(plan["announced"])
    horizon_end = path["period_end"].iloc[-1]
    # the announcement's label on the later side of its line (like the event labels, so the two
    # never meet), the horizon's on the earlier side, inside the chart
    marks = ((announced, f"Plan announced {announced:%d %b %Y}", "left"), (horizon_end, "End of 3-year horizon", "right"))
    for when, text, side in marks:
        fig.add_vline(x=when, line=dict(color=PLAN_COLOR, width=1.5, dash="dash"), layer="below")
        fig.add_annotation(x=when, y=1, yref="paper", text=text, showarrow=False, xanchor=side, yanchor="top",
                           textangle=-90, font=dict(size=10, color=PLAN_COLOR), name="plan-marker")  # fmt: skip
    now = pd.Timestamp(today)
    if path["period_end"].iloc[0] - pd.Timedelta(days=92) < now < horizon_end:
        fig.add_vline(x=now, line=dict(color=INK, width=1.5, dash="dot"), layer="below")
        fig.add_annotation(x=now, y=1, yref="paper", text=f"Today {now:%d %b %Y}", showarrow=False, xanchor="right",
                           yanchor="top", textangle=-90, font=dict(size=10, color=INK), name="today-marker")  # fmt: skip
    if remarks is not None and not remarks.empty:
        # what was said about the plan after it was announced, without a new amount: dated marks
        # along the top, each with its words and source on hover
        fig.add_trace(
            trace("scatter",
                x=remarks["start"], y=[float(plan["amount"]) * 1.06] * len(remarks), mode="markers",
                name="Later statements, no new amount", marker=dict(symbol="diamond", size=10, color=INK),
                customdata=np.column_stack([
                    [f"{d:%d %b %Y}" for d in remarks["start"]], remarks["title"],
                    [f"{p} ({g})" for p, g in zip(remarks["publisher"], remarks["grade_label"], strict=True)],
                ]),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
        )  # fmt: skip
        record(fig, statements(remarks))  # numbered with a key on screen, dated lines in an image
    gaps = path[path["missing"]]
    if not gaps.empty:
        words = gaps["status"].map({NOT_YET_REPORTED: "not yet reported", NOT_STATED: MISSING_TEXT, OVERDUE: OVERDUE})
        # upright, as on the quarterly charts: level words of neighbouring quarters ran together on a phone
        mark_gaps(fig, list(quarter_x(gaps)), list(gaps["label"]), [f"capex {w}; not counted" for w in words],
                  gaps["status"].map(GAP_MARKS).tolist())  # fmt: skip
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(
        type="date", tickmode="array", tickvals=list(x), ticktext=[str(t).replace(" ", "<br>", 1) for t in path["label"]],
        range=[min(x.min(), announced) - pd.Timedelta(days=50), horizon_end + pd.Timedelta(days=50)],
        title_text=fiscal_quarter_axis_title(year_end_month_of(path)) if opts.labels == "fiscal" else "Calendar quarter",
    )  # fmt: skip
    if events is not None:
        add_event_markers(fig, _without_plan(events, announced), path["period_start"].min(), horizon_end)
    fig.update_yaxes(range=[0, float(plan["amount"]) * 1.12])
    subtitle = (
        f"Counting from {label(start_quarter, opts.labels)} (an assumption, chosen above the chart): "
        f"{AT_LEAST if progress.at_least else ''}{progress.share_deployed_pct:.0f}% of the plan "
        f"deployed in {progress.share_time_elapsed_pct:.0f}% of the time"
    )
    notes = []

    def named(quarters: list[str]) -> str:
        return ", ".join(label(q, opts.labels) for q in quarters)

    if progress.derived:
        notes.append(f"Derived from stated figures (hatched), counted: {_derived_words(progress, opts.labels)}")
    if progress.not_stated:
        notes.append(f"Not stated (results due, no source states capex), not counted: {named(progress.not_stated)}")
    if progress.overdue:
        notes.append(f"Overdue ({QUARTER_STATES[OVERDUE]}), not counted: {named(progress.overdue)}")
    if progress.not_yet_reported:
        notes.append(f"Not yet reported (results not due yet), not counted: {named(progress.not_yet_reported)}")
    if progress.at_least:
        notes.append("A quarter with no figure is never counted as zero: the cumulative after it is a lower bound")
    cited_rows = quarterly_series(money_of(obs, opts, money), plan["tracks"], opts)
    cited = citations(cited_rows)
    plan_src = pd.DataFrame(
        [
            {
                "source": plan["source"],
                "publisher": plan["publisher"],
                "source_title": plan["source_title"],
                "published": announced,
                "grade": plan["grade"],
            }
        ]
    )
    # each quarter's stated capex with its citation, so the CSV, the deck's notes and the citation name them
    citation_cols = [c for c in ("fiscal_label", "calendar_label", "unit", "source", "publisher", "grade_label", "url", "quote",
                                 "evidence", "recipe", "input_citations")
                     if c in cited_rows]  # fmt: skip
    data = path[["period", "label", "stated", "cumulative", "plan_path", "status", "at_least"]].merge(
        cited_rows[["period", *citation_cols]] if not cited_rows.empty else pd.DataFrame(columns=["period"]),
        on="period", how="left",
    )  # fmt: skip
    data["value"] = data["stated"]
    span = f"{short_quarter(start_quarter)}-{short_quarter(path['period'].iloc[-1])}"
    # five legend entries take two rows: room for them under the subtitle, never over it
    return finish(
        fig, "capex-vs-plan", span, data, title, pd.concat([plan_src, cited]), "RMB bn", subtitle=subtitle, notes=notes,
        top_extra=PLAN_LEGEND_ROOM,
    )  # fmt: skip


PLAN_LEGEND_ROOM = 55  # px between the subtitle and the plot for the plan chart's second legend row
GAP_MARKS = {NOT_YET_REPORTED: "not yet reported", NOT_STATED: "not stated", OVERDUE: OVERDUE}


def _without_plan(events: pd.DataFrame | None, announced: pd.Timestamp) -> pd.DataFrame | None:
    """The plan announcement is already marked; do not draw it twice."""
    if events is None or events.empty:
        return events
    return events[~((events["category"] == "plan") & (events["start"] == announced))]


AT_LEAST = "at least "


def progress_summary(progress: PlanProgress) -> list[tuple[str, str, str, str]]:
    """The plan figures as (label, value, detail, explanation) for metric cards: units in the label
    keep values short, and the detail fits under the value of a fifth of the page. Time runs to
    today, not to the latest quarter with figures. Where an ended quarter has no figure, the
    cumulative and the projection are lower bounds ("at least") and the pace needed an upper bound."""
    share_time = f"{progress.quarters_elapsed} of {progress.horizon_quarters} quarters ended"
    today = f"{progress.today:%d %b %Y}".lstrip("0")
    low = AT_LEAST if progress.at_least else ""
    high = "at most " if progress.at_least else ""
    derived = f"; derived (never stated, worked out from stated figures): {_derived_words(progress)}" if progress.derived else ""
    gaps = (
        f"; no figure for {', '.join(progress.missing_quarters)}, not counted, so spending was at least this"
        if progress.at_least
        else ""
    )
    n_derived = len(progress.trailing_derived)
    trailing = f"latest 4 quarters, {n_derived} derived" if n_derived else "latest 4 stated quarters"
    return [
        ("Deployed, RMB bn", f"{low}{progress.cumulative:,.1f}", f"{low}{progress.share_deployed_pct:.0f}% of the plan",
         f"Cumulative capex since the plan-start quarter{derived}{gaps}"),
        ("Time elapsed", f"{progress.share_time_elapsed_pct:.0f}%", share_time,
         f"The plan's quarters that have ended by today ({today}), of all its quarters"),
        _needed(progress, high),
        ("Trailing, RMB bn/qtr", f"{progress.trailing_run_rate:,.1f}", trailing,
         "Mean of the latest four quarters with stated capex"
         + (f", or derived where none is stated ({', '.join(progress.trailing_derived)})" if progress.trailing_derived else "")),
        ("At trailing pace", f"{low}{progress.projected_at_horizon:,.0f}", "RMB bn at the end",
         "Cumulative capex, RMB bn, at the end of the plan's horizon if the trailing run-rate holds"
         + ("; at least, since the cumulative leaves out quarters with no figure" if progress.at_least else "")),
    ]  # fmt: skip


def _needed(progress: PlanProgress, high: str) -> tuple[str, str, str, str]:
    """The pace still needed; once every quarter of the horizon has ended nothing is left to pace, and the
    card says so in words."""
    label = "Needed, RMB bn/qtr"
    if not progress.quarters_remaining or progress.required_run_rate != progress.required_run_rate:
        ended = f"Every quarter of the plan's horizon has ended by {progress.today:%d %b %Y}: no pace is left to reach"
        return (label, "–", "horizon ended", ended)
    return (label, f"{high}{progress.required_run_rate:,.1f}", f"in the {progress.quarters_remaining} quarters left",
            "What is left of the plan amount, divided by the plan's quarters not yet ended"
            + ("; at most, since the cumulative leaves out quarters with no figure" if progress.at_least else ""))  # fmt: skip


def _derived_words(progress: PlanProgress, style: str = "fiscal") -> str:
    """The derived quarters with their recipes in fiscal terms; in calendar quarters, named only (the recipe,
    written in the company's fiscal year, is in each bar's hover)."""
    if style != "fiscal":
        return ", ".join(label(q, "calendar") for q in progress.derived) + "; hover for the recipe"
    return "; ".join(f"{label(q, 'fiscal')} = {recipe}" for q, recipe in zip(progress.derived, progress.recipes, strict=True))


def missing_summary(progress: PlanProgress, style: str) -> str:
    """Ended plan quarters without a stated figure, in words: derived ones counted and named, the others never
    counted as zero."""
    parts = []
    if progress.derived:
        parts.append(f"derived from stated figures and counted: {', '.join(label(q, style) for q in progress.derived)}")
    if progress.not_stated:
        parts.append(f"not stated (results due, no source found): {', '.join(label(q, style) for q in progress.not_stated)}")
    if progress.overdue:
        parts.append(f"overdue ({QUARTER_STATES[OVERDUE]}): {', '.join(label(q, style) for q in progress.overdue)}")
    if progress.not_yet_reported:
        parts.append(f"not yet reported (results not due yet): {', '.join(label(q, style) for q in progress.not_yet_reported)}")
    return "; ".join(parts)


# --- capex in context: against revenue and against cash flow ---------------------------------------------

PeriodKind = Literal["quarter", "fiscal_year"]
SHARE_TITLE = "Capex as a share of revenue"
CASH_FLOW_TITLE = "Capex against cash flow"
# the chart's series: role (the store says which metric plays it, loaders.roles), name on the chart (the
# store's names are the long accounting ones)
CASH_FLOW_SERIES = (
    (roles.CAPEX, "Capex"),
    (roles.GROUP_OPERATING_CASH_FLOW, "Operating cash flow"),
    (roles.GROUP_FREE_CASH_FLOW, "Free cash flow"),
)
NO_USD = "no US$ figure"
# a period's slot on the time axis, and its bars side by side inside it
SLOT_MS = {"quarter": BAR_WIDTH_MS, "fiscal_year": 240 * 24 * 3600 * 1000}
# the CSV's columns, one word each: the workbook reads rows as named tuples, which rename a header with a space
CONTEXT_COLUMNS = [
    "Period", "Calendar", "Measure", "Value", "Unit", "Status", "Source", "Grade", "Published", "Link", "Quote", "Note",
]  # fmt: skip
# the stated values drawn, in the store's columns (pagemodels.common.chart_values reads these)
CITED_COLUMNS = [
    "source", "period", "fiscal_label", "calendar_label", "value", "unit", "what", "publisher", "grade_label", "url", "quote",
]  # fmt: skip


def stated_values(money: pd.DataFrame, metric: str, kind: PeriodKind) -> pd.DataFrame:
    """The preferred reported value of each period of `kind`, indexed by period code, from observations in the
    currency wanted (charts.series.in_view_currency; the observations as stated for RMB).

    A period absent here is not stated; one present with a NaN value is stated in RMB without a US$
    figure or cited rate (its fx_note says so).
    """
    rows = rows_where(money, metric=metric, preferred=True, basis="reported", period_kind=kind)
    return rows.sort_values(["period_end", "grade"]).drop_duplicates("period").set_index("period")


def every_period(first: str, last: str, kind: PeriodKind) -> list[str]:
    """Each quarter or fiscal year from first to last, so one with nothing stated is drawn as a gap."""
    if kind == "quarter":
        return quarters_between(first, last)
    return [f"FY{y}" for y in range(int(first[2:6]), int(last[2:6]) + 1)]


def _short_quote(quote: object) -> str:
    if not isinstance(quote, str):
        return ""
    return "“" + (quote if len(quote) <= HOVER_QUOTE_CHARS else quote[: HOVER_QUOTE_CHARS - 1] + "…") + "”"


def _cited_hover(name: str, row: Mapping[str, Any]) -> str:
    """'Capex RMB 31.5 bn' with its source and quote, for a hover; a derived value with its recipe and arithmetic."""
    value = format_value(float(row["value"]), str(row["unit"]))
    if is_true(row.get("derived")):
        return f"{name} {value}<br>{derived_hover(row['recipe'])} (weakest input: {row['grade_label']})<br>{row['note']}"
    source = source_words(row["publisher"], row["source_title"], row["grade_label"], row.get("machine_only"))
    return f"{name} {value}<br>{source}" + (f"<br>{_short_quote(row['quote'])}" if isinstance(row["quote"], str) else "")


def _csv_row(
    frame_row: Mapping[str, Any], measure: str, value: float, unit: str, status: str,
    cited: Mapping[str, Any] | None = None, note: str = "",
) -> dict[str, object]:  # fmt: skip
    """One line of a context chart's CSV, in plain words."""
    row: dict[str, object] = {
        "Period": frame_row["fiscal_label"], "Calendar": frame_row["calendar_label"], "Measure": measure, "Value": value,
        "Unit": unit_label(unit) if unit in UNIT_IDS else unit, "Status": status, "Note": note,
    }  # fmt: skip
    if cited is not None:
        row.update(
            Source=label_words(str(cited["publisher"]), str(cited["source_title"])), Grade=cited["grade_label"],
            Published=f"{pd.Timestamp(cited['published']).date().isoformat()}",
            Link=cited["url"] if isinstance(cited["url"], str) else "", Quote=cited["quote"],
        )  # fmt: skip
        if is_true(cited.get("derived")):  # its recipe, arithmetic and inputs where a quote would be
            row.update(Source=f"derived: {cited['recipe']}", Quote=f"{cited['note']} ({cited['input_citations']})")
    return row


def _cited_row(frame_row: Mapping[str, Any], name: str, cited: Mapping[str, Any], currency_unit: str) -> dict[str, object]:
    """A drawn value in the store's columns, for the chart's citation and the deck notes."""
    value = float(cited["value"])
    what = f"{name} {format_value(value, currency_unit)}" if value == value else f"{name}: {NO_USD}"
    return {
        "source": cited["source"], "period": frame_row["period"], "fiscal_label": frame_row["fiscal_label"],
        "calendar_label": frame_row["calendar_label"], "value": value, "unit": currency_unit, "what": what,
        "publisher": cited["publisher"], "grade_label": cited["grade_label"], "url": cited["url"], "quote": cited["quote"],
    }  # fmt: skip


def _period_axis(fig: go.Figure, frame: pd.DataFrame, opts: ViewOptions, kind: PeriodKind) -> None:
    """Quarters as every quarterly chart labels them; fiscal years by their fiscal or calendar span."""
    if kind == "quarter":
        label_quarter_axis(fig, frame, opts)
        return
    x = quarter_x(frame)
    fig.update_xaxes(
        type="date", tickmode="array", tickvals=list(x), ticktext=list(frame["label"]),
        range=[x.min() - pd.Timedelta(days=200), x.max() + pd.Timedelta(days=200)],
        title_text=fiscal_year_axis_title(year_end_month_of(frame)) if opts.labels == "fiscal" else "Months of the fiscal year",
    )  # fmt: skip


def capex_share_figure(
    obs: pd.DataFrame, opts: ViewOptions, events: pd.DataFrame | None = None, since: str | None = None
) -> ChartSpec:
    """Stated capex over stated group revenue of the same quarter (computed, so labelled so).

    A ratio of two amounts in one currency is the same in RMB and US$, so it is computed from the
    RMB the sources state and the chart stays whole in US$ mode; a quarter lacking either amount is
    a labelled gap, never a line drawn across it.
    """
    slug = "capex-share"
    capex, revenue = (  # as stated: RMB
        stated_values(obs, metric_for_role(obs, role), "quarter") for role in (roles.CAPEX, roles.GROUP_REVENUE)
    )
    both = [q for q in capex.index if q in revenue.index and revenue.at[q, "value"]]
    if not both:
        return empty_result(slug, SHARE_TITLE, "Capex and group revenue are not both stated for any quarter")
    first, last = min([*both, *([since] if since else [])], key=quarter_index), max(both, key=quarter_index)
    frame = period_frame(every_period(first, last, "quarter"), opts)
    frame["capex"] = frame["period"].map(capex["value"])
    frame["revenue"] = frame["period"].map(revenue["value"])
    frame["share_pct"] = 100 * frame["capex"] / frame["revenue"]
    x = quarter_x(frame)
    capex_rows, revenue_rows = _rows_by_index(capex), _rows_by_index(revenue)
    hover = [
        "<br>".join(
            [
                f"Capex {s:.1f}% of revenue (computed)" if s == s else "No share: " + _share_gap(q, capex, revenue),
                _cited_hover("Capex", capex_rows[q]) if q in capex_rows else "Capex " + MISSING_TEXT,
                _cited_hover("Revenue", revenue_rows[q]) if q in revenue_rows else "Revenue " + MISSING_TEXT,
            ]
        )
        for q, s in zip(frame["period"], frame["share_pct"], strict=True)
    ]
    fig = new_figure(
        trace("scatter",
            x=x, y=frame["share_pct"], mode="lines+markers+text", name="Capex / group revenue", connectgaps=False,
            text=[f"{v:.1f}%" if v == v else "" for v in frame["share_pct"]], textposition="top center", cliponaxis=False,
            line=dict(color=series_color(obs[obs["metric"] == metric_for_role(obs, roles.CAPEX)]), width=3),
            marker=dict(symbol=derived_symbols(_uses_derived(frame["period"], capex, revenue))),
            customdata=np.column_stack([frame["label"], hover]),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    )  # fmt: skip
    gaps = frame[frame["share_pct"].isna()]
    words = [_share_gap(q, capex, revenue) for q in gaps["period"]]
    mark_gaps(fig, list(quarter_x(gaps)), list(gaps["label"]), words, words)
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    notes = ["Computed: stated capex / stated group revenue of the same quarter"]
    hollow = frame.loc[_uses_derived(frame["period"], capex, revenue), "label"]
    if not hollow.empty:
        notes.append(f"Hollow: computed from a derived value ({', '.join(hollow)}); hover for the recipe")
    if not gaps.empty:
        notes.append("gaps: quarters where either amount is not stated by any source (no share computed)")
    if opts.currency == "USD":
        notes.append("In US$ the share is the same: computed from the RMB amounts the sources state")
    drawn = frame["period"].tolist()
    sources = pd.concat([citations(capex[capex.index.isin(drawn)]), citations(revenue[revenue.index.isin(drawn)])])
    latest = frame.dropna(subset=["share_pct"]).iloc[-1]
    subtitle = f"{latest['label']}: capex {latest['share_pct']:.1f}% of group revenue (computed)"
    data, cited = _share_data(frame, capex, revenue, {"Capex": capex_rows, "Group revenue": revenue_rows})
    return finish(
        fig, slug, period_span(frame), data, SHARE_TITLE, sources, "Capex / group revenue (%)", subtitle=subtitle,
        notes=notes, labels=opts.labels, cited=cited,
    )  # fmt: skip


def _uses_derived(periods: pd.Series, *inputs: pd.DataFrame) -> pd.Series:
    """Whether a computed point of each period rests on a derived input: drawn hollow."""
    flags = [set(s.index[is_derived(s)]) for s in inputs]
    return pd.Series([any(p in f for f in flags) for p in periods], index=periods.index)


def _share_gap(quarter: str, capex: pd.DataFrame, revenue: pd.DataFrame) -> str:
    """Which of the two amounts a quarter lacks, in words."""
    missing = [name for name, stated in (("capex", capex), ("revenue", revenue)) if quarter not in stated.index]
    return " and ".join(missing) + " not stated"


def _share_data(
    frame: pd.DataFrame, capex: pd.DataFrame, revenue: pd.DataFrame, by_period: Mapping[str, Rows]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CSV (each quarter's two stated amounts and the share computed from them) and the cited rows;
    `by_period`: each amount's rows by period (`_rows_by_index`), by its name in the CSV."""
    rows, cited = [], []
    for q in frame.to_dict("records"):
        for name, stated in by_period.items():
            if q["period"] in stated:
                value = stated[q["period"]]
                status = "derived" if is_true(value.get("derived")) else "stated"
                rows.append(_csv_row(q, name, float(value["value"]), "RMB_bn", status, value))
                cited.append(_cited_row(q, name, value, "RMB_bn"))
            else:
                rows.append(_csv_row(q, name, math.nan, "RMB_bn", "not stated"))
        share = q["share_pct"]
        status = "computed: capex / group revenue" if share == share else _share_gap(q["period"], capex, revenue)
        rows.append(_csv_row(q, "Capex as a share of group revenue", share, "pct", status))
    return pd.DataFrame(rows, columns=CONTEXT_COLUMNS), pd.DataFrame(cited, columns=CITED_COLUMNS)


def capex_cash_flow_figure(
    obs: pd.DataFrame,
    opts: ViewOptions,
    kind: PeriodKind = "quarter",
    events: pd.DataFrame | None = None,
    since: str | None = None,
    money: pd.DataFrame | None = None,
) -> ChartSpec:
    """Capex beside operating and free cash flow, as each is stated: is the spending funded from operations?

    Stated values are drawn, and where no source states one, a value derived from the same measure's
    stated year and quarters (hatched): operating cash flow is never worked back from free cash flow
    and capex, nor the reverse; a value neither stated nor derived is labelled "not stated", never
    drawn as zero.
    Money follows the chosen currency; a value without a US$ figure or cited rate is labelled so.
    """
    by = "by quarter" if kind == "quarter" else "by fiscal year"
    slug, title = f"capex-cash-flow-{'quarterly' if kind == 'quarter' else 'annual'}", f"{CASH_FLOW_TITLE} {by}"
    money = money_of(obs, opts, money)
    series = [(name, stated_values(money, metric_for_role(obs, role), kind)) for role, name in CASH_FLOW_SERIES]
    if all(s.empty for _, s in series[1:]):
        return empty_result(slug, title, f"No operating or free cash flow stated by any source, {by}")
    codes = [p for _, s in series for p in s.index] + ([since] if since and kind == "quarter" else [])
    first, last = (min(codes, key=lambda p: parse_period(p).start), max(codes, key=lambda p: parse_period(p).start))
    frame = period_frame(every_period(first, last, kind), opts)
    unit = opts.money_unit
    colors = distinct_colors(
        [series_color(obs[obs["metric"] == metric_for_role(obs, role)], i) for i, (role, _) in enumerate(CASH_FLOW_SERIES)]
    )
    slot, x = SLOT_MS[kind], quarter_x(frame)
    width = slot / len(series)
    fig = new_figure()
    rows = _by_period(series)
    gaps: tuple[list[object], ...] = ([], [], [], [])  # x, period label, hover words, label text
    for i, ((name, stated), color) in enumerate(zip(series, colors, strict=True)):
        offset = -slot / 2 + i * width
        values = frame["period"].map(stated["value"]) if not stated.empty else pd.Series(math.nan, index=frame.index)
        derived = frame["period"].map(stated["derived"]) if "derived" in stated else pd.Series(False, index=frame.index)
        hover = [_bar_hover(name, p, rows[i][1], rows) for p in frame["period"]]
        fig.add_trace(
            trace("bar",
                x=x, y=values, width=width, offset=offset, name=name,
                marker=dict(color=color, pattern=derived_pattern(derived)),
                text=[f"{v:,.1f}" if v == v else "" for v in values] if kind == "fiscal_year" else None,
                textposition="outside", cliponaxis=False,
                customdata=np.column_stack([frame["label"], hover]),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            )
        )  # fmt: skip
        for mark in _series_gaps(frame, x, rows, i, offset + width / 2):
            for target, item in zip(gaps, mark, strict=True):
                target.append(item)
    mark_gaps(fig, *gaps)
    fig.update_layout(barmode="overlay")
    fig.add_hline(y=0, line=dict(color=MUTED, width=1))
    _period_axis(fig, frame, opts, kind)
    add_events(fig, frame, events)
    data, cited = _cash_flow_data(frame, rows, unit)
    return finish(
        fig, slug, period_span(frame), data, title, pd.concat([citations(s) for _, s in series]), unit_label(unit),
        subtitle=_cash_flow_subtitle(frame, series, rows, unit), notes=_cash_flow_notes(frame, series, opts),
        labels=opts.labels, cited=cited,
    )  # fmt: skip


Rows = dict[str, dict[str, Any]]  # a series' rows by period code, each row's columns by name (read per period)


def _by_period(series: list[tuple[str, pd.DataFrame]]) -> list[tuple[str, Rows]]:
    """Each series' rows by period: a context chart reads a row per series and period, and a dict lookup costs
    nothing where a frame's .loc builds a Series each time."""
    return [(name, _rows_by_index(stated)) for name, stated in series]


def _rows_by_index(frame: pd.DataFrame) -> Rows:
    """`frame.to_dict("index")`, made a column at a time: pandas boxes each cell on its own there, and a series
    of many quarters has every column of the store."""
    columns = list(frame.columns)
    cells = zip(*(frame[c].tolist() for c in columns), strict=True) if columns else ({} for _ in frame.index)
    return {key: dict(zip(columns, row, strict=True)) for key, row in zip(frame.index, cells, strict=True)}


def _series_gaps(
    frame: pd.DataFrame, x: pd.Series, series: list[tuple[str, Rows]], i: int, centre_ms: float
) -> list[tuple[pd.Timestamp, str, str, str]]:
    """(x, period label, hover words, label) for each empty slot of the i-th series: "not stated", or stated
    without a US$ figure. A period with nothing stated at all gets one label in the middle of its slot."""
    name, stated = series[i]
    out = []
    for period, shown, at in zip(frame["period"], frame["label"], x, strict=True):
        if all(period not in s for _, s in series):
            if i == 0:
                out.append((at, shown, f"Capex and cash flow {MISSING_TEXT}", "not stated"))
        elif period not in stated:
            out.append((at + pd.Timedelta(milliseconds=centre_ms), shown, f"{name} {MISSING_TEXT}", "not stated"))
        elif stated[period]["value"] != stated[period]["value"]:
            words = f"{name}: {stated[period]['fx_note']}"
            out.append((at + pd.Timedelta(milliseconds=centre_ms), shown, words, NO_USD))
    return out


def _bar_hover(name: str, period: str, stated: Rows, series: list[tuple[str, Rows]]) -> str:
    """A bar's value with its source; capex's also says what share of operating cash flow it was."""
    if period not in stated:
        return f"{name} {MISSING_TEXT}"
    row = stated[period]
    if row["value"] != row["value"]:
        return f"{name}: {row['fx_note']}"
    text = _cited_hover(name, row)
    share = _capex_share_of_ocf(period, series)
    if name == series[0][0] and share == share:
        text += f"<br>{share:.0f}% of operating cash flow (computed)"
    return text


def _capex_share_of_ocf(period: str, series: list[tuple[str, Rows]]) -> float:
    """Capex over operating cash flow of the same period, from the amounts as stated: a ratio is the same
    in either currency, so it does not need a US$ figure for both."""
    (_, capex), (_, ocf) = series[0], series[1]
    if period not in capex or period not in ocf:
        return math.nan
    a, b = capex[period], ocf[period]
    if a["stated_unit"] != b["stated_unit"] or not b["stated_value"]:
        return math.nan
    return 100 * float(a["stated_value"]) / float(b["stated_value"])


def _derived_mark(series: pd.DataFrame, period: str) -> str:
    """' derived' after a figure worked out from stated ones, so a subtitle never passes it off as stated."""
    return " derived" if "derived" in series and is_true(series.at[period, "derived"]) else ""


def _cash_flow_subtitle(
    frame: pd.DataFrame, series: list[tuple[str, pd.DataFrame]], rows: list[tuple[str, Rows]], unit: str
) -> str | None:
    """One period's figures: the latest period with capex and operating cash flow both drawn, with its free
    cash flow where that is stated too; else the latest free cash flow alone. Never two periods in one line:
    "FY25: capex …; free cash flow FY26: …" reads as one year's figures."""
    (_, capex), (_, ocf), (_, fcf) = series
    for _, q in frame.iloc[::-1].iterrows():
        period = q["period"]
        share = _capex_share_of_ocf(period, rows)
        if share == share and pd.notna(capex.at[period, "value"]) and pd.notna(ocf.at[period, "value"]):
            text = (
                f"{q['label']}: capex {format_value(float(capex.at[period, 'value']), unit)}{_derived_mark(capex, period)}, "
                f"{share:.0f}% of operating cash flow ({format_value(float(ocf.at[period, 'value']), unit)}"
                f"{_derived_mark(ocf, period)})"
            )
            if period in fcf.index and pd.notna(fcf.at[period, "value"]):
                text += f", free cash flow {format_value(float(fcf.at[period, 'value']), unit)}{_derived_mark(fcf, period)}"
            return text
    drawn = fcf[fcf["value"].notna()] if not fcf.empty else fcf
    if drawn.empty:
        return None
    latest = drawn.sort_values("period_end").iloc[-1]
    label_of = dict(zip(frame["period"], frame["label"], strict=True))
    return f"{label_of[latest.name]}: free cash flow {format_value(float(latest['value']), unit)}"


def _cash_flow_notes(frame: pd.DataFrame, series: list[tuple[str, pd.DataFrame]], opts: ViewOptions) -> list[str]:
    """What is missing, said once: values no source states, and stated values without a US$ figure."""
    notes = ["No cash flow figure is worked out from the others (free cash flow is never operating cash flow less capex)"]
    derived = [s.index[is_derived(s)] for _, s in series]
    if any(len(d) for d in derived):
        periods_of = ", ".join(
            label(p, opts.labels) for p in sorted({p for d in derived for p in d}, key=lambda p: parse_period(p).start)
        )
        notes.append(f"Hatched: derived from the same measure's stated year and quarters ({periods_of}); hover for the recipe")
    periods = set(frame["period"])
    if any(not periods <= set(s.index) for _, s in series):
        notes.append("not stated: no source in this dashboard states the value (left blank, never zero)")
    no_usd = any(s["value"].isna().any() for _, s in series if not s.empty)
    if no_usd:
        notes.append(f"{NO_USD}: stated in RMB only, with no cited RMB/US$ rate to convert it (switch off US$ to see it)")
    return [*notes, *opts.currency_notes]


def _cash_flow_data(frame: pd.DataFrame, series: list[tuple[str, Rows]], unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CSV (each period's three values, as stated or why not, and capex over operating cash flow) and the cited rows."""
    rows, cited = [], []
    for q in frame.to_dict("records"):
        for name, stated in series:
            if q["period"] not in stated:
                rows.append(_csv_row(q, name, math.nan, unit, "not stated"))
                continue
            value = stated[q["period"]]
            note = str(value["fx_note"])
            if value["value"] != value["value"]:
                note += f"; stated: {format_value(float(value['stated_value']), str(value['stated_unit']))}"
            status = ("derived" if is_true(value.get("derived")) else "stated") if value["value"] == value["value"] else NO_USD
            rows.append(_csv_row(q, name, float(value["value"]), unit, status, value, note))
            cited.append(_cited_row(q, name, value, unit))
        share = _capex_share_of_ocf(q["period"], series)
        if share == share:
            status = "computed: capex / operating cash flow"
            rows.append(_csv_row(q, "Capex as a share of operating cash flow", share, "pct", status))
    return pd.DataFrame(rows, columns=CONTEXT_COLUMNS), pd.DataFrame(cited, columns=CITED_COLUMNS)
