"""Segment growth: which businesses grow, and the revenue mix over time."""

import streamlit as st

from charts.segments import latest_growth_quarter, segment_metrics
from dashboard import state
from dashboard.data import derived
from dashboard.page import charts, context, draw
from loaders.calendar import label

frames, opts = context()
obs = frames.observations
st.title("Segment growth")


def choices() -> tuple[list[str], str | None, dict[str, str], list[str]]:
    """The quarters with segment growth, the latest of them, metric names and the segments to pick from."""
    segments = segment_metrics(obs)
    quarters = sorted(
        obs.loc[obs["metric"].isin(segments) & (obs["period_kind"] == "quarter") & obs["yoy_pct"].notna(), "period"].unique(),
        reverse=True,
    )
    names = dict(zip(obs["metric"], obs["name"], strict=False))
    options = [m for m in segments if m != "group_revenue"]
    return quarters, (latest_growth_quarter(obs) if quarters else None), names, options


quarters, latest, names, options = derived(frames, "segment_choices", choices)
if quarters:
    key, copy = state.bind("quarter")
    chosen = opts.segment_quarter if opts.segment_quarter in quarters else latest
    st.session_state[key] = chosen
    left, right = st.columns([1, 2])
    left.selectbox("Quarter", quarters, key=key, on_change=copy, format_func=lambda q: label(q, opts.labels))
    seg_key, seg_copy = state.bind("segments")
    st.session_state[seg_key] = [s for s in opts.segments if s in options]
    right.multiselect("Segments (empty: all)", options, key=seg_key, on_change=seg_copy, format_func=lambda m: names.get(m, m))
results = charts(frames, "segments", opts)
draw(results, "segment-growth")
st.caption(
    "Reported and like-for-like growth are shown as separate bars where the store has both; "
    "* marks growth computed from the store."
)
draw(results, "segment-revenue")
draw(results, "revenue-mix")
