"""The frame around every page: sidebar options, freshness line, and the invalid-store page."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import state
from dashboard.data import derived
from loaders.calendar import label
from loaders.curation import freshness, freshness_line
from loaders.derive import fx_rates
from loaders.errors import StoreError
from loaders.frames import Frames

CURRENCIES = ["RMB", "USD"]
LABELS = ["fiscal", "calendar"]
LABEL_NAMES = {"fiscal": "Fiscal (FY26 Q2)", "calendar": "Calendar (Jul–Sep 2025)"}


def sidebar(frames: Frames, options: tuple[str, ...]) -> None:
    """The view options the page reads, and how fresh the store is.

    Every element here is paid on every rerun of every page, so the sidebar is the options and one
    caption, with no heading or divider.
    """
    with st.sidebar:
        if "currency" in options:
            key, copy = state.bind("currency")
            st.session_state[key] = state.get("currency")
            st.radio("Currency", CURRENCIES, key=key, on_change=copy, horizontal=True,
                     help="US$ figures are the amounts each source states beside its RMB figure, "
                          "or a conversion at a cited RMB/US$ rate")  # fmt: skip
            if state.get("currency") == "USD":
                rates = derived(frames, "fx_rates", lambda: fx_rates(frames.observations))
                quarters = ", ".join(label(q, state.get("labels")) for q in rates["period"]) or "none"  # type: ignore[arg-type]
                st.caption(
                    "US$ as each source states it beside the RMB figure; otherwise converted at a cited RMB/US$ rate "
                    f"(the store has one for: {quarters}). Where neither exists no US$ value is shown, never a guessed one."
                )
        if "labels" in options:
            key, copy = state.bind("labels")
            st.session_state[key] = state.get("labels")
            st.radio("Period labels", LABELS, key=key, on_change=copy, format_func=LABEL_NAMES.__getitem__,
                     help="Alibaba's fiscal year ends 31 March: FY26 Q2 is July–September 2025")  # fmt: skip
        if "events" in options:
            key, copy = state.bind("events")
            st.session_state[key] = bool(state.get("events"))
            st.toggle("Show events on time charts", key=key, on_change=copy)
        today = dt.date.today()
        st.caption(derived(frames, "sidebar_caption", lambda: sidebar_caption(frames, today), today))


def sidebar_caption(frames: Frames, today: dt.date) -> str:
    """How fresh the store is and what it holds: one caption, two lines."""
    line = freshness_line(freshness(frames.observations, frames.sources, today))
    n_obs, n_src = len(frames.observations), len(frames.sources)
    return f"{line}  \n{n_obs} cited values from {n_src} sources. Every figure links to its source on the Sources page."


def invalid_store_page(error: StoreError, path: str) -> None:
    """One clear page instead of a traceback: what is wrong, where, and how to check it."""
    st.title("The metric store has problems")
    st.error(f"{len(error.problems)} problem(s) in {path}. The dashboard shows nothing until the file is valid.")
    st.code("\n".join(str(p) for p in error.problems), language=None)
    st.caption("Fix the lines above and save the file; this page reloads with the change. "
               "The same list comes from: python -m loaders validate metrics.yaml")  # fmt: skip
