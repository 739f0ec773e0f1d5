"""Alibaba's AI strategy in numbers: the router and the frame every page shares."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.data import load_frames, store_path
from dashboard.layout import invalid_store_page, sidebar

# The favicon is inline SVG (sent as a data: URL): an emoji or :material/...: page icon would make
# every reader's browser fetch it from fonts.gstatic.com, and the app makes no network calls.
FAVICON = (
    '<svg viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#ff6a00"/>'
    '<path d="M5 17l4.5-5.5 3.5 3 6-8" fill="none" stroke="#fff" stroke-width="2.4" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
st.set_page_config(page_title="Alibaba AI strategy in numbers", page_icon=FAVICON, layout="wide")

state.init_from_url()
frames, error = load_frames()

if error is not None or frames is None:

    def problems_page() -> None:
        invalid_store_page(error, str(store_path()))  # type: ignore[arg-type]

    st.navigation([st.Page(problems_page, title="Store problems", url_path="problems")], position="hidden").run()
    st.stop()

st.session_state["frames"] = frames
# The page scripts live in views/, not pages/: a folder named pages/ beside the entry script puts
# Streamlit in its older pages-directory mode, in which a deep link opened on a fresh server runs
# the page without this router (no sidebar, no URL options).
pages = {
    "Dashboard": [
        st.Page("views/overview.py", title="Overview", default=True),
        st.Page("views/cloud.py", title="Cloud revenue"),
        st.Page("views/capex.py", title="Capex vs plan"),
        st.Page("views/segments.py", title="Segment growth"),
        st.Page("views/adoption.py", title="AI adoption"),
        st.Page("views/timeline.py", title="Timeline"),
    ],
    "Data": [st.Page("views/sources.py", title="Sources & data")],
}
page = st.navigation(pages)
sidebar(frames)
page.run()
state.sync_to_url()
