"""The store's frames and the page models built from them, cached for every session of the server.

Both caches are Streamlit's own (st.cache_resource, shared by every session, never copied). Frames
are cached on the store file's content (sha256), so an analyst who edits metrics.yaml sees the
change on the next rerun, while unchanged content is never reparsed (nor reread while its size,
mtime, inode and type stay the same). Page models are cached on what a page is built from: the
store's digest, the page, the view options it reads (its registry line's `reads`, checked by
tests/test_page_options.py) and today, so a server left running past midnight builds the new
day's figures and readers who differ only in options a page ignores share one model.

A changed file is taken only once it has stopped changing: two reads SETTLE_S apart must give the
same bytes and the file the same identity, so a store half written by an editor is never shown as
if it were the whole store. Until then readers keep the last good version, with a notice. A read
that fails (no file, no permission, not a regular file) is never cached: every view says the
file's current problem, and a mended file shows at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from charts.options import ViewOptions
from loaders.errors import Problem, StoreError
from loaders.frames import Frames, build_frames
from loaders.paths import PROJECT_DIR, store_path
from loaders.store import open_store_bytes
from loaders.yaml_source import YamlError, read_bytes
from pagemodels.model import PageModel
from pagemodels.registry import build_page, options_read, page_spec

APP_DIR = PROJECT_DIR
# Built pages kept (pages x the options they read that readers have opened), bounded by memory: at most
# MODEL_MB each, as measured for every page of the store (tests/test_data_cache.py), MODEL_CACHE_MB in all.
MODEL_CACHE_MB = 96
MODEL_MB = 1.5
MAX_MODELS = int(MODEL_CACHE_MB / MODEL_MB)
MAX_FRAMES = 4  # store versions kept: the one in use and a few an analyst's edits went through

SETTLE_S = 0.2  # the moment between the two reads of a changed file that must agree
SETTLE_TRIES = 3  # pairs of reads before a view gives up waiting and shows the last good version

Identity = tuple[int, int, int, int]  # mtime, size, inode, mode: what changes when the file does

# path -> (the file's identity, its digest), for settled reads only: an unchanged file is not reread
_STATS: dict[str, tuple[Identity, str]] = {}
_GOOD: dict[str, tuple[str, Frames, dt.datetime]] = {}  # path -> the last valid version: digest, frames, when read
_LOCK = threading.Lock()
# Page builds take turns. A build is Python work that holds the interpreter, so builds run side by side only
# share it: when many readers arrive at once each waited for all of them. In turn, the first is done after one
# build and the last no later than before. A view of a page already built does not wait. Measured with
# tools.load_run (25 readers, 3 minutes, same code and machine): view p95 6.5 s side by side, 5.3 s in turn
# (docs/performance.md, "Load").
_BUILDING = threading.Lock()


@dataclass(frozen=True)
class StoreState:
    """What a view gets from the store: its frames and digest, or its problems; and, while the file
    is being changed, a notice that these are the last good version's frames."""

    frames: Frames | None
    digest: str
    error: StoreError | None = None
    changing: str | None = None


def _identity(path: Path) -> Identity | None:
    try:
        st_ = os.lstat(path)  # not following a link: a file swapped for a link is a change
    except OSError:
        return None
    return st_.st_mtime_ns, st_.st_size, st_.st_ino, st_.st_mode


def _settled(path: Path) -> tuple[bytes, Identity] | None:
    """The file's bytes once two reads SETTLE_S apart agree (and its identity did not move between
    them), or None when it kept changing. Raises StoreError when it cannot be read."""
    for _ in range(SETTLE_TRIES):
        before = _identity(path)
        first = read_store_bytes(path)
        time.sleep(SETTLE_S)
        second = read_store_bytes(path)
        after = _identity(path)
        if first == second and before == after and after is not None:
            return second, after
    return None


def read_store_bytes(path: Path) -> bytes:
    """One bounded read of the store (loaders.yaml_source.read_bytes), its failure as a StoreError."""
    try:
        return read_bytes(path)
    except YamlError as exc:
        raise StoreError([Problem(str(path), 1, 1, "", exc.message)]) from None


class _Evicted(Exception):
    """A version of the store no longer cached, asked for without its bytes (never cached itself)."""


@st.cache_resource(max_entries=MAX_FRAMES, show_spinner=False)
def _frames(path: str, digest: str, _raw: bytes | None) -> Frames | StoreError:
    """The frames of this version of the store, or its problems; built once per version from the
    bytes that were hashed. Raises _Evicted when the version is no longer cached and no bytes were given."""
    if _raw is None:
        raise _Evicted(digest)
    try:
        return build_frames(open_store_bytes(_raw, path, dt.date.today()))  # the real date: validation's typo checks
    except StoreError as exc:
        return exc


def read_store() -> StoreState:
    """The store as a view should show it: read again only when the file changed, and taken only
    once it has stopped changing."""
    path = store_path()
    key = str(path)
    identity = _identity(path)
    known = _STATS.get(key)
    if identity is not None and known is not None and known[0] == identity:
        try:
            return _state(key, known[1], _frames(key, known[1], None))
        except _Evicted:
            pass  # read again below
    try:
        settled = _settled(path)
    except StoreError as exc:  # not cached: the next view reads again and says what is wrong then
        _STATS.pop(key, None)
        return StoreState(None, "unreadable", exc)
    if settled is None:
        return _still_changing(key, path)
    raw, identity = settled
    digest = hashlib.sha256(raw).hexdigest()
    _STATS[key] = (identity, digest)
    return _state(key, digest, _frames(key, digest, raw))


def _state(key: str, digest: str, result: Frames | StoreError) -> StoreState:
    if isinstance(result, StoreError):
        return StoreState(None, digest, result)
    with _LOCK:
        if _GOOD.get(key, ("",))[0] != digest:
            _GOOD[key] = (digest, result, dt.datetime.now())
    return StoreState(result, digest)


def _still_changing(key: str, path: Path) -> StoreState:
    good = _GOOD.get(key)
    if good is None:
        message = "the file kept changing while it was read (is it being saved?): reload the page once it is saved"
        problem = Problem(key, 1, 1, "", message)
        return StoreState(None, "changing", StoreError([problem]))
    digest, frames, read_at = good
    notice = (
        f"{path.name} is being changed: this is the version read at {read_at:%H:%M:%S}. "
        "The new one shows once the file has stopped changing (on your next click, or reload the page)."
    )
    return StoreState(frames, digest, None, notice)


def load_frames() -> tuple[Frames | None, str, StoreError | None]:
    """The store's frames and content digest, or the store's problems."""
    state = read_store()
    return state.frames, state.digest, state.error


def page_model(frames: Frames, digest: str, slug: str, options: ViewOptions, today: dt.date) -> PageModel:
    """The page as built for these inputs; built once and shared, so it is never modified. It is cached on
    the options the page reads (pagemodels.registry.options_read) and handed back with the reader's others
    as they were, so a page that does not read the currency neither rebuilds for it nor resets it."""
    spec = page_spec(slug)
    model = _model(frames, digest, slug, options_read(spec, options), today)
    applied = dataclasses.replace(options, **{name: getattr(model.options, name) for name in spec.reads})
    return dataclasses.replace(model, options=applied)


@st.cache_resource(max_entries=MAX_MODELS, show_spinner=False)
def _model(_of_digest: Frames, digest: str, slug: str, options: ViewOptions, today: dt.date) -> PageModel:
    with _BUILDING:  # one build at a time (see _BUILDING)
        return build_page(_of_digest, slug, options, today)  # the frames are the digest's: keyed by the digest


def clear() -> None:
    """Forget every cached store version and page (tests and benchmarks start from nothing)."""
    _frames.clear()
    _model.clear()
    with _LOCK:
        _STATS.clear()
        _GOOD.clear()
