"""Capex against the AI and cloud plan: how much is deployed, and the pace still needed."""

from __future__ import annotations

import datetime as dt

from charts.capex import capex_quarterly_figure, capex_vs_plan_figure, missing_summary, progress_summary
from charts.options import ViewOptions
from loaders.calendar import label, quarter_index
from loaders.derive import plan_progress, plan_remarks, plan_start_choices
from loaders.frames import Frames
from pagemodels.common import chart, citation, events_for, the_plan
from pagemodels.model import Block, Card, Cards, Citations, Control, PageModel, Text
from pagemodels.options import plan_default

TITLE = "Capital expenditure against the AI and cloud plan"


def build(frames: Frames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs, events = frames.observations, events_for(frames, opts)
    plan = the_plan(frames)
    blocks: list[Block] = []
    if plan is None:
        blocks.append(Text("No capex plan is recorded; only quarterly capex is shown.", "info"))
    else:
        default = plan_default(frames) or ""
        start = opts.plan_start or default
        choices = tuple(plan_start_choices(default))
        blocks.append(
            Control(
                "plan_start", "select", "Plan start: first quarter counted against the plan", choices, start,
                tuple((q, label(q, opts.labels) + (" (announcement quarter, default)" if q == default else "")) for q in choices),
                help="Which quarters count against the plan is not stated by the company: this is an assumption, "
                "shown on the chart.",
            )
        )  # fmt: skip
        progress = plan_progress(obs, plan, start, today)
        summary = progress_summary(progress)
        blocks.append(Cards(tuple(Card(name, value, detail, help=why) for name, value, detail, why in summary)))
        missing = missing_summary(progress, opts.labels)
        blocks.append(
            Text(
                f"Counting from {label(start, opts.labels)} to {label(progress.end_quarter, opts.labels)}; "
                f"{progress.quarters_elapsed} of {progress.horizon_quarters} quarters ended by today, "
                f"{progress.quarters_elapsed - len(progress.missing_quarters)} with stated capex"
                + (f"; {missing}" if missing else "")
                + ". The trailing run-rate is the mean of the latest four stated quarters."
            )
        )
        if quarter_index(start) > quarter_index(default):
            blocks.append(Text("Starting after the announcement quarter leaves earlier spending outside the plan."))
    remarks = plan_remarks(frames.events, plan) if plan is not None else frames.events.iloc[0:0]
    if plan is not None:
        blocks.append(
            chart(
                frames,
                capex_vs_plan_figure(obs, plan, opts.plan_start or plan_default(frames) or "", opts, today, remarks, events),
            )
        )
    blocks.append(chart(frames, capex_quarterly_figure(obs, opts, events)))
    if not remarks.empty:
        blocks += [
            Text("Said about the plan since it was announced", "subheader"),
            Text("Statements without a new amount: marked on the chart above, newest last. None of them changes the amount."),
            Citations(
                tuple(citation(f"{row['start']:%d %b %Y} · {row['title']}", row) for _, row in remarks.iterrows()), small=False
            ),
        ]
    return PageModel("capex", TITLE, tuple(blocks), opts, today)
