"""Capex against the AI and cloud plan: how much is deployed, and the pace still needed."""

import streamlit as st

from charts.capex import missing_summary, progress_summary
from charts.registry import plan_row, plan_start
from dashboard import state
from dashboard.data import derived
from dashboard.page import charts, context, draw
from dashboard.render import Card, citation_markdown, show_card
from loaders.calendar import label, quarter_index
from loaders.derive import plan_progress, plan_remarks, plan_start_choices, plan_start_default

frames, opts = context()
st.title("Capital expenditure against the AI and cloud plan")
plan = derived(frames, "plan_row", lambda: plan_row(frames))
if plan is None:
    st.info("The store has no plan (plans: ai_capex_plan); only quarterly capex is shown.")
else:
    default_start = plan_start_default(plan["announced"])
    choices = derived(frames, "plan_start_choices", lambda: plan_start_choices(default_start))
    key, copy = state.bind("plan_start")
    start = plan_start(frames, opts) or default_start
    st.session_state[key] = start
    st.selectbox(
        "Plan start: first quarter counted against the plan",
        choices,
        key=key,
        on_change=copy,
        format_func=lambda q: label(q, opts.labels) + (" (announcement quarter, default)" if q == default_start else ""),
        help="Which quarters count against the plan is not stated by the company: this is an assumption, shown on the chart.",
    )
    progress = derived(
        frames, "plan_progress", lambda: plan_progress(frames.observations, plan, start, opts.today), start, opts.today
    )
    with st.container(horizontal=True):
        for name, value, detail, explanation in progress_summary(progress):
            show_card(Card(name, value, explanation, detail))
    missing = missing_summary(progress, opts.labels)
    st.caption(
        f"Counting from {label(start, opts.labels)} to {label(progress.end_quarter, opts.labels)}; "
        f"{progress.quarters_elapsed} of {progress.horizon_quarters} quarters ended by today, "
        f"{progress.quarters_elapsed - len(progress.missing_quarters)} with stated capex"
        + (f"; {missing}" if missing else "")
        + ". The trailing run-rate is the mean of the latest four stated quarters."
    )
    if quarter_index(start) > quarter_index(default_start):
        st.caption("Starting after the announcement quarter leaves earlier spending outside the plan.")

results = charts(frames, "capex", opts)
draw(results, "capex-vs-plan")
draw(results, "capex-quarterly")

events = frames.events
remarks = derived(frames, "plan_remarks", lambda: plan_remarks(events, plan) if plan is not None else events.iloc[0:0])
if not remarks.empty:
    st.subheader("Said about the plan since it was announced")
    st.caption("Statements without a new amount: marked on the chart above, newest last. None of them changes the amount.")
    st.markdown(
        derived(
            frames,
            "plan_remarks_text",
            lambda: citation_markdown([(f"{row['start']:%d %b %Y} · {row['title']}", row) for _, row in remarks.iterrows()]),
        )
    )
