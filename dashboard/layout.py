"""The frame around every page: sidebar options, freshness line, and the invalid-store page."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import state
from dashboard.data import derived
from loaders import calendar
from loaders.calendar import label
from loaders.curation import freshness, freshness_line, staleness_notice
from loaders.derive import fx_rates
from loaders.errors import StoreError
from loaders.frames import Frames

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
    "**US$**: amounts as each source states them beside the RMB figure, or converted at a cited RMB/US$ rate; "
    "never a guessed one. Off: RMB.  \n"
    "**Calendar quarters**: Jul–Sep 2025 instead of FY26 Q2; Alibaba's fiscal year ends 31 March.  \n"
    "**Events on charts**: the strategy's dated events marked on time charts."
)


def sidebar(frames: Frames, options: tuple[str, ...]) -> None:
    """The view options the page reads, and how fresh the store is.

    Every element here is paid on every rerun of every page, so the sidebar is one widget and a
    caption, with no heading or divider.
    """
    with st.sidebar:
        if options:
            st.session_state[VIEW_KEY] = [name for name in options if state.get(name) == VIEW_PILLS[name][0]]
            st.pills("View", options, selection_mode="multi", format_func=lambda name: VIEW_PILLS[name][2],
                     key=VIEW_KEY, on_change=_view_changed, args=(options,), help=VIEW_HELP)  # fmt: skip
            if "currency" in options and state.get("currency") == "USD":
                rates = derived(frames, "fx_rates", lambda: fx_rates(frames.observations))
                quarters = ", ".join(label(q, state.get("labels")) for q in rates["period"]) or "none"  # type: ignore[arg-type]
                st.caption(
                    "US$ as each source states it beside the RMB figure; otherwise converted at a cited RMB/US$ rate "
                    f"(the store has one for: {quarters}). Where neither exists no US$ value is shown, never a guessed one."
                )
        today = calendar.today()
        st.caption(derived(frames, "sidebar_caption", lambda: sidebar_caption(frames, today), today))


def _view_changed(options: tuple[str, ...]) -> None:
    """Copy the pills into the options they stand for (only those shown: the others keep their value)."""
    chosen = st.session_state[VIEW_KEY] or []
    for name in options:
        on, off, _ = VIEW_PILLS[name]
        state.set_option(name, on if name in chosen else off)


def sidebar_caption(frames: Frames, today: dt.date) -> str:
    """How fresh the store is and what it holds: one caption, two lines."""
    line = freshness_line(freshness(frames.observations, frames.sources, today))
    n_obs, n_src = len(frames.observations), len(frames.sources)
    return f"{line}  \n{n_obs} cited values from {n_src} sources. Every figure links to its source on the Sources page."


def staleness_banner(frames: Frames, today: dt.date) -> None:
    """At the top of every page, when results that should be out are not in the store: say so plainly."""
    notice = derived(frames, "staleness_notice", lambda: staleness_notice(frames.observations, today), today)
    if notice:
        st.warning(notice, icon=None)


def invalid_store_page(error: StoreError, path: str) -> None:
    """One clear page instead of a traceback: what is wrong, where, and how to check it."""
    st.title("The metric store has problems")
    st.error(f"{len(error.problems)} problem(s) in {path}. The dashboard shows nothing until the file is valid.")
    st.code("\n".join(str(p) for p in error.problems), language=None)
    st.caption("Fix the lines above and save the file; this page reloads with the change. "
               "The same list comes from: python -m loaders validate metrics.yaml")  # fmt: skip
