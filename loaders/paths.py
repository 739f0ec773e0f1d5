"""Which store file to read: the one rule the command line, the app and the export share.

Kept free of heavy imports, so the export can resolve its store before pandas and plotly load.
"""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "ALIBABA_AI_STORE"
STORE_NAME = "metrics.yaml"
PROJECT_DIR = Path(__file__).resolve().parent.parent  # beside app.py


def store_path(explicit: str | Path | None = None) -> Path:
    """The store to read: the path given, else $ALIBABA_AI_STORE, else metrics.yaml in the working
    directory, else the project's own metrics.yaml beside app.py."""
    if explicit:
        return Path(explicit)
    override = os.environ.get(STORE_ENV)
    if override:
        return Path(override)
    here = Path(STORE_NAME)
    return here if here.is_file() else PROJECT_DIR / STORE_NAME
