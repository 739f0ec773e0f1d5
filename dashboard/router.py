"""The frame every page runs in: page config, the store, today, the navigation, the sidebar and the page model.

app.py calls `run`. The pages are the registry's (pagemodels.registry.PAGES): the navigation is made
from it and drawn by the app itself (Streamlit's own page list is switched off in
.streamlit/config.toml, so a reader never sees the pages/ folder's file names, nor a link to a
page that does not exist). The page scripts sit in pages/ (a page without one is drawn by a function
`page_target` makes, so a new page is its page model and its registry line), and a folder of that name puts
Streamlit in its older pages-directory mode until the first `st.navigation` call: a deep link
opened on a freshly started server then runs pages/<name>.py alone, without this frame. Every page
script calls `dashboard.page.show`, which calls `ensure_frame`: a page run alone runs the whole app
(which runs that same page inside the frame) and stops, so a shared link always opens inside the
app with its options.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import streamlit as st

from dashboard import heap, state
from dashboard.data import page_model, read_store
from dashboard.layout import invalid_store_page, notice, sidebar
from dashboard.render import escape_md
from loaders import calendar
from loaders.errors import StoreError
from loaders.frames import Frames
from loaders.paths import PROJECT_DIR, store_path
from loaders.product import PRODUCT
from pagemodels import registry
from pagemodels.model import PageModel
from pagemodels.registry import PageSpec

heap.share_one_arena()  # before readers' script runs start, each in its own thread (dashboard.heap)

# The favicon is inline SVG (sent as a data: URL): an emoji or :material/...: page icon would make
# every reader's browser fetch it from fonts.gstatic.com, and the app makes no network calls.
FAVICON = (
    '<svg viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#ff6a00"/>'
    '<path d="M5 17l4.5-5.5 3.5 3 6-8" fill="none" stroke="#fff" stroke-width="2.4" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
TITLE = PRODUCT
PAGES_KEY = "nav_pages"
_LOG = logging.getLogger(__name__)
_inside = threading.local()  # the page model of the run in progress (script runs are per thread)


def keep_origin_check_offline() -> None:
    """Answer Streamlit's look-ups of this machine's addresses from its own memo, with loopback.

    Streamlit refuses a WebSocket from a foreign Origin, but first compares that Origin with the
    machine's internal and external IP, which it finds over the network (a UDP connect to 8.8.8.8 and
    an HTTP request to checkip.amazonaws.com, retried on every handshake while it fails) on the
    server's event loop. No setting skips it (`browser.serverAddress` and `server.corsAllowedOrigins`
    are only compared besides), so its memo is filled: the check then compares with loopback, which
    it allows anyway, and makes no call. Same-origin pages, including ones opened by the machine's
    LAN address, pass before this comparison; other origins a team needs go in server.corsAllowedOrigins.
    """
    from streamlit import net_util

    net_util._internal_ip = net_util._internal_ip or "127.0.0.1"  # type: ignore[attr-defined]
    net_util._external_ip = net_util._external_ip or "127.0.0.1"  # type: ignore[attr-defined]


keep_origin_check_offline()  # once per server process: the first run of the app imports this module


def run() -> None:
    st.set_page_config(page_title=TITLE, page_icon=FAVICON, layout="wide")
    session = state.init_from_url()
    try:
        today = calendar.today()
    except calendar.PeriodError as exc:  # ALIBABA_AI_TODAY not a date, or past the calendar's last day
        st.error(escape_md(str(exc)))
        st.stop()
    store = read_store()
    if store.error is not None or store.frames is None:
        _problems(store.error or StoreError([]))
        st.stop()
    frames, digest = store.frames, store.digest

    pages = _pages()
    page = st.navigation([p for p, _ in pages], position="hidden")
    spec = next(s for p, s in pages if p is page)
    _navigation(pages)  # the frame first: whatever fails below, a reader can still go to another page
    if store.changing:
        st.info(escape_md(store.changing))
    try:
        model = page_model(frames, digest, spec.slug, state.view_options(session), today)
    except Exception:  # a page that cannot be built says so inside the frame, never as a bare traceback
        _LOG.exception("building page %s", spec.slug)
        st.error(f"This page could not be built from the store ({spec.nav_title}). The other pages are not affected; "
                 "`python -m loaders validate` checks the store.")  # fmt: skip
        state.sync_to_url(session, spec.slug)
        return
    state.apply(session, model.options)
    sidebar(model, spec.view, session.values)
    notice(model)
    _inside.model, _inside.frames = model, frames
    try:
        page.run()
    finally:
        _inside.model = _inside.frames = None
    state.sync_to_url(session, spec.slug)


def _problems(error: StoreError) -> None:
    """The store's problems, under whichever page's address the reader opened (a shared link keeps
    its path), naming the store by its file name: the server's folders are not the reader's business."""
    name = store_path().name
    shown = StoreError([replace(problem, file=name) for problem in error.problems])

    def problems_page() -> None:
        invalid_store_page(shown, name)

    pages = [
        st.Page(problems_page, title="Store problems", url_path=spec.slug, default=spec.slug == registry.default_page())
        for spec in registry.PAGES
    ]
    st.navigation(pages, position="hidden").run()


def _pages() -> list[tuple[st.Page, PageSpec]]:
    """The navigation's pages, made once per session: each st.Page resolves its script's path on
    the file system, a cost every rerun of every page paid. Not shared between sessions, because
    st.navigation marks the page it returns as the one that may run."""
    pages = st.session_state.get(PAGES_KEY)
    if pages is None:
        default = registry.default_page()
        pages = [
            (st.Page(page_target(spec), title=spec.nav_title, url_path=spec.slug, default=spec.slug == default), spec)
            for spec in registry.PAGES
        ]
        st.session_state[PAGES_KEY] = pages
    return pages


def page_target(spec: PageSpec) -> Path | Callable[[], None]:
    """What Streamlit runs for a page: its script in pages/ where it has one, else a function drawing its
    model, so a new page needs only its page model and its line in the registry."""
    script = PROJECT_DIR / spec.script
    if script.is_file():
        return script

    def draw() -> None:
        from dashboard.page import show  # the page module imports this one

        show(spec.slug)

    draw.__name__ = f"page_{spec.slug.replace('-', '_')}"  # st.Page names a function's page after it
    return draw


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
