"""File names of the export: the registry's names pass unchanged; anything else cannot leave its folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.formats import Chart

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str) -> str:
    cleaned = _UNSAFE.sub("_", text).strip(".")
    return cleaned or "chart"


def chart_path(out: Path, chart: Chart, ext: str) -> Path:
    """DIR/<page>/<file_stem>.<ext>: the names the app's download buttons use."""
    return out / safe_name(chart.page) / f"{safe_name(chart.result.file_stem)}.{ext}"
