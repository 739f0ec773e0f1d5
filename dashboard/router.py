"""The frame every page runs in: page config, the store, today, the navigation, the sidebar and the page model.

app.py calls `run`. The pages are the registry's (pagemodels.registry.PAGES): the navigation is made
from it and drawn by the app itself (Streamlit's own page list is switched off in
.streamlit/config.toml, so a reader never sees the pages/ folder's file names, nor a link to a
page that does not exist). The page scripts sit in pages/, and a folder of that name puts
Streamlit in its older pages-directory mode until the first `st.navigation` call: a deep link
opened on a freshly started server then runs pages/<name>.py alone, without this frame. Every page
script calls `dashboard.page.show`, which calls `ensure_frame`: a page run alone runs the whole app
(which runs that same page inside the frame) and stops, so a shared link always opens inside the
app with its options.
"""

from __future__ import annotations

import threading

import streamlit as st

from dashboard import state
from dashboard.data import load_frames, page_model
from dashboard.layout import invalid_store_page, notice, sidebar
from loaders import calendar
from loaders.frames import Frames
from loaders.paths import store_path
from pagemodels.model import PageModel
from pagemodels.registry import DEFAULT_PAGE, PAGES, PageSpec

# The favicon is inline SVG (sent as a data: URL): an emoji or :material/...: page icon would make
# every reader's browser fetch it from fonts.gstatic.com, and the app makes no network calls.
FAVICON = (
    '<svg viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#ff6a00"/>'
    '<path d="M5 17l4.5-5.5 3.5 3 6-8" fill="none" stroke="#fff" stroke-width="2.4" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
TITLE = "Alibaba AI strategy in numbers"
PAGES_KEY = "nav_pages"
_inside = threading.local()  # the page model of the run in progress (script runs are per thread)


def run() -> None:
    st.set_page_config(page_title=TITLE, page_icon=FAVICON, layout="wide")
    session = state.init_from_url()
    try:
        today = calendar.today()
    except calendar.PeriodError as exc:  # ALIBABA_AI_TODAY set to something that is not a date
        st.error(str(exc))
        st.stop()
    frames, digest, error = load_frames()
    if error is not None or frames is None:

        def problems_page() -> None:
            invalid_store_page(error, str(store_path()))  # type: ignore[arg-type]

        st.navigation([st.Page(problems_page, title="Store problems", url_path="problems")], position="hidden").run()
        st.stop()

    pages = _pages()
    page = st.navigation([p for p, _ in pages], position="hidden")
    spec = next(s for p, s in pages if p is page)
    model = page_model(frames, digest, spec.slug, state.view_options(session), today)
    state.apply(session, model.options)
    _navigation(pages)
    sidebar(model, spec.view, session.values)
    notice(model)
    _inside.model, _inside.frames = model, frames
    try:
        page.run()
    finally:
        _inside.model = _inside.frames = None
    state.sync_to_url(session, spec.slug)


def _pages() -> list[tuple[st.Page, PageSpec]]:
    """The navigation's pages, made once per session: each st.Page resolves its script's path on
    the file system, a cost every rerun of every page paid. Not shared between sessions, because
    st.navigation marks the page it returns as the one that may run."""
    pages = st.session_state.get(PAGES_KEY)
    if pages is None:
        pages = [
            (st.Page(spec.script, title=spec.nav_title, url_path=spec.slug, default=spec.slug == DEFAULT_PAGE), spec)
            for spec in PAGES
        ]
        st.session_state[PAGES_KEY] = pages
    return pages


def _navigation(pages: list[tuple[st.Page, PageSpec]]) -> None:
    """The app's own navigation in the sidebar, grouped by section, from the registry."""
    with st.sidebar:
        section = None
        for page, spec in pages:
            if spec.section != section:
                section = spec.section
                st.caption(section)
            st.page_link(page, label=spec.nav_title)


def current_model() -> PageModel | None:
    """The page model the frame built for the page now running, or None when a page runs alone."""
    return getattr(_inside, "model", None)


def current_frames() -> Frames | None:
    return getattr(_inside, "frames", None)


def ensure_frame() -> None:
    """Run the app around a page that Streamlit started on its own, then stop the bare run."""
    if current_model() is None:
        run()
        st.stop()
