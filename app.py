"""Alibaba's AI strategy in numbers: the router and the frame every page shares."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.data import load_frames, store_path
from dashboard.layout import invalid_store_page, sidebar

st.set_page_config(page_title="Alibaba AI strategy in numbers", page_icon=":material/monitoring:", layout="wide")

state.init_from_url()
frames, error = load_frames()

if error is not None or frames is None:

    def problems_page() -> None:
        invalid_store_page(error, str(store_path()))  # type: ignore[arg-type]

    st.navigation([st.Page(problems_page, title="Store problems", url_path="problems")], position="hidden").run()
    st.stop()

st.session_state["frames"] = frames
pages = {
    "Dashboard": [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/cloud.py", title="Cloud revenue", icon=":material/cloud:"),
        st.Page("pages/capex.py", title="Capex vs plan", icon=":material/construction:"),
        st.Page("pages/segments.py", title="Segment growth", icon=":material/bar_chart:"),
        st.Page("pages/adoption.py", title="AI adoption", icon=":material/smart_toy:"),
        st.Page("pages/timeline.py", title="Timeline", icon=":material/event:"),
    ],
    "Data": [st.Page("pages/sources.py", title="Sources & data", icon=":material/menu_book:")],
}
page = st.navigation(pages)
sidebar(frames)
page.run()
state.sync_to_url()
