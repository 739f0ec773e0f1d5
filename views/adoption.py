"""AI adoption: Qwen downloads, models, enterprises and market share, each value with its own source."""

import streamlit as st

from dashboard.page import charts, context, show_chart
from loaders.derive import conflicts

frames, opts = context()
st.title("AI adoption")
st.caption(
    "Where sources disagree, every value is shown beside the others with its source; nothing is averaged or picked."
)
results = charts(frames, "adoption", opts)
cols = st.columns(2)
for i, (slug, result) in enumerate(results.items()):
    if slug == "market-share":
        continue
    with cols[i % 2]:
        show_chart(result, slug)
if "market-share" in results:
    show_chart(results["market-share"], "market-share")
obs = frames.observations
disagreements = conflicts(obs[obs["category"].isin(["ai_adoption", "market"])])
if not disagreements.empty:
    st.subheader("Where sources disagree")
    st.dataframe(
        disagreements[["name", "period", "value", "unit", "publisher", "quote"]],
        hide_index=True,
        width="stretch",
    )
