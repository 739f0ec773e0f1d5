"""Capex against the AI and cloud plan: how much is deployed, the pace still needed, and the spending in
context (its share of revenue, and whether operating cash flow covers it)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from charts.capex import (
    PeriodKind,
    capex_cash_flow_figure,
    capex_quarterly_figure,
    capex_share_figure,
    capex_vs_plan_figure,
    first_quarter,
    missing_summary,
    progress_summary,
)
from charts.options import ViewOptions
from loaders.calendar import label, quarter_index
from loaders.derive import plan_progress, plan_remarks, plan_start_choices
from loaders.due import results_days
from pagemodels.common import chart, citation, events_for, the_plan
from pagemodels.model import Block, Card, Cards, Citations, Control, PageModel, Text
from pagemodels.options import plan_default
from pagemodels.view import ViewFrames

TITLE = "Capital expenditure against the AI and cloud plan"
SHARE_HOW_TO_READ = (
    "How to read it: each quarter's stated capex divided by group revenue of the same quarter; a rising line means "
    "a larger part of revenue goes into capex."
)
CASH_FLOW_HOW_TO_READ: dict[PeriodKind, str] = {
    "fiscal_year": "How to read it: where the capex bar is shorter than operating cash flow, operations paid for the "
    "spending; free cash flow below zero means they did not.",
    "quarter": "Quarter by quarter: the same three values as stated for each quarter, hatched where derived from the "
    "same measure's year and other quarters; a slot no source in this dashboard states is labelled, never drawn as zero.",
}
NO_CASH_FLOW = "No source in this dashboard states operating or free cash flow, so capex is not set against cash flow here."


def build(frames: ViewFrames, opts: ViewOptions, today: dt.date) -> PageModel:
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
        progress = plan_progress(obs, plan, start, today, results_days(frames.events, frames.default_subject))
        summary = progress_summary(progress)
        blocks.append(Cards(tuple(Card(name, value, detail, help=why) for name, value, detail, why in summary)))
        missing = missing_summary(progress, opts.labels)
        blocks.append(
            Text(
                f"Counting from {label(start, opts.labels)} to {label(progress.end_quarter, opts.labels)}; "
                f"{progress.quarters_elapsed} of {progress.horizon_quarters} quarters ended by today, "
                f"{progress.quarters_elapsed - len(progress.missing_quarters) - len(progress.derived)} with stated capex"
                + (f"; {missing}" if missing else "")
                + ". The trailing run-rate is the mean of the latest four quarters with stated capex, or derived "
                "where none is stated."
                + (
                    " A quarter with no figure is not counted as zero: spending was at least the cumulative shown."
                    if progress.at_least
                    else ""
                )
            )
        )
        if quarter_index(start) > quarter_index(default):
            blocks.append(Text("Starting after the announcement quarter leaves earlier spending outside the plan."))
    remarks = plan_remarks(frames.events, plan) if plan is not None else frames.events.iloc[0:0]
    if plan is not None:
        blocks.append(
            chart(
                frames,
                capex_vs_plan_figure(
                    obs,
                    plan,
                    opts.plan_start or plan_default(frames) or "",
                    opts,
                    today,
                    remarks,
                    events,
                    results_days(frames.events, frames.default_subject),
                    frames.money,
                ),
            )
        )
    since = first_quarter(obs, opts, frames.money)  # the quarterly charts below share their first quarter
    blocks.append(chart(frames, capex_quarterly_figure(obs, opts, events, since, frames.money)))
    if not remarks.empty:
        blocks += [
            Text("Said about the plan since it was announced", "subheader"),
            Text("Statements without a new amount: marked on the chart above, newest last. None of them changes the amount."),
            Citations(
                tuple(citation(f"{row['start']:%d %b %Y} · {row['title']}", row) for _, row in remarks.iterrows()), small=False
            ),
        ]
    blocks += context_blocks(frames, opts, events, since)
    return PageModel("capex", TITLE, tuple(blocks), opts, today)


def context_blocks(frames: ViewFrames, opts: ViewOptions, events: pd.DataFrame | None, since: str | None = None) -> list[Block]:
    """Capex against revenue and against cash flow, each chart after a line saying how to read it.

    Cash flow by fiscal year first: operating cash flow is stated for whole years far more often than
    for quarters; the quarters follow, where free cash flow is stated for most of them.
    """
    obs = frames.observations
    blocks: list[Block] = [
        Text("Capex in context", "subheader"),
        Text(SHARE_HOW_TO_READ),
        chart(frames, capex_share_figure(obs, opts, events, since)),
    ]
    flows = {kind: capex_cash_flow_figure(obs, opts, kind, events, since, frames.money) for kind in CASH_FLOW_HOW_TO_READ}
    drawn = {kind: r for kind, r in flows.items() if not r.is_empty}
    if not drawn:
        return [*blocks, Text(NO_CASH_FLOW)]
    for n, (kind, result) in enumerate(drawn.items()):
        # the first chart drawn says how to read both; the second what differs
        text = CASH_FLOW_HOW_TO_READ["fiscal_year"] if n == 0 else CASH_FLOW_HOW_TO_READ[kind]
        blocks += [Text(text), chart(frames, result)]
    return blocks
