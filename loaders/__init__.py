"""The metric store: safe loading, validation and tidy frames. Knows nothing of Streamlit."""

from loaders.errors import Problem, StoreError
from loaders.frames import Frames, build_frames
from loaders.store import DEFAULT_STORE, LoadedStore, load_store, open_store

__all__ = ["DEFAULT_STORE", "Frames", "LoadedStore", "Problem", "StoreError", "build_frames", "load_store", "open_store"]
