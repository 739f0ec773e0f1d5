"""The store's frames and the page models built from them, cached for every session of the server.

Frames are cached on the store file's content (sha256), in a dict of this module rather than with
st.cache_resource: its look-up (hashing the arguments, a lock, stats) cost every rerun a third of a
millisecond, 2 to 3% of the lightest pages. So an analyst who edits metrics.yaml sees
the change on the next rerun, while unchanged content is never reparsed (nor rehashed while its
size, mtime and inode stay the same). Page models are cached in one place, keyed on everything a
page is built from: the store's digest, the page, the normalised view options and today. Nothing
is keyed by hand, so no option can be forgotten in a key, and a server left running past midnight
builds the new day's figures.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from pathlib import Path

from charts.options import ViewOptions
from loaders.errors import StoreError
from loaders.frames import Frames, build_frames
from loaders.paths import PROJECT_DIR, store_path
from loaders.store import file_digest, open_store
from pagemodels.model import PageModel
from pagemodels.registry import build_page

APP_DIR = PROJECT_DIR
MAX_MODELS = 256  # built pages kept: pages x option combinations readers have opened
MAX_FRAMES = 4  # store versions kept: the one in use and a few an analyst's edits went through

# path -> (the file's stat identity, its digest): an unchanged file is not read and hashed per rerun
_STATS: dict[str, tuple[tuple[int, int, int], str]] = {}
_FRAMES: OrderedDict[tuple[str, str], Frames | StoreError] = OrderedDict()
_MODELS: OrderedDict[tuple[str, str, ViewOptions, dt.date], PageModel] = OrderedDict()
_LOCK = threading.Lock()


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


def _frames(path: str, digest: str) -> Frames | StoreError:
    """The frames of this version of the store, or its problems; built once per version."""
    key = (path, digest)
    with _LOCK:
        result = _FRAMES.get(key)
    if result is not None:
        return result
    try:
        result = build_frames(open_store(path, dt.date.today()))  # the real date: validation's typo checks
    except StoreError as exc:
        result = exc
    with _LOCK:  # two first readers may both build; one is kept
        result = _FRAMES.setdefault(key, result)
        while len(_FRAMES) > MAX_FRAMES:
            _FRAMES.popitem(last=False)
    return result


def load_frames() -> tuple[Frames | None, str, StoreError | None]:
    """The store's frames and content digest, or the store's problems."""
    path = store_path()
    digest = store_digest(path)
    result = _frames(str(path), digest)
    if isinstance(result, StoreError):
        return None, digest, result
    return result, digest, None


def page_model(frames: Frames, digest: str, slug: str, options: ViewOptions, today: dt.date) -> PageModel:
    """The page as built for these inputs; built once and shared, so it is never modified."""
    key = (digest, slug, options, today)
    with _LOCK:
        model = _MODELS.get(key)
        if model is not None:
            _MODELS.move_to_end(key)
            return model
    model = build_page(frames, slug, options, today)  # outside the lock: two readers may both build, one is kept
    with _LOCK:
        model = _MODELS.setdefault(key, model)
        while len(_MODELS) > MAX_MODELS:
            _MODELS.popitem(last=False)
    return model


def clear() -> None:
    """Forget every cached store version and page (tests and benchmarks start from nothing)."""
    with _LOCK:
        _FRAMES.clear()
        _MODELS.clear()
        _STATS.clear()
