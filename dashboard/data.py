"""Frames and charts for the app, cached on the store file's content.

The key is the sha256 of metrics.yaml, so an analyst who edits the file sees the change on the
next rerun, while unchanged content never reparses. Frames are treated as read-only, so they
are shared between sessions rather than copied per rerun. So is whatever a page works out from
the frames and its options (`derived`): a rerun after a widget change, or another reader of the
same store, gets it back rather than recomputing it.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Hashable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import streamlit as st

from charts.options import ViewOptions
from charts.registry import page_specs
from charts.result import ChartResult
from loaders.errors import StoreError
from loaders.frames import Frames, build_frames
from loaders.store import file_digest, open_store

STORE_ENV = "ALIBABA_AI_STORE"
APP_DIR = Path(__file__).resolve().parent.parent
T = TypeVar("T")

# id(frames) -> (weak reference to those frames, digest of the content they were built from);
# the weak reference tells a live entry from a reused id
_DIGESTS: dict[int, tuple[weakref.ReferenceType[Frames], str]] = {}


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
    digest = file_digest(path)
    result = _frames(str(path), digest)
    if isinstance(result, StoreError):
        return None, result
    key = id(result)
    entry = _DIGESTS.get(key)
    if entry is None or entry[0]() is not result:
        _DIGESTS[key] = (weakref.ref(result, lambda _, key=key: _DIGESTS.pop(key, None)), digest)
    return result, None


def frames_digest(frames: Frames) -> str:
    """The digest of the content `frames` were built from (without rereading the file when known)."""
    entry = _DIGESTS.get(id(frames))
    if entry is not None and entry[0]() is frames:
        return entry[1]
    return file_digest(store_path())


@st.cache_resource(show_spinner=False, max_entries=512)
def _derived(digest: str, name: str, key: tuple[Hashable, ...], _compute: Callable[[], object]) -> object:
    return _compute()


def derived(frames: Frames, name: str, compute: Callable[[], T], *key: Hashable) -> T:
    """compute(), once per store content, `name` and `key`, shared by every session and rerun.

    For what a page works out from the frames and its options alone: `key` holds every option
    that `compute` reads. The result is shared, so it is never modified.
    """
    return _derived(frames_digest(frames), name, key, compute)  # type: ignore[return-value]


@st.cache_resource(show_spinner=False, max_entries=256)
def _page_charts(digest: str, page: str, key: tuple[object, ...], _frames: Frames, _opts: ViewOptions) -> list[ChartResult]:
    return [spec.build(_frames, _opts) for spec in page_specs(_frames, page)]


def page_charts(frames: Frames, page: str, opts: ViewOptions) -> list[ChartResult]:
    """The page's charts for these options; built once per store content and options."""
    with_events = replace(opts, events=frames.events if opts.show_events else None)
    return _page_charts(frames_digest(frames), page, options_key(opts), frames, with_events)


def options_key(opts: ViewOptions) -> tuple[object, ...]:
    return (opts.currency, opts.labels, opts.show_events, opts.plan_start, opts.segment_quarter, opts.segments)
