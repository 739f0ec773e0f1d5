"""Alibaba's AI strategy in numbers: the router and the frame every page shares."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.data import load_frames, store_path
from dashboard.layout import invalid_store_page, sidebar

st.set_page_config(page_title="Alibaba AI strategy in numbers", page_icon="📈", layout="wide")

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
        st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
        st.Page("pages/cloud.py", title="Cloud revenue", icon="☁️"),
        st.Page("pages/capex.py", title="Capex vs plan", icon="🏗️"),
        st.Page("pages/segments.py", title="Segment growth", icon="📊"),
        st.Page("pages/adoption.py", title="AI adoption", icon="🤖"),
        st.Page("pages/timeline.py", title="Timeline", icon="🗓️"),
    ],
    "Data": [st.Page("pages/sources.py", title="Sources & data", icon="📚")],
}
page = st.navigation(pages)
sidebar(frames)
page.run()
state.sync_to_url()
