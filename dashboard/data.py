"""Frames and charts for the app, cached on the store file's content.

The key is the sha256 of metrics.yaml, so an analyst who edits the file sees the change on the
next rerun, while unchanged content never reparses. Frames are treated as read-only, so they
are shared between sessions rather than copied per rerun.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import streamlit as st

from charts.options import ViewOptions
from charts.registry import page_specs
from charts.result import ChartResult
from loaders.errors import StoreError
from loaders.frames import Frames, build_frames
from loaders.store import file_digest, open_store

STORE_ENV = "ALIBABA_AI_STORE"
APP_DIR = Path(__file__).resolve().parent.parent


def store_path() -> Path:
    """metrics.yaml beside app.py, or the file named by ALIBABA_AI_STORE."""
    override = os.environ.get(STORE_ENV)
    return Path(override) if override else APP_DIR / "metrics.yaml"


@st.cache_resource(show_spinner=False, max_entries=4)
def _frames(path: str, digest: str) -> Frames | StoreError:
    try:
        return build_frames(open_store(path))
    except StoreError as exc:
        return exc


def load_frames() -> tuple[Frames | None, StoreError | None]:
    path = store_path()
    result = _frames(str(path), file_digest(path))
    if isinstance(result, StoreError):
        return None, result
    return result, None


@st.cache_resource(show_spinner=False, max_entries=256)
def _page_charts(
    digest: str, page: str, key: tuple[object, ...], _frames: Frames, _opts: ViewOptions
) -> list[ChartResult]:
    return [spec.build(_frames, _opts) for spec in page_specs(_frames, page)]


def page_charts(frames: Frames, page: str, opts: ViewOptions) -> list[ChartResult]:
    """The page's charts for these options; built once per store content and options."""
    with_events = replace(opts, events=frames.events if opts.show_events else None)
    return _page_charts(file_digest(store_path()), page, options_key(opts), frames, with_events)


def options_key(opts: ViewOptions) -> tuple[object, ...]:
    return (opts.currency, opts.labels, opts.show_events, opts.plan_start, opts.segment_quarter, opts.segments)
