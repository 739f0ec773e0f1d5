"""What every page starts with: the frames, the options and a helper to draw its charts."""

from __future__ import annotations

import streamlit as st

from charts.options import ViewOptions
from charts.result import ChartResult
from dashboard import router, state
from dashboard.data import load_frames, page_charts
from dashboard.render import show_chart
from loaders.frames import Frames

__all__ = ["charts", "context", "draw", "show_chart"]  # show_chart is re-exported for the pages


def context() -> tuple[Frames, ViewOptions]:
    """The frames and options a page draws with; first makes sure the page runs inside the app."""
    router.ensure_frame()
    frames = st.session_state.get("frames")
    if frames is None:
        frames, error = load_frames()
        if frames is None:
            st.error(str(error))
            st.stop()
    return frames, state.view_options()


def charts(frames: Frames, page: str, opts: ViewOptions) -> dict[str, ChartResult]:
    return {r.slug: r for r in page_charts(frames, page, opts)}


def draw(results: dict[str, ChartResult], slug: str) -> None:
    if slug in results:
        show_chart(results[slug], slug)
