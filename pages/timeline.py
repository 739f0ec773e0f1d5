"""Timeline: the dated, cited events of Alibaba's AI strategy."""

import streamlit as st

from charts.timeline import CATEGORY_LABELS, timeline_figure
from dashboard.data import derived, options_key
from dashboard.page import context, show_chart
from dashboard.render import LINK_COLUMN, arrow_table

frames, opts = context()
events = frames.events
st.title("Strategy timeline")
st.caption("Plans, model releases, launches, reorganisations and results days, each with its source.")
# pills, not a multiselect: six categories read at a glance, and draw faster than a select box of chips
chosen = st.pills(
    "Categories",
    list(CATEGORY_LABELS),
    selection_mode="multi",
    default=list(CATEGORY_LABELS),
    format_func=CATEGORY_LABELS.__getitem__,
    key="timeline_categories",
)
chosen = [c for c in CATEGORY_LABELS if c in chosen]  # in the chart's order, whatever the click order
key = (tuple(chosen), *options_key(opts))
show_chart(derived(frames, "timeline_figure", lambda: timeline_figure(events, opts, tuple(chosen)), *key), "timeline")
COLUMNS = ["start", "title", "category", "publisher", "source_title", "quote", "url"]
shown = derived(
    frames,
    "timeline_rows",
    lambda: arrow_table(events[events["category"].isin(chosen)].sort_values("start", ascending=False)[COLUMNS]),
    *key,
)
# The table opens on demand: drawn at once, its grid held up the chart above it by about a tenth
# of a second on every visit, and the chart's hover already names each event's source.
with st.expander(f"All {shown.num_rows} events, each with its source, quote and link"):
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "start": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "title": "Event",
            "category": "Category",
            "publisher": "Publisher",
            "source_title": "Source",
            "quote": "Quote",
            "url": LINK_COLUMN,
        },
    )
