"""The metric store: safe loading, validation and tidy frames. Knows nothing of Streamlit.

The names below load on first use, so a light module of the package (`loaders.paths`,
`loaders.calendar`) can be imported without pulling in pandas and pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loaders.errors import Problem, StoreError
    from loaders.frames import Frames, build_frames
    from loaders.store import LoadedStore, load_store, open_store

_WHERE = {
    "Problem": "loaders.errors",
    "StoreError": "loaders.errors",
    "Frames": "loaders.frames",
    "build_frames": "loaders.frames",
    "LoadedStore": "loaders.store",
    "load_store": "loaders.store",
    "open_store": "loaders.store",
}

__all__ = ["Frames", "LoadedStore", "Problem", "StoreError", "build_frames", "load_store", "open_store"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'loaders' has no attribute {name!r}")
