"""AI adoption: Qwen downloads, models, enterprises and market share, each value with its own source."""

import streamlit as st

from charts.registry import adoption_single_values
from dashboard.data import derived
from dashboard.page import charts, context, show_chart
from dashboard.render import LINK_COLUMN, arrow_table, single_values_table
from loaders.derive import conflicts

frames, opts = context()
st.title("AI adoption")
st.caption("Where sources disagree, every value is shown beside the others with its source; nothing is averaged or picked.")
singles = derived(
    frames,
    "adoption_singles",
    lambda: [frames.observations[frames.observations["metric"] == m].iloc[0] for m in adoption_single_values(frames)],
)
if singles:
    st.subheader("Figures stated once")
    st.dataframe(
        derived(frames, "adoption_singles_table", lambda: single_values_table(singles, opts.label_column), opts.labels),
        hide_index=True,
        width="stretch",
        column_config={
            "figure": "Figure",
            "value": "Value",
            "period": "As of",
            "source": st.column_config.TextColumn("Source", width="medium"),
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "url": LINK_COLUMN,
        },
    )
results = charts(frames, "adoption", opts)
if "market-share" in results:
    show_chart(results["market-share"], "market-share")
for slug, result in results.items():
    if slug != "market-share":
        show_chart(result, slug)
obs = frames.observations
disagreements = derived(
    frames,
    "adoption_conflicts",
    lambda: arrow_table(
        conflicts(obs[obs["category"].isin(["ai_adoption", "market"])])[["name", "period", "value", "unit", "publisher", "quote"]]
    ),
)
if disagreements.num_rows:
    st.subheader("Where sources disagree")
    st.dataframe(
        disagreements,
        hide_index=True,
        width="stretch",
    )
