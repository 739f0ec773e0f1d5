"""The frame around every page: the sidebar's view options and lines, the overdue notice, the invalid-store page."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard import state
from dashboard.render import escape_lines, escape_md
from loaders.calendar import label, year_end_words
from loaders.errors import StoreError
from pagemodels.model import PageModel

# The three view options are each on or off, so one row of pills switches them: one widget where
# two radios and a toggle were three, paid on every rerun of every page.
# option -> (its value when the pill is on, when off, the pill's text)
VIEW_PILLS: dict[str, tuple[object, object, str]] = {
    "currency": ("USD", "RMB", "US$"),
    "labels": ("calendar", "fiscal", "Calendar quarters"),
    "events": (True, False, "Events on charts"),
}
VIEW_KEY = "w_view"
VIEW_HELP = (
    "US$: amounts as each source states them beside the RMB figure, or converted at a cited RMB/US$ rate; "
    "never a guessed one. Off: RMB.\n"
    f"Calendar quarters: {label('FY2026Q2', 'calendar')} instead of {label('FY2026Q2', 'fiscal')}; "
    f"the fiscal {year_end_words()}.\n"
    "Events on charts: the strategy's dated events marked on time charts."
)


def sidebar(model: PageModel, options: tuple[str, ...], values: Mapping[str, object]) -> None:
    """The view options the page reads (`values`: the reader's), and the page model's lines on how fresh the store is.

    Every element here is paid on every rerun of every page, so the sidebar is one widget and its
    captions, with no heading or divider.
    """
    with st.sidebar:
        if options:
            st.session_state[VIEW_KEY] = [name for name in options if values[name] == VIEW_PILLS[name][0]]
            st.pills("View", options, selection_mode="multi", format_func=lambda name: VIEW_PILLS[name][2],
                     key=VIEW_KEY, on_change=_view_changed, args=(options,), help=escape_lines(VIEW_HELP))  # fmt: skip
        for line in model.sidebar:
            st.caption(escape_lines(line))


def notice(model: PageModel) -> None:
    """At the top of every page, when results that should be out are not in the store: say so plainly."""
    if model.notice:
        st.warning(escape_md(model.notice))


def _view_changed(options: tuple[str, ...]) -> None:
    """Copy the pills into the options they stand for (only those shown: the others keep their value)."""
    chosen = st.session_state[VIEW_KEY] or []
    for name in options:
        on, off, _ = VIEW_PILLS[name]
        state.set_option(name, on if name in chosen else off)


def invalid_store_page(error: StoreError, path: str) -> None:
    """One clear page instead of a traceback: what is wrong, where, and how to check it."""
    st.title("The metric store has problems")
    st.error(escape_md(f"{len(error.problems)} problem(s) in {path}. The dashboard shows nothing until the file is valid."))
    st.code("\n".join(str(p) for p in error.problems), language=None)
    st.caption(escape_md(f"Fix the lines above, save the file, then reload this page to see the dashboard. "
               f"The same list comes from: python -m loaders validate {path}"))  # fmt: skip
