"""Capital expenditure, quarter by quarter and against the RMB 380 billion three-year plan."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, label_quarter_axis, quarter_x
from charts.cloud import _bar, _data, _empty, add_gaps
from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import MISSING_TEXT, citations, period_span, quarterly_series
from charts.theme import PLAN_COLOR, color_for, finish, source_line
from loaders.calendar import parse_period, short_quarter
from loaders.derive import PlanProgress, cumulative_against_plan, plan_progress
from loaders.units import unit_label


def capex_quarterly_figure(obs: pd.DataFrame, opts: ViewOptions) -> ChartResult:
    """Only quarters a source states are drawn; the others are gaps, never derived values."""
    title = "Capital expenditure by quarter"
    frame = quarterly_series(obs, "capex", opts)
    if frame.empty or frame["value"].notna().sum() == 0:
        return _empty("capex-quarterly", title, "No quarterly capital expenditure in the store")
    unit = frame["unit"].dropna().iloc[0]
    fig = go.Figure(_bar(frame, "Capex", color_for("capex"), unit_label(unit)))
    fig.data[0].text = [f"{v:,.1f}" if pd.notna(v) else "" for v in frame["value"]]
    fig.data[0].textposition = "outside"
    add_gaps(fig, frame)
    fig.update_yaxes(rangemode="tozero")
    label_quarter_axis(fig, frame, opts)
    if opts.show_events:
        add_event_markers(fig, opts.events, frame["period_start"].min(), frame["period_end"].max())
    notes = []
    if frame["missing"].any():
        notes.append("n/s: not stated by any source in the store (left blank, not estimated)")
    finish(fig, title, source_line(citations(frame)), f"Capex ({unit_label(unit)})", notes=[*notes, *opts.currency_notes])
    return ChartResult("capex-quarterly", fig, _data(frame), period_span(frame))


def capex_vs_plan_figure(obs: pd.DataFrame, plan: pd.Series, start_quarter: str, opts: ViewOptions) -> ChartResult:
    """Cumulative stated capex since the chosen start against a straight-line path to the plan amount.

    The start quarter is an assumption (which quarters count against the plan is not stated by the
    company), so it is printed on the chart.
    """
    title = f"Capex against the RMB {plan['amount']:,.0f} billion {int(plan['horizon_years'])}-year AI and cloud plan"
    path = cumulative_against_plan(obs, plan, start_quarter)
    progress = plan_progress(obs, plan, start_quarter)
    if progress.quarters_elapsed == 0:
        return _empty("capex-vs-plan", title, f"No capex stated from {start_quarter} on")
    path = path.copy()
    path["period_start"] = [pd.Timestamp(parse_period(p).start) for p in path["period"]]
    path["label"] = [getattr(parse_period(p), opts.label_column) for p in path["period"]]
    x = quarter_x(path)
    done = path["cumulative"].notna()
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=x[done], y=path.loc[done, "stated"], width=BAR_WIDTH_MS, name="Quarterly capex (stated)",
            marker_color=color_for("capex"), opacity=0.45,
            customdata=path.loc[done, ["label"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>Capex RMB %{y:,.1f} bn<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=x[done], y=path.loc[done, "cumulative"], name="Cumulative capex since plan start",
            mode="lines+markers", line=dict(color=color_for("capex"), width=3),
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
    gaps = path[path["missing"]]
    if not gaps.empty:
        fig.add_trace(
            go.Scatter(
                x=quarter_x(gaps), y=[0] * len(gaps), mode="text", text=["n/s"] * len(gaps), textposition="top center",
                textfont=dict(color=PLAN_COLOR), showlegend=False, customdata=gaps[["label"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>capex " + MISSING_TEXT + "; not counted<extra></extra>",
            )
        )  # fmt: skip
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(
        type="date", tickmode="array", tickvals=list(x), ticktext=[str(t).replace(" ", "<br>", 1) for t in path["label"]],
        range=[min(x.min(), announced) - pd.Timedelta(days=50), horizon_end + pd.Timedelta(days=50)],
        title_text="Fiscal quarter (year ends 31 March)" if opts.labels == "fiscal" else "Calendar quarter",
    )  # fmt: skip
    if opts.show_events:
        add_event_markers(fig, _without_plan(opts.events, announced), path["period_start"].min(), horizon_end)
    fig.update_yaxes(range=[0, float(plan["amount"]) * 1.12])
    subtitle = (
        f"Counting from {short_quarter(start_quarter)} (assumption; changeable): {progress.share_deployed_pct:.0f}% of the plan "
        f"deployed in {progress.share_time_elapsed_pct:.0f}% of the time"
    )
    notes = (
        [f"Missing quarters not counted: {', '.join(progress.missing_quarters)}"] if progress.missing_quarters else []
    )
    cited = citations(quarterly_series(obs, plan["tracks"], opts))
    plan_src = pd.DataFrame(
        [
            {
                "source": plan["source"],
                "publisher": plan["publisher"],
                "source_title": plan["source_title"],
                "published": announced,
            }
        ]
    )
    finish(fig, title, source_line(pd.concat([plan_src, cited])), "RMB bn", subtitle=subtitle, notes=notes)
    data = path[["period", "label", "stated", "cumulative", "plan_path", "missing"]].copy()
    return ChartResult(
        "capex-vs-plan", fig, data, f"{short_quarter(start_quarter)}-{short_quarter(path['period'].iloc[-1])}"
    )


def _without_plan(events: pd.DataFrame | None, announced: pd.Timestamp) -> pd.DataFrame | None:
    """The plan announcement is already marked; do not draw it twice."""
    if events is None or events.empty:
        return events
    return events[~((events["category"] == "plan") & (events["start"] == announced))]


def progress_summary(progress: PlanProgress) -> list[tuple[str, str, str, str]]:
    """The plan figures as (label, value, detail, explanation) for metric cards: units in the label
    keep values short, and the detail fits under the value of a fifth of the page."""
    share_time = f"{progress.quarters_elapsed} of {progress.horizon_quarters} quarters"
    return [
        ("Deployed, RMB bn", f"{progress.cumulative:,.1f}", f"{progress.share_deployed_pct:.0f}% of the plan",
         "Cumulative stated capex since the plan-start quarter"),
        ("Time elapsed", f"{progress.share_time_elapsed_pct:.0f}%", share_time,
         "Quarters from the plan start to the latest stated quarter, of the plan's horizon"),
        ("Needed, RMB bn/qtr", f"{progress.required_run_rate:,.1f}", "to reach the plan",
         "Capex per quarter needed in the remaining quarters to reach the plan by the end of its horizon"),
        ("Trailing, RMB bn/qtr", f"{progress.trailing_run_rate:,.1f}", "latest 4 quarters",
         "Mean of the latest four stated quarters"),
        ("At trailing pace", f"{progress.projected_at_horizon:,.0f}", "RMB bn at the end",
         "Cumulative capex, RMB bn, at the end of the plan's horizon if the trailing run-rate holds"),
    ]  # fmt: skip
