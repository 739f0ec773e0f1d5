"""Cloud revenue: growth, profitability, weight in the group and the AI-product streak."""

import streamlit as st

from dashboard.page import charts, context, draw

frames, opts = context()
st.title("Alibaba Cloud: revenue and growth")
st.caption(
    "Cloud Intelligence Group, quarterly. Growth as reported by the company; margins and shares computed from cited values."
)
results = charts(frames, "cloud", opts)
draw(results, "cloud-revenue")
draw(results, "cloud-ebita")
draw(results, "cloud-share")
draw(results, "ai-streak")
