"""Frames and charts for the app, cached on the store file's content.

The key is the sha256 of metrics.yaml, so an analyst who edits the file sees the change on the
next rerun, while unchanged content never reparses (nor is it rehashed while its size, mtime and
inode stay the same). Frames are treated as read-only, so they are shared between sessions rather
than copied per rerun. So is whatever a page works out from the frames and its options
(`derived`): a rerun after a widget change, or another reader of the same store, gets it back
rather than recomputing it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
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
from loaders.paths import PROJECT_DIR, store_path
from loaders.store import file_digest, open_store

APP_DIR = PROJECT_DIR
T = TypeVar("T")
MAX_DERIVED = 512  # per store content: option combinations a page has been viewed with


class _StoreCache:
    """What the pages work out from one set of frames, kept beside them.

    A plain dict under a lock rather than st.cache_resource: a page asks for several derived
    figures on every rerun, and st.cache_resource's own bookkeeping per call cost more than the
    look-up itself. It lives and dies with the frames, which st.cache_resource does hold, so
    clearing that cache (or editing the store) starts every page afresh.
    """

    def __init__(self, frames: Frames, digest: str) -> None:
        self.ref = weakref.ref(frames)
        self.digest = digest
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: two readers may both compute, and keep one answer
        with self._lock:
            self._values.setdefault(key, value)
            while len(self._values) > MAX_DERIVED:
                self._values.popitem(last=False)
            return self._values[key]  # type: ignore[return-value]


# id(frames) -> the cache of those frames (its weak reference tells a live entry from a reused id)
_CACHES: dict[int, _StoreCache] = {}
# path -> (the file's stat identity, its digest): an unchanged file is not read and hashed per rerun
_STATS: dict[str, tuple[tuple[int, int, int], str]] = {}


def store_digest(path: Path) -> str:
    """The content digest of the store, rehashed only when its size, mtime or inode changes."""
    try:
        st_ = path.stat()
    except OSError:
        return file_digest(path)
    identity = (st_.st_mtime_ns, st_.st_size, st_.st_ino)
    known = _STATS.get(str(path))
    if known is not None and known[0] == identity:
        return known[1]
    digest = file_digest(path)
    _STATS[str(path)] = (identity, digest)
    return digest


@st.cache_resource(show_spinner=False, max_entries=4)
def _frames(path: str, digest: str) -> Frames | StoreError:
    try:
        return build_frames(open_store(path))
    except StoreError as exc:
        return exc


def load_frames() -> tuple[Frames | None, StoreError | None]:
    path = store_path()
    digest = store_digest(path)
    result = _frames(str(path), digest)
    if isinstance(result, StoreError):
        return None, result
    _cache_of(result, digest)
    return result, None


def _cache_of(frames: Frames, digest: str | None = None) -> _StoreCache:
    key = id(frames)
    cache = _CACHES.get(key)
    if cache is None or cache.ref() is not frames:
        cache = _StoreCache(frames, digest or file_digest(store_path()))
        weakref.finalize(frames, _CACHES.pop, key, None)
        _CACHES[key] = cache
    return cache


def frames_digest(frames: Frames) -> str:
    """The digest of the content `frames` were built from (without rereading the file)."""
    return _cache_of(frames).digest


def derived(frames: Frames, name: str, compute: Callable[[], T], *key: Hashable) -> T:
    """compute(), once per set of frames, `name` and `key`, shared by every session and rerun.

    For what a page works out from the frames and its options alone: `key` holds every option
    that `compute` reads. The result is shared, so it is never modified.
    """
    return _cache_of(frames).get((name, key), compute)


def page_charts(frames: Frames, page: str, opts: ViewOptions) -> list[ChartResult]:
    """The page's charts for these options; built once per store content and options."""

    def build() -> list[ChartResult]:
        with_events = replace(opts, events=frames.events if opts.show_events else None)
        return [spec.build(frames, with_events) for spec in page_specs(frames, page)]

    return derived(frames, "page_charts", build, page, *options_key(opts))


def options_key(opts: ViewOptions) -> tuple[object, ...]:
    return (opts.currency, opts.labels, opts.show_events, opts.plan_start, opts.segment_quarter, opts.segments, opts.today)
