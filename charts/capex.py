"""Capital expenditure, quarter by quarter and against the AI and cloud capex plan in the store."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, label_quarter_axis, quarter_x
from charts.base import add_events, add_gaps, bar, chart_data, empty_result, nothing_to_draw
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import MISSING_TEXT, citations, period_span, quarterly_series
from charts.theme import INK, PLAN_COLOR, finish, series_color, source_line
from loaders.calendar import label, parse_period, short_quarter
from loaders.derive import NOT_STATED, NOT_YET_REPORTED, PlanProgress, cumulative_against_plan, plan_progress
from loaders.units import unit_label


def capex_quarterly_figure(obs: pd.DataFrame, opts: ViewOptions, events: pd.DataFrame | None = None) -> ChartResult:
    """Only quarters a source states are drawn; the others are gaps, never derived values."""
    title = "Capital expenditure by quarter"
    frame = quarterly_series(obs, "capex", opts)
    if (empty := nothing_to_draw("capex-quarterly", title, frame, "quarterly capital expenditure", opts.currency)) is not None:
        return empty
    unit = frame["unit"].dropna().iloc[0]
    fig = go.Figure(bar(frame, "Capex", series_color(frame), unit_label(unit)))
    fig.data[0].text = [f"{v:,.1f}" if pd.notna(v) else "" for v in frame["value"]]
    fig.data[0].textposition = "outside"
    add_gaps(fig, frame)
    fig.update_yaxes(rangemode="tozero")
    label_quarter_axis(fig, frame, opts)
    add_events(fig, frame, events)
    notes = []
    if frame["missing"].any():
        notes.append("not stated: no source states these quarters (left blank, never estimated)")
    finish(fig, title, source_line(citations(frame)), f"Capex ({unit_label(unit)})", notes=[*notes, *opts.currency_notes])
    return ChartResult("capex-quarterly", fig, chart_data(frame), period_span(frame))


def capex_vs_plan_figure(
    obs: pd.DataFrame,
    plan: pd.Series,
    start_quarter: str,
    opts: ViewOptions,
    today: dt.date,
    remarks: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> ChartResult:
    """Cumulative stated capex since the chosen start against a straight-line path to the plan amount.

    The start quarter is an assumption (which quarters count against the plan is not stated by the
    company), so it is printed on the chart.
    """
    title = f"Capex against the RMB {plan['amount']:,.0f} billion {int(plan['horizon_years'])}-year AI and cloud plan"
    path = cumulative_against_plan(obs, plan, start_quarter, today)
    progress = plan_progress(obs, plan, start_quarter, today)
    if progress.latest_quarter is None:
        return empty_result("capex-vs-plan", title, f"No capex stated from {start_quarter} on")
    path = path.copy()
    path["period_start"] = [pd.Timestamp(parse_period(p).start) for p in path["period"]]
    path["label"] = [getattr(parse_period(p), opts.label_column) for p in path["period"]]
    x = quarter_x(path)
    done = path["cumulative"].notna()
    capex_color = series_color(obs[obs["metric"] == plan["tracks"]])
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=x[done], y=path.loc[done, "stated"], width=BAR_WIDTH_MS, name="Quarterly capex (stated)",
            marker_color=capex_color, opacity=0.45,
            customdata=path.loc[done, ["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Capex RMB %{y:,.1f} bn<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=x[done], y=path.loc[done, "cumulative"], name="Cumulative capex since plan start",
            mode="lines+markers", line=dict(color=capex_color, width=3),
            customdata=path.loc[done, ["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Cumulative RMB %{y:,.1f} bn<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
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
            go.Scatter(
                x=remarks["start"], y=[float(plan["amount"]) * 1.06] * len(remarks), mode="markers",
                name="Statements on the plan since", marker=dict(symbol="diamond", size=10, color=INK),
                customdata=np.column_stack([
                    [f"{d:%d %b %Y}" for d in remarks["start"]], remarks["title"],
                    [f"{p} ({g})" for p, g in zip(remarks["publisher"], remarks["grade_label"], strict=True)],
                ]),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
        )  # fmt: skip
    gaps = path[path["missing"]]
    if not gaps.empty:
        words = gaps["status"].map({NOT_YET_REPORTED: "not yet reported", NOT_STATED: MISSING_TEXT})
        fig.add_trace(
            go.Scatter(
                x=quarter_x(gaps), y=[0] * len(gaps), mode="text", text=gaps["status"].map(GAP_MARKS).tolist(),
                textposition="top center", textfont=dict(color=PLAN_COLOR), showlegend=False,
                customdata=np.column_stack([gaps["label"], words]),
                hovertemplate="<b>%{customdata[0]}</b><br>capex %{customdata[1]}; not counted<extra></extra>",
            )
        )  # fmt: skip
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(
        type="date", tickmode="array", tickvals=list(x), ticktext=[str(t).replace(" ", "<br>", 1) for t in path["label"]],
        range=[min(x.min(), announced) - pd.Timedelta(days=50), horizon_end + pd.Timedelta(days=50)],
        title_text="Fiscal quarter (year ends 31 March)" if opts.labels == "fiscal" else "Calendar quarter",
    )  # fmt: skip
    if events is not None:
        add_event_markers(fig, _without_plan(events, announced), path["period_start"].min(), horizon_end)
    fig.update_yaxes(range=[0, float(plan["amount"]) * 1.12])
    subtitle = (
        f"Counting from {short_quarter(start_quarter)} (an assumption, chosen above the chart): "
        f"{progress.share_deployed_pct:.0f}% of the plan "
        f"deployed in {progress.share_time_elapsed_pct:.0f}% of the time"
    )
    notes = []
    if progress.not_stated:
        notes.append(f"Not stated (results due, no source states capex), not counted: {', '.join(progress.not_stated)}")
    if progress.not_yet_reported:
        notes.append(f"Not yet reported (results not due yet), not counted: {', '.join(progress.not_yet_reported)}")
    cited = citations(quarterly_series(obs, plan["tracks"], opts))
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
    finish(fig, title, source_line(pd.concat([plan_src, cited])), "RMB bn", subtitle=subtitle, notes=notes)
    # five legend entries take two rows: room for them under the subtitle, never over it
    fig.update_layout(margin=dict(t=165))
    # each quarter's stated capex with its citation, so the CSV, the deck's notes and the citation name them
    cited_rows = quarterly_series(obs, plan["tracks"], opts)
    citation_cols = [c for c in ("fiscal_label", "calendar_label", "unit", "source", "publisher", "grade_label", "url", "quote")
                     if c in cited_rows]  # fmt: skip
    data = path[["period", "label", "stated", "cumulative", "plan_path", "status"]].merge(
        cited_rows[["period", *citation_cols]] if not cited_rows.empty else pd.DataFrame(columns=["period"]),
        on="period", how="left",
    )  # fmt: skip
    data["value"] = data["stated"]
    return ChartResult("capex-vs-plan", fig, data, f"{short_quarter(start_quarter)}-{short_quarter(path['period'].iloc[-1])}")


GAP_MARKS = {NOT_YET_REPORTED: "not yet reported", NOT_STATED: "not stated"}


def _without_plan(events: pd.DataFrame | None, announced: pd.Timestamp) -> pd.DataFrame | None:
    """The plan announcement is already marked; do not draw it twice."""
    if events is None or events.empty:
        return events
    return events[~((events["category"] == "plan") & (events["start"] == announced))]


def progress_summary(progress: PlanProgress) -> list[tuple[str, str, str, str]]:
    """The plan figures as (label, value, detail, explanation) for metric cards: units in the label
    keep values short, and the detail fits under the value of a fifth of the page. Time runs to
    today, not to the latest quarter with figures."""
    share_time = f"{progress.quarters_elapsed} of {progress.horizon_quarters} quarters ended"
    today = f"{progress.today:%d %b %Y}".lstrip("0")
    return [
        ("Deployed, RMB bn", f"{progress.cumulative:,.1f}", f"{progress.share_deployed_pct:.0f}% of the plan",
         "Cumulative stated capex since the plan-start quarter; quarters without stated capex are not counted"),
        ("Time elapsed", f"{progress.share_time_elapsed_pct:.0f}%", share_time,
         f"The plan's quarters that have ended by today ({today}), of all its quarters"),
        ("Needed, RMB bn/qtr", f"{progress.required_run_rate:,.1f}",
         f"in the {progress.quarters_remaining} quarters left" if progress.quarters_remaining else "horizon over",
         "What is left of the plan amount, divided by the plan's quarters not yet ended"),
        ("Trailing, RMB bn/qtr", f"{progress.trailing_run_rate:,.1f}", "latest 4 stated quarters",
         "Mean of the latest four quarters with stated capex"),
        ("At trailing pace", f"{progress.projected_at_horizon:,.0f}", "RMB bn at the end",
         "Cumulative capex, RMB bn, at the end of the plan's horizon if the trailing run-rate holds"),
    ]  # fmt: skip


def missing_summary(progress: PlanProgress, style: str) -> str:
    """Ended plan quarters without stated capex, in words: never counted as zero."""
    parts = []
    if progress.not_stated:
        parts.append(f"not stated (results due, no source found): {', '.join(label(q, style) for q in progress.not_stated)}")
    if progress.not_yet_reported:
        parts.append(f"not yet reported (results not due yet): {', '.join(label(q, style) for q in progress.not_yet_reported)}")
    return "; ".join(parts)
