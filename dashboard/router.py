"""The frame every page runs in: page config, the store, the navigation and the sidebar.

app.py calls `run`. The page scripts sit in pages/, and a folder of that name puts Streamlit in
its older pages-directory mode until the first `st.navigation` call: a deep link opened on a
freshly started server then runs pages/<name>.py alone, without this frame. Every page starts
with `dashboard.page.context()`, which calls `ensure_frame`: a page run alone runs the whole app
(which runs that same page inside the frame) and stops, so a shared link always opens inside the
app with its options.
"""

from __future__ import annotations

import threading

import streamlit as st

from dashboard import state
from dashboard.data import load_frames, store_path
from dashboard.layout import invalid_store_page, sidebar, staleness_banner
from loaders import calendar

# The favicon is inline SVG (sent as a data: URL): an emoji or :material/...: page icon would make
# every reader's browser fetch it from fonts.gstatic.com, and the app makes no network calls.
FAVICON = (
    '<svg viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#ff6a00"/>'
    '<path d="M5 17l4.5-5.5 3.5 3 6-8" fill="none" stroke="#fff" stroke-width="2.4" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
TITLE = "Alibaba AI strategy in numbers"
# (script, title, the view options the page reads): the sidebar shows only those, since every
# widget is paid on every rerun and an option that changes nothing on a page is a false lead
ALL_OPTIONS = ("currency", "labels", "events")
PAGES = {
    "Dashboard": [
        ("pages/overview.py", "Overview", ALL_OPTIONS),
        ("pages/cloud.py", "Cloud revenue", ALL_OPTIONS),
        ("pages/capex.py", "Capex vs plan", ALL_OPTIONS),
        ("pages/segments.py", "Segment growth", ALL_OPTIONS),
        ("pages/adoption.py", "AI adoption", ("labels",)),
        ("pages/timeline.py", "Timeline", ()),
    ],
    "Data": [("pages/sources.py", "Sources & data", ("labels",))],
}
OPTIONS_BY_TITLE = {title: options for entries in PAGES.values() for _, title, options in entries}

PAGES_KEY = "nav_pages"
_inside = threading.local()  # set while a page runs inside the frame (script runs are per thread)


def run() -> None:
    st.set_page_config(page_title=TITLE, page_icon=FAVICON, layout="wide")
    state.init_from_url()
    try:
        st.session_state[state.TODAY_KEY] = calendar.today()
    except calendar.PeriodError as exc:  # ALIBABA_AI_TODAY set to something that is not a date
        st.error(str(exc))
        st.stop()
    frames, error = load_frames()
    if error is not None or frames is None:

        def problems_page() -> None:
            invalid_store_page(error, str(store_path()))  # type: ignore[arg-type]

        st.navigation([st.Page(problems_page, title="Store problems", url_path="problems")], position="hidden").run()
        st.stop()

    st.session_state["frames"] = frames
    page = st.navigation(_pages())
    sidebar(frames, OPTIONS_BY_TITLE.get(page.title, ALL_OPTIONS))
    staleness_banner(frames, st.session_state[state.TODAY_KEY])
    _inside.active = True
    try:
        page.run()
    finally:
        _inside.active = False
    state.sync_to_url()


def _pages() -> dict[str, list[st.Page]]:
    """The navigation's pages, made once per session: each st.Page resolves its script's path on
    the file system, a cost every rerun of every page paid. Not shared between sessions, because
    st.navigation marks the page it returns as the one that may run."""
    pages = st.session_state.get(PAGES_KEY)
    if pages is None:
        pages = {
            section: [st.Page(path, title=title, default=(path == "pages/overview.py")) for path, title, _ in entries]
            for section, entries in PAGES.items()
        }
        st.session_state[PAGES_KEY] = pages
    return pages


def ensure_frame() -> None:
    """Run the app around a page that Streamlit started on its own, then stop the bare run."""
    if not getattr(_inside, "active", False):
        run()
        st.stop()
